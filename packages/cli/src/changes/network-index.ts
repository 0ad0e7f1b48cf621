/**
 * The stacks of a commit, read from its blobs (no checkout, no schema): each cluster's cloud, each
 * community's cluster and hubs. Enough to say which stacks a change affects and in what order to
 * deploy them; full validation is `hubnet validate`'s job. Files are parsed only when asked for.
 */
import * as path from "node:path";
import { parse } from "yaml";
import { listTree, readBlobs } from "./git";

export interface ClusterInfo {
  name: string;
  file: string;
  /** Undefined when the file does not parse (the change is then reported against every cloud). */
  cloud?: string;
}

export interface CommunityInfo {
  name: string;
  file: string;
  cluster?: string;
  hubs: string[];
  /** Each hub's domain, by hub name (for health checks after a deploy). */
  domains?: Record<string, string>;
}

const CLUSTER_FILE = /^stacks\/cluster\/Pulumi\.([^./]+)\.ya?ml$/;
const COMMUNITY_FILE = /^communities\/([^/]+)\/community\.yaml$/;

/** What `text` (a YAML document) holds, or undefined if it does not parse to a mapping. */
function yamlMapping(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes) return undefined;
  try {
    const doc = parse(bytes.toString("utf8"), { maxAliasCount: 100, uniqueKeys: false });
    return doc && typeof doc === "object" && !Array.isArray(doc)
      ? (doc as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export class NetworkIndex {
  readonly clusterFiles = new Map<string, string>();
  readonly communityFiles = new Map<string, string>();
  /** Paths under communities/ and stacks/ that are symbolic links or submodules (never read). */
  readonly links: string[] = [];
  private clusters?: Map<string, ClusterInfo>;
  private communities?: Map<string, CommunityInfo>;

  constructor(
    private readonly repo: string,
    readonly commit: string,
  ) {
    for (const [file, mode] of listTree(repo, commit, ["communities", "stacks"])) {
      if (mode === "120000" || mode === "160000") {
        this.links.push(file);
        continue;
      }
      const cluster = CLUSTER_FILE.exec(file);
      if (cluster) this.clusterFiles.set(cluster[1], file);
      const community = COMMUNITY_FILE.exec(file);
      if (community) this.communityFiles.set(community[1], file);
    }
  }

  hasCluster(name: string): boolean {
    return this.clusterFiles.has(name);
  }

  hasCommunity(name: string): boolean {
    return this.communityFiles.has(name);
  }

  allClusters(): Map<string, ClusterInfo> {
    if (!this.clusters) {
      const blobs = readBlobs(this.repo, this.commit, [...this.clusterFiles.values()]);
      this.clusters = new Map();
      for (const [name, file] of this.clusterFiles) {
        const doc = yamlMapping(blobs.get(file));
        const config = doc?.config as Record<string, unknown> | undefined;
        const cluster = config?.["hubnet:cluster"] as Record<string, unknown> | undefined;
        const cloud = typeof cluster?.cloud === "string" ? cluster.cloud : undefined;
        this.clusters.set(name, { name, file, cloud });
      }
    }
    return this.clusters;
  }

  allCommunities(): Map<string, CommunityInfo> {
    if (!this.communities) {
      const blobs = readBlobs(this.repo, this.commit, [...this.communityFiles.values()]);
      this.communities = new Map();
      for (const [name, file] of this.communityFiles)
        this.communities.set(name, communityInfo(name, file, blobs.get(file)));
    }
    return this.communities;
  }

  /** One community, read alone (a one-community change parses one file, not the network). */
  community(name: string): CommunityInfo | undefined {
    if (this.communities) return this.communities.get(name);
    const file = this.communityFiles.get(name);
    if (!file) return undefined;
    return communityInfo(name, file, readBlobs(this.repo, this.commit, [file]).get(file));
  }

  cluster(name: string): ClusterInfo | undefined {
    return this.allClusters().get(name);
  }

  /** The cloud a community's stack runs on (through its cluster). */
  cloudOf(community: CommunityInfo): string | undefined {
    return community.cluster ? this.cluster(community.cluster)?.cloud : undefined;
  }

  communitiesOn(cluster: string): CommunityInfo[] {
    return [...this.allCommunities().values()].filter((c) => c.cluster === cluster);
  }
}

function communityInfo(name: string, file: string, bytes: Buffer | undefined): CommunityInfo {
  const doc = yamlMapping(bytes);
  const entries = (Array.isArray(doc?.hubs) ? doc.hubs : []).filter(
    (h): h is Record<string, unknown> =>
      !!h && typeof h === "object" && typeof (h as Record<string, unknown>).name === "string",
  );
  const hubs = entries.map((h) => h.name as string);
  const domains = Object.fromEntries(
    entries.filter((h) => typeof h.domain === "string").map((h) => [h.name as string, h.domain as string]),
  );
  return { name, file, cluster: typeof doc?.cluster === "string" ? doc.cluster : undefined, hubs, domains };
}

/** `communities/<name>/…` → name. */
export function communityOfPath(p: string): string | undefined {
  const m = /^communities\/([^/]+)\//.exec(p);
  return m ? m[1] : undefined;
}

/** `stacks/cluster/Pulumi.<name>.yaml` → name. */
export function clusterOfPath(p: string): string | undefined {
  return CLUSTER_FILE.exec(p)?.[1];
}

/** `stacks/community/Pulumi.<name>.yaml` (a community stack's own config: secrets, client IDs) → name. */
export function communityStackConfigOfPath(p: string): string | undefined {
  const m = /^stacks\/community\/Pulumi\.([^./]+)\.ya?ml$/.exec(p);
  return m ? m[1] : undefined;
}

export const isYaml = (p: string) => path.posix.extname(p) === ".yaml" || path.posix.extname(p) === ".yml";
