/**
 * Microsoft Azure (AKS): the schema branch of an AKS cluster, the machine
 * types and GPUs its agent pools may use, and what AksCluster needs beyond
 * them (AKS node pool names).
 */
import { z } from "zod";
import { type Loaded, where } from "../loaded";
import { AZURE_GPUS, AZURE_MACHINE_TYPES } from "../machine-types";
import type { PathSegment, Problem } from "../problems";
import { cloudStorage, clusterFields, kubernetesVersion, NodePools } from "../schema/cluster";
import { AZURE_FACTS } from "./azure-facts";
import { type CloudConfig, defineCloud } from "./cloud-config";

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
    storage: cloudStorage(["azure-files"], "azure-files", true, false),
    ...clusterFields,
  })
  .describe("An AKS cluster.");

export type AzureClusterConfig = z.output<typeof AzureCluster>;

/** AKS Linux node pool names: a lower-case letter, then letters and digits, 12 characters at most. */
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;

function checks(loaded: Loaded<AzureClusterConfig>): Problem[] {
  const c = loaded.config;
  const pools: [string, PathSegment[]][] = [
    ...c.nodePools.user.map((u, i): [string, PathSegment[]] => [u.name, ["nodePools", "user", i, "name"]]),
    ...c.nodePools.gpu.map((g, i): [string, PathSegment[]] => [g.name, ["nodePools", "gpu", i, "name"]]),
  ];
  const problems: Problem[] = [];
  if (c.storage.home.backups) {
    problems.push({
      ...where(loaded, ["storage", "home", "backups"]),
      message:
        "Azure Backup cannot back up NFS Azure file shares (its support matrix for Azure Files), and hubnet's AKS homes are an NFS share: set backups to false (docs/platform/clusters.md says how to protect AKS homes)",
    });
  }
  for (const [name, p] of pools) {
    if (!AKS_POOL_NAME.test(name)) {
      const suggestion = name.replace(/[^a-z0-9]/g, "").slice(0, 12);
      problems.push({
        ...where(loaded, p),
        message: `AKS node pool names are 1-12 lower-case letters and digits, starting with a letter: "${name}" is not${/^[a-z]/.test(suggestion) ? `; for example "${suggestion}"` : ""}`,
      });
    }
  }
  return problems;
}

export const azure: CloudConfig<typeof AzureCluster> = defineCloud({
  schema: AzureCluster,
  machineTypes: AZURE_MACHINE_TYPES,
  gpus: AZURE_GPUS,
  region: (c) => c.location,
  checks,
  facts: AZURE_FACTS,
});
