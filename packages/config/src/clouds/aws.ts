/**
 * Amazon Web Services (EKS): the schema branch of an EKS cluster and the
 * machine types and GPUs its node groups may use.
 */
import { z } from "zod";
import { AWS_GPUS, AWS_MACHINE_TYPES } from "../machine-types";
import { cloudStorage, clusterFields, kubernetesVersion, NodePools } from "../schema/cluster";
import { AWS_FACTS } from "./aws-facts";
import { type CloudConfig, defineCloud } from "./cloud-config";

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

export const aws: CloudConfig<typeof AwsCluster> = defineCloud({
  schema: AwsCluster,
  machineTypes: AWS_MACHINE_TYPES,
  gpus: AWS_GPUS,
  region: (c) => c.region,
  checks: () => [],
  facts: AWS_FACTS,
});
