/**
 * Google Cloud (GKE): the schema branch of a GKE cluster, the machine types and
 * GPUs its node pools may use, and what GkeCluster needs beyond them (a zone
 * inside the region, Filestore's smallest share).
 */
import { z } from "zod";
import { type Loaded, where } from "../loaded";
import { GCP_GPUS, GCP_MACHINE_TYPES } from "../machine-types";
import type { Problem } from "../problems";
import { cloudStorage, clusterFields, NodePools } from "../schema/cluster";
import { type CloudConfig, defineCloud } from "./cloud-config";
import { GCP_FACTS } from "./gcp-facts";

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
    billingAccount: z
      .string()
      .regex(/^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/, {
        message: "must be a billing account ID such as 012345-6789AB-CDEF01 (`gcloud billing accounts list`)",
      })
      .optional()
      .describe(
        "The Cloud Billing account the project is billed to: community budgets on this cluster are created in it (billing.budgets.admin on the account is needed to deploy them). Without it, communities' `budget` gets no budget alert on this cluster (`hubnet validate` warns).",
      ),
    releaseChannel: z
      .enum(["RAPID", "REGULAR", "STABLE"])
      .prefault("REGULAR")
      .describe("GKE release channel."),
    deletionProtection: z
      .boolean()
      .prefault(true)
      .describe(
        "GKE's and Filestore's deletion protection: while true, neither the cluster nor the home share can be " +
          "deleted (`pulumi destroy` fails). Set it to false and `pulumi up` before tearing the cluster down " +
          '(docs/platform/clusters.md, "Tearing down a cluster").',
      ),
    nodePools: NodePools,
    storage: cloudStorage(["filestore"], "filestore", true),
    ...clusterFields,
  })
  .describe("A GKE cluster.");

export type GcpClusterConfig = z.output<typeof GcpCluster>;

/** Filestore BASIC_HDD (the tier GkeCluster creates) holds at least 1 TiB. */
export const FILESTORE_MIN_BYTES = 2 ** 40;

function checks(loaded: Loaded<GcpClusterConfig>): Problem[] {
  const c = loaded.config;
  const problems: Problem[] = [];
  if (c.zone && !c.zone.startsWith(`${c.region}-`)) {
    problems.push({
      ...where(loaded, ["zone"]),
      message: `zone ${c.zone} is not in region ${c.region}: use a zone such as ${c.region}-b, or change region`,
    });
  }
  if (c.storage.home.capacity.bytes < FILESTORE_MIN_BYTES) {
    problems.push({
      ...where(loaded, ["storage", "home", "capacity"]),
      message: `Filestore shares hold at least 1Ti; ${c.storage.home.capacity.text} is too small: set capacity to 1Ti or more`,
    });
  }
  return problems;
}

export const gcp: CloudConfig<typeof GcpCluster> = defineCloud({
  schema: GcpCluster,
  machineTypes: GCP_MACHINE_TYPES,
  gpus: GCP_GPUS,
  region: (c) => c.region,
  checks,
  facts: GCP_FACTS,
});
