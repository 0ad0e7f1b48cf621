import type { GcpClusterConfig } from "@hubnet/config";
import type { CloudEntry } from "../cluster/cloud-entry";
import { GkeCluster, gcpProvider } from "./gke-cluster";
import { GcpCommunityCloud } from "./hub-cloud";

export * from "./apis";
export * from "./filestore-backups";
export * from "./gke-cluster";
export * from "./hub-cloud";

/** Google Cloud in the cloud registry (src/clouds.ts). */
export const gcp: CloudEntry<GcpClusterConfig> = {
  provider: gcpProvider,
  createCluster(name, config, opts) {
    const cluster = new GkeCluster(name, { config }, opts);
    // GKE installs GPU drivers and its own device plugin on GPU nodes; its load balancer needs no
    // annotations, only the reserved address.
    return {
      cluster,
      baseline: { dependsOn: cluster.nodePools, loadBalancerIP: cluster.loadBalancerAddress.address },
    };
  },
  communityCloud: (context) => new GcpCommunityCloud(context),
};
