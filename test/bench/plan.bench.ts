/**
 * Benchmark for `hubnet plan`: one community renders in under 1 second, and
 * `--all` grows linearly with the number of communities.
 *
 *   node --import tsx test/bench/plan.bench.ts [sizes...]     (default: 100 1000)
 *
 * Exits 1 when a target is missed. Not part of the test suite: timings belong
 * in benchmarks, not in tests.
 */
import * as fs from "node:fs";
import { planNetwork } from "@hubnet/plan";
import { communityYaml, generateNetwork } from "./generate-network";

const TARGET_ONE_MS = 1000;
const LINEARITY = 1.5; // per-community time at the largest size may be at most 1.5x that at the smallest

async function main() {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => n > 0);
  if (sizes.length === 0) sizes.push(100, 1000);
  let failed = false;

  // One community, after a warm-up (module loading is a one-off cost of the process).
  const small = generateNetwork(8);
  const one = communityYaml(0).name;
  await planNetwork({ root: small, communities: [one] });
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const r = await planNetwork({ root: small, communities: [one] });
    if (r.problems.length) throw new Error(JSON.stringify(r.problems));
    runs.push(performance.now() - started);
  }
  const oneMedian = median(runs);
  console.log(
    `plan one community (cluster + community stack): median ${oneMedian.toFixed(0)} ms over ${runs.length} runs`,
  );
  if (oneMedian > TARGET_ONE_MS) {
    console.log(`  FAIL: above the ${TARGET_ONE_MS} ms target`);
    failed = true;
  }
  fs.rmSync(small, { recursive: true, force: true });

  const perCommunity: number[] = [];
  for (const n of sizes) {
    const root = generateNetwork(n);
    const started = performance.now();
    const r = await planNetwork({ root, communities: "all" });
    const total = performance.now() - started;
    if (r.problems.length) throw new Error(`generated network is invalid: ${JSON.stringify(r.problems[0])}`);
    const per = total / n;
    perCommunity.push(per);
    const rss = process.memoryUsage().rss / 2 ** 20;
    console.log(
      `plan --all, ${n} communities: ${(total / 1000).toFixed(1)} s, ${per.toFixed(1)} ms per community, rss ${rss.toFixed(0)} MiB`,
    );
    fs.rmSync(root, { recursive: true, force: true });
  }
  if (perCommunity.length > 1) {
    const ratio = perCommunity[perCommunity.length - 1] / perCommunity[0];
    console.log(
      `growth: per-community time at ${sizes[sizes.length - 1]} is ${ratio.toFixed(2)}x that at ${sizes[0]} (linear: ≤ ${LINEARITY}x)`,
    );
    if (ratio > LINEARITY) {
      console.log("  FAIL: plan --all grows faster than linearly");
      failed = true;
    }
  }
  process.exit(failed ? 1 : 0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

main().catch((e) => {
  console.error(e);
  process.exit(3);
});
