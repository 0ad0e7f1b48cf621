/**
 * Which node of a cluster a profile's servers land on, and why none does. A server fits a node when
 * its guarantees fit what the node gives user pods (its allocatable less hubnet's daemonsets: the
 * scheduler packs nodes by guarantees) and its limits fit the node's memory and cores (a limit above
 * them could never be reached). A profile with sizes lands on one node type that fits all of them.
 */
import { type Cluster, lookupMachineType } from "../clouds";
import { at, type Loaded } from "../loaded";
import { allocatable, EVICTION_HARD_GIB, type NodeModel } from "../machine-types";
import { formatPath, type Problem } from "../problems";
import { formatSizeIn, GIB, isBinary } from "../quantity";
import type { Community } from "../schema/community";
import { type CommunityProfile, profileShapes, type ServerShape } from "../schema/community-profile";

export interface NodeShape {
  pool: string;
  kind: "user" | "gpu" | "declared";
  machineType: string;
  /** What the node gives user pods. */
  cpu: number;
  memoryGiB: number;
  /** What the node has. */
  capacity: { cpu: number; memoryGiB: number };
  gpu?: { type: string; count: number };
  spot: boolean;
}

/** The node shapes of a cluster that user servers can land on. */
export function userNodeShapes(cluster: Cluster): NodeShape[] {
  if (cluster.cloud === "local" || cluster.cloud === "existing") {
    const node = { cpu: cluster.node.cpu.cores, memoryGiB: cluster.node.memory.bytes / GIB };
    // A local node is declared by its size (kind and minikube reserve nothing but the eviction
    // threshold); an existing cluster's by its allocatable resources, as Kubernetes reports them.
    const a = allocatable(
      "declared",
      cluster.cloud === "local" ? { ...node, memoryGiB: node.memoryGiB - EVICTION_HARD_GIB } : node,
    );
    return [
      {
        pool: cluster.cloud,
        kind: "declared",
        machineType: cluster.cloud,
        ...a,
        capacity: node,
        spot: false,
      },
    ];
  }
  const model: NodeModel = cluster.cloud;
  const shapes: NodeShape[] = [];
  const add = (
    pool: { name: string; machineType: string; spot: boolean },
    kind: "user" | "gpu",
    gpu?: NodeShape["gpu"],
  ) => {
    const mt = lookupMachineType(cluster.cloud, pool.machineType);
    if (!mt) return;
    shapes.push({
      pool: pool.name,
      kind,
      machineType: pool.machineType,
      ...allocatable(model, mt),
      capacity: { cpu: mt.cpu, memoryGiB: mt.memoryGiB },
      ...(gpu ? { gpu } : {}),
      spot: pool.spot,
    });
  };
  for (const pool of cluster.nodePools.user) add(pool, "user");
  for (const pool of cluster.nodePools.gpu) add(pool, "gpu", pool.accelerator);
  return shapes;
}

/** Whether one server fits a node: guarantees within what it gives pods, limits within what it has. */
export function serverFits(node: NodeShape, s: ServerShape): boolean {
  return (
    s.cpu.guarantee.cores <= node.cpu &&
    s.memory.guarantee.bytes / GIB <= node.memoryGiB &&
    s.cpu.limit.cores <= node.capacity.cpu &&
    s.memory.limit.bytes / GIB <= node.capacity.memoryGiB
  );
}

/** Nodes of the right kind for a profile: its GPU type and count, spot only when it asks for spot. */
function candidates(shapes: NodeShape[], p: CommunityProfile): NodeShape[] {
  return shapes.filter(
    (s) =>
      (p.gpu ? s.gpu?.type === p.gpu.type && s.gpu.count >= p.gpu.count : s.kind !== "gpu") &&
      (s.kind === "declared" || s.spot === p.spot),
  );
}

/** The smallest node shape that fits every size of a profile, or undefined. */
export function poolForProfile(cluster: Cluster, profile: CommunityProfile): NodeShape | undefined {
  const servers = profileShapes(profile);
  if (servers.length === 0) return undefined;
  return candidates(userNodeShapes(cluster), profile)
    .filter((node) => servers.every((s) => serverFits(node, s)))
    .sort((a, b) => a.memoryGiB - b.memoryGiB || a.cpu - b.cpu)[0];
}

/** How many servers of this shape one node packs (by their guarantees). */
export function serversPerNode(node: NodeShape, s: ServerShape): number {
  return Math.floor(
    Math.min(node.cpu / s.cpu.guarantee.cores, node.memoryGiB / (s.memory.guarantee.bytes / GIB)),
  );
}

