/**
 * The catalog of hubnet's policies (the pack in `policies/`): each policy's name, enforcement level
 * and what it promises. The names are a contract: community files name them in `policyExceptions`,
 * the docs link to them, and exit codes depend on their levels. The policies themselves live in
 * `policies/src/` and take their name, level and description from here, so the config schema can
 * refuse an exception to an unknown or mandatory policy without loading the pack.
 */

export type PolicyLevel = "mandatory" | "advisory";

/** Which stacks a policy looks at: cluster stacks, community stacks, or both. */
export type PolicyScope = "cluster" | "community" | "both";

export interface PolicyInfo {
  name: string;
  level: PolicyLevel;
  scope: PolicyScope;
  description: string;
}

export const POLICY_CATALOG = [
  {
    name: "bucket-not-public",
    level: "mandatory",
    scope: "both",
    description:
      "Buckets are never public: GCS enforces public access prevention with uniform access, S3 blocks public ACLs and policies, Azure containers and accounts allow no anonymous reads.",
  },
  {
    name: "bucket-encrypted",
    level: "mandatory",
    scope: "both",
    description:
      "Buckets are encrypted at rest with a key the platform controls (an explicit S3 default encryption; GCS and Azure always encrypt), and Azure accounts for buckets take HTTPS only.",
  },
  {
    name: "bucket-own-hub-only",
    level: "mandatory",
    scope: "community",
    description:
      "A hub's buckets are granted only to that hub's own cloud identity, and a hub's identity only to its own buckets.",
  },
  {
    name: "user-data-protected",
    level: "mandatory",
    scope: "both",
    description:
      "Storage that holds user data (home file shares, their volumes and claims, the hub database claim, persistent buckets) is `protect`ed and `retainOnDelete`; scratch buckets are at least retained on delete.",
  },
  {
    name: "user-pod-memory-limit",
    level: "mandatory",
    scope: "community",
    description: "Every user server (every profile) has a memory limit, so one user cannot starve a node.",
  },
  {
    name: "user-pod-cpu-limit",
    level: "advisory",
    scope: "community",
    description: "Every user server (every profile) has a cpu limit.",
  },
  {
    name: "user-pod-non-root",
    level: "mandatory",
    scope: "community",
    description:
      "User servers run as a non-root user; an init container may run as root only with every capability dropped but CHOWN and no privilege escalation.",
  },
  {
    name: "user-pod-not-privileged",
    level: "mandatory",
    scope: "community",
    description:
      "No container of a user server is privileged, adds capabilities (but the ownership init container's CHOWN) or may escalate privileges.",
  },
  {
    name: "user-pod-no-cloud-metadata",
    level: "mandatory",
    scope: "community",
    description:
      "User servers cannot reach the cloud metadata endpoint (169.254.169.254), except the GKE metadata server where the hub uses Workload Identity.",
  },
  {
    name: "hub-culling",
    level: "advisory",
    scope: "community",
    description:
      "Every hub stops idle servers, with an idle timeout no longer than the configured maximum (`maxIdleTimeoutSeconds`, default 4 hours).",
  },
  {
    name: "hub-network-isolation",
    level: "mandatory",
    scope: "community",
    description:
      "Every hub namespace has network policies that deny traffic from other hub namespaces: no policy admits other namespaces' pods but the gateway's, monitoring's (to the hub's metrics) and cert-manager's solver.",
  },
  {
    name: "hub-default-deny-egress",
    level: "mandatory",
    scope: "community",
    description:
      "Every hub namespace has a default-deny policy covering every pod for both ingress and egress, and z2jh's own policies are on.",
  },
  {
    name: "home-storage-nodes-only",
    level: "mandatory",
    scope: "both",
    description:
      "Home storage is reachable from nodes only: Filestore exports limited to the node range, EFS only from the cluster's security group, the Azure share only through a private endpoint.",
  },
  {
    name: "identity-provider-explicit-rule",
    level: "mandatory",
    scope: "community",
    description:
      "Every identity provider of a hub admits users only through an explicit rule: users, organizations, teams, domains, groups, or an `allowAll` written in the community file.",
  },
  {
    name: "hub-admins-may-log-in",
    level: "mandatory",
    scope: "community",
    description:
      "A hub's admins are among who may log in (listed users, the hub's domains), or the cluster's operators: an admin list never widens a hub.",
  },
  {
    name: "hub-https-only",
    level: "mandatory",
    scope: "both",
    description:
      "Every hub (and Grafana) is served over HTTPS only: its Gateway has an HTTPS listener with a certificate, and plain HTTP only redirects to HTTPS.",
  },
  {
    name: "cost-attribution-labels",
    level: "advisory",
    scope: "both",
    description:
      "Every cloud resource that takes labels or tags carries `hubnet-cluster`, and, where it belongs to one community, `hubnet-community` and `hubnet-hub`.",
  },
  {
    name: "cluster-network-policy",
    level: "mandatory",
    scope: "cluster",
    description: "Every cluster enforces Kubernetes network policies.",
  },
  {
    name: "cluster-workload-identity",
    level: "mandatory",
    scope: "cluster",
    description:
      "Every cloud cluster has workload identity on (GKE Workload Identity with the GKE metadata server, EKS IRSA, AKS Workload Identity).",
  },
  {
    name: "cluster-auto-upgrade",
    level: "mandatory",
    scope: "cluster",
    description:
      "Every cloud cluster follows a release channel or standard support with node auto-upgrades (GKE release channel and node auto-upgrade, EKS standard support, AKS upgrade channel and node OS upgrades).",
  },
  {
    name: "node-pool-bounded",
    level: "mandatory",
    scope: "cluster",
    description:
      "Every node pool has an upper bound no larger than the configured ceiling (`maxNodesPerPool`, default 100).",
  },
  {
    name: "gpu-pool-scales-to-zero",
    level: "advisory",
    scope: "cluster",
    description: "GPU node pools scale to zero when no GPU server runs.",
  },
  {
    name: "chart-version-pinned",
    level: "mandatory",
    scope: "both",
    description: "Every Helm release pins an exact chart version.",
  },
  {
    name: "image-pinned",
    level: "mandatory",
    scope: "community",
    description: "Every user image is pinned to a tag or digest, never `latest`.",
  },
  {
    name: "stack-own-namespaces",
    level: "mandatory",
    scope: "community",
    description:
      "A community stack creates Kubernetes objects only in its own hubs' namespaces (`<community>-<hub>`), and cluster-wide objects only for them: volumes bound to its own claims, read-only ClusterRoles (no secrets) named after its namespaces and bound to its own service accounts.",
  },
] as const satisfies readonly PolicyInfo[];

export type PolicyName = (typeof POLICY_CATALOG)[number]["name"];

export const POLICY_NAMES: readonly PolicyName[] = POLICY_CATALOG.map((p) => p.name);

export function policyInfo(name: string): PolicyInfo | undefined {
  return (POLICY_CATALOG as readonly PolicyInfo[]).find((p) => p.name === name);
}

/** Policies a community may be exempted from: advisory ones that look at community stacks. */
export function isExemptable(p: PolicyInfo): boolean {
  return p.level === "advisory" && p.scope !== "cluster";
}

export const EXEMPTABLE_POLICIES: readonly string[] = (POLICY_CATALOG as readonly PolicyInfo[])
  .filter(isExemptable)
  .map((p) => p.name);
