/**
 * The engine's rules beyond one resource's own inputs (decision 0022), as `pulumi up` applies them:
 *
 * - **A provider change replaces.** The step generator diffs a resource's provider reference before
 *   its inputs (`providerChanged` in pulumi/pulumi pkg/resource/deploy/step_generator.go at
 *   1b5949891b3cefcb9974752b24a5ecef0acc86c8, the SDK's line): a different, unaliased provider is
 *   asked DiffConfig(old provider's inputs, new provider's inputs), and a "replace" answer replaces
 *   the resource (`ReplaceKeys: ["provider"]`). Which provider inputs answer "replace" (or relocate
 *   every resource through a ForceNew field defaulted from the provider) is each provider's
 *   `relocating` fact (@hubnet/config RESOURCE_FACTS).
 * - **What lives in a container goes with it**: a namespace's objects, a cluster's node pools and
 *   everything reached through the Kubernetes provider built from its kubeconfig, a provider's
 *   resources when the provider itself is replaced, a Helm release's chart objects.
 * - **Changes the cloud refuses** (`noShrink` facts) fail at deploy time: errors before it.
 */

import { type NoShrink, providerFacts, resourceFacts } from "@hubnet/config/src/clouds/resource-facts";
import { parseBytes } from "@hubnet/config/src/quantity";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../record";
import type { PlannedRow } from "./planned-row";

/** The URN of a provider reference (`<urn>::<id>`; plans under mocks record the URN alone). */
export function providerUrn(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const parts = ref.split("::");
  return parts.length > 4 ? parts.slice(0, 4).join("::") : ref;
}

const nameOfUrn = (urn: string) => urn.split("::").pop() ?? urn;
const opaque = (v: unknown) => v === SECRET_PLACEHOLDER || v === UNKNOWN_PLACEHOLDER;
const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));

/**
 * Why the engine replaces `b` → `a` because of its provider, or undefined: the provider's
 * relocating inputs differ between the old and the new provider (a different provider, or the same
 * one with new settings). A secret or unknown input (a kubeconfig) is compared by where it comes
 * from: another cluster's stack output or cluster resource is another cluster.
 */
export function providerCause(
  b: PlannedRow,
  a: PlannedRow,
  before: ReadonlyMap<string, PlannedRow>,
  after: ReadonlyMap<string, PlannedRow>,
): string | undefined {
  const ub = providerUrn(b.provider);
  const ua = providerUrn(a.provider);
  if (ub === ua && ub === undefined) return undefined;
  const pb = ub ? before.get(ub) : undefined;
  const pa = ua ? after.get(ua) : undefined;
  const aliased = ua !== undefined && ub !== undefined && (pa?.aliases ?? []).includes(ub);
  const moved = ub !== ua && !aliased;
  const where = moved
    ? `provider ${ub ? nameOfUrn(ub) : "(default)"} → ${ua ? nameOfUrn(ua) : "(default)"}`
    : `provider ${nameOfUrn(ua ?? "")}`;
  if (!pb || !pa) return moved ? `${where} (a different provider)` : undefined;
  const facts = providerFacts(pa.type);
  for (const key of facts?.relocating ?? []) {
    // A resource that sets the field itself (a bucket's own `project`) does not take the provider's:
    // its own value decides, and its replaceOnChange facts judge that.
    if (key in a.inputs && key in b.inputs) continue;
    const vb = pb.inputs[key];
    const va = pa.inputs[key];
    if (opaque(vb) || opaque(va)) {
      const from = (r: PlannedRow) => JSON.stringify([...(r.propertyDependencies?.[key] ?? [])].sort());
      if (from(pb) !== from(pa))
        return `${where}: its ${key} comes from another source (${from(pb)} → ${from(pa)})`;
      continue;
    }
    if (JSON.stringify(vb) !== JSON.stringify(va)) return `${where}: ${key} ${show(vb)} → ${show(va)}`;
  }
  return undefined;
}

