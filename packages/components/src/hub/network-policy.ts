/**
 * Network isolation of a hub namespace. NetworkPolicies add up (a pod admits what any policy
 * selecting it allows, and a pod no policy selects admits everything), so isolation is built as:
 *
 * 1. `hubnet-default-deny`: every pod of the namespace, ingress and egress, nothing allowed. A pod
 *    gets exactly what the policies below (and z2jh's own) allow it, never more.
 * 2. z2jh's own policies (hub, proxy, user servers), configured by `hubPodNetworkPolicy`,
 *    `proxyNetworkPolicy` and `singleuserNetworkPolicy`: user servers reach DNS, the internet
 *    (public addresses only), their hub and proxy, and with dask the gateway's traefik; they
 *    accept connections from their hub and proxy only. The proxy accepts its public traffic from
 *    the Envoy Gateway namespace only; the hub accepts Prometheus on its metrics port.
 * 3. `hubNamespacePolicies`: what the remaining pods need, each policy selecting exactly the pods
 *    it is for: the user scheduler and dask-gateway's controller, API and traefik reach the
 *    Kubernetes API; dask schedulers and workers reach each other, the gateway API, DNS and the
 *    internet; cert-manager's HTTP-01 solver accepts Envoy.
 *
 * Private addresses (other pods, nodes, the home file server, other namespaces) are never open to
 * pods running user code, and the cloud metadata endpoint is blocked (egress rule and z2jh's
 * iptables init container) with one exception: on GKE with a bucket, Workload Identity hands out
 * the hub's Google credentials through the GKE metadata server, so user servers and dask pods
 * reach it there (GKE_METADATA mode on the node pools conceals the node's own identity).
 *
 * The proof is in the tests: a NetworkPolicy evaluator answers, for every hub of the example
 * network, who can reach whom (packages/components/test/isolation.test.ts, decision 0011).
 */
import type { Cloud } from "@hubnet/config";
import type * as k8s from "@pulumi/kubernetes";
import { ENVOY_GATEWAY_NAMESPACE, MONITORING_NAMESPACE } from "../cluster/namespaces";
import { DASK_API_PORT, DASK_SCHEDULER_PORTS, DASK_TRAEFIK_PORT } from "./dask";
import { daskGatewayNames, jupyterhubReleaseLabel } from "./release-names";

export const METADATA_IP = "169.254.169.254";
export const METADATA_CIDR = `${METADATA_IP}/32`;
/**
 * The GKE metadata server behind 169.254.169.254 on Dataplane V2 clusters: pods that use Workload
 * Identity must also reach 169.254.169.252:988 (GKE docs, "Workload Identity Federation for GKE":
 * network policies).
 */
export const GKE_METADATA_SERVER = { cidr: "169.254.169.252/32", port: 988 } as const;
/** The pods Prometheus runs in (kube-prometheus-stack's Prometheus custom resource). */
export const PROMETHEUS_POD_LABELS = { "app.kubernetes.io/name": "prometheus" } as const;
/** The hub's metrics port (`/hub/metrics` on the hub's `http` port), the one Prometheus scrapes. */
export const HUB_METRICS_PORT = 8081;
/** Private IPv4 ranges (RFC 1918): pods, nodes, services, file servers. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;
/**
 * Addresses that are not the internet although outside RFC 1918: link-local (169.254.0.0/16: the
 * metadata endpoint 169.254.169.254 and the GKE metadata server 169.254.169.252) and the shared
 * address space some CNIs give pods (100.64.0.0/10).
 */
export const NOT_INTERNET = [...PRIVATE_RANGES, "169.254.0.0/16", "100.64.0.0/10"] as const;
/** Ports of the Kubernetes API server as pods reach it (the `kubernetes` Service's endpoints). */
export const API_SERVER_PORTS = [443, 6443] as const;

const nsSelector = (name: string) => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
});
const DNS_PORTS = [
  { port: 53, protocol: "UDP" },
  { port: 53, protocol: "TCP" },
];

/** Whether pods running user code need the metadata endpoint to get cloud credentials. */
export function needsMetadataServer(cloud: Cloud, hasBuckets: boolean): boolean {
  return cloud === "gcp" && hasBuckets;
}

/** Egress to DNS (kube-system and private addresses, port 53 only). */
export function dnsEgress() {
  return {
    ports: DNS_PORTS,
    to: [nsSelector("kube-system"), ...PRIVATE_RANGES.map((cidr) => ({ ipBlock: { cidr } }))],
  };
}

/** Egress to public addresses only: not private ranges, not link-local (metadata), not shared space. */
export function publicEgress() {
  return { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...NOT_INTERNET] } }] };
}

/** Egress to the GKE metadata server (Workload Identity), both addresses it answers on. */
export function gkeMetadataEgress() {
  return [
    { to: [{ ipBlock: { cidr: METADATA_CIDR } }] },
    { to: [{ ipBlock: { cidr: GKE_METADATA_SERVER.cidr } }], ports: [{ port: GKE_METADATA_SERVER.port }] },
  ];
}

