/**
 * Names a community and hub may never produce, because Kubernetes, the clouds or hubnet's own
 * cluster stack use them. A hub's namespace is `<community>-<hub>` (cluster/naming.ts in
 * @hubnet/components); community `kube` with hub `system` would otherwise render Namespace
 * `kube-system` and a default-deny NetworkPolicy over every pod there.
 *
 * This is the one definition of the cluster baseline's namespaces: @hubnet/components re-exports
 * them (cluster/namespaces.ts) for the baseline that installs into them and the hub network
 * policies that name them, and the network check below refuses them as hub namespaces.
 */

/** Where the baseline installs Envoy Gateway (the only source of public traffic to hubs). */
export const ENVOY_GATEWAY_NAMESPACE = "envoy-gateway-system";
/** Where the baseline installs cert-manager. */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** Where the baseline installs Prometheus and Grafana (the only scraper of hubs). */
export const MONITORING_NAMESPACE = "monitoring";

/** Every namespace a cluster stack (the baseline) creates. */
export const BASELINE_NAMESPACES = [ENVOY_GATEWAY_NAMESPACE, CERT_MANAGER_NAMESPACE, MONITORING_NAMESPACE];

/**
 * Namespaces Kubernetes itself creates (`default`, `kube-system`, `kube-public`,
 * `kube-node-lease`), and the cloud add-ons and node agents the supported clusters run:
 * kind's `local-path-storage`, AKS's `tigera-operator`, EKS's `amazon-cloudwatch`.
 */
const EXACT = ["default", "local-path-storage", "tigera-operator", "amazon-cloudwatch", "amazon-guardduty"];

/**
 * Prefixes and suffixes of namespaces that belong to the platform: `kube-` (Kubernetes reserves
 * it), `gke-`/`gmp-` (GKE's managed components: gke-managed-system, gmp-system), `aks-`
 * (aks-command), `eks-`, `hubnet-` (hubnet's own objects), and `-system`, the convention of
 * cluster components (envoy-gateway-system, calico-system, gatekeeper-system).
 */
const PREFIXES = ["kube-", "gke-", "gmp-", "aks-", "eks-", "hubnet-"];
const SUFFIXES = ["-system"];

/** Why `namespace` belongs to the platform or Kubernetes, or undefined when a hub may have it. */
export function reservedNamespace(namespace: string): string | undefined {
  if (BASELINE_NAMESPACES.includes(namespace))
    return `${namespace} is a namespace of every cluster's baseline`;
  if (EXACT.includes(namespace)) return `${namespace} is a namespace of Kubernetes or the cluster's cloud`;
  const prefix = PREFIXES.find((p) => namespace.startsWith(p));
  if (prefix) return `namespaces starting with ${prefix} belong to the platform and Kubernetes`;
  const suffix = SUFFIXES.find((s) => namespace.endsWith(s));
  if (suffix) return `namespaces ending in ${suffix} belong to cluster components`;
  return undefined;
}
