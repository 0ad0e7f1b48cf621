/**
 * `hubnet rollout`: a change's affected stacks in waves (clusters, canaries, staging hubs, the rest
 * in batches per cluster), on generated networks of 10, 300 and 1,000 communities in git
 * repositories with this checkout's code, and the pure wave function's rules.
 */

import { RolloutSchema } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import type { AffectedStack } from "../packages/cli/src/changes/affected";
import { MAX_MATRIX_JOBS, rolloutPlan, type Wave } from "../packages/cli/src/changes/rollout";
import { generateNetwork } from "./bench/generate-network";
import { hubnet } from "./support/cli";
import { gitNetwork } from "./support/git-network";

const config = (o: object = {}) => RolloutSchema.parse(o);

function community(
  stack: string,
  cluster: string,
  staging = true,
  extra: Partial<AffectedStack> = {},
): AffectedStack {
  return {
    project: "community",
    stack,
    change: "changed",
    phase: staging ? "staging" : "production",
    cluster,
    cloud: cluster === "local-dev" ? "local" : "gcp",
    stagingHubs: staging ? ["staging"] : [],
    hubs: [
      ...(staging ? [{ name: "staging", url: `https://staging.${stack}.example.org`, staging: true }] : []),
      { name: "prod", url: `https://${stack}.example.org`, staging: false },
    ],
    reasons: ["test"],
    ...extra,
  };
}

/** Rules every plan keeps, whatever the network. */
function checkWaves(waves: Wave[], canaries: string[], communities: AffectedStack[]): void {
  const order = ["clusters", "canaries", "staging", "production"];
  expect(waves.map((w) => order.indexOf(w.kind))).toEqual(
    [...waves.map((w) => order.indexOf(w.kind))].sort(),
  );
  for (const w of waves) {
    expect(w.batches.length, w.kind).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    expect(w.maxParallel).toBeLessThanOrEqual(MAX_MATRIX_JOBS);
    for (const b of w.batches) expect(new Set(b.stacks.map((s) => s.cluster)).size, b.name).toBe(1);
    expect(new Set(w.batches.map((b) => b.name)).size).toBe(w.batches.length);
  }
  const stacksOf = (kind: string) =>
    waves.filter((w) => w.kind === kind).flatMap((w) => w.batches.flatMap((b) => b.stacks));
  const canaryStacks = stacksOf("canaries");
  expect(canaryStacks.map((s) => s.stack).sort()).toEqual(
    communities
      .filter((c) => canaries.includes(c.stack))
      .map((c) => c.stack)
      .sort(),
  );
  for (const s of canaryStacks) expect(s.target).toBe("all");
  const rest = communities.filter((c) => !canaries.includes(c.stack));
  // Every other community deploys once in production; those with a staging hub once in staging first.
  expect(
    stacksOf("production")
      .map((s) => s.stack)
      .sort(),
  ).toEqual(rest.map((c) => c.stack).sort());
  expect(
    stacksOf("staging")
      .map((s) => s.stack)
      .sort(),
  ).toEqual(
    rest
      .filter((c) => (c.stagingHubs ?? []).length > 0)
      .map((c) => c.stack)
      .sort(),
  );
  for (const s of stacksOf("staging")) expect(s.hubs.map((h) => h.name)).toEqual(["staging"]);
  for (const s of stacksOf("production"))
    expect(s.target).toBe(rest.find((c) => c.stack === s.stack)?.stagingHubs?.length ? "production" : "all");
}

