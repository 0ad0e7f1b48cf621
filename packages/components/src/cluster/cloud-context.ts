/**
 * What a `CommunityCloud` needs to know about its cluster. The cluster's name and cloud are known
 * statically (from the cluster config); the rest may be Outputs of the cluster stack's StackReference.
 * A plain `ClusterOutputs` satisfies this type.
 */

import type { Cloud } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterIdentity } from "./contract";

export interface CommunityCloudContext {
  /** The cluster's name (its stack name). */
  name: string;
  cloud: Cloud;
  region: pulumi.Input<string>;
  identity: pulumi.Input<ClusterIdentity>;
}

/** Narrow the cluster identity to one cloud, failing loudly when a stack reference holds another cloud's outputs. */
export function identityOf<C extends ClusterIdentity["cloud"]>(
  identity: ClusterIdentity,
  cloud: C,
): Extract<ClusterIdentity, { cloud: C }> {
  if (identity.cloud !== cloud) {
    throw new Error(
      `cluster identity is for ${identity.cloud}, but this hub cloud is ${cloud}: check the clusterStack reference`,
    );
  }
  return identity as Extract<ClusterIdentity, { cloud: C }>;
}
