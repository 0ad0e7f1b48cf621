/**
 * The service accounts and RBAC of a hub's dask-gateway, instead of the chart's ClusterRoles: the
 * chart (dask-gateway 2026.3.0, templates/{gateway,controller,traefik}/rbac.yaml) grants each of its
 * three components its rules in every namespace, so every hub's gateway API could read every Secret of
 * the cluster, its controller create pods (under any service account, with that hub's cloud identity)
 * in any namespace, and its traefik read every Secret. Here each gets, in its own namespace, the
 * chart's rules, and cluster-wide only the reads the upstream code makes across namespaces:
 *
 * - gateway API: the backend lists DaskClusters of every namespace (dask-gateway-server
 *   backends/kubernetes/backend.py: `list_cluster_custom_object`), reads secrets and writes
 *   DaskClusters in its own (`read_namespaced_secret`, `create_namespaced_custom_object`);
 * - controller: its informers list DaskClusters, pods and endpoints of every namespace
 *   (controller.py: `list_cluster_custom_object`, `list_pod_for_all_namespaces`,
 *   `list_endpoints_for_all_namespaces`), and it writes in each cluster's namespace, its own;
 * - traefik: nothing cluster-wide, with `--providers.kubernetescrd.namespaces=<namespace>` and
 *   `--providers.kubernetescrd.disableclusterscoperesources=true` (Traefik v3.3.5
 *   pkg/provider/kubernetes/crd/client.go `WatchAll`: per-namespace informers, and the nodes informer
 *   only without that option).
 *
 * The chart uses these accounts through `rbac.<component>.serviceAccountName`, and then renders no
 * account, ClusterRole or ClusterRoleBinding of its own.
 */

export interface RbacRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

/** The service account of each component in the hub namespace. */
export const DASK_SERVICE_ACCOUNTS = {
  gateway: "dask-gateway-api",
  controller: "dask-gateway-controller",
  traefik: "dask-gateway-traefik",
} as const;

export type DaskComponent = keyof typeof DASK_SERVICE_ACCOUNTS;

const READ = ["get", "list", "watch"];
const DASK = "gateway.dask.org";
const TRAEFIK = "traefik.io";

/** What each component may do in its own namespace (the chart's rules, less what is cluster-scoped). */
export const DASK_NAMESPACED_RULES: Record<DaskComponent, RbacRule[]> = {
  gateway: [
    { apiGroups: [""], resources: ["secrets"], verbs: ["get"] },
    { apiGroups: [DASK], resources: ["daskclusters"], verbs: ["*"] },
  ],
  controller: [
    { apiGroups: [DASK], resources: ["daskclusters", "daskclusters/status"], verbs: ["*"] },
    {
      apiGroups: [TRAEFIK],
      resources: ["ingressroutes", "ingressroutetcps"],
      verbs: ["get", "create", "delete"],
    },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch", "create", "delete"] },
    { apiGroups: [""], resources: ["endpoints"], verbs: READ },
    { apiGroups: [""], resources: ["secrets", "services"], verbs: ["create", "delete"] },
  ],
  traefik: [
    { apiGroups: [""], resources: ["secrets", "services"], verbs: READ },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: ["list", "watch"] },
    {
      apiGroups: [TRAEFIK],
      resources: [
        "ingressroutes",
        "ingressroutetcps",
        "ingressrouteudps",
        "middlewares",
        "middlewaretcps",
        "serverstransports",
        "serverstransporttcps",
        "tlsoptions",
        "tlsstores",
        "traefikservices",
      ],
      verbs: READ,
    },
  ],
};

/** What each component may read in every namespace (its informers list them cluster-wide); never a write, never secrets. */
export const DASK_CLUSTER_READS: Record<DaskComponent, RbacRule[]> = {
  gateway: [{ apiGroups: [DASK], resources: ["daskclusters"], verbs: READ }],
  controller: [
    { apiGroups: [DASK], resources: ["daskclusters"], verbs: READ },
    { apiGroups: [""], resources: ["pods", "endpoints"], verbs: READ },
  ],
  traefik: [],
};

/** The traefik arguments that keep it to its namespace, with no cluster-scoped informer. */
export function daskTraefikScopeArguments(namespace: string): string[] {
  return [
    `--providers.kubernetescrd.namespaces=${namespace}`,
    "--providers.kubernetescrd.disableclusterscoperesources=true",
  ];
}

/** The chart's `rbac` values: RBAC on, each component under hubnet's account. */
export function daskRbacValues() {
  return {
    enabled: true,
    gateway: { serviceAccountName: DASK_SERVICE_ACCOUNTS.gateway },
    controller: { serviceAccountName: DASK_SERVICE_ACCOUNTS.controller },
    traefik: { serviceAccountName: DASK_SERVICE_ACCOUNTS.traefik },
  };
}

export interface K8sRbacObject {
  apiVersion: string;
  kind: "ServiceAccount" | "Role" | "RoleBinding" | "ClusterRole" | "ClusterRoleBinding";
  metadata: { name: string; namespace?: string; labels: Record<string, string> };
  rules?: RbacRule[];
  roleRef?: { apiGroup: string; kind: string; name: string };
  subjects?: { kind: string; name: string; namespace: string }[];
}

/**
 * The accounts, Roles and bindings of the dask-gateway of the hub in `namespace`. Cluster-scoped
 * names carry the namespace (unique on the cluster).
 */
export function daskRbacObjects(namespace: string, labels: Record<string, string>): K8sRbacObject[] {
  const rbac = "rbac.authorization.k8s.io/v1";
  const out: K8sRbacObject[] = [];
  for (const component of Object.keys(DASK_SERVICE_ACCOUNTS) as DaskComponent[]) {
    const sa = DASK_SERVICE_ACCOUNTS[component];
    const subjects = [{ kind: "ServiceAccount", name: sa, namespace }];
    out.push(
      { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: sa, namespace, labels } },
      {
        apiVersion: rbac,
        kind: "Role",
        metadata: { name: sa, namespace, labels },
        rules: DASK_NAMESPACED_RULES[component],
      },
      {
        apiVersion: rbac,
        kind: "RoleBinding",
        metadata: { name: sa, namespace, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: sa },
        subjects,
      },
    );
    if (DASK_CLUSTER_READS[component].length === 0) continue;
    const clusterName = `hubnet-${sa}-${namespace}`;
    out.push(
      {
        apiVersion: rbac,
        kind: "ClusterRole",
        metadata: { name: clusterName, labels },
        rules: DASK_CLUSTER_READS[component],
      },
      {
        apiVersion: rbac,
        kind: "ClusterRoleBinding",
        metadata: { name: clusterName, labels },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: clusterName },
        subjects,
      },
    );
  }
  return out;
}
