/**
 * Rendering every Helm release of a plan with the chart's own templates (helm/): each
 * `kubernetes:helm.sh/v3:Release` (and `kubernetes:helm.sh/v4:Chart`) a stack recorded, with its
 * release name, namespace and values, at its cluster's Kubernetes version. Releases render in
 * parallel (a pool the size of the machine's cores) and each result is cached under
 * `.cache/helm-render/` by the digest of everything that decides it (Helm, chart tree, release,
 * namespace, values, Kubernetes version, API versions), so an unchanged release costs one file read.
 *
 * A release whose chart hubnet pins no archive of, or any release when Helm is not installed, is
 * "not rendered" with the reason: the plan says so, never passes it silently.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  chartArchive,
  findChart,
  type HelmBinary,
  HelmRenderError,
  type RenderedObject,
  renderChartWithSources,
} from "./helm";
import { ORACLE_HOME } from "./oracles";
import type { RecordedResource } from "./record";

export const RELEASE_TYPES = ["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"] as const;

/** What a release's rendering gave. */
export type ReleaseRender = ReleaseIdentity &
  (
    | {
        status: "rendered";
        objects: RenderedObject[];
        /** The digest of everything the render depends on (renderDigest): what caches key on. */
        digest?: string;
      }
    | { status: "not-rendered"; reason: string }
    | { status: "failed"; message: string }
  );

export interface ReleaseIdentity {
  /** The Pulumi resource. */
  urn: string;
  /** The Helm release name (`inputs.name`; for a v4 Chart, its resource name). */
  release: string;
  namespace: string;
  chart: string;
  version: string;
  kubeVersion: string;
}

/** A release of a stack and what it takes to render it. */
export interface ReleaseToRender extends ReleaseIdentity {
  values: unknown;
  apiVersions: readonly string[];
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** The Helm releases among a stack's recorded resources. */
export function releasesOf(
  resources: readonly RecordedResource[],
  cluster: { kubeVersion: string; apiVersions: readonly string[] },
): ReleaseToRender[] {
  return resources
    .filter((r) => (RELEASE_TYPES as readonly string[]).includes(r.type))
    .map((r) => ({
      urn: r.urn,
      release: str(r.inputs.name) ?? r.name,
      namespace: str(r.inputs.namespace) ?? "default",
      chart: str(r.inputs.chart) ?? "",
      version: str(r.inputs.version) ?? "",
      values: r.inputs.values ?? {},
      kubeVersion: cluster.kubeVersion,
      apiVersions: cluster.apiVersions,
    }));
}

export interface RenderReleasesOptions {
  /** The pinned Helm, or why there is none. */
  helm: { found: HelmBinary } | { missing: string };
  /** @default <checkout>/.cache/helm-render; `false`: no cache */
  cacheDir?: string | false;
  /** @default os.availableParallelism() */
  concurrency?: number;
}

/** Bumped when what is cached changes shape. */
const CACHE_FORMAT = 1;

/** The cache key of a render: everything its output depends on. */
export function renderDigest(r: ReleaseToRender, helm: HelmBinary, chartTree: string): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        CACHE_FORMAT,
        helm.version,
        chartTree,
        r.release,
        r.namespace,
        r.kubeVersion,
        [...r.apiVersions].sort(),
        r.values,
      ]),
    )
    .digest("hex");
}

function readCache(file: string): RenderedObject[] | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 64 * 1024 * 1024) return undefined;
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as { objects?: unknown };
    return Array.isArray(parsed.objects) ? (parsed.objects as RenderedObject[]) : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, objects: RenderedObject[]): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ objects }));
    fs.renameSync(tmp, file);
  } catch {
    // a cache that cannot be written only costs time
  }
}

/** Runs `work` over `items` with at most `limit` at once, keeping the order of results. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/** Renders each release (in parallel, through the cache); one result per release, in order. */
/** The render cache of this checkout. */
export const RENDER_CACHE_DIR = path.join(ORACLE_HOME, ".cache", "helm-render");

export async function renderReleases(
  releases: readonly ReleaseToRender[],
  opts: RenderReleasesOptions,
): Promise<ReleaseRender[]> {
  const cacheDir = opts.cacheDir === undefined ? RENDER_CACHE_DIR : opts.cacheDir;
  const limit = opts.concurrency ?? os.availableParallelism();
  return pool(releases, limit, async (r): Promise<ReleaseRender> => {
    const { values: _values, apiVersions: _apis, ...id } = r;
    if ("missing" in opts.helm) return { ...id, status: "not-rendered", reason: opts.helm.missing };
    const archive = chartArchive(r.chart, r.version);
    if (!archive)
      return {
        ...id,
        status: "not-rendered",
        reason: `${r.chart} ${r.version}: hubnet pins no archive of this chart (docs/decisions/0019-charts-rendered-with-real-helm.md)`,
      };
    const chart = findChart(r.chart, r.version);
    if ("missing" in chart) return { ...id, status: "not-rendered", reason: chart.missing };
    const digest = renderDigest(r, opts.helm.found, archive.treeSha256);
    const file = cacheDir ? path.join(cacheDir, `${digest}.json`) : undefined;
    const cached = file ? readCache(file) : undefined;
    if (cached) return { ...id, status: "rendered", objects: cached, digest };
    try {
      const objects = await renderChartWithSources({
        helm: opts.helm.found,
        chart: chart.dir,
        release: r.release,
        namespace: r.namespace,
        values: r.values,
        kubeVersion: r.kubeVersion,
        apiVersions: r.apiVersions,
      });
      if (file) writeCache(file, objects);
      return { ...id, status: "rendered", objects, digest };
    } catch (err) {
      if (err instanceof HelmRenderError) return { ...id, status: "failed", message: err.message };
      throw err;
    }
  });
}
