import type { AzureClusterConfig } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import type { CloudEntry } from "../cluster/cloud-entry";
import { AksCluster, azureProvider } from "./aks-cluster";
import { AzureCommunityCloud } from "./hub-cloud";

export * from "./aks-cluster";
export * from "./aks-storage";
export * from "./hub-cloud";

/** The shared load balancer of an AKS cluster probes Envoy's readiness path. */
export const AKS_LOAD_BALANCER_ANNOTATIONS = {
  "service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path": "/ready",
};

/** The annotations of the load balancer Service: the probe path, on the cluster's reserved public IP. */
export function aksLoadBalancerAnnotations(ip: {
  resourceGroupName: pulumi.Input<string>;
  name: pulumi.Input<string>;
}): Record<string, pulumi.Input<string>> {
  return {
    ...AKS_LOAD_BALANCER_ANNOTATIONS,
    "service.beta.kubernetes.io/azure-load-balancer-resource-group": ip.resourceGroupName,
    "service.beta.kubernetes.io/azure-pip-name": ip.name,
  };
}

/** Azure in the cloud registry (src/clouds.ts). */
export const azure: CloudEntry<AzureClusterConfig> = {
  provider: azureProvider,
  createCluster(name, config, opts) {
    const cluster = new AksCluster(name, { config }, opts);
    return {
      cluster,
      baseline: {
        nvidiaDevicePlugin: cluster.hasGpuPools,
        loadBalancerAnnotations: aksLoadBalancerAnnotations({
          resourceGroupName: cluster.resourceGroupName,
          name: cluster.loadBalancerIpName,
        }),
        dependsOn: cluster.agentPools,
      },
    };
  },
  communityCloud: (context) => new AzureCommunityCloud(context),
};
