/**
 * NetworkPolicies that keep the system namespaces working where the CNI denies what no policy allows
 * (the VPC CNI in strict mode, `vpcCniConfiguration` of aws/eks-cluster.ts): in strict mode a pod that no
 * policy selects is denied, so kube-system (CoreDNS, the CSI controllers, cluster-autoscaler), Envoy
 * Gateway, cert-manager and monitoring get explicit policies that allow what they had before. Hub
 * namespaces need none: their own policies (hub/network-policy.ts) already say what each pod may do.
 */
import type * as k8s from "@pulumi/kubernetes";
import { CERT_MANAGER_NAMESPACE, ENVOY_GATEWAY_NAMESPACE, MONITORING_NAMESPACE } from "../cluster/namespaces";

type Spec = k8s.types.input.networking.v1.NetworkPolicySpec;

const policy = (name: string, namespace: string, labels: Record<string, string>, spec: Spec) => ({
  apiVersion: "networking.k8s.io/v1" as const,
  kind: "NetworkPolicy" as const,
  metadata: { name, namespace, labels },
  spec,
});

/** The pods of the monitoring namespace that `monitoringNetworkPolicies` already admits by name. */
const MONITORING_CLOSED = ["prometheus", "alertmanager", "grafana"];

/** The system namespaces' policies under a strict CNI (see the file's comment). */
export function systemNamespacePolicies(labels: Record<string, string>) {
  const open = (namespace: string) =>
    policy("hubnet-system-open", namespace, labels, {
      podSelector: {},
      policyTypes: ["Ingress", "Egress"],
      ingress: [{}],
      egress: [{}],
    });
  return [
    open("kube-system"),
    open(ENVOY_GATEWAY_NAMESPACE),
    open(CERT_MANAGER_NAMESPACE),
    // Monitoring stays closed to ingress where it was (Prometheus, Alertmanager, Grafana); its other pods
    // (the operator's webhook, kube-state-metrics) are reached as before, and every pod reaches out
    // (Prometheus scrapes the hubs, Alertmanager sends mail).
    policy("hubnet-system-egress", MONITORING_NAMESPACE, labels, {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [{}],
    }),
    policy("hubnet-system-others", MONITORING_NAMESPACE, labels, {
      podSelector: {
        matchExpressions: [{ key: "app.kubernetes.io/name", operator: "NotIn", values: MONITORING_CLOSED }],
      },
      policyTypes: ["Ingress"],
      ingress: [{}],
    }),
  ];
}
