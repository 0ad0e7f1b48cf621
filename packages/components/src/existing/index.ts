import { EXISTING_KUBECONFIG_KEY, type ExistingClusterConfig } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import type { CloudEntry } from "../cluster/cloud-entry";
import { ExistingCluster, missingKubeconfigMessage } from "./existing-cluster";
import { ExistingCommunityCloud } from "./hub-cloud";

export * from "./existing-cluster";
export * from "./hub-cloud";

/** The cluster stack's kubeconfig secret, or the RunError that says how to set it. */
export function existingKubeconfig(cluster: string): pulumi.Output<string> {
  const [namespace, key] = EXISTING_KUBECONFIG_KEY.split(":");
  const value = new pulumi.Config(namespace).getSecret(key);
  if (value === undefined) throw new pulumi.RunError(missingKubeconfigMessage(cluster));
  return value;
}

/**
 * An existing cluster in the cloud registry (src/clouds.ts): no cloud SDK and no cloud provider; the
 * kubeconfig comes from the cluster stack's secret config; no node pools, so the baseline installs
 * no autoscaler and no device plugin (the cluster's owners run theirs).
 */
export const existing: CloudEntry<ExistingClusterConfig> = {
  provider: () => undefined,
  createCluster: (name, config, opts) => ({
    cluster: new ExistingCluster(name, { config, kubeconfig: existingKubeconfig(name) }, opts),
    baseline: {},
  }),
  communityCloud: () => new ExistingCommunityCloud(),
};
