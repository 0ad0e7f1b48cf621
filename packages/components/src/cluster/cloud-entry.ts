/**
 * What each cloud implements for the components: its entry in the cloud
 * registry (`src/clouds.ts`), exported by `<cloud>/index.ts`. Everything in the
 * components that differs per cloud goes through an entry, so adding a cloud is
 * one folder and one registry line (docs/platform/adding-a-cloud.md).
 */
import type { Cluster } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import type { CommunityCloudContext } from "./cloud-context";
import type { BaselineNeeds, CommunityCloud, HubnetCluster } from "./contract";

/** A cloud's cluster component, and what the cluster baseline needs from it. */
export interface CreatedCluster {
  cluster: HubnetCluster;
  baseline: BaselineNeeds;
}

export interface CloudEntry<C extends Cluster = Cluster> {
  /**
   * The cloud SDK's provider of a cluster stack (account or project, region, default tags), named
   * `<cluster>-<cloud>`; `undefined` for clouds without one (local).
   */
  provider(name: string, config: C): pulumi.ProviderResource | undefined;
  /** The cluster component of cluster `name`, created with `opts` (they carry the provider above). */
  createCluster(name: string, config: C, opts: pulumi.ComponentResourceOptions): CreatedCluster;
  /** The factory of hub identities and buckets that community stacks use on a cluster of this cloud. */
  communityCloud(context: CommunityCloudContext): CommunityCloud;
}
