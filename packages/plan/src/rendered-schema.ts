/**
 * (c) of the rendered-object checks: every object a release renders, decoded strictly by the
 * Kubernetes API's Go types and served at its cluster's minor (k8s-validate.ts). Custom resources
 * whose kinds the validator does not know are listed as not checked, by group and kind.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Problem } from "@hubnet/config";
import type { K8sObject } from "./helm/k8s-object";
import { removedApi, type ValidationResult, validateObjects } from "./k8s-validate";
import type { CheckedStack } from "./rendered-checks";

/** What the validator reads of an object: Secret data the plan holds as "[secret]" becomes empty (valid base64). */
function forValidation(o: K8sObject): K8sObject {
  if (o.kind !== "Secret" || !o.data || typeof o.data !== "object") return o;
  return { ...o, data: Object.fromEntries(Object.keys(o.data as object).map((k) => [k, ""])) };
}

export interface SchemaCheck {
  problems: Problem[];
  /** Objects checked. */
  checked: number;
  /** `<apiVersion> <Kind>` of custom resources the validator has no schema for. */
  unknownKinds: string[];
}

/**
 * The schema problems of every rendered object. With `cacheDir`, a release's results are kept
 * beside its render (`<digest>.schema-<validator>.json`): an unchanged release is not validated again.
 */
export async function schemaProblems(
  stacks: readonly CheckedStack[],
  validator: string,
  cacheDir?: string | false,
): Promise<SchemaCheck> {
  const problems: Problem[] = [];
  const items: { id: string; object: K8sObject }[] = [];
  const results: ValidationResult[] = [];
  const tag = path.basename(path.dirname(validator));
  const toCache: { file: string; ids: string[] }[] = [];
  const where = new Map<string, { stack: CheckedStack; what: string; source: string; object: K8sObject }>();
  stacks.forEach((stack, si) => {
    (stack.releases ?? []).forEach((r, ri) => {
      if (r.status !== "rendered") return;
      const file = cacheDir && r.digest ? path.join(cacheDir, `${r.digest}.schema-${tag}.json`) : undefined;
      const cached = file ? readResults(file, r.objects.length) : undefined;
      const pending = file && !cached ? { file, ids: [] as string[] } : undefined;
      if (pending) toCache.push(pending);
      const what = `release ${r.release} (namespace ${r.namespace}, ${r.chart} ${r.version})`;
      r.objects.forEach(({ source, object }, oi) => {
        const removed = removedApi(object, r.kubeVersion);
        if (removed)
          problems.push({
            file: stack.file,
            line: 1,
            col: 1,
            message: `${what}: ${object.kind} "${object.metadata.name}" (${source}): ${removed}`,
          });
        const id = `${si}/${ri}/${oi}`;
        where.set(id, { stack, what, source, object });
        if (cached) results.push({ ...cached[oi], id });
        else {
          items.push({ id, object: forValidation(object) });
          pending?.ids.push(id);
        }
      });
    });
  });
  const fresh = items.length > 0 ? await validateObjects(validator, items) : [];
  results.push(...fresh);
  const byId = new Map(fresh.map((r) => [r.id, r]));
  for (const { file, ids } of toCache)
    writeResults(
      file,
      ids.map((id) => byId.get(id) ?? { id }),
    );
  const unknown = new Set<string>();
  let checked = 0;
  for (const res of results) {
    const w = where.get(res.id);
    if (!w) continue;
    if (res.unknownKind) {
      unknown.add(`${w.object.apiVersion} ${w.object.kind}`);
      continue;
    }
    checked++;
    if (res.error)
      problems.push({
        file: w.stack.file,
        line: 1,
        col: 1,
        message: `${w.what}: ${w.object.kind} "${w.object.metadata.name}" (${w.source}) is not a valid Kubernetes object: ${res.error}`,
      });
  }
  return { problems, checked, unknownKinds: [...unknown].sort() };
}

function readResults(file: string, count: number): Omit<ValidationResult, "id">[] | undefined {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
    return Array.isArray(v) && v.length === count ? (v as Omit<ValidationResult, "id">[]) : undefined;
  } catch {
    return undefined;
  }
}

function writeResults(file: string, results: ValidationResult[]): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(results.map(({ id: _id, ...r }) => r)));
    fs.renameSync(tmp, file);
  } catch {
    // only time is lost
  }
}
