/**
 * Cost estimates as text: the lines `hubnet plan` prints under each stack, the warnings a plan
 * shows first (a community over its budget, a price the tables lack), and the change of a stack's
 * estimate between two plans (what `hubnet diff` reports per stack and for the network).
 */
import type { StackEstimate } from "./estimate";

export const usd = (n: number): string =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const usdHour = (n: number): string => `$${n.toFixed(n < 1 ? 4 : 2)}/h`;
const signed = (n: number): string => `${n < 0 ? "-" : "+"}${usd(Math.abs(n))}`;

/** The estimate of one stack, as indented lines under its summary. */
export function formatEstimate(e: StackEstimate): string[] {
  const out: string[] = [];
  const where = e.cloud ? ` (${e.cloud} ${e.region}, on-demand list prices)` : "";
  out.push(`  estimated cost${where}: ${usd(e.alwaysOnMonthlyUsd)} a month always on`);
  for (const l of e.lines)
    out.push(`    ${usd(l.monthlyUsd).padStart(11)}${l.unverified ? "*" : " "} ${l.what}`);
  for (const n of e.nodes)
    out.push(
      `    node pool ${n.pool}: ${n.machineType}${n.spot ? " (spot)" : ""} ${usdHour(n.hourlyUsd)} a node, ${n.min}-${n.max} nodes`,
    );
  for (const p of e.profiles) {
    if (p.hourlyUsd === undefined || p.nodeHourlyUsd === undefined || p.share === undefined) {
      if (e.cloud) out.push(`    profile ${p.hub}/${p.profile}: no price (its node is not known)`);
      continue;
    }
    out.push(
      `    profile ${p.hub}/${p.profile}${p.default ? " (default)" : ""}: ${usdHour(p.hourlyUsd)} a server = ${Math.round(p.share * 100)}% of a ${p.machineType} node (${usdHour(p.nodeHourlyUsd)})`,
    );
  }
  if (e.busyMonth) {
    const b = e.busyMonth;
    out.push(
      `    busy month: ${b.users} users × ${b.hoursPerUser} h on ${b.hub}/${b.profile} = ${usd(b.monthlyUsd)}; with what is always on ${usd(e.alwaysOnMonthlyUsd + b.monthlyUsd)}`,
    );
  }
  if (e.budget)
    out.push(
      `    budget ${usd(e.budget.monthlyUsd)} a month: ${e.budget.exceeded ? "EXCEEDED by the estimate" : "the estimate is within it"} (${usd(e.budget.estimateUsd)})`,
    );
  if (e.usagePriced.length) out.push(`    not included (priced by use): ${e.usagePriced.join("; ")}`);
  for (const m of e.missing) out.push(`    no price in the table: ${m}`);
  for (const c of e.caveats) out.push(`    note: ${c}`);
  return out;
}

/** Warnings a plan shows before everything else: a budget the estimate exceeds, prices the tables lack. */
export function estimateWarnings(e: StackEstimate): string[] {
  const out: string[] = [];
  if (e.budget?.exceeded)
    out.push(
      `community ${e.stack}: estimated ${usd(e.budget.estimateUsd)} a month (always on ${usd(e.alwaysOnMonthlyUsd)}, busy month ${usd(e.busyMonth?.monthlyUsd ?? 0)}) exceeds its budget of ${usd(e.budget.monthlyUsd)}: raise budget.monthlyUsd, or use smaller profiles`,
    );
  if (e.missing.length)
    out.push(
      `${e.kind} ${e.stack}: no price for ${e.missing.join(", ")}: the estimate leaves them out (docs/platform/costs.md: refreshing the price table)`,
    );
  return out;
}

/** The change of a stack's estimate between two plans (undefined: the stack is new, or removed). */
export interface EstimateChange {
  stack: string;
  kind: "cluster" | "community";
  alwaysOn: [number, number];
  busyMonth: [number, number];
  /** Profiles added, removed or repriced: "hub/profile $x/h → $y/h". */
  profiles: string[];
  /** Node pools added, removed or repriced. */
  nodes: string[];
}

export function estimateChange(
  before: StackEstimate | undefined,
  after: StackEstimate | undefined,
): EstimateChange {
  const side = (after ?? before) as StackEstimate;
  const key = (p: { hub: string; profile: string }) => `${p.hub}/${p.profile}`;
  const was = new Map((before?.profiles ?? []).map((p) => [key(p), p.hourlyUsd]));
  const now = new Map((after?.profiles ?? []).map((p) => [key(p), p.hourlyUsd]));
  const price = (n: number | undefined) => (n === undefined ? "no price" : usdHour(n));
  const profiles: string[] = [];
  for (const k of [...new Set([...was.keys(), ...now.keys()])].sort()) {
    const [b, a] = [was.get(k), now.get(k)];
    if (!was.has(k)) profiles.push(`+ profile ${k}: ${price(a)} a server`);
    else if (!now.has(k)) profiles.push(`- profile ${k}: ${price(b)} a server`);
    else if (b !== a) profiles.push(`~ profile ${k}: ${price(b)} → ${price(a)} a server`);
  }
  const nodeKey = (n: { pool: string }) => n.pool;
  const nb = new Map((before?.nodes ?? []).map((n) => [nodeKey(n), n]));
  const na = new Map((after?.nodes ?? []).map((n) => [nodeKey(n), n]));
  const nodes: string[] = [];
  for (const k of [...new Set([...nb.keys(), ...na.keys()])].sort()) {
    const [b, a] = [nb.get(k), na.get(k)];
    const text = (n: typeof a) => `${n?.machineType} ${price(n?.hourlyUsd)} a node, min ${n?.min}`;
    if (!b) nodes.push(`+ node pool ${k}: ${text(a)}`);
    else if (!a) nodes.push(`- node pool ${k}: ${text(b)}`);
    else if (b.hourlyUsd !== a.hourlyUsd || b.min !== a.min || b.machineType !== a.machineType)
      nodes.push(`~ node pool ${k}: ${text(b)} → ${text(a)}`);
  }
  return {
    stack: side.stack,
    kind: side.kind,
    alwaysOn: [before?.alwaysOnMonthlyUsd ?? 0, after?.alwaysOnMonthlyUsd ?? 0],
    busyMonth: [before?.busyMonth?.monthlyUsd ?? 0, after?.busyMonth?.monthlyUsd ?? 0],
    profiles,
    nodes,
  };
}

/** Does the change change anything a reader would see? */
export function changed(c: EstimateChange): boolean {
  return (
    c.alwaysOn[0] !== c.alwaysOn[1] ||
    c.busyMonth[0] !== c.busyMonth[1] ||
    c.profiles.length > 0 ||
    c.nodes.length > 0
  );
}

/** Lines of a change, for a terminal or a pull-request comment. */
export function formatChange(c: EstimateChange): string[] {
  const out = [
    `always on ${usd(c.alwaysOn[0])} → ${usd(c.alwaysOn[1])} a month (${signed(c.alwaysOn[1] - c.alwaysOn[0])})`,
  ];
  if (c.kind === "community")
    out.push(
      `busy month ${usd(c.busyMonth[0])} → ${usd(c.busyMonth[1])} (${signed(c.busyMonth[1] - c.busyMonth[0])})`,
    );
  return [...out, ...c.nodes, ...c.profiles];
}