function describeServer(s: ServerShape, binary: boolean): string {
  const cpu =
    s.cpu.guarantee.cores === s.cpu.limit.cores
      ? `${s.cpu.guarantee.text} cpu`
      : `${s.cpu.guarantee.text} cpu guaranteed, ${s.cpu.limit.text} limit`;
  const mem =
    s.memory.guarantee.bytes === s.memory.limit.bytes
      ? `${formatSizeIn(s.memory.guarantee.bytes, binary)} memory`
      : `${formatSizeIn(s.memory.guarantee.bytes, binary)} memory guaranteed, ${formatSizeIn(s.memory.limit.bytes, binary)} limit`;
  return `${cpu}, ${mem}`;
}

/** The problems of a community's profiles on a cluster: one per profile that no node fits. */
export function checkProfilesOnCluster(c: Loaded<Community>, cluster: Cluster): Problem[] {
  const problems: Problem[] = [];
  const name = c.config.cluster;
  const shapes = userNodeShapes(cluster);
  c.config.profiles.forEach((p, i) => {
    const servers = profileShapes(p);
    if (servers.length === 0 || poolForProfile(cluster, p)) return;
    const report = (path: (string | number)[], message: string) =>
      problems.push({ ...at(c, path), path: formatPath(path), message });
    if (p.spot && !shapes.some((s) => s.spot)) {
      report(
        ["profiles", i, "spot"],
        `cluster "${name}" has no spot pool: remove spot, or ask the platform team for a spot pool`,
      );
      return;
    }
    if (p.gpu) {
      const gpuPools = shapes.filter((s) => s.kind === "gpu");
      const sameType = gpuPools.filter((s) => s.gpu?.type === p.gpu?.type);
      if (sameType.length === 0) {
        report(
          ["profiles", i, "gpu", "type"],
          `cluster "${name}" has no ${p.gpu.type} GPU pool${gpuPools.length ? ` (GPU pools: ${gpuPools.map((s) => `${s.pool} with ${s.gpu?.type}`).join(", ")})` : " (it has no GPU pools)"}: pick a GPU it has or remove the gpu`,
        );
        return;
      }
      const most = Math.max(...sameType.map((s) => s.gpu?.count ?? 0));
      if (p.gpu.count > most) {
        report(
          ["profiles", i, "gpu", "count"],
          `profile "${p.name}" asks for ${p.gpu.count} ${p.gpu.type} GPUs per server, but the nodes of cluster "${name}" have at most ${most} (${sameType.map((s) => `pool ${s.pool}: ${s.gpu?.count}`).join(", ")}): ask for ${most} or fewer`,
        );
        return;
      }
    }
    const kind = candidates(shapes, p);
    if (kind.length === 0) {
      report(
        ["profiles", i],
        `profile "${p.name}" ${p.spot ? "asks for spot" : "does not ask for spot"}, and cluster "${name}" has no ${p.spot ? "spot" : "on-demand"} pool${p.gpu ? ` with ${p.gpu.type}` : ""}: ${p.spot ? "remove spot" : "add spot: true to run on spot nodes"}, or ask the platform team for such a pool`,
      );
      return;
    }
    const binary = isBinary(servers[0].memory.limit);
    const largest = [...kind].sort((a, b) => b.memoryGiB - a.memoryGiB)[0];
    const misfits = servers
      .map((s, j) => ({ s, j }))
      .filter(({ s }) => !kind.some((node) => serverFits(node, s)));
    const what = p.sizes
      ? misfits.length > 0
        ? `size "${p.sizes[misfits[0].j].name}" of profile "${p.name}" (${describeServer(misfits[0].s, binary)})`
        : `the sizes of profile "${p.name}" together`
      : `profile "${p.name}" (${describeServer(servers[0], binary)})`;
    const where: (string | number)[] =
      p.sizes && misfits.length > 0 ? ["profiles", i, "sizes", misfits[0].j] : ["profiles", i];
    report(
      where,
      `${what} fits no node of cluster "${name}"; the largest, ${largest.machineType} in pool ${largest.pool}, gives user pods ${largest.cpu} cpu and ${formatSizeIn(largest.memoryGiB * GIB, binary)} of its ${formatSizeIn(largest.capacity.memoryGiB * GIB, binary)} (guarantees must fit what it gives, limits what it has): make the profile smaller or ask for a larger pool`,
    );
  });
  return problems;
}
