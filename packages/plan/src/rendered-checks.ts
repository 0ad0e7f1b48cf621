/**
 * Checks on what the charts render (render-releases.ts), not on the values hubnet writes:
 *
 * - across the whole network, no two releases (or a release and an object a stack creates itself)
 *   on one cluster create a cluster-scoped object of the same kind and name: Helm refuses the
 *   second install, the object being owned by the first release (`meta.helm.sh/release-name`,
 *   `meta.helm.sh/release-namespace`; helm.sh/helm/v3 pkg/action/validate.go
 *   `existingResourceConflict`). Objects of a chart's `crds/` folder are not owned by any release
 *   (Helm creates them when absent and never updates them), so they are not collisions;
 * - no release creates an object in a namespace other than its own;
 * - a release Helm refused to render (a template's `fail`, the values schema, the chart's
 *   kubeVersion) is a problem with Helm's own message.
 *
 * Each problem points at the config file of the stack the release belongs to.
 */
import type { Problem } from "@hubnet/config";
import type { K8sObject } from "./helm";
import type { RecordedResource } from "./record";
import type { ReleaseRender } from "./render-releases";

/** What the checks read of a stack of the plan. */
export interface CheckedStack {
  stack: string;
  /** Its config file: where its problems point. */
  file?: string;
  /** The cluster it is on (a cluster stack: itself). */
  cluster?: string;
  resources: readonly Pick<RecordedResource, "type" | "inputs">[];
  releases?: ReleaseRender[];
}

/**
 * Kinds that are not namespaced, of the Kubernetes API and the custom resources the pinned charts
 * and the baseline create (the API server's discovery `namespaced: false`).
 */
export const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  "APIService",
  "CertificateSigningRequest",
  "ClusterIssuer",
  "ClusterRole",
  "ClusterRoleBinding",
  "ComponentStatus",
  "CSIDriver",
  "CSINode",
  "CustomResourceDefinition",
  "DeviceClass",
  "FlowSchema",
  "GatewayClass",
  "IngressClass",
  "IPAddress",
  "MutatingAdmissionPolicy",
  "MutatingAdmissionPolicyBinding",
  "MutatingWebhookConfiguration",
  "Namespace",
  "Node",
  "PersistentVolume",
  "PodSecurityPolicy",
  "PriorityClass",
  "PriorityLevelConfiguration",
  "RuntimeClass",
  "ServiceCIDR",
  "StorageClass",
  "ValidatingAdmissionPolicy",
  "ValidatingAdmissionPolicyBinding",
  "ValidatingWebhookConfiguration",
  "VolumeAttachment",
  "VolumeAttributesClass",
]);

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED_KINDS.has(kind);
}

/** Where an object of a stack comes from, for messages. */
interface Owner {
  stack: CheckedStack;
  /** "release <name> (namespace <ns>)" or "the stack itself". */
  what: string;
}

const apiGroup = (apiVersion: string) => (apiVersion.includes("/") ? apiVersion.split("/")[0] : "core");

/** The cluster-scoped objects a stack creates itself (Pulumi Kubernetes resources), with a known name. */
function directObjects(stack: CheckedStack): { kind: string; group: string; name: string }[] {
  const out: { kind: string; group: string; name: string }[] = [];
  for (const r of stack.resources) {
    const m = /^kubernetes:([^/]+)\/[^:]+:(.+)$/.exec(r.type);
    if (!m || !isClusterScoped(m[2])) continue;
    const name = (r.inputs.metadata as { name?: unknown } | undefined)?.name;
    if (typeof name === "string" && !name.startsWith("[")) out.push({ kind: m[2], group: m[1], name });
  }
  return out;
}

function problem(stack: CheckedStack, message: string): Problem {
  return { file: stack.file, line: 1, col: 1, message };
}

/** Every problem of the rendered objects of `stacks` (all stacks of the plan: collisions span them). */
export function renderedProblems(stacks: readonly CheckedStack[]): Problem[] {
  const problems: Problem[] = [];
  // cluster → "group/Kind/name" → first owner
  const seen = new Map<string, Map<string, Owner>>();
  const claim = (stack: CheckedStack, key: string, label: string, owner: Owner) => {
    const cluster = stack.cluster ?? stack.stack;
    const byKey = seen.get(cluster) ?? new Map<string, Owner>();
    seen.set(cluster, byKey);
    const first = byKey.get(key);
    if (!first) {
      byKey.set(key, owner);
      return;
    }
    problems.push(
      problem(
        stack,
        `${label} is created by ${owner.what} of stack ${stack.stack} and by ${first.what} of stack ${first.stack.stack}, ` +
          `both on cluster ${cluster}: Helm refuses the second install (the object belongs to the first release). ` +
          "Give each release a name unique on the cluster (hub releases get theirs from packages/components/src/hub/release-names.ts)",
      ),
    );
  };
  // Direct objects first: a release that collides with one is the one to change.
  for (const stack of stacks)
    for (const o of directObjects(stack))
      claim(stack, `${o.group}/${o.kind}/${o.name}`, `${o.kind} "${o.name}"`, {
        stack,
        what: "the stack itself",
      });
  for (const stack of stacks) {
    for (const r of stack.releases ?? []) {
      const what = `release ${r.release} (namespace ${r.namespace})`;
      if (r.status === "failed") {
        problems.push(problem(stack, `${r.chart} ${r.version} ${what}: ${r.message}`));
        continue;
      }
      if (r.status !== "rendered") continue;
      for (const { source, object } of r.objects) {
        const name = object.metadata.name ?? "";
        const label = `${object.kind} "${name}"`;
        if (isClusterScoped(object.kind)) {
          if (/^[^/]+\/crds\//.test(source)) continue; // not owned by the release
          claim(stack, `${apiGroup(object.apiVersion)}/${object.kind}/${name}`, label, { stack, what });
        } else {
          const ns = objectNamespace(object, r.namespace);
          if (ns !== r.namespace)
            problems.push(
              problem(
                stack,
                `${what} (${r.chart} ${r.version}) creates ${label} in namespace ${ns}, which it does not own (${source}): ` +
                  "a release may create objects only in its own namespace",
              ),
            );
        }
      }
    }
  }
  return problems;
}

/** The namespace a namespaced object lands in: its own, else the release's (as `helm install` applies it). */
export function objectNamespace(object: K8sObject, releaseNamespace: string): string {
  return object.metadata.namespace || releaseNamespace;
}
