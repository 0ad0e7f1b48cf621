/**
 * Hubs on an existing cluster get no cloud identity and no buckets: hubnet holds no cloud account
 * there, the user service account carries no annotations, and the config checks refuse
 * `storage.buckets` on it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "../cluster/contract";

export class ExistingCommunityCloud implements CommunityCloud {
  createHubCloud(name: string, args: HubCloudArgs, opts: pulumi.ComponentResourceOptions): HubCloudResult {
    if (args.buckets.scratch || args.buckets.persistent) {
      throw new pulumi.ResourceError(
        `${name}: hubnet creates no object storage on existing clusters; remove storage.buckets from the community`,
        opts.parent,
      );
    }
    return {
      serviceAccountAnnotations: pulumi.output<Record<string, string>>({}),
      podLabels: {},
      env: pulumi.output<Record<string, string>>({}),
    };
  }
}
