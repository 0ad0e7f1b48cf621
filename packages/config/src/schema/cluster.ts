/**
 * The cluster config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`.
 *
 * One stack of the cluster project per cluster. `cloud` selects the provider;
 * `local` runs on an existing kubeconfig context (kind, minikube, k3d, Docker
 * Desktop) and needs no cloud account.
 */
import { z } from "zod";
import { bytesQuantity, cpuQuantity, dnsLabel, domainName, email } from "./common";

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
const kubernetesVersion = z
  .string()
  .regex(/^1\.[0-9]{2}$/, { message: "must be a Kubernetes minor version such as 1.33" })
  .prefault("1.33")
  .describe("Kubernetes minor version.");

const HomeStorageKind = z.enum(["filestore", "efs", "azure-files", "default"]);

const common = {
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
  operators: z
    .array(z.string().min(1))
    .prefault([])
    .describe("Platform operators: admins on every hub of this cluster, so they can always help."),
};

const homeStorage = (kinds: z.infer<typeof HomeStorageKind>[], dflt: z.infer<typeof HomeStorageKind>) =>
  z
    .strictObject({
      kind: z
        .enum(kinds as [string, ...string[]])
        .prefault(dflt)
        .describe("The managed file service that holds homes."),
      capacity: bytesQuantity.prefault("1Ti").describe("Provisioned capacity of the home file share."),
      backups: z
        .boolean()
        .prefault(true)
        .describe("Scheduled backups or snapshots, where the cloud offers them."),
    })
    .describe("Home directory storage shared by the cluster's hubs, a sub-path per hub and user.");

const storage = (
  kinds: z.infer<typeof HomeStorageKind>[],
  dflt: z.infer<typeof HomeStorageKind>,
  buckets: boolean,
) =>
  z
    .strictObject({
      home: homeStorage(kinds, dflt).prefault({ kind: dflt, capacity: "1Ti", backups: true }),
      buckets: z
        .boolean()
        .prefault(buckets)
        .describe("Whether hubs on this cluster may have object-storage buckets."),
    })
    .prefault({ home: { kind: dflt, capacity: "1Ti", backups: true }, buckets })
    .describe("Storage the cluster offers its hubs.");

export const GcpCluster = z
  .strictObject({
    cloud: z.literal("gcp").describe("Google Cloud (GKE)."),
    project: z
      .string()
      .regex(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/, { message: "must be a GCP project ID" })
      .describe("GCP project ID that holds the cluster."),
    region: z
      .string()
      .regex(/^[a-z]+-[a-z]+[0-9]$/, { message: "must be a GCP region such as us-central1" })
      .describe("GCP region, e.g. us-central1."),
    zone: z
      .string()
      .regex(/^[a-z]+-[a-z]+[0-9]-[a-z]$/, { message: "must be a GCP zone such as us-central1-b" })
      .optional()
      .describe("Zonal cluster in this zone (cheaper); otherwise regional."),
    releaseChannel: z
      .enum(["RAPID", "REGULAR", "STABLE"])
      .prefault("REGULAR")
      .describe("GKE release channel."),
    nodePools: NodePools,
    storage: storage(["filestore"], "filestore", true),
    ...common,
  })
  .describe("A GKE cluster.");

export const AwsCluster = z
  .strictObject({
    cloud: z.literal("aws").describe("Amazon Web Services (EKS)."),
    account: z
      .union([z.string(), z.number()])
      .transform(String)
      .pipe(
        z.string().regex(/^[0-9]{12}$/, { message: "must be a 12-digit AWS account ID (quote it in YAML)" }),
      )
      .describe("12-digit AWS account ID (quote it)."),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-[0-9]$/, { message: "must be an AWS region such as us-west-2" })
      .describe("AWS region, e.g. us-west-2."),
    kubernetesVersion,
    nodePools: NodePools,
    storage: storage(["efs"], "efs", true),
    ...common,
  })
  .describe("An EKS cluster.");

export const AzureCluster = z
  .strictObject({
    cloud: z.literal("azure").describe("Microsoft Azure (AKS)."),
    subscriptionId: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, {
        message: "must be a subscription ID (a UUID)",
      })
      .describe("Azure subscription ID."),
    location: z
      .string()
      .regex(/^[a-z]+[a-z0-9]*$/, { message: "must be an Azure location such as westeurope" })
      .describe("Azure location, e.g. westeurope."),
    resourceGroup: z
      .string()
      .min(1)
      .max(90)
      .optional()
      .describe("Resource group; defaults to hubnet-<cluster>."),
    kubernetesVersion,
    nodePools: NodePools,
    storage: storage(["azure-files"], "azure-files", true),
    ...common,
  })
  .describe("An AKS cluster.");

export const LocalCluster = z
  .strictObject({
    cloud: z.literal("local").describe("An existing cluster reached through a kubeconfig context."),
    context: z
      .string()
      .min(1)
      .describe("kubeconfig context of an existing cluster (kind, minikube, k3d, Docker Desktop)."),
    kubeconfig: z
      .string()
      .optional()
      .describe("Path to the kubeconfig file; defaults to $KUBECONFIG or ~/.kube/config."),
    node: z
      .strictObject({
        cpu: cpuQuantity.describe("CPU of the largest node."),
        memory: bytesQuantity.describe("Memory of the largest node."),
      })
      .prefault({ cpu: 4, memory: "8Gi" })
      .describe("Size of the largest node, so profiles can be checked against it."),
    storage: z
      .strictObject({
        home: z
          .strictObject({
            kind: z.literal("default").prefault("default"),
            capacity: bytesQuantity.prefault("10Gi"),
            backups: z.literal(false).prefault(false),
          })
          .prefault({ kind: "default", capacity: "10Gi", backups: false }),
        buckets: z
          .literal(false, {
            message: "local clusters have no object storage: remove `buckets` or set it to false",
          })
          .prefault(false),
      })
      .prefault({ home: { kind: "default", capacity: "10Gi", backups: false }, buckets: false })
      .describe("Homes on the cluster's default StorageClass; no object storage."),
    ...common,
  })
  .describe("An existing local cluster.");

export const ClusterSchema = z
  .discriminatedUnion("cloud", [GcpCluster, AwsCluster, AzureCluster, LocalCluster])
  .describe("A cluster that hosts community hubs.");

export type Cluster = z.output<typeof ClusterSchema>;
export type GcpClusterConfig = z.output<typeof GcpCluster>;
export type AwsClusterConfig = z.output<typeof AwsCluster>;
export type AzureClusterConfig = z.output<typeof AzureCluster>;
export type LocalClusterConfig = z.output<typeof LocalCluster>;
export type CloudCluster = GcpClusterConfig | AwsClusterConfig | AzureClusterConfig;
