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

/**
 * One managed node group of a pool: its resource name, the group's name prefix, the subnets it spans
 * and its bounds. A user or GPU pool is one group over every zone. The core pool is one group per
 * zone (EKS best practices, "Cluster Autoscaler": node groups spanning zones cannot place a pod
 * bound to an EBS volume's zone), so the hub database's gp3 volume always finds a core node in its
 * zone; each zone keeps at least one node, and the pool's bounds are split between the zones.
 */
export interface NodeGroupPlan {
  /** The resource's name suffix (`<cluster>-<key>`): the pool's name, `core-<zone index>` for core. */
  key: string;
  /** The pool's former resource name, when the group moved (zone 0 of the core pool was `core`). */
  formerKey?: string;
  pool: PoolSpec;
  /** Indexes into the private subnets, one per zone. */
  zones: number[];
  min: number;
  max: number;
}

/** The node groups of `pools` over `zoneCount` zones (`NodeGroupPlan`). */
export function nodeGroupPlans(pools: PoolSpec[], zoneCount: number): NodeGroupPlan[] {
  const all = Array.from({ length: zoneCount }, (_, i) => i);
  return pools.flatMap<NodeGroupPlan>((pool) => {
    if (pool.kind !== "core") return [{ key: pool.name, pool, zones: all, min: pool.min, max: pool.max }];
    const min = Math.max(1, Math.ceil(pool.min / zoneCount));
    const max = Math.max(min, Math.ceil(pool.max / zoneCount));
    return all.map((z) => ({
      key: `${pool.name}-${z}`,
      ...(z === 0 ? { formerKey: pool.name } : {}),
      pool,
      zones: [z],
      min,
      max,
    }));
  });
}

/**
 * The group's name prefix: EKS names the group `<prefix><unique suffix>`. A fixed `nodeGroupName`
 * cannot be replaced: `instanceTypes`, `capacityType`, `amiType` and `subnetIds` force a new group
 * (terraform-provider-aws internal/service/eks/node_group.go, ForceNew), and Pulumi creates the
 * new one before deleting the old, which EKS refuses while the name exists.
 */
export function nodeGroupNamePrefix(key: string): string {
  return `${key}-`.slice(0, 37);
}

export interface EksNodeGroupsArgs {
  /** The EKS cluster's name (an output of the cluster resource, so groups wait for it). */
  clusterName: pulumi.Input<string>;
  /** Every pool of the cluster, core first (`poolSpecs`): one managed node group each, the core pool one per zone. */
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
  return nodeGroupPlans(args.pools, args.subnets.length).map((plan) => {
    const { pool, key } = plan;
    // Zone 0 of the core pool keeps the resources of the former single core group (aliases).
    const moved = (n: string) => (plan.formerKey ? { aliases: [{ name: n }] } : {});
    const lt = new aws.ec2.LaunchTemplate(`${name}-${key}`, launchTemplateArgs(pool, tags), {
      ...child,
      ...moved(`${name}-${plan.formerKey}`),
    });
    const ng = new aws.eks.NodeGroup(
      `${name}-${key}`,
      {
        clusterName: args.clusterName,
        nodeGroupNamePrefix: nodeGroupNamePrefix(key),
        nodeRoleArn: nodeRole.arn,
        subnetIds: plan.zones.map((z) => args.subnets[z].id),
        instanceTypes: [pool.machineType],
        amiType: eksAmiType(pool),
        capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
        scalingConfig: { minSize: plan.min, maxSize: plan.max, desiredSize: plan.min },
        updateConfig: { maxUnavailable: 1 },
        labels: pool.labels,
        taints: pool.taints.map((t) => ({ key: t.key, value: t.value, effect: "NO_SCHEDULE" })),
        launchTemplate: { id: lt.id, version: lt.latestVersion.apply(String) },
        tags: { ...tags, ...autoscalerTags(name, pool) },
      },
      {
        ...child,
        ...moved(`${name}-${plan.formerKey}`),
        dependsOn: [...nodePolicies, ...args.dependsOn],
        ignoreChanges: ["scalingConfig.desiredSize"],
      },
    );
    // Node group tags do not reach the Auto Scaling group: cluster-autoscaler reads the node template
    // there, and cost reports that group by Auto Scaling group need its attribution. Instances and
    // volumes get theirs from the launch template.
    const asgName = ng.resources.apply((r) => r?.[0]?.autoscalingGroups?.[0]?.name ?? "");
    for (const [tagKey, value] of Object.entries(asgTags(name, pool, tags))) {
      const template = tagKey.startsWith("k8s.io/cluster-autoscaler/node-template/");
      const short = (
        template ? tagKey.replace("k8s.io/cluster-autoscaler/node-template/", "") : `tag-${tagKey}`
      ).replace(/[^a-zA-Z0-9-]+/g, "-");
      new aws.autoscaling.Tag(
        `${name}-${plan.key}-${short}`,
        { autoscalingGroupName: asgName, tag: { key: tagKey, value, propagateAtLaunch: false } },
        { ...child, ...moved(`${name}-${plan.formerKey}-${short}`) },
      );
    }
    return ng;
  });
}
