/**
 * The cloud registry: each cloud's entry (`<cloud>/index.ts`), loaded only
 * when a stack of that cloud asks for it, so a GKE stack never loads
 * @pulumi/aws or @pulumi/azure-native. Stacks and components reach every
 * cloud through here; adding a cloud is one folder and one line below
 * (docs/platform/adding-a-cloud.md).
 */
import type { Cloud, Cluster } from "@hubnet/config";
import type { CommunityCloudContext } from "./cluster/cloud-context";
import type { CloudEntry, CreatedCluster } from "./cluster/cloud-entry";
import type { CommunityCloud } from "./cluster/contract";

type EntryOf<K extends Cloud> = CloudEntry<Extract<Cluster, { cloud: K }>>;

/** Loads each cloud's entry on first use (Node caches the module after that). */
export const CLOUD_ENTRIES: { readonly [K in Cloud]: () => EntryOf<K> } = {
  gcp: () => (require("./gcp") as typeof import("./gcp")).gcp,
  aws: () => (require("./aws") as typeof import("./aws")).aws,
  azure: () => (require("./azure") as typeof import("./azure")).azure,
  existing: () => (require("./existing") as typeof import("./existing")).existing,
  local: () => (require("./local") as typeof import("./local")).local,
};

/** The entry of `cloud`, loading that cloud's module (and its SDK) alone. */
export function cloudEntry(cloud: Cloud): CloudEntry {
  return CLOUD_ENTRIES[cloud]() as CloudEntry;
}

/**
 * The cluster component of a cluster stack, with its cloud's provider, and what the cluster
 * baseline needs from it.
 */
export function createCluster(name: string, config: Cluster): CreatedCluster {
  const entry = cloudEntry(config.cloud);
  const provider = entry.provider(name, config);
  return entry.createCluster(name, config, provider ? { providers: [provider] } : {});
}

/** The `CommunityCloud` of a cluster's cloud, for the hubs of a community stack on that cluster. */
export function communityCloudFor(context: CommunityCloudContext): CommunityCloud {
  return cloudEntry(context.cloud).communityCloud(context);
}
