/**
 * `hubnet affected` and `hubnet diff` on a generated network of 1,000 communities in a git
 * repository with this checkout's code, as whole processes:
 *
 *   hubnet affected, for a one-community change, a cluster file change and a code change:
 *     median under 1 s each;
 *   hubnet diff of a one-community change: about two plans of one community (each side renders
 *     that community and its cluster), not of the network: median under 2.5 x the median of
 *     `hubnet plan <community>` in the same repository.
 *
 *   node --import tsx test/bench/changes.bench.ts [communities=1000] [runs=5]   (or: pnpm bench:changes)
 *
 * Prints every run, the medians and the ratio; exits 1 when a target is missed. Results are
 * recorded in test/bench/README.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { gitNetwork, replace } from "../support/git-network";
import { generateNetwork } from "./generate-network";

const N = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 5);
const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.join(REPO, "packages", "cli", "bin", "hubnet.cjs");
const AFFECTED_TARGET_MS = 1000;
const DIFF_TO_PLAN = 2.5;

function time(args: string[], cwd: string, expect = 0): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== expect)
    throw new Error(`${args.join(" ")}: exit ${r.status}\n${r.stderr}${r.stdout.slice(0, 2000)}`);
  return ms;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label: string, args: string[], cwd: string, runs: number): number {
  time(args, cwd); // untimed: builds and fills the compile cache, as a first run does
  const times = Array.from({ length: runs }, () => time(args, cwd));
  const m = median(times);
  console.log(
    `${label.padEnd(44)} median ${m.toFixed(0).padStart(6)} ms   runs ${times.map((t) => t.toFixed(0)).join(", ")}`,
  );
  return m;
}

function main(): number {
  const started = Date.now();
  const net = gitNetwork({ dir: generateNetwork(N), network: false, dependencies: true });
  const community = "community-0001";
  const file = `communities/${community}/community.yaml`;
  const oneCommunity = net.commit("one-community", {
    [file]: replace(`displayName: Generated community 1`, "displayName: A renamed community"),
  });
  const clusterFile = net.commit("cluster-file", {
    "stacks/cluster/Pulumi.gcp-shared.yaml": replace("max: 30", "max: 31"),
  });
  const code = net.commit("gcp-code", {
    "packages/components/src/gcp/hub-cloud.ts": (t) => `${t}\n// a change\n`,
  });
  console.log(
    `a network of ${N} communities in a git repository, made in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  let ok = true;
  const affected = (label: string, head: string) => {
    const m = measure(
      `affected: ${label}`,
      [BIN, "affected", "--base", "base", "--head", head, "--json"],
      net.dir,
      RUNS,
    );
    if (m > AFFECTED_TARGET_MS) {
      console.error(`  over the ${AFFECTED_TARGET_MS} ms target`);
      ok = false;
    }
  };
  measure("node -e 0", ["-e", "0"], net.dir, RUNS);
  affected("one community's file", oneCommunity);
  affected("a cluster's file (its 250 communities)", clusterFile);
  affected("GCP-only code (250 communities + 1 cluster)", code);

  // As on a pull request's branch (and in CI, which checks out the pull request): the checkout is the head.
  net.git("checkout", "-q", "one-community");
  const diffRuns = Math.max(3, Math.ceil(RUNS / 2));
  const plan = measure(
    `plan ${community} (with its cluster)`,
    [BIN, "plan", community, "--root", net.dir, "--json"],
    net.dir,
    diffRuns,
  );
  const diff = measure(
    "diff of the one-community change",
    [BIN, "diff", "--base", "base", "--head", oneCommunity, "--json"],
    net.dir,
    diffRuns,
  );
  const ratio = diff / plan;
  console.log(
    `diff / plan of one community: ${ratio.toFixed(2)} (target under ${DIFF_TO_PLAN}: both sides render one community and its cluster)`,
  );
  if (ratio > DIFF_TO_PLAN) ok = false;
  fs.rmSync(net.dir, { recursive: true, force: true });
  console.log(ok ? "✓ every target met" : "✗ a target was missed");
  return ok ? 0 : 1;
}

process.exitCode = main();
