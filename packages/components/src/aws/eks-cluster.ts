/**
 * An EKS cluster built from plain @pulumi/aws resources: a VPC with private
 * node subnets behind a NAT gateway (eks-network.ts), secrets envelope-encrypted
 * with KMS, an IAM OIDC provider for IRSA, the VPC CNI with network policy
 * enforcement, managed node groups with cluster-autoscaler tags for
 * scale-from-zero (eks-node-groups.ts), and EFS for homes (eks-home.ts).
 */
import type { AwsClusterConfig } from "@hubnet/config";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputsInput, DefaultStorageClass, HubnetCluster } from "../cluster/contract";
import { clusterOutputs, clusterProvider, execKubeconfig } from "../cluster/outputs";
import { clusterTags, poolSpecs } from "../cluster/pools";
import { EBS_CSI_SA, EBS_STORAGE_CLASS, ebsStorageClass } from "./eks-ebs";
import { EFS_CSI_SA, efsCsiDriver, efsHomeStorage, eksHomeFileSystem } from "./eks-home";
import { eksNetwork } from "./eks-network";
import { eksNodeGroups } from "./eks-node-groups";
import { clusterAutoscalerPolicy, irsaTrust, servicePrincipalTrust } from "./eks-policies";

export interface EksClusterArgs {
  /** The cluster's config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`, loaded and checked by @hubnet/config. Required. */
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

/** The access policy of `clusterAdmins` (EKS docs, "Associate access policies with access entries"). */
export const EKS_CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/**
 * The VPC CNI add-on's configuration: NetworkPolicy enforced, in strict mode. In the standard mode a new
 * pod's traffic is not filtered until its policies are loaded, so a user pod could reach the home file
 * system or another hub in its first moments; in strict mode a pod is denied until its policies are in
 * place, and a pod no policy selects is denied (EKS docs, "Restrict Pod network traffic with Kubernetes
 * network policies": `NETWORK_POLICY_ENFORCING_MODE`). The baseline therefore opens the system
 * namespaces explicitly (`systemNamespacePolicies`).
 */
export function vpcCniConfiguration() {
  return { enableNetworkPolicy: "true", env: { NETWORK_POLICY_ENFORCING_MODE: "strict" } };
}

/** EKS has no working default class: hubnet installs the EBS CSI driver and creates this one. */
export const EKS_DEFAULT_STORAGE_CLASS: DefaultStorageClass = {
  name: EBS_STORAGE_CLASS,
  provisioner: "ebs.csi.aws.com",
  createdBy: "hubnet",
};

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
  /**
   * The load balancer's reserved addresses: one Elastic IP per public subnet, which the Network Load
   * Balancer takes (`aws-load-balancer-eip-allocations`); DNS records point at them.
   */
  readonly loadBalancerIps: aws.ec2.Eip[];
  readonly defaultStorageClass: DefaultStorageClass = EKS_DEFAULT_STORAGE_CLASS;
  readonly storageClass: k8s.storage.v1.StorageClass;

