/**
 * What a `CommunityCloud` needs to know about its cluster. The cluster's name and cloud are known
 * statically (from the cluster config); the rest may be Outputs of the cluster stack's StackReference.
 * A plain `ClusterOutputs` satisfies this type.
 */

import type { Cloud } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterIdentity } from "./contract";

export interface CommunityCloudContext {
  /** The cluster's name (its stack name). Required. */
  name: string;
  /** The cluster's cloud, from its config: it picks the implementation. Required. */
  cloud: Cloud;
  /** The cluster's region (or location), where hub buckets are created. Required. */
  region: pulumi.Input<string>;
  /** The cluster's identity details (workload identity pool, OIDC provider or issuer). Required. */
  identity: pulumi.Input<ClusterIdentity>;
}

/**
 * Narrow the cluster identity to one cloud, failing loudly (a ResourceError of `resource`, the hub,
 * when given) when a stack reference holds another cloud's outputs.
 */
export function identityOf<C extends ClusterIdentity["cloud"]>(
  identity: ClusterIdentity,
  cloud: C,
  resource?: pulumi.Resource,
): Extract<ClusterIdentity, { cloud: C }> {
  if (identity.cloud !== cloud) {
    const message = `cluster identity is for ${identity.cloud}, but this hub cloud is ${cloud}: check the clusterStack reference`;
    throw resource ? new pulumi.ResourceError(message, resource) : new Error(message);
  }
  return identity as Extract<ClusterIdentity, { cloud: C }>;
}
