/**
 * Every Kubernetes object a stack creates directly (not Helm releases) must be valid for the API of
 * what the cluster runs, checked with the kubernetes-models packages (generated from the upstream
 * OpenAPI and CRD schemas; ES modules, imported):
 *
 * | group | package | generated from | what clusters run |
 * | --- | --- | --- | --- |
 * | core and built-in kinds | kubernetes-models 5.1.0 | Kubernetes v1.36.0 | EKS and AKS 1.36, GKE 1.35-1.36 |
 * | gateway.networking.k8s.io | @kubernetes-models/gateway-api 2.0.0 | Gateway API v1.5.1 | v1.6.1 (Envoy Gateway v1.9 installs it) |
 * | gateway.envoyproxy.io | @kubernetes-models/envoy-gateway 2.0.0 | Envoy Gateway v1.7.3 | v1.9.0 |
 * | cert-manager.io | @kubernetes-models/cert-manager 6.0.0 | cert-manager's CRDs | v1.21.1 |
 * | monitoring.coreos.com | @kubernetes-models/prometheus-operator 6.0.0 | prometheus-operator's CRDs | kube-prometheus-stack's |
 *
 * No package covers Gateway API v1.6 or Envoy Gateway v1.9 yet: the packages are the closest
 * maintained schemas (the fields hubnet sets are in both versions), and the objects were also
 * checked once against the v1.6.1 and v1.9.0 CRD schemas themselves (docs/platform/checks.md).
 */

import type { RecordedResource } from "@hubnet/plan";

type Model = new (o: unknown) => { validate(): void };

/** Custom resource groups and the kubernetes-models package generated from their CRDs. */
const CRD_PACKAGES: Record<string, string> = {
  "gateway.networking.k8s.io": "@kubernetes-models/gateway-api",
  "gateway.envoyproxy.io": "@kubernetes-models/envoy-gateway",
  "cert-manager.io": "@kubernetes-models/cert-manager",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};

/** The kubernetes-models class for a type token such as `kubernetes:core/v1:Namespace`, if there is one. */
async function modelFor(type: string): Promise<Model | undefined> {
  const m = /^kubernetes:([^/]+)\/([^:]+):(.+)$/.exec(type);
  if (!m) return undefined;
  const [, group, version, kind] = m;
  const mod =
    group === "core"
      ? `kubernetes-models/${version}`
      : CRD_PACKAGES[group]
        ? `${CRD_PACKAGES[group]}/${group}/${version}`
        : `kubernetes-models/${group}/${version}`;
  try {
    return ((await import(mod)) as Record<string, Model | undefined>)[kind];
  } catch {
    return undefined;
  }
}

/**
 * A Secret whose whole `data`/`stringData` is a Pulumi secret is recorded as "[secret]":
 * its keys are unknown to the plan, so it is validated as an empty map.
 */
function withoutSecretPlaceholders(inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const k of ["data", "stringData"]) if (out[k] === "[secret]") out[k] = {};
  return out;
}

/** Validates every directly created Kubernetes object; returns how many were checked. Throws on the first invalid one. */
export async function validateKubernetesObjects(resources: RecordedResource[]): Promise<number> {
  const objects = resources.filter(
    (r) => r.type.startsWith("kubernetes:") && r.type !== "kubernetes:helm.sh/v3:Release",
  );
  for (const r of objects) {
    const Model = await modelFor(r.type);
    if (!Model) throw new Error(`${r.type} ${r.name}: no kubernetes-models class to validate it`);
    try {
      new Model(withoutSecretPlaceholders(r.inputs)).validate();
    } catch (e) {
      throw new Error(`${r.type} ${r.name}: ${(e as Error).message}`);
    }
  }
  return objects.length;
}