/** What a Helm release's chart keeps that holds data: z2jh's own hub database claim (`hub.db.type: sqlite-pvc`). */
export function releaseHolds(row: PlannedRow): string | undefined {
  const values = row.inputs.values as { hub?: { db?: { type?: unknown } } } | undefined;
  // jupyterhub 4.4.0 templates/hub/pvc.yaml: the chart makes the `hub-db-dir` claim only for sqlite-pvc.
  if (values?.hub?.db?.type === "sqlite-pvc")
    return "the hub database claim the chart creates (hub.db.type sqlite-pvc)";
  return undefined;
}

/**
 * The resources that go with the `gone` ones (deleted or replaced), transitively: a map from each
 * carried URN (of the old plan) to what carries it ("namespace x is replaced").
 */
export function carried(
  rows: readonly PlannedRow[],
  gone: ReadonlyMap<string, "deleted" | "replaced">,
): Map<string, string> {
  const out = new Map<string, string>();
  const queue = [...gone.keys()];
  const byUrn = new Map(rows.map((r) => [r.urn, r]));
  const status = (urn: string) => gone.get(urn) ?? (out.has(urn) ? "replaced" : undefined);
  while (queue.length > 0) {
    const urn = queue.shift() as string;
    const c = byUrn.get(urn);
    if (!c) continue;
    const provider = c.type.startsWith("pulumi:providers:");
    // A provider that is only deleted takes nothing: what it managed is deleted too, or now has
    // another provider, which providerCause judges (the engine's providerChanged).
    if (provider && status(urn) === "deleted") continue;
    const contents = contentsOf(c, rows);
    const why = `${provider ? "provider" : c.type.split(":").slice(-1)[0]} ${c.name}, which it lives in or comes from, is ${status(urn)}`;
    for (const r of contents) {
      if (r.urn === urn || gone.has(r.urn) || out.has(r.urn)) continue;
      out.set(r.urn, why);
      queue.push(r.urn);
    }
  }
  return out;
}

function contentsOf(c: PlannedRow, rows: readonly PlannedRow[]): PlannedRow[] {
  if (c.type.startsWith("pulumi:providers:")) return rows.filter((r) => providerUrn(r.provider) === c.urn);
  const contains = resourceFacts(c.type)?.contains;
  if (contains === "namespace") {
    const ns = (c.inputs.metadata as { name?: unknown } | undefined)?.name;
    const prov = providerUrn(c.provider);
    return rows.filter((r) => {
      if (providerUrn(r.provider) !== prov) return false;
      const meta = r.inputs.metadata as { namespace?: unknown } | undefined;
      return (
        meta?.namespace === ns || (r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.namespace === ns)
      );
    });
  }
  if (contains === "dependents") {
    return rows.filter(
      (r) =>
        (r.dependencies ?? []).includes(c.urn) ||
        Object.values(r.propertyDependencies ?? {}).some((deps) => deps.includes(c.urn)),
    );
  }
  return [];
}

/** A change the cloud or Kubernetes will refuse at deploy time. */
export interface Refusal {
  urn: string;
  type: string;
  name: string;
  path: string;
  before: unknown;
  after: unknown;
  refusedBy: string;
  source: string;
}

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const k of path.split(".")) {
    if (Array.isArray(v)) v = v[0];
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[k];
  }
  return Array.isArray(v) ? v[0] : v;
}

function amount(v: unknown, unit: NoShrink["unit"]): number | undefined {
  if (unit === "number") return typeof v === "number" ? v : undefined;
  const q = parseBytes(v);
  return q.ok ? q.value.bytes : undefined;
}

/** The decreases of `b` → `a` that the cloud or Kubernetes refuses (the type's `noShrink` facts). */
export function refusals(b: PlannedRow, a: PlannedRow): Refusal[] {
  const out: Refusal[] = [];
  for (const f of resourceFacts(a.type)?.noShrink ?? []) {
    if (f.allowedWhen?.values.includes(String(at(a.inputs, f.allowedWhen.path)))) continue;
    const was = amount(at(b.inputs, f.path), f.unit);
    const now = amount(at(a.inputs, f.path), f.unit);
    if (was !== undefined && now !== undefined && now < was)
      out.push({
        urn: a.urn,
        type: a.type,
        name: a.name,
        path: f.path,
        before: at(b.inputs, f.path),
        after: at(a.inputs, f.path),
        refusedBy: f.refusedBy,
        source: f.source,
      });
  }
  return out;
}
