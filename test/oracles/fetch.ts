/**
 * `pnpm oracles:fetch`: download every upstream oracle the tests need into `.cache/oracles/`, from
 * the upstream repositories at their pinned commits, each file checked against its pinned sha256
 * before it is written (manifest.ts). An oracle already found in `$HUBNET_ORACLES`, beside the
 * checkout or in the cache (with the pinned checksums) is not downloaded again.
 *
 *   node --import tsx test/oracles/fetch.ts [--mirror URL] [--cache DIR] [--force]
 *
 *   --mirror URL   fetch from URL/<owner>/<repo>/<commit>/<path> instead of raw.githubusercontent.com
 *                  (http(s):// or file://; also HUBNET_ORACLES_MIRROR)
 *   --chart-mirror URL  fetch the chart archives from URL/<archive file name> instead of their
 *                  published addresses (also HUBNET_CHARTS_MIRROR)
 *   --cache DIR    write there instead of .cache/oracles
 *   --force        download even what is found elsewhere
 *
 * Exit 0 when every oracle is available, 1 when one could not be fetched or a checksum differs
 * (nothing of that oracle is written), 2 on usage errors.
 */

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { findChart } from "@hubnet/plan/helm";
import { TreeRefused, treeDigest } from "@hubnet/plan/oracles";
import {
  CACHE_DIR,
  CHART_ORACLES,
  type ChartOracle,
  candidates,
  findOracle,
  ORACLES,
  type Oracle,
  REPO,
} from "./index";
import { upstreamUrl } from "./manifest";

export interface FetchOptions {
  mirror?: string;
  /** Where the chart archives are fetched from instead of their published addresses (URL/<file name>). */
  chartMirror?: string;
  cache?: string;
  force?: boolean;
  /** Where else to look before downloading (tests hide the real ones). */
  env?: NodeJS.ProcessEnv;
  shared?: string;
  /** Lines of progress. */
  log?: (line: string) => void;
  /** Per-request time limit. @default 60000 */
  timeoutMs?: number;
}

