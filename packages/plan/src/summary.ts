/**
 * What a rendered stack means to a reader: resources by type, hubs and their
 * URLs, profiles, storage, buckets and what is protected. Derived from the
 * recorded resources (what the program actually does), not from the config.
 * The JSON form is stable so that pull-request previews and diffs can build on it.
 */
import { type BusyMonth, estimateStack, formatEstimate, type StackEstimate } from "./costs";
import { facetLines, type ProfileSummary, readFacets, type Values } from "./hub-summary";
import type { StackPlan } from "./plan-network";
import { type RecordedResource, releaseValuesWithPlanning } from "./record";

export * from "./hub-summary";

import { typesThatHold } from "@hubnet/config/src/clouds/resource-facts";
// One small module of @hubnet/config, not its index: summaries and diffs load no schema.
import { escapeControl } from "@hubnet/config/src/terminal-text";

/**
 * A hub as its community sees it: where it is, and every facet of hub-summary.ts (login, profiles,
 * images, culling, home, buckets, dask, named servers, budget), read from its chart values.
 */
export interface HubSummary {
  release: string;
  namespace: string;
  /** The hub's name in its community (`custom.hubnet.hub`). */
  hub?: string;
  urls: string[];
  /** The default image. */
  image?: string;
  profiles: ProfileSummary[];
  dask: boolean;
  [facet: string]: unknown;
}

export interface StackSummary {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  resourceCount: number;
  resourcesByType: Record<string, number>;
  hubs: HubSummary[];
  storage: { type: string; name: string }[];
  buckets: { type: string; name: string }[];
  protected: { type: string; name: string; retainOnDelete: boolean }[];
  placeholders: string[];
  /** Advisory policies the community is exempted from, each with its reason (docs/platform/policies.md). */
  policyExceptions: { policy: string; reason: string }[];
  outputs: Record<string, unknown>;
  /** The stack's cost estimate from its resources (costs/estimate.ts). */
  cost: StackEstimate;
}

/** What the summary lists as storage and as buckets: the providers' facts tables (@hubnet/config). */
const STORAGE_TYPES = typesThatHold("home-storage", "volume");
const BUCKET_TYPES = typesThatHold("bucket");

export function summarizeStack(plan: StackPlan, opts: { busyMonth?: BusyMonth } = {}): StackSummary {
  const real = plan.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
  const byType: Record<string, number> = {};
  for (const r of real) byType[r.type] = (byType[r.type] ?? 0) + 1;
  const releases = real.filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
  const dask = new Set(
    releases.filter((r) => r.inputs.chart === "dask-gateway").map((r) => str(r.inputs.namespace)),
  );
  return {
    kind: plan.kind,
    project: plan.project,
    stack: plan.stack,
    resourceCount: real.length,
    resourcesByType: Object.fromEntries(Object.entries(byType).sort(([a], [b]) => a.localeCompare(b))),
    hubs: releases.filter((r) => r.inputs.chart === "jupyterhub").map((r) => hubSummary(r, dask, real)),
    storage: real.filter((r) => STORAGE_TYPES.includes(r.type)).map(({ type, name }) => ({ type, name })),
    buckets: real.filter((r) => BUCKET_TYPES.includes(r.type)).map(({ type, name }) => ({ type, name })),
    protected: real
      .filter((r) => r.protect)
      .map(({ type, name, retainOnDelete }) => ({ type, name, retainOnDelete })),
    placeholders: plan.placeholders,
    policyExceptions: plan.policyExceptions ?? [],
    outputs: plan.outputs,
    cost: estimateStack(plan.kind, plan.stack, real, opts),
  };
}

function hubSummary(r: RecordedResource, dask: Set<string>, resources: RecordedResource[]): HubSummary {
  const values = releaseValuesWithPlanning(r, resources) as Values;
  const route = values.httpRoute as { hostnames?: unknown[] } | undefined;
  const ingress = values.ingress as { hosts?: unknown[] } | undefined;
  const hosts = [...(route?.hostnames ?? []), ...(ingress?.hosts ?? [])].filter(
    (h): h is string => typeof h === "string",
  );
  const image = (values.singleuser as { image?: { name?: string; tag?: string } } | undefined)?.image;
  const namespace = str(r.inputs.namespace);
  const facets = readFacets({ values, namespace, dask: dask.has(namespace) });
  const hub = (values.custom as { hubnet?: { hub?: unknown } } | undefined)?.hubnet?.hub;
  return {
    release: r.name,
    namespace,
    ...(typeof hub === "string" ? { hub } : {}),
    urls: [...new Set(hosts)].map((h) => `https://${h}`),
    image: image?.name ? `${image.name}:${image.tag}` : undefined,
    profiles: [],
    dask: dask.has(namespace),
    ...facets,
  };
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** Readable text for a terminal or a pull-request comment. */
export function formatSummary(s: StackSummary): string {
  const lines: string[] = [];
  lines.push(`${s.kind} ${s.stack} (${s.project}): ${s.resourceCount} resources`);
  const types = Object.entries(s.resourcesByType);
  for (const [type, n] of types) lines.push(`    ${String(n).padStart(3)}  ${type}`);
  for (const h of s.hubs) {
    lines.push(`  hub ${h.namespace}: ${h.urls.join(", ") || "(no URL)"}`);
    for (const l of facetLines(h)) lines.push(`    ${l}`);
  }
  if (s.storage.length)
    lines.push(`  storage: ${s.storage.map((x) => `${x.name} (${shortType(x.type)})`).join(", ")}`);
  if (s.buckets.length)
    lines.push(`  buckets: ${s.buckets.map((x) => `${x.name} (${shortType(x.type)})`).join(", ")}`);
  if (s.protected.length) {
    lines.push(
      `  protected: ${s.protected.map((x) => `${x.name} (${shortType(x.type)}${x.retainOnDelete ? ", retained on delete" : ""})`).join(", ")}`,
    );
  }
  for (const e of s.policyExceptions)
    lines.push(`  policy exception: ${e.policy} (reason given: ${e.reason})`);
  lines.push(...formatEstimate(s.cost));
  if (s.placeholders.length) {
    lines.push(
      `  note: not set in this stack's config, a placeholder stood in: ${s.placeholders.join(", ")}`,
    );
  }
  return lines.map(printable).join("\n");
}

/**
 * `s` with every control character (terminal escapes, carriage returns, line breaks, bidirectional
 * controls) written as a visible escape: text from a pull request never drives the reader's
 * terminal. The project's one rule for it, `escapeControl` of @hubnet/config.
 */
export const printable = escapeControl;

function shortType(t: string): string {
  const parts = t.split(":");
  return parts[parts.length - 1];
}
