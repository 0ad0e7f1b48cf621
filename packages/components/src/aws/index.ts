import type { AwsClusterConfig } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import type { CloudEntry } from "../cluster/cloud-entry";
import { awsProvider, EksCluster } from "./eks-cluster";
import { AwsCommunityCloud } from "./hub-cloud";

export * from "./eks-cluster";
export * from "./eks-ebs";
export * from "./eks-home";
export * from "./eks-network";
export * from "./eks-node-groups";
export * from "./eks-policies";
export * from "./hub-cloud";

/** The shared load balancer of an EKS cluster: a Network Load Balancer. */
export const EKS_LOAD_BALANCER_ANNOTATIONS = { "service.beta.kubernetes.io/aws-load-balancer-type": "nlb" };

/** The annotations of the load balancer Service: an NLB on the cluster's reserved Elastic IPs. */
export function eksLoadBalancerAnnotations(
  allocationIds: pulumi.Input<string>[],
): Record<string, pulumi.Input<string>> {
  return {
    ...EKS_LOAD_BALANCER_ANNOTATIONS,
    "service.beta.kubernetes.io/aws-load-balancer-eip-allocations": pulumi
      .all(allocationIds)
      .apply((ids) => ids.join(",")),
  };
}

/** AWS in the cloud registry (src/clouds.ts). */
export const aws: CloudEntry<AwsClusterConfig> = {
  provider: awsProvider,
  createCluster(name, config, opts) {
    const cluster = new EksCluster(name, { config }, opts);
    // EKS node groups do not scale themselves, and EKS installs no GPU device plugin.
    return {
      cluster,
      baseline: {
        clusterAutoscaler: {
          region: config.region,
          roleArn: cluster.autoscalerRoleArn,
          kubernetesVersion: config.kubernetesVersion,
        },
        nvidiaDevicePlugin: cluster.hasGpuPools,
        strictNetworkPolicy: true,
        loadBalancerAnnotations: eksLoadBalancerAnnotations(
          cluster.loadBalancerIps.map((e) => e.allocationId),
        ),
        dependsOn: cluster.nodeGroups,
      },
    };
  },
  communityCloud: (context) => new AwsCommunityCloud(context),
};
