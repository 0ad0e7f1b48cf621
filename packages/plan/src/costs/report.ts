/**
 * The cost report of one stack's change, in the shape of `hubnet diff`'s per-stack reports
 * (`{source, title, level, lines}`): the change of its always-on and busy-month estimates, node
 * pools and profiles added, removed or repriced, and warnings (a community over its budget after
 * the change, prices the tables lack). `hubnet diff` registers it with its other reporters.
 */

import { type BusyMonth, type CostRow, estimateStack } from "./estimate";
import { changed, estimateChange, estimateWarnings, formatChange, usd } from "./format";

/** One side of a stack's change, as `hubnet diff` renders it. */
export interface CostSide {
  kind: "cluster" | "community";
  stack: string;
  rows: CostRow[];
}

/**
 * A figure the report adds to the network's sum. It has the shape of `ReportTotal` in
 * diff/stack-diff.ts, declared here so that costs/ imports nothing outside its folder (diff/
 * depends on costs/ through the summary, not the other way round); the diff's reporter that
 * passes these on checks the two stay the same shape.
 */
export interface CostTotal {
  name: string;
  before: number;
  after: number;
  unit: "usd";
}

export interface CostReport {
  source: "cost";
  title: string;
  level: "warning" | "info";
  lines: string[];
  totals: CostTotal[];
}

/** The names of the figures a cost report adds to the network's sum. */
export const COST_TOTALS = {
  alwaysOn: "estimated always-on cost a month",
  busyMonth: "estimated busy-month cost of the communities",
} as const;

export function costReport(
  before: CostSide | undefined,
  after: CostSide | undefined,
  opts: { busyMonth?: BusyMonth } = {},
): CostReport[] {
  const side = (after ?? before) as CostSide;
  const estimate = (s: CostSide | undefined) =>
    s ? estimateStack(s.kind, s.stack, s.rows, opts) : undefined;
  const [b, a] = [estimate(before), estimate(after)];
  const change = estimateChange(b, a);
  const warnings = a ? estimateWarnings(a) : [];
  const totals: CostTotal[] = [
    { name: COST_TOTALS.alwaysOn, before: change.alwaysOn[0], after: change.alwaysOn[1], unit: "usd" },
    ...(side.kind === "community"
      ? [
          {
            name: COST_TOTALS.busyMonth,
            before: change.busyMonth[0],
            after: change.busyMonth[1],
            unit: "usd" as const,
          },
        ]
      : []),
  ];
  if (!changed(change)) {
    return [
      {
        source: "cost",
        title: `estimated cost of ${side.kind} ${side.stack} unchanged: ${usd(change.alwaysOn[1])} a month always on`,
        level: warnings.length ? "warning" : "info",
        lines: warnings,
        totals,
      },
    ];
  }
  const delta = change.alwaysOn[1] - change.alwaysOn[0];
  const busy = change.busyMonth[1] - change.busyMonth[0];
  const title =
    `estimated cost of ${side.kind} ${side.stack}: always on ${delta >= 0 ? "+" : "-"}${usd(Math.abs(delta))} a month` +
    (side.kind === "community" ? `, busy month ${busy >= 0 ? "+" : "-"}${usd(Math.abs(busy))}` : "");
  return [
    {
      source: "cost",
      title,
      level: warnings.length ? "warning" : "info",
      lines: [...warnings, ...formatChange(change)],
      totals,
    },
  ];
}