/** Egress to the Kubernetes API server, for system pods that run no user code. */
export function apiServerEgress() {
  return { ports: API_SERVER_PORTS.map((port) => ({ port, protocol: "TCP" })) };
}

/**
 * The label dask-gateway puts on every pod of the hub's release in `namespace` (its
 * `dask-gateway.labels` and the backend's), after the release name (release-names.ts).
 */
export function daskInstanceLabel(namespace: string) {
  return { "gateway.dask.org/instance": daskGatewayNames(namespace).instanceLabel };
}
const daskComponent = (namespace: string, c: string) => ({
  matchLabels: { ...daskInstanceLabel(namespace), "app.kubernetes.io/component": c },
});
const daskClusterPods = (namespace: string) => ({
  matchLabels: daskInstanceLabel(namespace),
  matchExpressions: [
    { key: "app.kubernetes.io/component", operator: "In", values: ["dask-scheduler", "dask-worker"] },
  ],
});
/**
 * The ports dask pods accept each other on: every port but the dashboard's and the scheduler's
 * gateway API (8787, 8788). Workers listen on random ports for the worker and nanny.
 */
export const DASK_COMM_PORTS = [
  { port: 1, endPort: DASK_SCHEDULER_PORTS.dashboard - 1, protocol: "TCP" },
  { port: DASK_SCHEDULER_PORTS.api + 1, endPort: 65535, protocol: "TCP" },
];
/** z2jh's labels of a component's pods in the hub namespace `namespace` (`component`, `app`, `release`: its matchLabels). */
export function z2jhPods(namespace: string, component: string) {
  return { matchLabels: { component, app: "jupyterhub", release: jupyterhubReleaseLabel(namespace) } };
}

/** `singleuser.networkPolicy` and `singleuser.cloudMetadata` values of z2jh. */
export function singleuserNetworkPolicy(cloud: Cloud, hasBuckets: boolean, namespace: string, dask = false) {
  const metadata = needsMetadataServer(cloud, hasBuckets);
  // The chart's own internet rule (nonPrivateIPs) excepts 169.254.169.254 only, which leaves the
  // GKE metadata server at 169.254.169.252 open: hubnet's rule excepts all of link-local instead.
  const egress: unknown[] = [publicEgress()];
  if (metadata) egress.push(gkeMetadataEgress()[1]);
  if (dask) egress.push(toDaskTraefik(namespace));
  return {
    networkPolicy: {
      enabled: true,
      egressAllowRules: {
        cloudMetadataServer: metadata,
        dnsPortsCloudMetadataServer: metadata,
        dnsPortsKubeSystemNamespace: true,
        dnsPortsPrivateIPs: true,
        nonPrivateIPs: false,
        privateIPs: false,
      },
      egress,
      interNamespaceAccessLabels: "ignore",
      allowedIngressPorts: [],
    },
    cloudMetadata: { blockWithIptables: !metadata, ip: METADATA_IP },
  };
}

/**
 * `proxy.chp.networkPolicy`: the proxy's public port accepts Envoy (from the Gateway namespace)
 * only, instead of the chart's default of any source on `http` and `https`. With dask, the proxy
 * forwards /services/dask-gateway (dashboards) to traefik: allowed by a pod selector, because the
 * chart's `privateIPs` ipBlock rule that would otherwise carry it never matches pod addresses on
 * Cilium (GKE Dataplane V2, AKS; z2jh 4.4.0 values.schema.yaml, `egressAllowRules.privateIPs`).
 */
export function proxyNetworkPolicy(namespace: string, dask = false) {
  return {
    enabled: true,
    allowedIngressPorts: [],
    ingress: [{ from: [nsSelector(ENVOY_GATEWAY_NAMESPACE)], ports: [{ port: "http" }] }],
    ...(dask ? { egress: [toDaskTraefik(namespace)] } : {}),
    interNamespaceAccessLabels: "ignore",
  };
}

/** Egress to the dask traefik of the hub in `namespace` (the gateway API and schedulers behind it), by pod selector. */
export function toDaskTraefik(namespace: string) {
  return {
    to: [{ podSelector: daskComponent(namespace, "traefik") }],
    ports: [{ port: DASK_TRAEFIK_PORT, protocol: "TCP" }],
  };
}

/** `hub.networkPolicy`: Prometheus (monitoring namespace) may scrape the hub's metrics port. */
export function hubPodNetworkPolicy() {
  return {
    enabled: true,
    ingress: [
      {
        from: [{ ...nsSelector(MONITORING_NAMESPACE), podSelector: { matchLabels: PROMETHEUS_POD_LABELS } }],
        ports: [{ port: HUB_METRICS_PORT, protocol: "TCP" }],
      },
    ],
    interNamespaceAccessLabels: "ignore",
  };
}

const policy = (
  name: string,
  namespace: string,
  labels: Record<string, string>,
  spec: k8s.types.input.networking.v1.NetworkPolicySpec,
) => ({
  apiVersion: "networking.k8s.io/v1" as const,
  kind: "NetworkPolicy" as const,
  metadata: { name, namespace, labels },
  spec,
});

export type NetworkPolicyObject = ReturnType<typeof policy>;

