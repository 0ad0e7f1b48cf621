import type { AzureClusterConfig } from "@hubnet/config";
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

/** Azure in the cloud registry (src/clouds.ts). */
export const azure: CloudEntry<AzureClusterConfig> = {
  provider: azureProvider,
  createCluster(name, config, opts) {
    const cluster = new AksCluster(name, { config }, opts);
    return {
      cluster,
      baseline: {
        nvidiaDevicePlugin: cluster.hasGpuPools,
        loadBalancerAnnotations: AKS_LOAD_BALANCER_ANNOTATIONS,
        dependsOn: cluster.agentPools,
      },
    };
  },
  communityCloud: (context) => new AzureCommunityCloud(context),
};
