/**
 * Hubs on a local cluster (kind, minikube, k3d, Docker Desktop) get no cloud identity, no buckets
 * and no budget: there is no cloud account behind the cluster.
 */
import { NoCloudCommunityCloud } from "../cluster/no-cloud";

export class LocalCommunityCloud extends NoCloudCommunityCloud {
  constructor() {
    super("local clusters have no object storage");
  }
}