  constructor(name: string, args: EksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:EksCluster", name, {}, opts);
    const c = args.config;
    const tags = clusterTags(name, c.tags);
    const child = { parent: this };
    const pools = poolSpecs(c.nodePools);
    this.hasGpuPools = pools.some((p) => p.accelerator);

    // Network: two AZs, public subnets for load balancers and the NAT gateway, private subnets for nodes.
    const { vpc, publicSubnets, privateSubnets } = eksNetwork(name, c.region, tags, child);
    // Reserved apart from the load balancer, so a new Service (or cluster baseline) keeps the addresses DNS points at.
    this.loadBalancerIps = publicSubnets.map(
      (_s, i) =>
        new aws.ec2.Eip(
          `${name}-lb-${i}`,
          { domain: "vpc", tags: { ...tags, Name: `${name}-lb-${i}` } },
          child,
        ),
    );

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

    // Cluster admins besides the creator (the CI deploy role): EKS access entries, so the identity that
    // runs the next `pulumi up` reaches the Kubernetes API (authenticationMode API: aws-auth is not read).
    for (const [i, principalArn] of c.clusterAdmins.entries()) {
      const entry = new aws.eks.AccessEntry(
        `${name}-admin-${i}`,
        { clusterName: this.cluster.name, principalArn, type: "STANDARD", tags },
        child,
      );
      new aws.eks.AccessPolicyAssociation(
        `${name}-admin-${i}`,
        {
          clusterName: this.cluster.name,
          principalArn,
          policyArn: EKS_CLUSTER_ADMIN_POLICY,
          accessScope: { type: "cluster" },
        },
        { ...child, dependsOn: [entry] },
      );
    }

    const issuer = this.cluster.identities.apply((ids) => ids?.[0]?.oidcs?.[0]?.issuer ?? "");
    this.oidcProvider = new aws.iam.OpenIdConnectProvider(
      `${name}-oidc`,
      { url: issuer, clientIdLists: ["sts.amazonaws.com"], tags },
      child,
    );

    // Add-ons: the VPC CNI enforces NetworkPolicy (hubs isolate user pods with it).
    const addon = (
      addonName: string,
      configurationValues?: object,
      dependsOn: pulumi.Resource[] = [],
      serviceAccountRoleArn?: pulumi.Input<string>,
    ) =>
      new aws.eks.Addon(
        `${name}-${addonName}`,
        {
          clusterName: this.cluster.name,
          addonName,
          resolveConflictsOnCreate: "OVERWRITE",
          resolveConflictsOnUpdate: "OVERWRITE",
          ...(configurationValues ? { configurationValues: JSON.stringify(configurationValues) } : {}),
          ...(serviceAccountRoleArn ? { serviceAccountRoleArn } : {}),
          tags,
        },
        { ...child, dependsOn },
      );
    const vpcCni = addon("vpc-cni", vpcCniConfiguration());
    addon("kube-proxy");

    this.nodeGroups = eksNodeGroups(
      name,
      { clusterName: this.cluster.name, pools, subnets: privateSubnets, tags, dependsOn: [vpcCni] },
      child,
    );
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

    // Block storage: the EBS CSI driver (an EKS add-on with its own IRSA role), which the default
    // StorageClass below provisions through; the hub database's claim needs it.
    const ebsRole = irsaRole("ebs-csi", "kube-system", EBS_CSI_SA);
    const ebsPolicy = new aws.iam.RolePolicyAttachment(
      `${name}-ebs-csi`,
      { role: ebsRole.name, policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" },
      child,
    );
    const ebsCsi = addon("aws-ebs-csi-driver", undefined, [...this.nodeGroups, ebsPolicy], ebsRole.arn);

    // Homes: EFS, encrypted, with AWS Backup's daily backups, reachable from the nodes only.
    const { fileSystem, mountTargets } = eksHomeFileSystem(
      name,
      {
        vpc,
        nodeSecurityGroupId: this.cluster.vpcConfig.clusterSecurityGroupId,
        subnets: privateSubnets,
        backups: c.storage.home.backups,
        tags,
      },
      child,
    );
    this.fileSystem = fileSystem;
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

    efsCsiDriver(name, efsRole.arn, tags, { ...child, provider: this.provider, dependsOn: mountTargets });
    this.storageClass = new k8s.storage.v1.StorageClass(
      `${name}-${EBS_STORAGE_CLASS}`,
      ebsStorageClass(tags),
      {
        ...child,
        provider: this.provider,
        dependsOn: [ebsCsi],
      },
    );

    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: c.region,
      home: this.fileSystem.dnsName.apply(efsHomeStorage),
      identity: pulumi.all([this.oidcProvider.arn, issuer]).apply(([oidcProviderArn, oidcProviderUrl]) => ({
        cloud: "aws" as const,
        account: c.account,
        oidcProviderArn,
        oidcProviderUrl,
      })),
      loadBalancerAddresses: pulumi.all(this.loadBalancerIps.map((e) => e.publicIp)),
      cloudProvider: { cloud: "aws", region: c.region, account: c.account },
    });
    this.registerOutputs({
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      outputs: this.outputs,
      cluster: this.cluster,
      nodeGroups: this.nodeGroups,
      fileSystem: this.fileSystem,
      oidcProvider: this.oidcProvider,
      autoscalerRoleArn: this.autoscalerRoleArn,
      hasGpuPools: this.hasGpuPools,
      loadBalancerIps: this.loadBalancerIps,
      defaultStorageClass: this.defaultStorageClass,
      storageClass: this.storageClass,
    });
  }
}

/** A kubeconfig that gets tokens from `aws eks get-token` (no static credentials). */
export function eksKubeconfig(name: string, endpoint: string, caData: string, region: string): string {
  return execKubeconfig(name, endpoint, caData, {
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", name, "--region", region, "--output", "json"],
  });
}
