/**
 * Homes on an EKS cluster: an encrypted EFS file system with AWS Backup's
 * daily backups, mount targets in the private subnets that admit NFS from the
 * nodes' security group only (the cluster security group, which EKS puts on
 * managed nodes), and the EFS CSI driver. With the VPC CNI, pods share their
 * node's security groups, so the hub namespaces' NetworkPolicies are what keep
 * pods (user code) away from the mount targets' private addresses.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { HomeStorage } from "../cluster/contract";
import { retention } from "../cluster/retention";
import { CHARTS } from "../versions";

/** The mount targets' security group: NFS from the nodes' security group only, nothing from the VPC at large. */
export function efsSecurityGroupRules(nodeSecurityGroupId: pulumi.Input<string>) {
  return {
    ingress: [{ protocol: "tcp", fromPort: 2049, toPort: 2049, securityGroups: [nodeSecurityGroupId] }],
    egress: [],
  };
}

/** The service account of the EFS CSI controller (its IRSA role trusts this one). */
export const EFS_CSI_SA = "efs-csi-controller-sa";

/** How hubs mount the EFS home file system: NFS 4.1 with the mount options AWS recommends. */
export function efsHomeStorage(dnsName: string): HomeStorage {
  return {
    kind: "nfs",
    server: dnsName,
    path: "/",
    mountOptions: [
      "nfsvers=4.1",
      "rsize=1048576",
      "wsize=1048576",
      "hard",
      "timeo=600",
      "retrans=2",
      "noresvport",
    ],
  };
}

export interface EksHomeArgs {
  /** The cluster's VPC. Required. */
  vpc: aws.ec2.Vpc;
  /** The nodes' security group (the EKS cluster security group): the only source the mount targets admit. Required. */
  nodeSecurityGroupId: pulumi.Input<string>;
  /** One mount target per subnet (the nodes' private subnets). Required. */
  subnets: aws.ec2.Subnet[];
  /** AWS Backup's daily backups of the file system (`storage.home.backups`). Required. */
  backups: boolean;
  /** The cluster's cost tags. Required. */
  tags: Record<string, string>;
}

/** The home file system of cluster `name` and its mount targets; `child` makes them children of the cluster. */
export function eksHomeFileSystem(
  name: string,
  args: EksHomeArgs,
  child: pulumi.CustomResourceOptions,
): { fileSystem: aws.efs.FileSystem; mountTargets: aws.efs.MountTarget[] } {
  const { tags } = args;
  const efsSg = new aws.ec2.SecurityGroup(
    `${name}-efs`,
    {
      vpcId: args.vpc.id,
      description: "NFS from the cluster's nodes to the home file system",
      ...efsSecurityGroupRules(args.nodeSecurityGroupId),
      tags,
    },
    child,
  );
  const fileSystem = new aws.efs.FileSystem(
    `${name}-home`,
    {
      encrypted: true,
      performanceMode: "generalPurpose",
      throughputMode: "elastic",
      lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }],
      tags: { ...tags, Name: `${name}-home` },
    },
    { ...child, ...retention("userData") },
  );
  new aws.efs.BackupPolicy(
    `${name}-home`,
    {
      fileSystemId: fileSystem.id,
      backupPolicy: { status: args.backups ? "ENABLED" : "DISABLED" },
    },
    child,
  );
  const mountTargets = args.subnets.map(
    (s, i) =>
      new aws.efs.MountTarget(
        `${name}-home-${i}`,
        { fileSystemId: fileSystem.id, subnetId: s.id, securityGroups: [efsSg.id] },
        child,
      ),
  );
  return { fileSystem, mountTargets };
}

/**
 * The EFS CSI driver, its controller on the core pool with IRSA role `roleArn`. `opts` carries the
 * cluster's Kubernetes provider and what the driver waits for (the mount targets).
 */
export function efsCsiDriver(
  name: string,
  roleArn: pulumi.Input<string>,
  tags: Record<string, string>,
  opts: pulumi.CustomResourceOptions,
): k8s.helm.v3.Release {
  return new k8s.helm.v3.Release(
    `${name}-aws-efs-csi-driver`,
    {
      chart: CHARTS.awsEfsCsiDriver.chart,
      version: CHARTS.awsEfsCsiDriver.version,
      repositoryOpts: { repo: CHARTS.awsEfsCsiDriver.repo },
      name: "aws-efs-csi-driver",
      namespace: "kube-system",
      atomic: true,
      values: {
        controller: {
          serviceAccount: {
            create: true,
            name: EFS_CSI_SA,
            annotations: { "eks.amazonaws.com/role-arn": roleArn },
          },
          nodeSelector: { "hub.jupyter.org/node-purpose": "core" },
          tags,
        },
        // The node DaemonSet mounts homes on every node, tainted user and GPU nodes included. (The
        // EBS CSI chart's `node.tolerateAllTaints` is not a key of this chart: tolerations are.)
        node: { tolerations: [{ operator: "Exists" }] },
      },
    },
    opts,
  );
}
