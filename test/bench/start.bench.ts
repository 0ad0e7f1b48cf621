/**
 * What users feel: the whole `hubnet` process, from start to exit, against `node -e 0` in the
 * same run (so a busy machine slows both alike).
 *
 *   hubnet --version                  median under 0.15 s
 *   hubnet validate                   median under 0.5 s   (the example network)
 *   hubnet plan <community>           median under 1.5 s   (one community of each cloud, with its cluster)
 *
 *   node --import tsx test/bench/start.bench.ts [runs=7]      (or: pnpm bench:start)
 *
 * One untimed run of each command first (it builds hubnet if a source changed, and fills Node's
 * compile cache, as any first run does); then `runs` rounds, each running every command once, in
 * turn. Prints the medians, the minimum and the peak RSS, and exits 1 when a median misses its
 * target. Results are recorded in test/bench/README.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";

const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.join(REPO, "packages", "cli", "bin", "hubnet.cjs");
const RSS_PROBE = path.join(__dirname, "max-rss.cjs");
const RUNS = Number(process.argv[2] ?? 7);

interface Case {
  label: string;
  args: string[];
  /** Target for the median, in milliseconds; none for the baseline. */
  target?: number;
}

/** One community on each cloud of the example network (the first by name), so every cloud's SDK is measured. */
function oneCommunityPerCloud(): string[] {
  const network = loadNetwork(REPO);
  if (network.problems.length > 0)
    throw new Error("the example network has problems: run `pnpm hubnet validate`");
  const byCloud = new Map<string, string>();
  for (const name of [...network.communities.keys()].sort()) {
    const cluster = network.clusters.get(network.communities.get(name)!.config.cluster)!;
    if (!byCloud.has(cluster.config.cloud)) byCloud.set(cluster.config.cloud, name);
  }
  return [...byCloud.entries()].sort().map(([, name]) => name);
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: REPO, env, stdio: ["ignore", "ignore", "pipe"] });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Peak resident memory of one run, in MiB (reported by the process itself as it exits). */
function peakRss(args: string[]): number {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-bench-rss-")), "rss");
  run(args, { ...process.env, HUBNET_BENCH_RSS: file, NODE_OPTIONS: `--require ${RSS_PROBE}` });
  const kib = Number(fs.readFileSync(file, "utf8"));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return kib / 1024;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function main(): number {
  const cases: Case[] = [
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "hubnet --version", args: [BIN, "--version"], target: 150 },
    { label: "hubnet validate", args: [BIN, "validate"], target: 500 },
    ...oneCommunityPerCloud().map((c) => ({
      label: `hubnet plan ${c}`,
      args: [BIN, "plan", c],
      target: 1500,
    })),
  ];
  for (const c of cases) run(c.args); // warm-up: build if stale, fill the compile cache
  const times = new Map<Case, number[]>(cases.map((c) => [c, []]));
  for (let i = 0; i < RUNS; i++) for (const c of cases) times.get(c)!.push(run(c.args));

  const base = median(times.get(cases[0])!);
  console.log(
    `Node ${process.versions.node}, ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}, ${RUNS} runs`,
  );
  console.log("command                          median      min  over node  peak RSS  target");
  let failed = false;
  for (const c of cases) {
    const t = times.get(c)!;
    const m = median(t);
    const miss = c.target !== undefined && m > c.target;
    failed ||= miss;
    console.log(
      [
        c.label.padEnd(30),
        `${m.toFixed(0).padStart(6)} ms`,
        `${Math.min(...t)
          .toFixed(0)
          .padStart(5)} ms`,
        c === cases[0] ? "         " : `${`+${(m - base).toFixed(0)}`.padStart(6)} ms`,
        `${peakRss(c.args).toFixed(0).padStart(5)} MiB`,
        c.target === undefined ? "" : `${miss ? "MISSED" : "ok"} < ${c.target} ms`,
      ].join("  "),
    );
  }
  if (failed) console.error("a median is over its target");
  return failed ? 1 : 0;
}

process.exitCode = main();