describe("rollout waves", () => {
  it("clusters first, then canaries one at a time, then staging hubs, then the rest in batches per cluster", () => {
    const stacks: AffectedStack[] = [
      { project: "cluster", stack: "gke", change: "changed", phase: "clusters", cloud: "gcp", reasons: [] },
      community("a", "gke"),
      community("b", "gke", false),
      community("c", "eks"),
      community("d", "gke"),
      community("e", "eks", false),
    ];
    const p = rolloutPlan(stacks, config({ canaries: ["d"], batchSize: 2, maxParallel: 3 }));
    expect(
      p.waves.map((w) => [
        w.kind,
        w.maxParallel,
        w.batches.map((b) => b.stacks.map((s) => `${s.stack}:${s.target}`)),
      ]),
    ).toEqual([
      ["clusters", 1, [["gke:all"]]],
      ["canaries", 1, [["d:all"]]],
      ["staging", 3, [["c:staging"], ["a:staging"]]],
      [
        "production",
        3,
        [
          ["c:production", "e:all"],
          ["a:production", "b:all"],
        ],
      ],
    ]);
    checkWaves(
      p.waves,
      ["d"],
      stacks.filter((s) => s.project === "community"),
    );
  });

  it("removed stacks and stacks on local clusters are skipped with the reason", () => {
    const p = rolloutPlan(
      [community("gone", "gke", true, { change: "removed" }), community("laptop", "local-dev")],
      config(),
    );
    expect(p.waves).toEqual([]);
    expect(p.skipped.map((s) => [s.stack, s.reason.split(":")[0]])).toEqual([
      ["gone", "removed from the network"],
      ["laptop", "runs on a local cluster"],
    ]);
  });

  it("a cluster's own batch size applies to its communities alone", () => {
    const stacks = [...Array(6)].map((_, i) => community(`s${i}`, i < 3 ? "small" : "big", false));
    const p = rolloutPlan(stacks, config({ batchSize: 3, clusters: { small: { batchSize: 1 } } }));
    expect(p.waves[0]?.batches.map((b) => [b.cluster, b.stacks.length])).toEqual([
      ["big", 3],
      ["small", 1],
      ["small", 1],
      ["small", 1],
    ]);
  });

  it.each([10, 300, 1000, 5000])(
    "%i communities: every wave within GitHub's 256-job matrix, every community once",
    (n) => {
      const clusters = ["a", "b", "c", "d", "e"];
      const stacks = [...Array(n)].map((_, i) =>
        community(`c${String(i).padStart(5, "0")}`, clusters[i % 5] as string, i % 3 !== 0),
      );
      const canaries = ["c00001", "c00002"].filter((c) => stacks.some((s) => s.stack === c));
      const p = rolloutPlan(stacks, config({ canaries, batchSize: 1 }));
      checkWaves(p.waves, canaries, stacks);
      if (n >= 300)
        expect(p.waves.find((w) => w.kind === "production")?.batches.length).toBeGreaterThan(
          MAX_MATRIX_JOBS / 2,
        );
    },
  );
});

describe.each([10, 300, 1000])("hubnet rollout on a generated network of %i communities", (n) => {
  it("a change to the hub component: canaries, staging hubs, then production in batches; local stacks skipped", async () => {
    const root = generateNetwork(n);
    const net = gitNetwork({ dir: root, network: false });
    const canaries = ["community-0001", "community-0002"];
    const head = net.commit("change", {
      "packages/components/src/hub/hub.ts": (old) => `${old}\n// a platform change that reaches every hub\n`,
      "stacks/rollout.yaml": `canaries: [${canaries.join(", ")}]\nbatchSize: 4\nmaxParallel: 2\nclusters:\n  aws-research: { batchSize: 2 }\n`,
    });
    const r = await hubnet(["rollout", "--base", "base", "--head", head, "--json", "--root", net.dir], {
      timeout: 180_000,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.waves.map((w: Wave) => w.kind)).toEqual(["canaries", "staging", "production"]);
    const all = [...Array(n)].map((_, i) => `community-${String(i).padStart(4, "0")}`);
    // Every fourth community is on the local cluster (the generator's order): skipped, not deployed.
    const local = all.filter((_, i) => i % 4 === 3);
    expect(j.skipped.map((s: { stack: string }) => s.stack).sort()).toEqual(local);
    const deployed = all
      .filter((c) => !local.includes(c))
      .map((stack, i) => community(stack, "x", true, { cluster: `k${i}` }));
    checkWaves(j.waves, canaries, deployed);
    for (const w of j.waves as Wave[])
      for (const b of w.batches)
        expect(b.stacks.length).toBeLessThanOrEqual(b.cluster === "aws-research" ? 2 : 4);
  }, 240_000);
});

describe("the rollout file", () => {
  it("a canary the network does not have is a problem at its line (exit 1)", async () => {
    const net = gitNetwork({ dir: generateNetwork(3), network: false });
    const head = net.commit("bad", { "stacks/rollout.yaml": "canaries:\n  - community-0000\n  - nobody\n" });
    const r = await hubnet(["rollout", "--base", "base", "--head", head, "--root", net.dir]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /stacks\/rollout\.yaml:3:5: canaries\.1: "nobody" is not a community of the network/,
    );
  }, 120_000);
});

describe("hubnet validate reads the rollout file", () => {
  it("a cluster the network does not have is a problem of validate too", async () => {
    const root = generateNetwork(2);
    const fs = await import("node:fs");
    fs.writeFileSync(`${root}/stacks/rollout.yaml`, "clusters:\n  nowhere: { batchSize: 2 }\n");
    const r = await hubnet(["validate", "--root", root]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(
      /stacks\/rollout\.yaml:2:3: clusters\.nowhere: "nowhere" is not a cluster of the network/,
    );
  });
});
