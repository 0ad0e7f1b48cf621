/**
 * Building blocks of the cluster config (key `hubnet:cluster` of
 * `stacks/cluster/Pulumi.<cluster>.yaml`) that every cloud's schema branch
 * shares: node pools, home storage, the fields of every cluster. Each cloud's
 * branch is in `src/clouds/<cloud>.ts`; the union of the branches is
 * `ClusterSchema` in `src/clouds/index.ts`.
 */
import { z } from "zod";
import { bytesQuantity, dnsLabel, domainName, email, githubHandle, httpsUrl, hubUserName } from "./common";

const poolBounds = {
  min: z.number().int().min(0).prefault(0).describe("Smallest number of nodes; user pools scale to zero."),
  max: z.number().int().min(1).describe("Largest number of nodes the autoscaler may create."),
  spot: z.boolean().prefault(false).describe("Use spot / preemptible capacity (cheaper, may be reclaimed)."),
};

export const CorePool = z
  .strictObject({
    machineType: z.string().min(1).describe("Machine type of the core pool (hub, proxy and system pods)."),
    min: z.number().int().min(1).prefault(1).describe("Smallest number of core nodes (at least one)."),
    max: z.number().int().min(1).prefault(3).describe("Largest number of core nodes."),
  })
  .describe("The core pool that runs hubs, proxies and system pods.");

export const UserPool = z
  .strictObject({
    name: dnsLabel("a node pool name").describe("Pool name, also the node label `hubnet.org/pool`."),
    machineType: z.string().min(1).describe("Machine type of the pool's nodes."),
    ...poolBounds,
  })
  .describe("A pool for user servers, tainted so that only user pods land on it.");

export const GpuPool = z
  .strictObject({
    name: dnsLabel("a node pool name").describe("Pool name, also the node label `hubnet.org/pool`."),
    machineType: z.string().min(1).describe("Machine type of the pool's nodes."),
    accelerator: z
      .strictObject({
        type: z.string().min(1).describe("GPU type, e.g. nvidia-tesla-t4 (GCP), nvidia-t4 (AWS, Azure)."),
        count: z.number().int().min(1).max(8).prefault(1).describe("GPUs per node."),
      })
      .describe("The GPUs on each node."),
    ...poolBounds,
  })
  .describe("A GPU pool for user servers, with drivers and the device plugin.");

export const NodePools = z
  .strictObject({
    core: CorePool,
    user: z.array(UserPool).min(1, { message: "list at least one user pool" }).describe("User server pools."),
    gpu: z.array(GpuPool).prefault([]).describe("GPU pools."),
  })
  .describe("Node pools of a cloud cluster.");

/** The Kubernetes minor version of a cluster whose version hubnet chooses (EKS, AKS; GKE follows its release channel). */
export const kubernetesVersion = z
  .string()
  .regex(/^1\.[0-9]{2}$/, { message: "must be a Kubernetes minor version such as 1.36" })
  .prefault("1.36")
  .describe(
    "Kubernetes minor version. `hubnet validate` warns 60 days before it leaves the cloud's standard support and refuses it after (packages/config/src/kubernetes-versions.ts). Changing it upgrades the control plane, then the nodes, in place.",
  );

/**
 * Platform operators, as identities the hubs' providers prove: admins on every hub of the cluster
 * whose provider can prove them (docs/platform/operators.md says how they log in to each kind of hub).
 */
export const Operators = z
  .strictObject({
    github: z
      .array(githubHandle)
      .prefault([])
      .describe(
        "GitHub handles: admins on GitHub hubs, and on CILogon hubs through CILogon's GitHub provider " +
          "(listed for them when the community does not list it).",
      ),
    google: z
      .array(email)
      .prefault([])
      .describe(
        "Google accounts: admins on Google hubs (whose `domains`, when set, include theirs), and on CILogon " +
          "hubs through CILogon's Google provider.",
      ),
    oidc: z
      .record(httpsUrl, z.array(hubUserName))
      .prefault({})
      .describe(
        "Per OpenID Connect issuer URL, the user names it gives the operators: admins on hubs of that issuer.",
      ),
    local: z
      .array(hubUserName)
      .prefault([])
      .describe("User names on hubs with dummy auth (local clusters only)."),
  })
  .describe(
    "Platform operators, per identity provider: each is an admin only where a hub's provider proves that " +
      "identity (never a bare user name any provider could report).",
  )
  .meta({
    examples: [
      {
        github: ["hubnet-ops"],
        google: ["ops@hubnet.cloud"],
        oidc: { "https://login.example.org": ["ops"] },
      },
    ],
  });

export type Operators = z.output<typeof Operators>;

/** The fields every cluster has, whatever its cloud. */
export const clusterFields = {
  domain: domainName.describe(
    "Base domain; hubs are served at names under it (e.g. <hub>.<community>.<domain>).",
  ),
  extraDomains: z
    .array(domainName)
    .prefault([])
    .describe(
      "Other domains (and their sub-domains) whose DNS points at this cluster, for hubs with their own names.",
    ),
  certificateEmail: email.describe("Contact e-mail for ACME (Let's Encrypt) certificates."),
  tags: z
    .record(z.string().regex(/^[a-z0-9_-]{1,63}$/), z.string().regex(/^[a-z0-9_-]{0,63}$/))
    .prefault({})
    .describe("Extra cost-attribution labels/tags on every resource (lower-case keys and values)."),
  operators: Operators.prefault({}),
  operatorEmails: z
    .array(email)
    .prefault([])
    .describe(
      "E-mail addresses of the platform operators: they receive the budget alerts of every community on this cluster, with the community's own `budget.alertEmails`.",
    ),
};

const homeStorage = (kinds: string[], dflt: string, backups: boolean) =>
  z
    .strictObject({
      kind: z
        .enum(kinds as [string, ...string[]])
        .prefault(dflt)
        .describe("The managed file service that holds homes."),
      capacity: bytesQuantity.prefault("1Ti").describe("Provisioned capacity of the home file share."),
      backups: z
        .boolean()
        .prefault(backups)
        .describe(
          "Scheduled backups of the home share: EFS through AWS Backup (daily), Filestore through a daily Cloud Scheduler job keeping 14; refused on AKS, where Azure Backup cannot back up NFS shares.",
        ),
    })
    .describe("Home directory storage shared by the cluster's hubs, a sub-path per hub and user.");

/**
 * `storage` of a cloud cluster: homes on one of `kinds` of managed file service (`dflt` by default), and
 * whether hubs may have buckets (`buckets` by default) and home backups (`backups` by default: false
 * where the cloud cannot back up that kind of share).
 */
export const cloudStorage = (kinds: string[], dflt: string, buckets: boolean, backups = true) =>
  z
    .strictObject({
      home: homeStorage(kinds, dflt, backups).prefault({ kind: dflt, capacity: "1Ti", backups }),
      buckets: z
        .boolean()
        .prefault(buckets)
        .describe("Whether hubs on this cluster may have object-storage buckets."),
    })
    .prefault({ home: { kind: dflt, capacity: "1Ti", backups }, buckets })
    .describe("Storage the cluster offers its hubs.");
