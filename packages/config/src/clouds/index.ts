/**
 * The clouds a cluster can run on, one config module each. The cluster schema
 * (the union of every cloud's branch), the machine-type and GPU tables, a
 * cluster's region and the per-cloud platform checks are derived from here:
 * adding a cloud is one module beside this file and one line in `CLOUD_CONFIGS`
 * and `ClusterSchema` (docs/platform/adding-a-cloud.md).
 */
import { z } from "zod";
import type { Loaded } from "../loaded";
import type { Problem } from "../problems";
import { aws } from "./aws";
import { azure } from "./azure";
import type { CloudConfig, MachineType } from "./cloud-config";
import { existing } from "./existing";
import { gcp } from "./gcp";
import { local } from "./local";

export type { AwsClusterConfig } from "./aws";
export { AwsCluster } from "./aws";
export { AKS_POOL_NAME, AzureCluster, type AzureClusterConfig } from "./azure";
export type { CloudConfig, GpuOffer, MachineType } from "./cloud-config";
export {
  EXISTING_KUBECONFIG_KEY,
  ExistingCluster,
  type ExistingClusterConfig,
  kubeconfigCommand,
  nfsServerAddresses,
} from "./existing";
export { FILESTORE_MIN_BYTES, GcpCluster, type GcpClusterConfig } from "./gcp";
export { LocalCluster, type LocalClusterConfig } from "./local";

/** Every cloud's config module, in the order the schema and the docs list them. */
export const CLOUD_CONFIGS = { gcp, aws, azure, existing, local } as const;

export type Cloud = keyof typeof CLOUD_CONFIGS;
export const CLOUDS = Object.keys(CLOUD_CONFIGS) as Cloud[];

export const ClusterSchema = z
  .discriminatedUnion("cloud", [gcp.schema, aws.schema, azure.schema, existing.schema, local.schema])
  .describe("A cluster that hosts community hubs.");

export type Cluster = z.output<typeof ClusterSchema>;

/**
 * Whether hubnet creates this cloud's node pools (labelled `hub.jupyter.org/node-purpose` and
 * `hubnet.org/pool`, so pods are placed by those labels); local and existing clusters' nodes carry none.
 */
export function hasNodePools(cloud: Cloud): boolean {
  return CLOUD_CONFIGS[cloud].machineTypes !== undefined;
}

/** The region (or location) of a cluster: `local` for local clusters. */
export function clusterRegion(c: Cluster): string {
  return (CLOUD_CONFIGS[c.cloud].region as (c: Cluster) => string)(c);
}

/** The checks of what each cloud's cluster component needs beyond machine types and GPUs. */
export function checkClusterPlatform(loaded: Loaded<Cluster>): Problem[] {
  return (CLOUD_CONFIGS[loaded.config.cloud].checks as (l: Loaded<Cluster>) => Problem[])(loaded);
}

/** Machine types per cloud with node pools, the GPUs they carry and their size. */
export const MACHINE_TYPES: Record<string, Record<string, MachineType>> = Object.fromEntries(
  Object.entries(CLOUD_CONFIGS).flatMap(([cloud, c]: [string, CloudConfig]) =>
    c.machineTypes ? [[cloud, c.machineTypes]] : [],
  ),
);

export function lookupMachineType(cloud: Cloud, machineType: string): MachineType | undefined {
  const table: Record<string, MachineType> = CLOUD_CONFIGS[cloud].machineTypes ?? {};
  return Object.hasOwn(table, machineType) ? table[machineType] : undefined;
}

/** The module of a cloud's config (schema branch and checks). */
export function cloudConfigFile(cloud: Cloud): string {
  return `packages/config/src/clouds/${cloud}.ts`;
}

/** The module that lists a cloud's machine-type families and GPUs, for messages that send the reader there. */
export function machineTypesFile(cloud: Cloud): string {
  return `packages/config/src/machine-types/${cloud}.ts`;
}

export * from "./resource-facts";
