/**
 * (c) of the rendered-object checks: every object a release renders, decoded strictly by the
 * Kubernetes API's Go types and served at its cluster's minor (k8s-validate.ts). Custom resources
 * whose kinds the validator does not know are listed as not checked, by group and kind.
 */
import type { Problem } from "@hubnet/config";
import type { K8sObject } from "./helm/k8s-object";
import { removedApi, validateObjects } from "./k8s-validate";
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
  /** `<apiVersion> <Kind>` of custom resources the validator has no schema for, with their charts. */
  unknownKinds: string[];
}

export async function schemaProblems(
  stacks: readonly CheckedStack[],
  validator: string,
): Promise<SchemaCheck> {
  const problems: Problem[] = [];
  const items: { id: string; object: K8sObject }[] = [];
  const where = new Map<string, { stack: CheckedStack; what: string; source: string; object: K8sObject }>();
  stacks.forEach((stack, si) => {
    (stack.releases ?? []).forEach((r, ri) => {
      if (r.status !== "rendered") return;
      r.objects.forEach(({ source, object }, oi) => {
        const what = `release ${r.release} (namespace ${r.namespace}, ${r.chart} ${r.version})`;
        const removed = removedApi(object, r.kubeVersion);
        if (removed)
          problems.push({
            file: stack.file,
            line: 1,
            col: 1,
            message: `${what}: ${object.kind} "${object.metadata.name}" (${source}): ${removed}`,
          });
        const id = `${si}/${ri}/${oi}`;
        items.push({ id, object: forValidation(object) });
        where.set(id, { stack, what, source, object });
      });
    });
  });
  const unknown = new Set<string>();
  const results = items.length > 0 ? await validateObjects(validator, items) : [];
  for (const res of results) {
    const w = where.get(res.id);
    if (!w) continue;
    if (res.unknownKind) unknown.add(`${w.object.apiVersion} ${w.object.kind}`);
    else if (res.error)
      problems.push({
        file: w.stack.file,
        line: 1,
        col: 1,
        message: `${w.what}: ${w.object.kind} "${w.object.metadata.name}" (${w.source}) is not a valid Kubernetes object: ${res.error}`,
      });
  }
  return { problems, checked: results.length - unknown.size, unknownKinds: [...unknown].sort() };
}
