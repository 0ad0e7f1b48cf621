/**
 * The `CommunityCloud` of clusters without a cloud account behind them (local and existing
 * clusters): no cloud identity, no buckets and no budget. The user service account carries no
 * annotations, and the config checks refuse `storage.buckets` there before a stack runs.
 */
import * as pulumi from "@pulumi/pulumi";
import { userError } from "./cloud-context";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "./contract";

export class NoCloudCommunityCloud implements CommunityCloud {
  /**
   * @param noBuckets Why this kind of cluster has no object storage, as the start of a sentence:
   *   "local clusters have no object storage".
   */
  constructor(private readonly noBuckets: string) {}

  createHubCloud(name: string, args: HubCloudArgs, opts: pulumi.ComponentResourceOptions): HubCloudResult {
    if (args.buckets.scratch || args.buckets.persistent) {
      throw userError(`${name}: ${this.noBuckets}; remove storage.buckets from the community`, opts.parent);
    }
    return {
      serviceAccountAnnotations: pulumi.output<Record<string, string>>({}),
      podLabels: {},
      env: pulumi.output<Record<string, string>>({}),
    };
  }

  /** No cloud bill to watch: the community's budget bounds plan estimates only. */
  createBudget(): undefined {
    return undefined;
  }
}
