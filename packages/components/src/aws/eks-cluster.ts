/**
 * An EKS cluster built from plain @pulumi/aws resources: a VPC with private
 * node subnets behind a NAT gateway, secrets envelope-encrypted with KMS, an
 * IAM OIDC provider for IRSA, the VPC CNI with network policy enforcement,
 * managed node groups (AL2023; NVIDIA AMI for GPU pools) on a launch template
 * with encrypted EBS and IMDSv2 at hop limit 1 (pods cannot reach instance
 * metadata), cluster-autoscaler tags for scale-from-zero, and EFS for homes.
 */
import type { AwsClusterConfig } from "@hubnet/config";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputsInput, HomeStorage, HubnetCluster } from "../cluster/contract";
import { clusterOutputs, clusterProvider } from "../cluster/outputs";
import { clusterTags, type PoolSpec, poolSpecs } from "../cluster/pools";
import { CHARTS } from "../versions";
import { clusterAutoscalerPolicy, irsaTrust, servicePrincipalTrust } from "./eks-policies";

export interface EksClusterArgs {
  config: AwsClusterConfig;
}

/** The provider an EKS cluster stack uses: region from the config, cost tags on everything by default. */
export function awsProvider(name: string, config: AwsClusterConfig): aws.Provider {
  return new aws.Provider(`${name}-aws`, {
    region: config.region as aws.Region,
    allowedAccountIds: [config.account],
    defaultTags: { tags: clusterTags(name, config.tags) },
  });
}

export const VPC_CIDR = "10.0.0.0/16";
export const EFS_CSI_SA = "efs-csi-controller-sa";

/** Managed node group AMI: AL2023, with NVIDIA drivers for GPU pools. */
export function eksAmiType(pool: PoolSpec): string {
  return pool.accelerator ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD";
}

/**
 * cluster-autoscaler tags: auto-discovery, plus the node-template labels, taints and GPUs
 * that let it scale a group up from zero nodes.
 */
export function autoscalerTags(clusterName: string, pool: PoolSpec): Record<string, string> {
  const tags: Record<string, string> = {
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
  };
  for (const [k, v] of Object.entries(pool.labels))
    tags[`k8s.io/cluster-autoscaler/node-template/label/${k}`] = v;
  for (const t of pool.taints)
    tags[`k8s.io/cluster-autoscaler/node-template/taint/${t.key}`] = `${t.value}:${t.effect}`;
  if (pool.accelerator) {
    tags["k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu"] = String(pool.accelerator.count);
  }
  return tags;
}

/** Launch template of a pool: encrypted gp3 root volume, IMDSv2 only, hop limit 1. */
export function launchTemplateArgs(pool: PoolSpec, tags: Record<string, string>): aws.ec2.LaunchTemplateArgs {
  return {
    description: `hubnet node pool ${pool.name}`,
    updateDefaultVersion: true,
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    },
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        ebs: {
          volumeSize: pool.kind === "core" ? 100 : 200,
          volumeType: "gp3",
          encrypted: "true",
          deleteOnTermination: "true",
        },
      },
    ],
    tagSpecifications: [
      { resourceType: "instance", tags: { ...tags, Name: `hubnet-${pool.name}` } },
      { resourceType: "volume", tags },
    ],
    tags,
  };
}

export class EksCluster extends pulumi.ComponentResource implements HubnetCluster {
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
  readonly cluster: aws.eks.Cluster;
  readonly nodeGroups: aws.eks.NodeGroup[];
  readonly fileSystem: aws.efs.FileSystem;
  readonly oidcProvider: aws.iam.OpenIdConnectProvider;
  /** IRSA role for cluster-autoscaler, installed by ClusterBaseline. */
  readonly autoscalerRoleArn: pulumi.Output<string>;
  readonly hasGpuPools: boolean;

