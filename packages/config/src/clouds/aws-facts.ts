/**
 * AWS (`@pulumi/aws` 7, bridged from terraform-provider-aws 6.x): what its resources mean to
 * hubnet, in the form of ./facts.ts. `replaceOnChange` lists the attributes the Terraform
 * provider marks `ForceNew`.
 */
import type { ProviderFacts } from "./facts";

/**
 * The type tokens of this provider's user data and clusters, written here only: every other
 * module names them through this object (a test checks that no other source file spells them).
 */
export const AWS_TYPES = {
  efs: "aws:efs/fileSystem:FileSystem",
  ebs: "aws:ebs/volume:Volume",
  s3Bucket: "aws:s3/bucket:Bucket",
  s3BucketV2: "aws:s3/bucketV2:BucketV2",
  eks: "aws:eks/cluster:Cluster",
} as const;

const tpa = (resource: string) => `hashicorp/terraform-provider-aws (ForceNew attributes of ${resource})`;

export const AWS_FACTS: ProviderFacts = {
  package: "aws",
  // Every regional resource has a ForceNew top-level `region` whose default is the provider's
  // (the "effective Region"): a provider moved to another region replaces them all.
  relocating: ["region"],
  budgetRecipients: {
    max: 10,
    source:
      "docs.aws.amazon.com/cost-management/latest/userguide/budgets-limits.html (10 e-mail subscribers per notification)",
  },
  relocatingSource:
    "hashicorp/terraform-provider-aws 6.x website/docs/guides/enhanced-region-support.html.markdown (the effective Region; a resource's `region` forces a new resource)",
  types: {
    [AWS_TYPES.efs]: {
      holds: "home-storage",
      replaceOnChange: ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName"],
      source: tpa("aws_efs_file_system"),
    },
    "aws:efs/mountTarget:MountTarget": {
      replaceOnChange: ["fileSystemId", "subnetId", "ipAddress"],
      source: tpa("aws_efs_mount_target"),
    },
    [AWS_TYPES.ebs]: {
      holds: "volume",
      replaceOnChange: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "outpostArn"],
      noShrink: [
        {
          path: "size",
          unit: "number",
          refusedBy: "EBS (ModifyVolume can grow a volume, never shrink it)",
          source: "docs.aws.amazon.com/ebs/latest/userguide/modify-volume-requirements.html",
        },
      ],
      source: tpa("aws_ebs_volume"),
    },
    [AWS_TYPES.s3Bucket]: {
      holds: "bucket",
      replaceOnChange: ["bucket", "bucketPrefix", "objectLockEnabled"],
      source: tpa("aws_s3_bucket"),
    },
    [AWS_TYPES.s3BucketV2]: {
      holds: "bucket",
      replaceOnChange: ["bucket", "bucketPrefix", "objectLockEnabled"],
      source: tpa("aws_s3_bucket"),
    },
    [AWS_TYPES.eks]: {
      holds: "cluster",
      contains: "dependents",
      replaceOnChange: ["name", "kubernetesNetworkConfig", "outpostConfig", "bootstrapSelfManagedAddons"],
      source: tpa("aws_eks_cluster"),
    },
    "aws:eks/nodeGroup:NodeGroup": {
      replaceOnChange: [
        "clusterName",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "subnetIds",
        "amiType",
        "capacityType",
        "diskSize",
        "instanceTypes",
        "remoteAccess",
      ],
      source: tpa("aws_eks_node_group"),
    },
    "aws:iam/role:Role": { replaceOnChange: ["name", "namePrefix", "path"], source: tpa("aws_iam_role") },
    "aws:iam/rolePolicy:RolePolicy": {
      replaceOnChange: ["name", "namePrefix", "role"],
      source: tpa("aws_iam_role_policy"),
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
      replaceOnChange: ["role", "policyArn"],
      source: tpa("aws_iam_role_policy_attachment"),
    },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
      replaceOnChange: ["url"],
      source: tpa("aws_iam_openid_connect_provider"),
    },
    "aws:ec2/vpc:Vpc": { replaceOnChange: ["cidrBlock", "instanceTenancy"], source: tpa("aws_vpc") },
    "aws:ec2/subnet:Subnet": {
      replaceOnChange: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
      source: tpa("aws_subnet"),
    },
    "aws:ec2/securityGroup:SecurityGroup": {
      replaceOnChange: ["name", "namePrefix", "vpcId", "description"],
      source: tpa("aws_security_group"),
    },
    "aws:ec2/natGateway:NatGateway": {
      replaceOnChange: ["allocationId", "subnetId", "connectivityType"],
      source: tpa("aws_nat_gateway"),
    },
    "aws:kms/key:Key": {
      replaceOnChange: ["customerMasterKeySpec", "keySpec", "multiRegion", "xksKeyId"],
      source: tpa("aws_kms_key"),
    },
  },
};
