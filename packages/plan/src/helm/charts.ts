/**
 * The chart archives hubnet can render offline, each pinned by the digest of its unpacked tree
 * (`treeDigest`, oracles.ts), and where they are found: the oracle folders `charts/<chart>-<version>/`
 * (`$HUBNET_ORACLES`, `../shared/oracles`, `.cache/oracles`; `pnpm oracles:fetch` downloads and
 * unpacks `archive` there, and keeps it only if its tree has this digest).
 *
 * Why a tree digest and not the archive's sha256: the archive's bytes (gzip header, tar metadata)
 * are not reproducible from the chart's files, and the pin was made from the chart directories as
 * the upstream release tool publishes them (test/oracles/README.md); what `helm template` reads is
 * the tree, so that is what is pinned. A published archive whose files differ is refused.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type OracleLocations, oracleCandidates, treeDigest } from "../oracles";

export interface ChartArchive {
  chart: string;
  version: string;
  /** The published archive (`helm package` output, as the chart repository's index lists it). */
  archive: string;
  /** treeDigest() of the unpacked archive: a folder holding `<chart>/Chart.yaml`, ... */
  treeSha256: string;
  license: string;
}

export const CHART_ARCHIVES: readonly ChartArchive[] = [
  {
    chart: "jupyterhub",
    version: "4.4.0",
    archive: "https://hub.jupyter.org/helm-chart/jupyterhub-4.4.0.tgz",
    treeSha256: "c0692c599592159867ebeee2a29995c43efb171fa0be8cd223244d94a47a95e6",
    license: "BSD-3-Clause",
  },
  {
    chart: "dask-gateway",
    version: "2026.3.0",
    archive: "https://helm.dask.org/dask-gateway-2026.3.0.tgz",
    treeSha256: "f6f4f74e842764bc93257af3c6201e36c0ea988fa0228275cfc6b6e6e5a07f11",
    license: "BSD-3-Clause",
  },
];

/** The oracle folder name of a chart archive. */
export function chartOracleName(a: { chart: string; version: string }): string {
  return `charts/${a.chart}-${a.version}`;
}

export function chartArchive(chart: string, version: string): ChartArchive | undefined {
  return CHART_ARCHIVES.find((a) => a.chart === chart && a.version === version);
}

export type ChartLookup = { dir: string } | { missing: string };

const verifiedTrees = new Map<string, boolean>();

/** Does `dir` hold the pinned tree of `a`? (Memoized per folder: a tree is hashed once per process.) */
function holds(a: ChartArchive, dir: string): boolean {
  if (!fs.existsSync(path.join(dir, a.chart, "Chart.yaml"))) return false;
  const key = `${a.treeSha256}:${dir}`;
  let ok = verifiedTrees.get(key);
  if (ok === undefined) {
    ok = treeDigest(dir) === a.treeSha256;
    verifiedTrees.set(key, ok);
  }
  return ok;
}

/**
 * The chart directory to pass to `helm template` for `chart@version`, or why there is none: not an
 * archive hubnet pins (an OCI chart, a baseline chart), or not on this machine (run `pnpm oracles:fetch`).
 */
export function findChart(chart: string, version: string, where: OracleLocations = {}): ChartLookup {
  const a = chartArchive(chart, version);
  if (!a) return { missing: `${chart} ${version}: no pinned archive of this chart (docs/decisions/0019)` };
  const mismatched: string[] = [];
  for (const c of oracleCandidates(chartOracleName(a), where)) {
    if (!fs.existsSync(c.dir)) continue;
    if (holds(a, c.dir)) return { dir: path.join(c.dir, a.chart) };
    if (fs.existsSync(path.join(c.dir, a.chart, "Chart.yaml"))) mismatched.push(`${c.dir} (${c.label})`);
  }
  return {
    missing:
      `${chart} ${version}: the chart is not on this machine: run \`pnpm oracles:fetch\`` +
      (mismatched.length > 0 ? ` (${mismatched.join(", ")} holds other files than the pinned tree)` : ""),
  };
}