  constructor(name: string, args: EksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:EksCluster", name, {}, opts);
    const c = args.config;
    const tags = clusterTags(name, c.tags);
    const child = { parent: this };
    const pools = poolSpecs(c.nodePools);
    this.hasGpuPools = pools.some((p) => p.accelerator);

    // Network: two AZs, public subnets for load balancers and the NAT gateway, private subnets for nodes.
    const azs = aws.getAvailabilityZonesOutput({ state: "available" }, child);
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      {
        cidrBlock: VPC_CIDR,
        enableDnsHostnames: true,
        enableDnsSupport: true,
        tags: { ...tags, Name: `${name}-vpc` },
      },
      child,
    );
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags }, child);
    const publicRt = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags },
      child,
    );
    const publicSubnets = [0, 1].map((i) => {
      const s = new aws.ec2.Subnet(
        `${name}-public-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: `10.0.${i * 16}.0/20`,
          availabilityZone: azs.names[i],
          mapPublicIpOnLaunch: false,
          tags: { ...tags, Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1" },
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-public-${i}`,
        { subnetId: s.id, routeTableId: publicRt.id },
        child,
      );
      return s;
    });
    const eip = new aws.ec2.Eip(`${name}-nat`, { domain: "vpc", tags }, child);
    const nat = new aws.ec2.NatGateway(
      `${name}-nat`,
      { allocationId: eip.id, subnetId: publicSubnets[0].id, tags },
      { ...child, dependsOn: [igw] },
    );
    const privateRt = new aws.ec2.RouteTable(
      `${name}-private`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags },
      child,
    );
    const privateSubnets = [0, 1].map((i) => {
      const s = new aws.ec2.Subnet(
        `${name}-private-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: `10.0.${128 + i * 32}.0/19`,
          availabilityZone: azs.names[i],
          tags: { ...tags, Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
        },
        child,
      );
      new aws.ec2.RouteTableAssociation(
        `${name}-private-${i}`,
        { subnetId: s.id, routeTableId: privateRt.id },
        child,
      );
      return s;
    });

    // Control plane, with Kubernetes secrets envelope-encrypted by a customer-managed key.
    const kms = new aws.kms.Key(
      `${name}-secrets`,
      {
        description: `hubnet ${name}: EKS secrets encryption`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      },
      child,
    );
    const clusterRole = new aws.iam.Role(
      `${name}-cluster`,
      { assumeRolePolicy: JSON.stringify(servicePrincipalTrust("eks.amazonaws.com")), tags },
      child,
    );
    const clusterPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-cluster`,
      { role: clusterRole.name, policyArn: "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy" },
      child,
    );
    this.cluster = new aws.eks.Cluster(
      name,
      {
        name,
        version: c.kubernetesVersion,
        roleArn: clusterRole.arn,
        vpcConfig: {
          subnetIds: [...privateSubnets, ...publicSubnets].map((s) => s.id),
          endpointPrivateAccess: true,
          endpointPublicAccess: true,
        },
        encryptionConfig: { provider: { keyArn: kms.arn }, resources: ["secrets"] },
        accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        upgradePolicy: { supportType: "STANDARD" },
        tags,
      },
      { ...child, dependsOn: [clusterPolicy] },
    );

    const issuer = this.cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
    this.oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags },
      child,
    );

    // Add-ons: the VPC CNI enforces NetworkPolicy (hubs isolate user pods with it).
    const addon = (addonName: string, configurationValues?: object, dependsOn: pulumi.Resource[] = []) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: this.cluster.name,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          ...(configurationValues ? { configurationValues: JSON.stringify(configurationValues) } : {}),
          tags,
        },
        { ...child, dependsOn },
      );
    const vpcCni = addon("vpc-cni", { enableNetworkPolicy: "true" });
    addon("kube-proxy");

    // Nodes.
    const nodeRole = new aws.iam.Role(
      `${name}-nodes`,
      { assumeRolePolicy: JSON.stringify(servicePrincipalTrust("ec2.amazonaws.com")), tags },
      child,
    );
    const nodePolicies = [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonSSMManagedInstanceCore",
    ].map(
      (p) =>
        new aws.iam.RolePolicyAttachment(
          `${name}-nodes-${p}`,
          { role: nodeRole.name, policyArn: `arn:aws:iam::aws:policy/${p}` },
          child,
        ),
    );
    this.nodeGroups = pools.map((pool) => {
      const lt = new aws.ec2.LaunchTemplate(`${name}-${pool.name}`, launchTemplateArgs(pool, tags), child);
      const ng = new aws.eks.NodeGroup(
        `${name}-${pool.name}`,
        {
          clusterName: this.cluster.name,
          nodeGroupName: pool.name,
          nodeRoleArn: nodeRole.arn,
          subnetIds: privateSubnets.map((s) => s.id),
          instanceTypes: [pool.machineType],
          amiType: eksAmiType(pool),
          capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
          scalingConfig: { minSize: pool.min, maxSize: pool.max, desiredSize: pool.min },
          updateConfig: { maxUnavailable: 1 },
          labels: pool.labels,
          taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: "NO_SCHEDULE" })),
          launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
          tags: { ...tags, ...autoscalerTags(name, pool) },
        },
        { ...child, dependsOn: [...nodePolicies, vpcCni], ignoreChanges: ["scalingConfig.desiredSize"] },
      );
      // Node group tags do not reach the Auto Scaling group; cluster-autoscaler reads the node template there.
      const asgName = ng.resources.apply((r) => r?.[0]?.autoscalingGroups?.[0]?.name ?? "");
      for (const [key, value] of Object.entries(autoscalerTags(name, pool))) {
        if (!key.includes("/node-template/")) continue;
        const short = key
          .replace("k8s.io/cluster-autoscaler/node-template/", "")
          .replace(/[^a-zA-Z0-9-]+/g, "-");
        new aws.autoscaling.Tag(
          `${name}-${pool.name}-${short}`,
          { autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } },
          child,
        );
      }
      return ng;
    });
    addon("coredns", undefined, this.nodeGroups); // CoreDNS needs nodes to become healthy.

    const irsaRole = (roleName: string, namespace: string, sa: string) =>
      new aws.iam.Role(
        `${name}-${roleName}`,
        {
          assumeRolePolicy: pulumi
            .all([this.oidcProvider.arn, issuer])
            .apply(([arn, url]) => JSON.stringify(irsaTrust(arn, url, namespace, sa))),
          tags,
        },
        child,
      );
    const caRole = irsaRole("cluster-autoscaler", "kube-system", "cluster-autoscaler");
    new aws.iam.RolePolicy(
      `${name}-cluster-autoscaler`,
      { role: caRole.id, policy: JSON.stringify(clusterAutoscalerPolicy(name)) },
      child,
    );
    this.autoscalerRoleArn = caRole.arn;

    // Homes: EFS, encrypted, with AWS Backup's daily backups, reachable from the VPC only.
    const efsSg = new aws.ec2.SecurityGroup(
      `${name}-efs`,
      {
        vpcId: vpc.id,
        description: "NFS from the cluster VPC to the home file system",
        ingress: [{ protocol: "tcp", fromPort: 2049, toPort: 2049, cidrBlocks: [VPC_CIDR] }],
        egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: [VPC_CIDR] }],
        tags,
      },
      child,
    );
    this.fileSystem = new aws.efs.FileSystem(
      `${name}-home`,
      {
        encrypted: true,
        performanceMode: "generalPurpose",
        throughputMode: "elastic",
        lifecyclePolicies: [{ transitionToIa: "AFTER_30_DAYS" }],
        tags: { ...tags, Name: `${name}-home` },
      },
      { ...child, protect: true, retainOnDelete: true },
    );
    new aws.efs.BackupPolicy(
      `${name}-home`,
      {
        fileSystemId: this.fileSystem.id,
        backupPolicy: { status: c.storage.home.backups ? "ENABLED" : "DISABLED" },
      },
      child,
    );
    const mountTargets = privateSubnets.map(
      (s, i) =>
        new aws.efs.MountTarget(
          `${name}-home-${i}`,
          { fileSystemId: this.fileSystem.id, subnetId: s.id, securityGroups: [efsSg.id] },
          child,
        ),
    );
    const efsRole = irsaRole("efs-csi", "kube-system", EFS_CSI_SA);
    new aws.iam.RolePolicyAttachment(
      `${name}-efs-csi`,
      { role: efsRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy" },
      child,
    );

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.certificateAuthority])
        .apply(([n, endpoint, ca]) => eksKubeconfig(n, endpoint, ca?.data ?? "", c.region)),
    );
    this.provider = clusterProvider(name, this.kubeconfig, { ...child, dependsOn: this.nodeGroups });

    new k8s.helm.v3.Release(
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
              annotations: { "eks.amazonaws.com/role-arn": efsRole.arn },
            },
            nodeSelector: { "hub.jupyter.org/node-purpose": "core" },
            tags,
          },
          node: { tolerateAllTaints: true },
        },
      },
      { ...child, provider: this.provider, dependsOn: mountTargets },
    );

    const home: pulumi.Output<HomeStorage> = this.fileSystem.dnsName.apply((dns) => ({
      kind: "nfs" as const,
      server: dns,
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
    }));

    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: c.region,
      home,
      identity: pulumi.all([this.oidcProvider.arn, issuer]).apply(([oidcProviderArn, oidcProviderUrl]) => ({
        cloud: "aws" as const,
        account: c.account,
        oidcProviderArn,
        oidcProviderUrl,
      })),
    });
    this.registerOutputs({ kubeconfig: this.kubeconfig });
  }
}

/** A kubeconfig that gets tokens from `aws eks get-token` (no static credentials). */
export function eksKubeconfig(name: string, endpoint: string, caData: string, region: string): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server: endpoint, "certificate-authority-data": caData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [
      {
        name,
        user: {
          exec: {
            apiVersion: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"],
          },
        },
      },
    ],
  });
}
