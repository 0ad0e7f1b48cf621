/**
 * `helm template` of one release, with the chart's own templates and the pinned Helm (pin.ts): the
 * release's name and namespace, the cluster's Kubernetes version (`--kube-version`) and the API
 * groups it serves besides the built-in ones (`--api-versions`, for templates that test
 * `.Capabilities.APIVersions.Has`). Values go through a temporary file (mode 0600, removed after),
 * arguments through execFile (never a shell). Helm reads and writes nothing of the user's: its
 * config, cache and data folders are a temporary folder.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import type { K8sObject } from "./k8s-object";
import type { HelmBinary } from "./locate";
import { redact, withStandIns } from "./stand-ins";

export type { K8sObject } from "./k8s-object";

const run = promisify(execFile);

/** One rendered object and the chart file it came from (`<chart>/templates/...` or `<chart>/crds/...`). */
export interface RenderedObject {
  source: string;
  object: K8sObject;
}

export interface RenderChartArgs {
  helm: HelmBinary;
  /** The chart directory (findChart). */
  chart: string;
  release: string;
  namespace: string;
  /** The release's values: may hold "[secret]" and "[unknown]" (stand-ins.ts). */
  values: unknown;
  /** The cluster's Kubernetes version, `1.34` or `1.34.2`. */
  kubeVersion: string;
  /** API versions the cluster serves besides Kubernetes' own (`monitoring.coreos.com/v1`, ...). */
  apiVersions?: readonly string[];
  /** Render the chart's crds/ folder too (what `helm install` creates first, if absent). @default true */
  includeCrds?: boolean;
  /** @default 60000 */
  timeoutMs?: number;
}

/** `helm template` refused the release (a template's `fail`, a values schema error): Helm's own message. */
export class HelmRenderError extends Error {}

/** `--kube-version` wants a full version: `1.34` → `v1.34.0`. */
export function kubeVersionArg(v: string): string {
  const parts = v.replace(/^v/, "").split(".");
  while (parts.length < 3) parts.push("0");
  return `v${parts.join(".")}`;
}

/** The helm arguments of a render (for tests and messages). */
export function helmTemplateArgs(a: Omit<RenderChartArgs, "helm" | "values">, valuesFile: string): string[] {
  return [
    "template",
    a.release,
    a.chart,
    "--namespace",
    a.namespace,
    "--kube-version",
    kubeVersionArg(a.kubeVersion),
    ...(a.includeCrds === false ? [] : ["--include-crds"]),
    ...(a.apiVersions ?? []).flatMap((v) => ["--api-versions", v]),
    "--values",
    valuesFile,
  ];
}

/** The documents of `helm template`'s output, each with its `# Source:` line. */
export function parseManifests(text: string): RenderedObject[] {
  const out: RenderedObject[] = [];
  // A file of several documents (a crds/ file) is printed under one `# Source:` line: its later
  // documents have none and come from the same file.
  let last = "";
  for (const doc of text.split(/^---[ \t]*$/m)) {
    const source = /^# Source: (.+)$/m.exec(doc)?.[1]?.trim() ?? last;
    last = source;
    const value = parse(doc, { maxAliasCount: 100, uniqueKeys: false }) as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw new HelmRenderError(`${source || "helm template"}: a document that is not a Kubernetes object`);
    }
    const object = value as K8sObject;
    if (typeof object.kind !== "string" || typeof object.apiVersion !== "string") {
      throw new HelmRenderError(`${source || "helm template"}: a document without kind or apiVersion`);
    }
    object.metadata ??= {};
    out.push({ source, object });
  }
  return out;
}

/** The release's objects, with its sources; placeholders stand in for secrets and are put back after. */
export async function renderChartWithSources(a: RenderChartArgs): Promise<RenderedObject[]> {
  const { values, replaced } = withStandIns(a.values ?? {});
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-helm-"));
  try {
    const valuesFile = path.join(tmp, "values.yaml");
    fs.writeFileSync(valuesFile, stringify(values), { mode: 0o600 });
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH ?? "",
      HOME: tmp,
      HELM_CONFIG_HOME: path.join(tmp, "config"),
      HELM_CACHE_HOME: path.join(tmp, "cache"),
      HELM_DATA_HOME: path.join(tmp, "data"),
      KUBECONFIG: path.join(tmp, "no-kubeconfig"),
    };
    let stdout: string;
    try {
      ({ stdout } = await run(a.helm.path, helmTemplateArgs(a, valuesFile), {
        env,
        timeout: a.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      }));
    } catch (err) {
      const e = err as Error & { stderr?: string; killed?: boolean };
      const said = (e.stderr ?? "").trim().split("\n").filter(Boolean).slice(-3).join(" ");
      throw new HelmRenderError(
        `helm template ${a.release} (${path.basename(a.chart)}): ${e.killed ? "timed out" : said || e.message}`,
      );
    }
    const rendered = parseManifests(stdout);
    const clean = redact(
      rendered.map((r) => r.object),
      replaced,
    );
    return rendered.map((r, i) => ({ source: r.source, object: clean[i] }));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The release's Kubernetes objects as the chart renders them (helm/README: what is checked on them). */
export async function renderChart(a: RenderChartArgs): Promise<K8sObject[]> {
  return (await renderChartWithSources(a)).map((r) => r.object);
}
