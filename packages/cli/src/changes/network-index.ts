/**
 * The stacks of a commit, read from its blobs (no checkout, no schema): each cluster's cloud, each
 * community's cluster and hubs. Enough to say which stacks a change affects and in what order to
 * deploy them; full validation is `hubnet validate`'s job. Files are parsed only when asked for.
 */
// Small modules of @hubnet/config, not its index: this reads files without any schema, but by the
// same rule of names as validate (layout.ts classifyConfigPath), so the two never disagree.
import { classifyConfigPath } from "@hubnet/config/src/layout";
import { MAX_FILE_BYTES } from "@hubnet/config/src/limits";
import { parse } from "yaml";
import { BlobCache, listObjects, readBlobs } from "./git";

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

/** The list of removed-but-deployed stacks (@hubnet/config's REMOVED_STACKS_FILE), as a git path. */
export const REMOVED_STACKS_PATH = "stacks/removed.yaml";

/**
 * What `bytes` (a YAML document) hold, or undefined if they do not parse to a mapping, or are larger
 * than any config file hubnet reads (MAX_FILE_BYTES): a pull request's file is untrusted, and a
 * large one would cost seconds and gigabytes to parse. `hubnet validate` and `plan` refuse such a
 * file with its own message; here it is a file whose contents are unknown.
 */
