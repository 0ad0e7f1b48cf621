/**
 * An existing local cluster (kind, minikube, k3d, Docker Desktop), reached
 * through a kubeconfig context: no node pools, no machine types, no object
 * storage; the size of its largest node is declared instead.
 */
import { z } from "zod";
import { clusterFields } from "../schema/cluster";
import { bytesQuantity, cpuQuantity } from "../schema/common";
import { type CloudConfig, defineCloud } from "./cloud-config";

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
    ...clusterFields,
  })
  .describe("An existing local cluster.");

export type LocalClusterConfig = z.output<typeof LocalCluster>;

export const local: CloudConfig<typeof LocalCluster> = defineCloud({
  schema: LocalCluster,
  region: () => "local",
  checks: () => [],
});
