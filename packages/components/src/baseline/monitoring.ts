/**
 * Monitoring that is closed by default:
 *
 * - Grafana's admin password is generated (a Pulumi secret) and handed to the chart through a
 *   Kubernetes Secret (`grafana.admin.existingSecret`), never the chart's default; anonymous access
 *   and sign-up are off; Grafana is served only over HTTPS at `grafana.<cluster domain>` through
 *   the shared GatewayClass, with its own Let's Encrypt certificate (HTTP only redirects).
 * - NetworkPolicies in the monitoring namespace: Prometheus and Alertmanager accept connections
 *   from the monitoring namespace only; Grafana from there and from Envoy (HTTPS). Hub namespaces
 *   cannot reach any of them; Prometheus reaches what it scrapes (the hubs' policies let it in).
 */
import type * as k8s from "@pulumi/kubernetes";
import { ENVOY_GATEWAY_NAMESPACE, MONITORING_NAMESPACE } from "../cluster/namespaces";
import { GATEWAY_NAME } from "../hub/https";

/** The Secret holding Grafana's admin user and password. */
export const GRAFANA_ADMIN_SECRET = "hubnet-grafana-admin";
export const GRAFANA_ADMIN_USER = "admin";
/** kube-prometheus-stack's Grafana Service (`<release>-grafana`, port 80) and pod port. */
export const GRAFANA_SERVICE = "kube-prometheus-stack-grafana";
export const GRAFANA_PORT = 3000;

/** Where Grafana is served: `grafana.<cluster domain>`. */
export function grafanaHost(domain: string): string {
  return `grafana.${domain}`;
}

/** kube-prometheus-stack's `grafana` values: generated admin, no anonymous access, HTTPS root URL. */
export function grafanaValues(domain: string): Record<string, unknown> {
  const host = grafanaHost(domain);
  return {
    admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
    "grafana.ini": {
      server: { domain: host, root_url: `https://${host}/` },
      security: { cookie_secure: true },
      "auth.anonymous": { enabled: false },
      "auth.basic": { enabled: false },
      users: { allow_sign_up: false },
    },
  };
}

const byName = (names: string[]) => ({
  matchExpressions: [{ key: "app.kubernetes.io/name", operator: "In", values: names }],
});
const sameNamespace = { podSelector: {} };
const fromNamespace = (name: string) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
});

/** The monitoring namespace's NetworkPolicies. */
export function monitoringNetworkPolicies(labels: Record<string, string>) {
  const policy = (name: string, spec: k8s.types.input.networking.v1.NetworkPolicySpec) => ({
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "NetworkPolicy" as const,
    metadata: { name, namespace: MONITORING_NAMESPACE, labels },
    spec: { policyTypes: ["Ingress"], ...spec },
  });
  return [
    policy("hubnet-prometheus-alertmanager", {
      podSelector: byName(["prometheus", "alertmanager"]),
      ingress: [{ from: [sameNamespace] }],
    }),
    policy("hubnet-grafana", {
      podSelector: byName(["grafana"]),
      ingress: [
        { from: [sameNamespace] },
        { from: [fromNamespace(ENVOY_GATEWAY_NAMESPACE)], ports: [{ port: GRAFANA_PORT, protocol: "TCP" }] },
      ],
    }),
  ];
}

/** The HTTPRoute that serves Grafana on the monitoring Gateway's HTTPS listener. */
export function grafanaRoute(domain: string, labels: Record<string, string>) {
  return {
    apiVersion: "gateway.networking.k8s.io/v1" as const,
    kind: "HTTPRoute" as const,
    metadata: { name: "grafana", namespace: MONITORING_NAMESPACE, labels },
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: "https" }],
      hostnames: [grafanaHost(domain)],
      rules: [{ backendRefs: [{ name: GRAFANA_SERVICE, port: 80 }] }],
    },
  };
}
