/**
 * The nodes of an EKS cluster: managed node groups (AL2023; NVIDIA AMI for
 * GPU pools) on a launch template with encrypted EBS and IMDSv2 at hop limit 1
 * (pods cannot reach instance metadata), with the cluster-autoscaler tags that
 * let a group scale up from zero nodes.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { PoolSpec } from "../cluster/pools";
import { servicePrincipalTrust } from "./eks-policies";

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

/**
 * Tags hubnet puts on a node group's Auto Scaling group (EKS creates the group; node group tags do not
 * reach it): cluster-autoscaler's node template, and the cluster's cost attribution.
 */
export function asgTags(
  clusterName: string,
  pool: PoolSpec,
  tags: Record<string, string>,
): Record<string, string> {
  const template = Object.entries(autoscalerTags(clusterName, pool)).filter(([k]) =>
    k.includes("/node-template/"),
  );
  return { ...tags, ...Object.fromEntries(template) };
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

export interface EksNodeGroupsArgs {
  /** The EKS cluster's name (an output of the cluster resource, so groups wait for it). */
  clusterName: pulumi.Input<string>;
  /** Every pool of the cluster, core first (`poolSpecs`): one managed node group each. */
  pools: PoolSpec[];
  /** The subnets nodes run in (the private ones). */
  subnets: aws.ec2.Subnet[];
  /** The cluster's cost tags. */
  tags: Record<string, string>;
  /** What the groups wait for besides their IAM policies (the VPC CNI add-on). */
  dependsOn: pulumi.Resource[];
}

/**
 * The node role and one managed node group per pool. `name` is the stack's cluster name (the
 * `k8s.io/cluster-autoscaler/<name>` tag); `child` makes the resources children of the cluster.
 */
export function eksNodeGroups(
  name: string,
  args: EksNodeGroupsArgs,
  child: pulumi.CustomResourceOptions,
): aws.eks.NodeGroup[] {
  const { tags } = args;
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
  return args.pools.map((pool) => {
    const lt = new aws.ec2.LaunchTemplate(`${name}-${pool.name}`, launchTemplateArgs(pool, tags), child);
    const ng = new aws.eks.NodeGroup(
      `${name}-${pool.name}`,
      {
        clusterName: args.clusterName,
        nodeGroupName: pool.name,
        nodeRoleArn: nodeRole.arn,
        subnetIds: args.subnets.map((s) => s.id),
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
      {
        ...child,
        dependsOn: [...nodePolicies, ...args.dependsOn],
        ignoreChanges: ["scalingConfig.desiredSize"],
      },
    );
    // Node group tags do not reach the Auto Scaling group: cluster-autoscaler reads the node template
    // there, and cost reports that group by Auto Scaling group need its attribution. Instances and
    // volumes get theirs from the launch template.
    const asgName = ng.resources.apply((r) => r?.[0]?.autoscalingGroups?.[0]?.name ?? "");
    for (const [key, value] of Object.entries(asgTags(name, pool, tags))) {
      const template = key.startsWith("k8s.io/cluster-autoscaler/node-template/");
      const short = (
        template ? key.replace("k8s.io/cluster-autoscaler/node-template/", "") : `tag-${key}`
      ).replace(/[^a-zA-Z0-9-]+/g, "-");
      new aws.autoscaling.Tag(
        `${name}-${pool.name}-${short}`,
        { autoscalingGroupName: asgName, tag: { key, value, propagateAtLaunch: false } },
        child,
      );
    }
    return ng;
  });
}
