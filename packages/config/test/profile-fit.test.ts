/** Where profiles land, and what validate says when none fits (fixture clusters, one per cloud). */
import { describe, expect, it } from "vitest";
import { loadNetwork, parseBytes, poolForProfile } from "../src";
import { communityYaml, fixtureTrees, GITHUB_AUTH, problemsOf } from "./community-fixtures";

const tree = fixtureTrees();

/** Loads one community on `cluster` with these profiles; returns it and its cluster, or the problems. */
function load(cluster: string, profiles: string) {
  const root = tree({ c: communityYaml("c", cluster, `${GITHUB_AUTH}\nprofiles:\n${profiles}`) });
  const network = loadNetwork(root);
  const community = network.communities.get("c")?.config;
  return { root, community, cluster: network.clusters.get(cluster)?.config, problems: problemsOf(root) };
}

describe("profiles real hubs run fit where they run in production", () => {
  it("14G on g4dn.xlarge (EKS reserves by max pods, not GKE's tiers)", () => {
    const r = load(
      "eks",
      "  - { name: gpu, displayName: GPU, cpu: 3, memory: 14G, gpu: { type: nvidia-t4 }, default: true }",
    );
    expect(r.problems).toEqual([]);
    expect(poolForProfile(r.cluster!, r.community!.profiles[0])?.machineType).toBe("g4dn.xlarge");
  });

  it("29G on n1-standard-8 and 15G on g2-standard-4, as limits above what the scheduler packs", () => {
    const r = load(
      "gke",
      [
        "  - { name: t4, displayName: T4, cpu: 7, memory: { guarantee: 24G, limit: 29G }, gpu: { type: nvidia-tesla-t4 }, default: true }",
        "  - { name: l4, displayName: L4, cpu: 3, memory: { guarantee: 12G, limit: 15G }, gpu: { type: nvidia-l4 } }",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(r.community!.profiles.map((p) => poolForProfile(r.cluster!, p)?.machineType)).toEqual([
      "n1-standard-8",
      "g2-standard-4",
    ]);
  });

  it("packs by the guarantee: a guarantee above what GKE leaves pods on n1-standard-8 does not fit", () => {
    const r = load(
      "gke",
      "  - { name: t4, displayName: T4, cpu: 7, memory: 29G, gpu: { type: nvidia-tesla-t4 }, default: true }",
    );
    expect(r.problems).toEqual([
      'communities/c/community.yaml:11:5: profiles[0]: profile "t4" (7 cpu, 29G memory) fits no node of cluster "gke"; the largest, n1-standard-8 in pool t4, gives user pods 7.71 cpu and 27.8G of its 32.2G (guarantees must fit what it gives, limits what it has): make the profile smaller or ask for a larger pool',
    ]);
  });

  it("puts the sizes of a profile (node shares) on the one machine type that fits the largest", () => {
    const r = load(
      "gke",
      [
        "  - name: shares",
        "    displayName: Shares of a node",
        "    default: true",
        "    sizes:",
        "      - { name: eighth, displayName: 1/8, cpu: 0.5, memory: 3G }",
        "      - { name: half, displayName: 1/2, cpu: 1.8, memory: { guarantee: 12G, limit: 14G }, default: true }",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    expect(poolForProfile(r.cluster!, r.community!.profiles[0])?.pool).toBe("highmem");
  });

  it("lands on a spot pool only when the profile asks for spot", () => {
    const r = load(
      "gke",
      [
        "  - { name: steady, displayName: Steady, cpu: 4, memory: 16G, default: true }",
        "  - { name: cheap, displayName: Cheap, cpu: 4, memory: 16G, spot: true }",
      ].join("\n"),
    );
    expect(r.problems).toEqual([]);
    const pools = r.community!.profiles.map((p) => poolForProfile(r.cluster!, p)!);
    expect(pools.map((p) => [p.pool, p.spot])).toEqual([
      ["big", false],
      ["cheap", true],
    ]);
  });
});

describe("messages when no node fits", () => {
  it("says a GPU count is more than the pool's nodes have (not cpu or memory)", () => {
    const r = load(
      "eks",
      "  - { name: gpu, displayName: GPU, cpu: 2, memory: 8G, gpu: { type: nvidia-t4, count: 2 }, default: true }",
    );
    expect(r.problems).toEqual([
      'communities/c/community.yaml:11:87: profiles[0].gpu.count: profile "gpu" asks for 2 nvidia-t4 GPUs per server, but the nodes of cluster "eks" have at most 1 (pool t4: 1): ask for 1 or fewer',
    ]);
  });

  it("names the size of a profile that fits no node, with every size in the profile's own unit", () => {
    const r = load(
      "eks",
      [
        "  - name: shares",
        "    displayName: Shares",
        "    default: true",
        "    sizes:",
        "      - { name: small, displayName: Small, cpu: 1, memory: 4Gi }",
        "      - { name: huge, displayName: Huge, cpu: 2, memory: { guarantee: 20Gi, limit: 40Gi } }",
      ].join("\n"),
    );
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]).toMatch(
      /^communities\/c\/community\.yaml:16:9: profiles\[0\]\.sizes\[1\]: size "huge" of profile "shares"/,
    );
    // One unit in one message: the profile wrote Gi, so the node is given in Gi too.
    expect(r.problems[0]).toContain("20Gi memory guaranteed, 40Gi limit");
    expect(r.problems[0]).toMatch(/gives user pods [0-9.]+ cpu and [0-9.]+Gi of its 32Gi/);
    expect(r.problems[0]).not.toMatch(/[0-9]G[ ,)]/);
  });

  it("says a profile asking for spot that the cluster has no spot pool", () => {
    const spot = load(
      "eks",
      "  - { name: s, displayName: S, cpu: 1, memory: 2G, spot: true, default: true }",
    );
    expect(spot.problems).toEqual([
      'communities/c/community.yaml:11:58: profiles[0].spot: cluster "eks" has no spot pool: remove spot, or ask the platform team for a spot pool',
    ]);
  });

  it("refuses a guarantee above the limit, at the guarantee", () => {
    const r = load(
      "gke",
      "  - { name: s, displayName: S, cpu: { guarantee: 2, limit: 1 }, memory: 2G, default: true }",
    );
    expect(r.problems).toEqual([
      "communities/c/community.yaml:11:50: profiles[0].cpu.guarantee: the guarantee (2) is above the limit (1): make the guarantee at most the limit",
    ]);
  });
});

describe("sizes without units", () => {
  it("reads a bare byte count as bytes: the hint is the same size, not 10^9 times it", () => {
    const r = parseBytes(4000000000);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain("4000000000 bytes is 4G (3.725Gi)");
    expect(r.message).toContain("for example 4G");
    expect(r.message).not.toContain("4000000000G");
  });

  it("suggests units for a small bare number", () => {
    const r = parseBytes("4");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("for example 4G or 4Gi");
  });
});
