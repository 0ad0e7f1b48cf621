/**
 * The network: every cluster stack file and community file of a checkout,
 * loaded, validated and checked together.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { checkNetwork, refsOf } from "./checks/network-checks";
import type { Cluster } from "./clouds";
import { checkDay, checkKubernetesVersion } from "./kubernetes-versions";
import { loadClusterFile, loadCommunityFile } from "./load";
import type { CommunityRefs, Loaded } from "./loaded";
import { type Problem, sortProblems } from "./problems";
import type { Community } from "./schema/community";

export interface Network {
  root: string;
  clusters: Map<string, Loaded<Cluster>>;
  communities: Map<string, Loaded<Community>>;
  problems: Problem[];
  /** What is still valid but needs attention soon (a Kubernetes version near its end of support). */
  warnings: Problem[];
}

export interface LoadNetworkOptions {
  /** The day Kubernetes versions are checked against. @default `checkDay()`: HUBNET_TODAY, else the clock */
  today?: Date;
}

export const COMMUNITIES_DIR = "communities";
export const CLUSTER_STACK_DIR = path.join("stacks", "cluster");

export function communityFile(root: string, name: string): string {
  return path.join(root, COMMUNITIES_DIR, name, "community.yaml");
}

export function clusterStackFile(root: string, name: string): string {
  return path.join(root, CLUSTER_STACK_DIR, `Pulumi.${name}.yaml`);
}

export function listClusterFiles(root: string): string[] {
  const dir = path.join(root, CLUSTER_STACK_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => /^Pulumi\.[^.]+\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export function listCommunityFiles(root: string): { files: string[]; problems: Problem[] } {
  const dir = path.join(root, COMMUNITIES_DIR);
  if (!fs.existsSync(dir)) return { files: [], problems: [] };
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const entry of fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const file = path.join(dir, entry.name, "community.yaml");
    if (fs.existsSync(file)) files.push(file);
    else if (fs.existsSync(path.join(dir, entry.name, "community.yml"))) {
      problems.push({
        file: path.join(dir, entry.name, "community.yml"),
        line: 1,
        col: 1,
        message: "rename this file to community.yaml",
      });
    } else {
      problems.push({
        file: path.join(dir, entry.name),
        message: "this community folder has no community.yaml (create one with `pnpm hubnet new`)",
      });
    }
  }
  return { files, problems };
}

/** Load and check the whole network under `root`. */
export function loadNetwork(root: string, opts: LoadNetworkOptions = {}): Network {
  const today = opts.today ?? checkDay();
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const clusters = new Map<string, Loaded<Cluster>>();
  const communities = new Map<string, Loaded<Community>>();
  const brokenClusters = new Set<string>();

  if (
    !fs.existsSync(path.join(root, COMMUNITIES_DIR)) &&
    !fs.existsSync(path.join(root, CLUSTER_STACK_DIR))
  ) {
    problems.push({
      file: root,
      message: `no ${COMMUNITIES_DIR}/ or ${CLUSTER_STACK_DIR}/ here: point --root at a hubnet checkout`,
    });
    return { root, clusters, communities, problems, warnings };
  }

  for (const file of listClusterFiles(root)) {
    const r = loadClusterFile(file);
    problems.push(...r.problems);
    if (r.cluster) {
      clusters.set(r.cluster.name, r.cluster);
      const versions = checkKubernetesVersion(r.cluster, today);
      problems.push(...versions.errors);
      warnings.push(...versions.warnings);
    } else
      brokenClusters.add(
        path
          .basename(file)
          .replace(/^Pulumi\./, "")
          .replace(/\.ya?ml$/, ""),
      );
  }
  const listed = listCommunityFiles(root);
  problems.push(...listed.problems);
  const partial: CommunityRefs[] = [];
  for (const file of listed.files) {
    const r = loadCommunityFile(file);
    problems.push(...r.problems);
    if (r.community) communities.set(r.community.name, r.community);
    else if (r.refs) partial.push(r.refs);
  }
  // A community on a cluster whose own file is broken is not checked against it (one problem, not two);
  // its domains still are.
  const checkable = new Map<string, Loaded<Community>>();
  for (const [name, c] of communities) {
    if (!brokenClusters.has(c.config.cluster)) checkable.set(name, c);
    else partial.push({ ...refsOf(c), cluster: undefined });
  }
  for (const p of partial) if (p.cluster && brokenClusters.has(p.cluster)) p.cluster = undefined;
  problems.push(...checkNetwork(clusters, checkable, partial));
  return { root, clusters, communities, problems: sortProblems(problems), warnings: sortProblems(warnings) };
}

export function summarize(n: Network): string {
  const hubs = [...n.communities.values()].reduce((s, c) => s + c.config.hubs.length, 0);
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  return `${plural(n.communities.size, "community").replace("communitys", "communities")}, ${plural(hubs, "hub")}, ${plural(n.clusters.size, "cluster")}`;
}

/**
 * One community with the cluster it names, both loaded and checked against
 * each other: what a community stack needs, without reading the whole network.
 */
export function loadCommunityWithCluster(
  root: string,
  name: string,
): { community?: Loaded<Community>; cluster?: Loaded<Cluster>; problems: Problem[] } {
  const r = loadCommunityFile(communityFile(root, name));
  if (!r.community) return { problems: r.problems };
  const clusterName = r.community.config.cluster;
  const file = clusterStackFile(root, clusterName);
  if (!fs.existsSync(file)) {
    return { problems: checkNetwork(new Map(), new Map([[name, r.community]])) };
  }
  const c = loadClusterFile(file);
  if (!c.cluster) return { problems: c.problems };
  const problems = checkNetwork(new Map([[clusterName, c.cluster]]), new Map([[name, r.community]]));
  if (problems.length > 0) return { problems: sortProblems(problems) };
  return { community: r.community, cluster: c.cluster, problems: [] };
}
