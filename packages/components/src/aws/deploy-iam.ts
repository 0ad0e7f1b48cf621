/**
 * The IAM actions the deploy identity needs on AWS, per resource type (cluster/deploy-iam.ts), by
 * service (the AWS Service Authorization Reference names each service's actions); `iam:PassRole` for
 * the roles EKS and its node groups run as is in `always`.
 */
import { AWS_TYPES } from "@hubnet/config";
import type { DeployIamFacts } from "../cluster/deploy-iam";

const account = (grant: string) => ({ grant, scope: "account" });
const EC2 = account("ec2:*");
const IAM = account("iam:*Role*, iam:*RolePolicy*, iam:TagRole, iam:UntagRole");

export const AWS_DEPLOY_IAM: DeployIamFacts = {
  cloud: "aws",
  table: {
    "aws:ec2/vpc:Vpc": [EC2],
    "aws:ec2/subnet:Subnet": [EC2],
    "aws:ec2/internetGateway:InternetGateway": [EC2],
    "aws:ec2/natGateway:NatGateway": [EC2],
    "aws:ec2/eip:Eip": [EC2],
    "aws:ec2/routeTable:RouteTable": [EC2],
    "aws:ec2/routeTableAssociation:RouteTableAssociation": [EC2],
    "aws:ec2/securityGroup:SecurityGroup": [EC2],
    "aws:ec2/vpcEndpoint:VpcEndpoint": [EC2],
    "aws:ec2/launchTemplate:LaunchTemplate": [EC2],
    "aws:autoscaling/tag:Tag": [
      account("autoscaling:CreateOrUpdateTags, autoscaling:DeleteTags, autoscaling:Describe*"),
    ],
    [AWS_TYPES.eks]: [account("eks:*")],
    "aws:eks/nodeGroup:NodeGroup": [account("eks:*")],
    "aws:eks/addon:Addon": [account("eks:*")],
    "aws:eks/accessEntry:AccessEntry": [account("eks:*")],
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": [account("eks:*")],
    "aws:kms/key:Key": [account("kms:*")],
    [AWS_TYPES.efs]: [account("elasticfilesystem:*")],
    "aws:efs/mountTarget:MountTarget": [account("elasticfilesystem:*")],
    "aws:efs/backupPolicy:BackupPolicy": [account("elasticfilesystem:*, backup:*")],
    "aws:iam/role:Role": [IAM],
    "aws:iam/rolePolicy:RolePolicy": [IAM],
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": [IAM],
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": [account("iam:*OpenIDConnectProvider*")],
    [AWS_TYPES.s3Bucket]: [account("s3:*")],
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": [account("s3:*")],
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": [account("s3:*")],
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": [
      account("s3:*"),
    ],
    "aws:s3/bucketVersioning:BucketVersioning": [account("s3:*")],
    "aws:budgets/budget:Budget": [account("budgets:*")],
  },
  always: [
    {
      ...account("iam:PassRole"),
      why: "EKS, its node groups and its add-ons run as the roles the stack creates",
    },
    {
      ...account("iam:CreateServiceLinkedRole"),
      why: "EKS, node groups, EFS and AWS Backup create their service-linked roles on first use",
    },
    {
      ...account("sts:GetCallerIdentity, ec2:DescribeAvailabilityZones"),
      why: "the provider's checks and the zones",
    },
  ],
};
