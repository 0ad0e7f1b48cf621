/**
 * What a `CommunityCloud` needs to know about its cluster. The cluster's name and cloud are known
 * statically (from the cluster config); the rest may be Outputs of the cluster stack's StackReference.
 * A plain `ClusterOutputs` satisfies this type.
 */

import type { Cloud } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import type { CloudProviderSettings, ClusterIdentity } from "./contract";

export interface CommunityCloudContext {
  /** The cluster's name (its stack name). Required. */
  name: string;
  /**
   * The community whose stack this is: its cloud provider labels or tags everything with it by
   * default (`communityTags`). Required.
   */
  community: string;
  /** The cluster's extra cost-attribution tags (its config's `tags`). @default {} */
  tags?: Record<string, string>;
  /** The cluster's cloud, from its config: it picks the implementation. Required. */
  cloud: Cloud;
  /** The cluster's region (or location), where hub buckets are created. Required. */
  region: pulumi.Input<string>;
  /** The cluster's identity details (workload identity pool, OIDC provider or issuer). Required. */
  identity: pulumi.Input<ClusterIdentity>;
  /**
   * Where the cluster's cloud resources live (the cluster stack's `cloudProvider` output): hubs'
   * cloud resources are created through an explicit provider built from it. Required.
   */
  cloudProvider: CloudProviderSettings;
  /**
   * The component that owns that provider (the Community).
   * @default the first hub that asks for it
   */
  parent?: pulumi.Resource;
}

/**
 * The error of something a person must change (a config value, a missing secret, a cluster stack to
 * deploy first): a ResourceError of `resource` that Pulumi prints as its message alone, not with the
 * stack trace it prints for other ResourceErrors; without a resource, a RunError (likewise printed).
 */
export function userError(message: string, resource?: pulumi.Resource): Error {
  return resource ? new pulumi.ResourceError(message, resource, true) : new pulumi.RunError(message);
}

/**
 * Narrow the provider settings to one cloud, failing loudly when a stack reference holds another
 * cloud's (or none: a cluster stack deployed before it exported `cloudProvider`).
 */
export function providerSettingsOf<C extends CloudProviderSettings["cloud"]>(
  settings: CloudProviderSettings | undefined,
  cloud: C,
  resource?: pulumi.Resource,
): Extract<CloudProviderSettings, { cloud: C }> {
  if (settings?.cloud !== cloud) {
    const message = settings
      ? `cluster provider settings are for ${settings.cloud}, but this hub cloud is ${cloud}: check the clusterStack reference`
      : "the cluster stack exports no cloudProvider: run pulumi up on the cluster stack first";
    throw userError(message, resource);
  }
  return settings as Extract<CloudProviderSettings, { cloud: C }>;
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
    throw userError(message, resource);
  }
  return identity as Extract<ClusterIdentity, { cloud: C }>;
}
