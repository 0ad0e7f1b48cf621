/**
 * Homes on an EKS cluster: an encrypted EFS file system with AWS Backup's
 * daily backups, mount targets in the private subnets reachable from the VPC
 * only, and the EFS CSI driver.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { HomeStorage } from "../cluster/contract";
import { retention } from "../cluster/retention";
import { CHARTS } from "../versions";
import { VPC_CIDR } from "./eks-network";

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
  /** The cluster's VPC: only its addresses reach the file system. Required. */
  vpc: aws.ec2.Vpc;
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
      description: "NFS from the cluster VPC to the home file system",
      ingress: [{ protocol: "tcp", fromPort: 2049, toPort: 2049, cidrBlocks: [VPC_CIDR] }],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [VPC_CIDR] }],
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
        node: { tolerateAllTaints: true },
      },
    },
    opts,
  );
}
