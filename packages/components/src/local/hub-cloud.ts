/**
 * Hubs on a local cluster (kind, minikube, k3d, Docker Desktop) get no cloud
 * identity and no buckets: there is no cloud account behind the cluster, the
 * user service account carries no annotations, and the config checks refuse
 * `storage.buckets` on clusters without object storage.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "../cluster/contract";

export class LocalCommunityCloud implements CommunityCloud {
  createHubCloud(name: string, args: HubCloudArgs, opts: pulumi.ComponentResourceOptions): HubCloudResult {
    if (args.buckets.scratch || args.buckets.persistent) {
      throw new pulumi.ResourceError(
        `${name}: local clusters have no object storage; remove storage.buckets from the community`,
        opts.parent,
      );
    }
    return {
      serviceAccountAnnotations: pulumi.output<Record<string, string>>({}),
      podLabels: {},
      env: pulumi.output<Record<string, string>>({}),
    };
  }

  /** A local cluster has no cloud bill: its budget bounds plan estimates only. */
  createBudget(): undefined {
    return undefined;
  }
}