export interface FetchResult {
  /** Oracle name → where it is now. */
  available: Record<string, string>;
  /** One message per oracle that could not be fetched. */
  failures: string[];
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  if (url.startsWith("file:")) return fs.readFileSync(fileURLToPath(url));
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: "follow" });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${res.statusText}`);
  return Buffer.from(await res.arrayBuffer());
}

/** The bytes of every file of `o`, each checked against its pinned sha256; throws on the first mismatch. */
async function fetchOracle(o: Oracle, opts: FetchOptions): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const f of o.files) {
    let where: string;
    let bytes: Buffer;
    if ("vendored" in o.source) {
      where = path.join(o.source.vendored, f.path);
      bytes = fs.readFileSync(path.join(REPO, where));
    } else {
      where = upstreamUrl(o.source, f, opts.mirror);
      bytes = await download(where, opts.timeoutMs ?? 60_000);
    }
    const actual = createHash("sha256").update(bytes).digest("hex");
    if (actual !== f.sha256) {
      throw new Error(
        `${where}: sha256 ${actual}, expected ${f.sha256}: not the pinned file, nothing written`,
      );
    }
    files.set(f.name, bytes);
  }
  return files;
}

/** Writes `files` as the folder `dir`, whole or not at all (a temporary folder renamed into place). */
function writeFolder(dir: string, files: Map<string, Buffer>): void {
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const tmp = fs.mkdtempSync(`${dir}.partial-`);
  try {
    for (const [name, bytes] of files) fs.writeFileSync(path.join(tmp, name), bytes);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

export async function fetchOracles(opts: FetchOptions = {}): Promise<FetchResult> {
  const log = opts.log ?? (() => undefined);
  const cache = opts.cache ?? CACHE_DIR;
  const where = { env: opts.env, shared: opts.shared, cache };
  const result: FetchResult = { available: {}, failures: [] };
  for (const o of ORACLES) {
    try {
      const found = opts.force ? undefined : findOracle(o.name, where);
      if (found) {
        log(`${o.name}: found in ${path.relative(process.cwd(), found) || "."}`);
        result.available[o.name] = found;
        continue;
      }
    } catch (err) {
      // A copy of another version elsewhere: the cache gets the pinned one, which the tests then refuse to
      // mix up (the resolver stops at the mismatching copy and says so).
      log(`${o.name}: ${(err as Error).message}`);
    }
    try {
      const files = await fetchOracle(o, opts);
      const dir = path.join(cache, o.name);
      writeFolder(dir, files);
      log(
        `${o.name}: fetched ${files.size} file${files.size === 1 ? "" : "s"} into ${path.relative(process.cwd(), dir)}`,
      );
      result.available[o.name] = dir;
    } catch (err) {
      const e = err as Error & { cause?: { message?: string } };
      result.failures.push(`${o.name}: ${e.message}${e.cause?.message ? ` (${e.cause.message})` : ""}`);
    }
  }
  return result;
}

/** The address of a chart archive: its published one, or the same file name under `mirror`. */
export function chartUrl(c: ChartOracle, mirror?: string): string {
  return mirror
    ? `${mirror.replace(/\/+$/, "")}/${path.posix.basename(new URL(c.archive).pathname)}`
    : c.archive;
}

/**
 * Unpacks a chart archive (gzip'd tar) into a new folder and checks its tree against the pin; the
 * folder is removed on any failure. System tar, which refuses members with `..` and absolute paths;
 * a link in the archive fails the tree digest (`treeDigest` refuses links).
 */
function unpackChart(c: ChartOracle, bytes: Buffer, into: string): void {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-chart-"));
  try {
    const archive = path.join(tmp, "chart.tgz");
    fs.writeFileSync(archive, bytes);
    fs.mkdirSync(into, { recursive: true });
    execFileSync("tar", ["-xzf", archive, "-C", into, "--no-same-owner", "--no-same-permissions"], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 60_000,
    });
    let digest: string;
    try {
      digest = treeDigest(into);
    } catch (err) {
      if (err instanceof TreeRefused)
        throw new Error(`the archive holds a link or special file: ${err.message}`);
      throw err;
    }
    if (digest !== c.treeSha256) {
      throw new Error(
        `unpacked tree digest ${digest}, expected ${c.treeSha256}: not the pinned chart, nothing written`,
      );
    }
  } catch (err) {
    fs.rmSync(into, { recursive: true, force: true });
    throw err;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Every chart archive of CHART_ORACLES: found (with its pinned tree), or downloaded, unpacked and checked. */
export async function fetchCharts(opts: FetchOptions = {}): Promise<FetchResult> {
  const log = opts.log ?? (() => undefined);
  const cache = opts.cache ?? CACHE_DIR;
  const where = { env: opts.env, shared: opts.shared, cache };
  const result: FetchResult = { available: {}, failures: [] };
  for (const c of CHART_ORACLES) {
    const found = opts.force ? undefined : findChart(c.chart, c.version, where);
    if (found && "dir" in found) {
      const dir = path.dirname(found.dir);
      log(`${c.name}: found in ${path.relative(process.cwd(), dir) || "."}`);
      result.available[c.name] = dir;
      continue;
    }
    const url = chartUrl(c, opts.chartMirror);
    try {
      const bytes = await download(url, opts.timeoutMs ?? 60_000);
      const dir = path.join(cache, c.name);
      fs.mkdirSync(path.dirname(dir), { recursive: true });
      const partial = fs.mkdtempSync(`${dir}.partial-`);
      try {
        unpackChart(c, bytes, path.join(partial, "tree"));
        fs.rmSync(dir, { recursive: true, force: true });
        fs.renameSync(path.join(partial, "tree"), dir);
      } finally {
        fs.rmSync(partial, { recursive: true, force: true });
      }
      log(`${c.name}: fetched ${url} into ${path.relative(process.cwd(), dir)}`);
      result.available[c.name] = dir;
    } catch (err) {
      const e = err as Error & { cause?: { message?: string } };
      result.failures.push(
        `${c.name}: ${url}: ${e.message}${e.cause?.message ? ` (${e.cause.message})` : ""}`,
      );
    }
  }
  return result;
}

function usage(message: string): never {
  process.stderr.write(
    `oracles:fetch: ${message}\nusage: pnpm oracles:fetch [--mirror URL] [--chart-mirror URL] [--cache DIR] [--force]\n`,
  );
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  const opts: FetchOptions = {
    mirror: process.env.HUBNET_ORACLES_MIRROR || undefined,
    chartMirror: process.env.HUBNET_CHARTS_MIRROR || undefined,
    log: (l) => console.log(l),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--mirror") opts.mirror = argv[++i] ?? usage("--mirror needs a URL");
    else if (a === "--chart-mirror") opts.chartMirror = argv[++i] ?? usage("--chart-mirror needs a URL");
    else if (a === "--cache") opts.cache = path.resolve(argv[++i] ?? usage("--cache needs a folder"));
    else if (a === "--force") opts.force = true;
    else usage(`unknown argument ${a}`);
  }
  if (opts.mirror && !/^(https?|file):\/\//.test(opts.mirror))
    usage(`--mirror ${opts.mirror}: not an http(s):// or file:// URL`);
  if (opts.chartMirror && !/^(https?|file):\/\//.test(opts.chartMirror))
    usage(`--chart-mirror ${opts.chartMirror}: not an http(s):// or file:// URL`);
  const result = await fetchOracles(opts);
  const charts = await fetchCharts(opts);
  result.failures.push(...charts.failures);
  for (const f of result.failures) console.error(`error: ${f}`);
  if (result.failures.length > 0) {
    console.error(
      `oracles:fetch: ${result.failures.length} oracle(s) not available; the tests that use them will fail. ` +
        `Places searched before downloading: ${candidates("<name>", { cache: opts.cache })
          .map((c) => c.label)
          .join(", ")}`,
    );
    return 1;
  }
  console.log(
    `oracles:fetch: all ${ORACLES.length} oracles available, and ${CHART_ORACLES.length} chart archives`,
  );
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(`oracles:fetch: internal error: ${(err as Error).stack ?? err}`);
      process.exit(3);
    },
  );
}
