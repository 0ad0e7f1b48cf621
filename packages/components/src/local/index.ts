import type { LocalClusterConfig } from "@hubnet/config";
import type { CloudEntry } from "../cluster/cloud-entry";
import { LocalCommunityCloud } from "./hub-cloud";
import { LocalCluster } from "./local-cluster";

export * from "./hub-cloud";
export * from "./local-cluster";

/** A local cluster in the cloud registry (src/clouds.ts): no cloud SDK, no provider, no cloud identity. */
export const local: CloudEntry<LocalClusterConfig> = {
  provider: () => undefined,
  createCluster: (name, config, opts) => ({
    cluster: new LocalCluster(name, { config }, opts),
    baseline: {},
  }),
  communityCloud: () => new LocalCommunityCloud(),
};