/**
 * The NetworkPolicies hubnet creates in a hub namespace (besides z2jh's): the default deny, and
 * what each kind of pod without a chart policy needs.
 */
export function hubNamespacePolicies(args: {
  namespace: string;
  labels: Record<string, string>;
  /** Whether the hub runs dask-gateway. */
  dask: boolean;
  /** Whether dask pods reach the GKE metadata server (Workload Identity, `needsMetadataServer`). */
  metadata: boolean;
}): NetworkPolicyObject[] {
  const { namespace: ns, labels } = args;
  const policies = [
    policy("hubnet-default-deny", ns, labels, { podSelector: {}, policyTypes: ["Ingress", "Egress"] }),
    // The user scheduler (a kube-scheduler) talks to the API server only.
    policy("hubnet-user-scheduler", ns, labels, {
      podSelector: z2jhPods(ns, "user-scheduler"),
      policyTypes: ["Egress"],
      egress: [apiServerEgress(), dnsEgress()],
    }),
    // cert-manager's HTTP-01 solver pods answer Let's Encrypt through Envoy.
    policy("hubnet-acme-solver", ns, labels, {
      podSelector: { matchLabels: { "acme.cert-manager.io/http01-solver": "true" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [nsSelector(ENVOY_GATEWAY_NAMESPACE)], ports: [{ port: 8089, protocol: "TCP" }] }],
    }),
  ];
  if (!args.dask) return policies;
  const tcp = (port: number) => ({ port, protocol: "TCP" });
  const userServers = { podSelector: z2jhPods(ns, "singleuser-server") };
  policies.push(
    // traefik: users' scheduler connections and the proxy's /services/dask-gateway route come in;
    // it forwards to the gateway API and to schedulers, and watches its routes in the API server.
    policy("hubnet-dask-traefik", ns, labels, {
      podSelector: daskComponent(ns, "traefik"),
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        { from: [userServers, { podSelector: z2jhPods(ns, "proxy") }], ports: [tcp(DASK_TRAEFIK_PORT)] },
      ],
      egress: [
        { to: [{ podSelector: daskComponent(ns, "gateway") }], ports: [tcp(DASK_API_PORT)] },
        {
          to: [{ podSelector: daskComponent(ns, "dask-scheduler") }],
          ports: [tcp(DASK_SCHEDULER_PORTS.scheduler), tcp(DASK_SCHEDULER_PORTS.dashboard)],
        },
        apiServerEgress(),
        dnsEgress(),
      ],
    }),
    // The gateway API: from traefik and from schedulers (heartbeats); to the hub (auth), to
    // schedulers' API, and to the API server (it creates the clusters' objects).
    policy("hubnet-dask-gateway-api", ns, labels, {
      podSelector: daskComponent(ns, "gateway"),
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          from: [{ podSelector: daskComponent(ns, "traefik") }, { podSelector: daskClusterPods(ns) }],
          ports: [tcp(DASK_API_PORT)],
        },
      ],
      egress: [
        { to: [{ podSelector: z2jhPods(ns, "hub") }], ports: [tcp(HUB_METRICS_PORT)] },
        {
          to: [{ podSelector: daskComponent(ns, "dask-scheduler") }],
          ports: [tcp(DASK_SCHEDULER_PORTS.api)],
        },
        apiServerEgress(),
        dnsEgress(),
      ],
    }),
    policy("hubnet-dask-controller", ns, labels, {
      podSelector: daskComponent(ns, "controller"),
      policyTypes: ["Egress"],
      egress: [apiServerEgress(), dnsEgress()],
    }),
    // Schedulers and workers run user code: each other, the gateway API, DNS and the internet
    // (public addresses only; the metadata server only where Workload Identity needs it). They
    // accept each other on their dask ports (TLS, with each cluster's own certificate: dask-gateway
    // 2026.3.0 controller.py get_env) but never on a dashboard (plain HTTP, no auth): a scheduler's
    // dashboard is reached only from traefik, so only through the gateway, which checks the user.
    policy("hubnet-dask-clusters", ns, labels, {
      podSelector: daskClusterPods(ns),
      policyTypes: ["Ingress", "Egress"],
      ingress: [{ from: [{ podSelector: daskClusterPods(ns) }], ports: DASK_COMM_PORTS }],
      egress: [
        { to: [{ podSelector: daskClusterPods(ns) }] },
        { to: [{ podSelector: daskComponent(ns, "gateway") }], ports: [tcp(DASK_API_PORT)] },
        dnsEgress(),
        publicEgress(),
        ...(args.metadata ? gkeMetadataEgress() : []),
      ],
    }),
    policy("hubnet-dask-schedulers", ns, labels, {
      podSelector: daskComponent(ns, "dask-scheduler"),
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [{ podSelector: daskComponent(ns, "traefik") }],
          ports: [tcp(DASK_SCHEDULER_PORTS.scheduler), tcp(DASK_SCHEDULER_PORTS.dashboard)],
        },
        { from: [{ podSelector: daskComponent(ns, "gateway") }], ports: [tcp(DASK_SCHEDULER_PORTS.api)] },
      ],
    }),
  );
  return policies;
}
