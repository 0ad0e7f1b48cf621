/**
 * The network: every cluster stack file and community file of a checkout,
 * loaded, validated and checked together.
 */

import * as path from "node:path";
import { checkBudgetAlerts } from "./checks/budget-checks";
import { checkImagePulls } from "./checks/image-pulls";
import { checkNetwork, refsOf } from "./checks/network-checks";
import type { Cluster } from "./clouds";
import { inspect } from "./files/tree";
import { checkDay, checkKubernetesVersion } from "./kubernetes-versions";
import {
  CLUSTER_STACK_DIR,
  COMMUNITIES_DIR,
  COMMUNITY_STACK_DIR,
  clusterStackFile,
  communityFile,
  listCommunities,
  listStackFiles,
  nameProblem,
} from "./layout";
import { loadClusterFile, loadCommunityFile } from "./load";
import type { CommunityRefs, Loaded } from "./loaded";
import { type Problem, sortProblems } from "./problems";
import { checkRemovedStacks, loadRemovedStacks, type RemovedStack } from "./removed-stacks";
import type { Community } from "./schema/community";
import { loadStackFile } from "./stack-file";

export interface Network {
  root: string;
  clusters: Map<string, Loaded<Cluster>>;
  communities: Map<string, Loaded<Community>>;
  problems: Problem[];
  /** What is still valid but needs attention soon (a Kubernetes version near its end of support). */
  warnings: Problem[];
  /** Stacks removed from the tree that are still deployed (stacks/removed.yaml). @default none */
  removedStacks?: RemovedStack[];
}

export interface LoadNetworkOptions {
  /** The day Kubernetes versions are checked against. @default `checkDay()`: HUBNET_TODAY, else the clock */
  today?: Date;
}

/** The cluster stack files under `root`, sorted (files that are not read are left out: see listStackFiles). */
export function listClusterFiles(root: string): string[] {
  return [...listStackFiles(root, CLUSTER_STACK_DIR).files.values()].sort();
}

/** The community files under `root`, sorted, and the problems of what looks like one but is not read. */
export function listCommunityFiles(root: string): { files: string[]; problems: Problem[] } {
  const { files, problems } = listCommunities(root);
  return { files: [...files.values()].sort(), problems };
}

/** Load and check the whole network under `root`. */
export function loadNetwork(root: string, opts: LoadNetworkOptions = {}): Network {
  const today = opts.today ?? checkDay();
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const clusters = new Map<string, Loaded<Cluster>>();
  const communities = new Map<string, Loaded<Community>>();
  const brokenClusters = new Set<string>();

  const clusterFiles = listStackFiles(root, CLUSTER_STACK_DIR);
  const communityFiles = listCommunities(root);
  if (clusterFiles.missing && communityFiles.missing) {
    problems.push({
      file: root,
      message: `no ${COMMUNITIES_DIR}/ or ${CLUSTER_STACK_DIR}/ here: point --root at a hubnet checkout`,
    });
    return { root, clusters, communities, problems, warnings };
  }
  problems.push(...clusterFiles.problems, ...communityFiles.problems);
  for (const [name, file] of [...clusterFiles.files].sort()) {
    const r = loadClusterFile(file, undefined, root);
    problems.push(...r.problems);
    if (r.cluster) {
      clusters.set(r.cluster.name, r.cluster);
      const versions = checkKubernetesVersion(r.cluster, today);
      problems.push(...versions.errors);
      warnings.push(...versions.warnings);
    } else brokenClusters.add(name);
  }
  const partial: CommunityRefs[] = [];
  for (const [, file] of [...communityFiles.files].sort()) {
    const r = loadCommunityFile(file, undefined, root);
    problems.push(...r.problems);
    if (r.community) communities.set(r.community.name, r.community);
    else if (r.refs) partial.push(r.refs);
  }
  problems.push(...checkCommunityStacks(root, new Set(communityFiles.files.keys())));
  const removed = loadRemovedStacks(root);
  problems.push(...removed.problems);
  if (removed.loaded)
    problems.push(
      ...checkRemovedStacks(removed.loaded, {
        cluster: new Set(clusterFiles.files.keys()),
        community: new Set(communityFiles.files.keys()),
      }),
    );
  // A community on a cluster whose own file is broken is not checked against it (one problem, not two);
  // its domains still are.
  const checkable = new Map<string, Loaded<Community>>();
  for (const [name, c] of communities) {
    if (!brokenClusters.has(c.config.cluster)) checkable.set(name, c);
    else partial.push({ ...refsOf(c), cluster: undefined });
  }
  for (const p of partial) if (p.cluster && brokenClusters.has(p.cluster)) p.cluster = undefined;
  problems.push(...checkNetwork(clusters, checkable, partial));
  warnings.push(...checkBudgetAlerts(clusters, checkable));
  warnings.push(...checkImagePulls(clusters, checkable));
  return {
    root,
    clusters,
    communities,
    problems: sortProblems(problems),
    warnings: sortProblems(warnings),
    removedStacks: removed.stacks,
  };
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
  const badName = nameProblem("community", name);
  if (badName) return { problems: [{ message: badName }] };
  const r = loadCommunityFile(communityFile(root, name), undefined, root);
  if (!r.community) return { problems: r.problems };
  const clusterName = r.community.config.cluster;
  const file = clusterStackFile(root, clusterName);
  const state = inspect(root, file);
  if (state.kind === "missing") {
    return { problems: checkNetwork(new Map(), new Map([[name, r.community]])) };
  }
  if (state.kind === "refused") return { problems: [state.problem] };
  const c = loadClusterFile(file, undefined, root);
  if (!c.cluster) return { problems: c.problems };
  const problems = checkNetwork(new Map([[clusterName, c.cluster]]), new Map([[name, r.community]]));
  if (problems.length > 0) return { problems: sortProblems(problems) };
  return { community: r.community, cluster: c.cluster, problems: [] };
}

/**
 * The community stack files (`stacks/community/Pulumi.<community>.yaml`): each read and checked
 * (no plain-text secret, client secrets in their place), and one for no community reported.
 */
export function checkCommunityStacks(root: string, communityNames: ReadonlySet<string>): Problem[] {
  const listed = listStackFiles(root, COMMUNITY_STACK_DIR);
  const problems = [...listed.problems];
  for (const [name, file] of listed.files) {
    problems.push(...loadStackFile(file, "community", { root }).problems);
    if (!communityNames.has(name)) {
      problems.push({
        file,
        message: `configures no community: ${path.join(COMMUNITIES_DIR, name, "community.yaml")} does not exist; remove this file, or rename it after its community`,
      });
    }
  }
  return problems;
}
