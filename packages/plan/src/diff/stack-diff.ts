/**
 * One stack's change between two plans: what Pulumi would do to each resource (rows.ts), what its
 * community would see (the hub summaries before and after, facet by facet), what would lose data,
 * and the reports other checks attach (reports.ts).
 */
import { facetText, HUB_FACETS } from "../hub-summary";
import type { StackPlan } from "../plan-network";
import { type HubSummary, summarizeStack } from "../summary";
import type { DataLoss } from "./data-loss";
import type { Refusal } from "./engine-rules";
import { countOps, diffRows, type Operation, type PlannedRow, type ResourceChange } from "./rows";

export interface PlannedStack {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  rows: PlannedRow[];
}

export interface FacetChange {
  key: string;
  label: string;
  before: string[];
  after: string[];
}

export interface HubDiff {
  namespace: string;
  /** The hub's name (`custom.hubnet.hub`). */
  hub?: string;
  urls: string[];
  change: "added" | "removed" | "changed";
  facets: FacetChange[];
}

/** A finding about a stack's change (policy results, cost estimates, …): see reports.ts. */
export interface StackReport {
  /** Who made it: "policy", "cost", … */
  source: string;
  title: string;
  level: "error" | "warning" | "info";
  /** Plain lines, for the terminal. */
  lines: string[];
  /** Markdown for the pull-request comment (default: the lines as a list). */
  markdown?: string;
  /**
   * Figures of this stack before and after the change that add up across stacks (the estimated
   * always-on cost a month): `hubnet diff` also shows their sum over every affected stack, the
   * change to the network. Stacks a change does not affect do not change, so that sum is it.
   */
  totals?: ReportTotal[];
}

export interface ReportTotal {
  /** What is summed, as a reader reads it: "estimated always-on cost a month". */
  name: string;
  before: number;
  after: number;
  unit: "usd";
}

export interface StackDiff {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  change: "added" | "removed" | "changed" | "unchanged";
  counts: Record<Operation, number>;
  unchanged: number;
  changes: ResourceChange[];
  hubs: HubDiff[];
  dataLoss: DataLoss[];
  /** Changes the cloud or Kubernetes will refuse at deploy time (errors: `hubnet diff` exits 1). */
  refused: Refusal[];
  /** Warnings that are not one resource's (a hub renamed, a community renamed). */
  notes: string[];
  reports: StackReport[];
}

/** The summary of a stack from its rows alone (as `hubnet plan` prints it). */
export function summaryOf(side: PlannedStack) {
  return summarizeStack({
    kind: side.kind,
    project: side.project,
    stack: side.stack,
    resources: side.rows.map((r) => ({ ...r })),
    outputs: {},
    rawOutputs: {},
    secretOutputs: [],
    placeholders: [],
    millis: 0,
  } as StackPlan);
}

function facetChanges(before: HubSummary | undefined, after: HubSummary | undefined): FacetChange[] {
  const out: FacetChange[] = [];
  for (const f of HUB_FACETS) {
    const b = facetText(f.key, before?.[f.key]);
    const a = facetText(f.key, after?.[f.key]);
    if (JSON.stringify(a) !== JSON.stringify(b))
      out.push({ key: f.key, label: f.label, before: b, after: a });
  }
  return out;
}

export function diffHubs(before: HubSummary[], after: HubSummary[]): HubDiff[] {
  const was = new Map(before.map((h) => [h.namespace, h]));
  const now = new Map(after.map((h) => [h.namespace, h]));
  const out: HubDiff[] = [];
  for (const ns of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const b = was.get(ns);
    const a = now.get(ns);
    const facets = facetChanges(b, a);
    const urls = (a ?? b)?.urls ?? [];
    const urlChanged = JSON.stringify(b?.urls) !== JSON.stringify(a?.urls);
    if (facets.length === 0 && !urlChanged) continue;
    if (b && a && urlChanged)
      facets.unshift({ key: "urls", label: "address", before: b.urls, after: a.urls });
    out.push({
      namespace: ns,
      hub: (a ?? b)?.hub,
      urls,
      change: !b ? "added" : !a ? "removed" : "changed",
      facets,
    });
  }
  return out;
}

export function diffStack(before: PlannedStack | undefined, after: PlannedStack | undefined): StackDiff {
  const side = (after ?? before) as PlannedStack;
  const rows = diffRows(before?.rows ?? [], after?.rows ?? [], { stackRemoved: !after });
  const hubs = diffHubs(before ? summaryOf(before).hubs : [], after ? summaryOf(after).hubs : []);
  const notes: string[] = [];
  const removed = hubs.filter((h) => h.change === "removed");
  const added = hubs.filter((h) => h.change === "added");
  if (before && after && removed.length > 0 && added.length > 0) {
    notes.push(
      `hub ${removed.map((h) => h.namespace).join(", ")} is removed and ${added.map((h) => h.namespace).join(", ")} added: ` +
        "a hub cannot be renamed in place (its namespace, volumes and buckets are named after it, and the cloud cannot rename them); " +
        "keep the hub's name, or create the new hub beside the old one, move its users' data, then remove the old one",
    );
  }
  const change = !before ? "added" : !after ? "removed" : rows.changes.length === 0 ? "unchanged" : "changed";
  return {
    kind: side.kind,
    project: side.project,
    stack: side.stack,
    change,
    counts: countOps(rows.changes),
    unchanged: rows.unchanged,
    changes: rows.changes,
    hubs,
    dataLoss: rows.dataLoss,
    refused: rows.refused,
    notes,
    reports: refusalReports(rows.refused),
  };
}

/** Refused changes as error reports of the guard: shown with the other checks, exit 1. */
export function refusalReports(refused: readonly Refusal[]): StackReport[] {
  if (refused.length === 0) return [];
  return [
    {
      source: "data-loss guard",
      title: `${refused.length} change${refused.length === 1 ? "" : "s"} the cloud or Kubernetes will refuse`,
      level: "error",
      lines: refused.map(
        (r) =>
          `${r.type.split(":").slice(-2).join(":")} ${r.name}: ${r.path} ${JSON.stringify(r.before)} → ${JSON.stringify(r.after)} is refused by ${r.refusedBy} (${r.source}); keep it at ${JSON.stringify(r.before)} or more, or create a new one beside it and migrate the data`,
      ),
    },
  ];
}
