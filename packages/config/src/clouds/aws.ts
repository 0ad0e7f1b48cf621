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
    clusterAdmins: z
      .array(
        z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:(role|user)\/[A-Za-z0-9+=,.@_/-]+$/, {
          message: "must be an IAM role or user ARN, e.g. arn:aws:iam::123456789012:role/hubnet-deploy",
        }),
      )
      .prefault([])
      .describe(
        "IAM roles or users that administer the cluster besides its creator (EKS access entries with " +
          "AmazonEKSClusterAdminPolicy): the CI deploy role, so the next `pulumi up` from CI reaches the Kubernetes API.",
      ),
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