export function yamlMapping(bytes: Buffer | undefined): Record<string, unknown> | undefined {
  if (!bytes || bytes.length > MAX_FILE_BYTES) return undefined;
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
  /** Community stacks' own config files (`stacks/community/Pulumi.<name>.yaml`), by community. */
  readonly stackConfigFiles = new Map<string, string>();
  /** Paths under communities/ and stacks/ that are symbolic links or submodules (never read). */
  readonly links: string[] = [];
  /** Paths that look like config but that hubnet does not read (validate reports each), with why. */
  readonly notRead: { file: string; message: string }[] = [];
  private clusters?: Map<string, ClusterInfo>;
  private clusterOf?: Map<string, string | undefined>;
  private readonly parsed = new Map<string, CommunityInfo>();

  /** Object id of every file under communities/ and stacks/. */
  private readonly oids = new Map<string, string>();

  constructor(
    private readonly repo: string,
    readonly commit: string,
    /** Shared with the index of the other side of a change, which holds mostly the same blobs. */
    private readonly cache: BlobCache = new BlobCache(repo),
  ) {
    for (const [file, { mode, oid }] of listObjects(repo, commit, ["communities", "stacks"])) {
      this.oids.set(file, oid);
      if (mode === "120000" || mode === "160000") {
        this.links.push(file);
        continue;
      }
      const read = classifyConfigPath(file);
      if (read?.kind === "cluster") this.clusterFiles.set(read.name, file);
      else if (read?.kind === "community") this.communityFiles.set(read.name, file);
      else if (read?.kind === "community-stack") this.stackConfigFiles.set(read.name, file);
      else if (read?.kind === "not-read") this.notRead.push({ file, message: read.message });
    }
  }

  hasCluster(name: string): boolean {
    return this.clusterFiles.has(name);
  }

  /**
   * The stacks `stacks/removed.yaml` lists (`project/stack`): removed from the tree, still deployed.
   * Read without the schema (`hubnet validate` checks it): entries that are not a mapping with
   * string `project` and `stack` are left out.
   */
  removedStacks(): Set<string> {
    const out = new Set<string>();
    const oid = this.oids.get(REMOVED_STACKS_PATH);
    if (!oid) return out;
    const doc = yamlMapping(this.cache.read([oid]).get(oid));
    for (const e of Array.isArray(doc?.stacks) ? doc.stacks : []) {
      const { project, stack } = (e ?? {}) as Record<string, unknown>;
      if (typeof project === "string" && typeof stack === "string") out.add(`${project}/${stack}`);
    }
    return out;
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

  /** Every community's cluster, from one read of all their files (a quick scan, YAML where it is not enough). */
  communityClusters(): Map<string, string | undefined> {
    if (!this.clusterOf) {
      const blobs = this.cache.read([...this.communityFiles.values()].map((f) => this.oids.get(f) ?? ""));
      this.clusterOf = new Map();
      for (const [name, file] of this.communityFiles) {
        const bytes = blobs.get(this.oids.get(file) ?? "");
        const text = bytes?.toString("utf8") ?? "";
        this.clusterOf.set(name, quickCluster(text) ?? this.community(name)?.cluster);
      }
    }
    return this.clusterOf;
  }

  /** One community, parsed (a one-community change parses one file, not the network). */
  community(name: string): CommunityInfo | undefined {
    const cached = this.parsed.get(name);
    if (cached) return cached;
    const file = this.communityFiles.get(name);
    if (!file) return undefined;
    const oid = this.oids.get(file) ?? "";
    const bytes = this.cache.read([oid]).get(oid);
    const info = communityInfo(name, file, bytes);
    this.parsed.set(name, info);
    return info;
  }

  cluster(name: string): ClusterInfo | undefined {
    return this.allClusters().get(name);
  }

  /** The cloud a community's stack runs on (through its cluster). */
  cloudOf(community: Pick<CommunityInfo, "cluster">): string | undefined {
    return community.cluster ? this.cluster(community.cluster)?.cloud : undefined;
  }

  /** The cloud of community `name`, without parsing more than its cluster. */
  cloudOfCommunity(name: string): string | undefined {
    return this.cloudOf({ cluster: this.communityClusters().get(name) });
  }

  /** The communities on `cluster`. */
  communitiesOn(cluster: string): string[] {
    return [...this.communityClusters()].filter(([, c]) => c === cluster).map(([name]) => name);
  }

  /** The config files plans of these stacks read: the communities', their clusters', the clusters'. */
  configFilesFor(communities: string[], clusters: string[]): string[] {
    const files = new Set<string>();
    const clusterNames = new Set(clusters);
    for (const c of communities) {
      const file = this.communityFiles.get(c);
      if (file) files.add(file);
      const own = this.stackConfigFiles.get(c);
      if (own) files.add(own);
      const cluster = this.community(c)?.cluster;
      if (cluster) clusterNames.add(cluster);
    }
    for (const c of clusterNames) {
      const file = this.clusterFiles.get(c);
      if (file) files.add(file);
    }
    return [...files].sort();
  }
}

/**
 * The `cluster:` of a community file from its one top-level `cluster: <name>` line; undefined when
 * the text is not that plain (flow style, several documents, the key twice), for the YAML parser.
 */
export function quickCluster(text: string): string | undefined {
  if (/^(---|\.\.\.|[{[])/m.test(text)) return undefined;
  const found = [...text.matchAll(/^cluster:[ \t]*(["']?)([a-z0-9][a-z0-9-]*)\1[ \t]*(#.*)?$/gm)];
  const keys = text.match(/^["']?cluster["']?[ \t]*:/gm) ?? [];
  return found.length === 1 && keys.length === 1 ? found[0][2] : undefined;
}

/**
 * The hubs of a community file written as the template and `hubnet new` write them, one flow
 * mapping per line under a top-level `hubs:` (`- { name: prod, domain: x.example.org }`); undefined
 * for any other shape, for the YAML parser.
 */
export function quickHubs(text: string): { name: string; domain: string }[] | undefined {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^hubs:[ \t]*(#.*)?$/.test(l));
  if (start < 0 || lines.filter((l) => /^["']?hubs["']?[ \t]*:/.test(l)).length !== 1) return undefined;
  const hubs: { name: string; domain: string }[] = [];
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break;
    if (/^\s*(#.*)?$/.test(line)) continue;
    const m =
      /^\s+-\s*\{\s*name:\s*([a-z0-9][a-z0-9-]*)\s*,\s*domain:\s*([a-z0-9][a-z0-9.-]*)\s*\}\s*(#.*)?$/.exec(
        line,
      );
    if (!m) return undefined;
    hubs.push({ name: m[1], domain: m[2] });
  }
  return hubs.length > 0 && !/^(---|\.\.\.|[{[])/m.test(text) ? hubs : undefined;
}

function communityInfo(name: string, file: string, bytes: Buffer | undefined): CommunityInfo {
  const text = bytes?.toString("utf8") ?? "";
  const quick = { cluster: quickCluster(text), hubs: quickHubs(text) };
  if (quick.cluster && quick.hubs) {
    return {
      name,
      file,
      cluster: quick.cluster,
      hubs: quick.hubs.map((h) => h.name),
      domains: Object.fromEntries(quick.hubs.map((h) => [h.name, h.domain])),
    };
  }
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

/** `stacks/cluster/Pulumi.<name>.yaml` → name (only a file validate reads). */
export function clusterOfPath(p: string): string | undefined {
  const read = classifyConfigPath(p);
  return read?.kind === "cluster" ? read.name : undefined;
}

/** `stacks/community/Pulumi.<name>.yaml` (a community stack's own config: secrets, client IDs) → name. */
export function communityStackConfigOfPath(p: string): string | undefined {
  const read = classifyConfigPath(p);
  return read?.kind === "community-stack" ? read.name : undefined;
}
