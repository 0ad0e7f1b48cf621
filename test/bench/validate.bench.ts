/**
 * `hubnet validate` at scale: loadNetwork on 1,000 generated communities (plus
 * the example clusters), 1 warm-up then 5 timed runs in one process. Prints the
 * median and minimum wall time and the peak RSS; exits 1 if the median exceeds
 * the budget (2 s) or the generated network does not validate.
 *
 *   node --import tsx test/bench/validate.bench.ts [communities=1000]
 *
 * Not part of vitest; results are recorded in test/bench/README.md.
 */
import * as fs from "node:fs";
import { loadNetwork, summarize } from "@hubnet/config";
import { generateNetwork } from "./generate-network";

const N = Number(process.argv[2] ?? 1000);
const RUNS = 5;
const BUDGET_MS = 2000;

function main(): number {
  const root = generateNetwork(N);
  try {
    const warm = loadNetwork(root);
    if (warm.problems.length > 0) {
      console.error(
        `the generated network has ${warm.problems.length} problems; first: ${warm.problems[0].message}`,
      );
      return 1;
    }
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const n = loadNetwork(root);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (n.communities.size !== N)
        throw new Error(`expected ${N} communities, loaded ${n.communities.size}`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`validate ${summarize(warm)}`);
    console.log(`runs: ${times.map((t) => t.toFixed(0)).join(", ")} ms`);
    console.log(
      `median ${median.toFixed(0)} ms, min ${sorted[0].toFixed(0)} ms, peak RSS ${rssMiB.toFixed(0)} MiB`,
    );
    if (median > BUDGET_MS) {
      console.error(`median ${median.toFixed(0)} ms is over the ${BUDGET_MS} ms budget`);
      return 1;
    }
    console.log(`✓ under the ${BUDGET_MS} ms budget`);
    return 0;
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = main();
