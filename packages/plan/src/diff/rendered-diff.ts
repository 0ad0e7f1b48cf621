/**
 * What the rendered objects of a stack's Helm releases say its users would see change
 * (render-releases.ts, `rendered.json`): a workload whose pod template changes is rolled out again,
 * its pods restarted. z2jh puts checksums of the hub's ConfigMap and Secret on the hub's pod template
 * (`checksum/config-map`, `checksum/secret`; jupyterhub/templates/hub/deployment.yaml at 4.4.0) and
 * of the proxy's token on the proxy's (proxy/deployment.yaml), so a values change that reaches the
 * hub's configuration restarts the hub even when no field of the Deployment itself changed.
 *
 * Releases are matched by their Pulumi URN, which a release rename keeps (release-names.ts).
 */
import type { K8sObject } from "../helm/k8s-object";
import type { ReleaseRender } from "../render-releases";
import type { FacetChange, HubDiff, StackDiff } from "./stack-diff";

const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet"]);

export interface Rollout {
  namespace: string;
  release: string;
  /** `Deployment/hub` */
  workload: string;
  /** What the users of the hub see, in their terms. */
  effect: string;
  /** What in the pod template changed: annotations by name, else "pod template". */
  because: string[];
}

/** What users see when a z2jh or dask-gateway workload restarts; other workloads: a plain restart. */
function effectOf(chart: string, kind: string, name: string): string {
  if (chart === "jupyterhub" && kind === "Deployment" && name === "hub")
    return "the hub restarts: logins, spawns and the admin page stop for a minute or two; running servers keep running";
  if (chart === "jupyterhub" && kind === "Deployment" && name === "proxy")
    return "the proxy restarts: every open connection to every server drops (notebooks reconnect by themselves)";
  if (chart === "dask-gateway" && kind === "Deployment" && name.startsWith("api-"))
    return "the dask gateway restarts: new clusters cannot be created for a minute";
  if (chart === "dask-gateway" && kind === "Deployment" && name.startsWith("traefik-"))
    return "the dask gateway's proxy restarts: open dask dashboards and client connections drop";
  return `${kind} ${name} restarts (no user-visible effect expected)`;
}

type PodTemplate = {
  metadata?: { annotations?: Record<string, string>; labels?: Record<string, string> };
} & Record<string, unknown>;

function podTemplate(o: K8sObject): PodTemplate | undefined {
  return (o.spec as { template?: PodTemplate } | undefined)?.template;
}

/** Why two pod templates differ: the annotations that changed by name, the labels, else the rest. */
function templateChange(before: PodTemplate, after: PodTemplate): string[] {
  const why: string[] = [];
  const ba = before.metadata?.annotations ?? {};
  const aa = after.metadata?.annotations ?? {};
  for (const k of [...new Set([...Object.keys(ba), ...Object.keys(aa)])].sort())
    if (ba[k] !== aa[k]) why.push(`${k} changed`);
  if (JSON.stringify(before.metadata?.labels ?? {}) !== JSON.stringify(after.metadata?.labels ?? {}))
    why.push("pod labels changed");
  const rest = (t: PodTemplate) => JSON.stringify({ ...t, metadata: undefined });
  if (rest(before) !== rest(after)) why.push("pod spec changed");
  return why;
}

/** The workloads of a stack's releases that restart between two plans. */
export function rollouts(
  before: readonly ReleaseRender[] = [],
  after: readonly ReleaseRender[] = [],
): Rollout[] {
  const was = new Map(before.map((r) => [r.urn, r]));
  const out: Rollout[] = [];
  for (const a of after) {
    const b = was.get(a.urn);
    if (!b || a.status !== "rendered" || b.status !== "rendered") continue;
    const old = new Map(
      b.objects
        .filter((o) => WORKLOADS.has(o.object.kind))
        .map((o) => [`${o.object.kind}/${o.object.metadata.name}`, o.object]),
    );
    for (const { object } of a.objects) {
      if (!WORKLOADS.has(object.kind)) continue;
      const key = `${object.kind}/${object.metadata.name}`;
      const prev = old.get(key);
      const [bt, at] = [prev && podTemplate(prev), podTemplate(object)];
      if (!bt || !at) continue;
      const because = templateChange(bt, at);
      if (because.length === 0) continue;
      out.push({
        namespace: a.namespace,
        release: a.release,
        workload: key,
        effect: effectOf(a.chart, object.kind, object.metadata.name ?? ""),
        because,
      });
    }
  }
  return out;
}

/**
 * Adds the restarts of a stack's releases to what its users would see (`diff.hubs`, a "restarts"
 * facet per hub namespace), so `hubnet diff` shows "the hub restarts" whatever caused it.
 */
export function addRollouts(
  diff: StackDiff,
  before?: readonly ReleaseRender[],
  after?: readonly ReleaseRender[],
): Rollout[] {
  const found = rollouts(before, after);
  const byNs = new Map<string, Rollout[]>();
  for (const r of found) byNs.set(r.namespace, [...(byNs.get(r.namespace) ?? []), r]);
  for (const [ns, list] of byNs) {
    const facet: FacetChange = {
      key: "restarts",
      label: "restarts",
      before: [],
      after: list.map((r) => `${r.effect} (${r.workload}: ${r.because.join(", ")})`),
    };
    const hub = diff.hubs.find((h) => h.namespace === ns);
    if (hub) hub.facets.push(facet);
    else {
      const added: HubDiff = { namespace: ns, urls: [], change: "changed", facets: [facet] };
      diff.hubs.push(added);
      diff.hubs.sort((x, y) => x.namespace.localeCompare(y.namespace));
    }
  }
  return found;
}
