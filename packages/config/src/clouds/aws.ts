/**
 * Amazon Web Services (EKS): the schema branch of an EKS cluster and the
 * machine types and GPUs its node groups may use.
 */
import { z } from "zod";
import { cloudStorage, clusterFields, kubernetesVersion, NodePools } from "../schema/cluster";
import { type CloudConfig, defineCloud, type MachineType } from "./cloud-config";

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
    storage: cloudStorage(["efs"], "efs", true),
    ...clusterFields,
  })
  .describe("An EKS cluster.");

export type AwsClusterConfig = z.output<typeof AwsCluster>;

const machineTypes: Record<string, MachineType> = {
  "t3.large": { cpu: 2, memoryGiB: 8 },
  "t3.xlarge": { cpu: 4, memoryGiB: 16 },
  "m6i.large": { cpu: 2, memoryGiB: 8 },
  "m6i.xlarge": { cpu: 4, memoryGiB: 16 },
  "m6i.2xlarge": { cpu: 8, memoryGiB: 32 },
  "m6i.4xlarge": { cpu: 16, memoryGiB: 64 },
  "r6i.large": { cpu: 2, memoryGiB: 16 },
  "r6i.xlarge": { cpu: 4, memoryGiB: 32 },
  "r6i.2xlarge": { cpu: 8, memoryGiB: 64 },
  "r6i.4xlarge": { cpu: 16, memoryGiB: 128 },
  "r6i.8xlarge": { cpu: 32, memoryGiB: 256 },
  "g4dn.xlarge": { cpu: 4, memoryGiB: 16, gpu: { type: "nvidia-t4", count: 1 } },
  "g4dn.2xlarge": { cpu: 8, memoryGiB: 32, gpu: { type: "nvidia-t4", count: 1 } },
  "g4dn.4xlarge": { cpu: 16, memoryGiB: 64, gpu: { type: "nvidia-t4", count: 1 } },
  "g5.xlarge": { cpu: 4, memoryGiB: 16, gpu: { type: "nvidia-a10g", count: 1 } },
  "g5.2xlarge": { cpu: 8, memoryGiB: 32, gpu: { type: "nvidia-a10g", count: 1 } },
  "p3.2xlarge": { cpu: 8, memoryGiB: 61, gpu: { type: "nvidia-v100", count: 1 } },
};

const gpuRegions: Record<string, string[]> = {
  "nvidia-t4": [
    "us-east-1",
    "us-east-2",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
    "ca-central-1",
  ],
  "nvidia-a10g": ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ca-central-1"],
  "nvidia-v100": ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"],
};

export const aws: CloudConfig<typeof AwsCluster> = defineCloud({
  schema: AwsCluster,
  machineTypes,
  gpuRegions,
  region: (c) => c.region,
  checks: () => [],
});
