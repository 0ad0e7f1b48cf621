/**
 * `hubnet usage --prometheus [cluster=]URL`: a month of use per community and for the network,
 * from each cluster's Prometheus (usage/queries.ts), priced with the offline plan's estimates
 * (usage/report.ts). What a hub did not report (not scraped, no data) is named, never counted as 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { hubNamespace } from "@hubnet/components/naming";
import { loadNetwork } from "@hubnet/config";
import { planNetwork, summarizeStack } from "@hubnet/plan";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { messageJson, Output, plural, printable, problemJson } from "../output";
import { resolveRoot } from "../root";
import { Prometheus, PrometheusError } from "../usage/prometheus";
import { leftOpenRanges, queries } from "../usage/queries";
import { type HubPrices, type HubUsage, monthOf, type UsageReport, usageReport } from "../usage/report";
import { validationDay } from "./validate";

export interface UsageOptions {
  prometheus: string[];
  month?: string;
  tokenEnv?: string;
  out?: string;
}

type Measured = Omit<HubUsage, "community" | "hub" | "namespace" | "cluster">;

/** `cluster=url` or `url` (every cluster): the Prometheus of each cluster. */
export function prometheusByCluster(values: string[], clusters: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const v of values) {
    const m = /^([a-z0-9][a-z0-9-]*)=(.+)$/.exec(v);
    const [cluster, url] = m ? [m[1] as string, m[2] as string] : [undefined, v];
    if (!/^https?:\/\/[^\s]+$/.test(url))
      throw new UsageError(`--prometheus must be [cluster=]http(s)://..., not "${v}"`, "usage");
    if (cluster !== undefined && !clusters.includes(cluster))
      throw new UsageError(
        `--prometheus names cluster "${cluster}", which the network does not have (it has ${clusters.join(", ")})`,
        "usage",
      );
    for (const c of cluster === undefined ? clusters : [cluster]) {
      if (cluster !== undefined || !out.has(c)) out.set(c, url);
    }
  }
  return out;
}

async function measure(prom: Prometheus, month: ReturnType<typeof monthOf> & {}, namespaces: Set<string>) {
  const at = month.end;
  const open = leftOpenRanges(await prom.version());
  const [hours, peaks, gpus, active, daily] = await Promise.all([
    prom.query(queries.serverHours(month.hours, open), at),
    prom.query(queries.peakServers(month.hours, open), at),
    prom.query(queries.gpuHours(month.hours, open), at),
    prom.query(queries.activeUsers(), at),
    prom.queryRange(queries.serverHours(24, open), month.start + 86400, month.end, 86400),
  ]);
  const out = new Map<string, Measured>();
  const days = Math.round(month.days);
  const get = (ns: string) => {
    let m = out.get(ns);
    if (!m) {
      m = { activeUsers: 0, serverHours: 0, peakServers: 0, gpuHours: 0, daily: new Array(days).fill(0) };
      out.set(ns, m);
    }
    return m;
  };
  // A hub counts as reporting when it has server metrics in the month; GPU and user figures add to it.
  for (const s of hours)
    if (namespaces.has(s.labels.namespace ?? "")) get(s.labels.namespace as string).serverHours = s.value;
  for (const s of peaks)
    if (out.has(s.labels.namespace ?? "")) get(s.labels.namespace as string).peakServers = s.value;
  for (const s of gpus)
    if (out.has(s.labels.namespace ?? "")) get(s.labels.namespace as string).gpuHours = s.value;
  for (const s of active)
    if (out.has(s.labels.namespace ?? "")) get(s.labels.namespace as string).activeUsers = s.value;
  for (const s of daily) {
    const ns = s.labels.namespace ?? "";
    if (!out.has(ns)) continue;
    const m = get(ns);
    for (const [t, v] of s.values) {
      const day = Math.round((t - month.start) / 86400) - 1;
      if (day >= 0 && day < days) m.daily[day] = v;
    }
  }
  return out;
}

export async function usage(opts: UsageOptions & GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "usage");
  const month = monthOf(opts.month, validationDay());
  if (!month) throw new UsageError(`--month must be a month such as 2026-11, not "${opts.month}"`, "usage");
  const token = opts.tokenEnv === undefined ? undefined : process.env[opts.tokenEnv];
  if (opts.tokenEnv !== undefined && !token)
    throw new UsageError(
      `--token-env ${opts.tokenEnv}: that environment variable is empty or not set`,
      "usage",
    );
  const out = new Output({ color: opts.color });
  const network = loadNetwork(root, { today: validationDay() });
  if (network.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: network.problems.map((p) => problemJson(p, root)) });
    else out.problems(network.problems);
    throw new Exit(ExitCode.Problems);
  }
  const urls = prometheusByCluster(opts.prometheus, [...network.clusters.keys()]);
  const hubs = [...network.communities.values()].flatMap((c) =>
    c.config.hubs.map((h) => ({
      community: c.config.name,
      hub: h.name,
      namespace: hubNamespace(c.config.name, h.name),
      cluster: c.config.cluster,
    })),
  );

  const measured = new Map<string, Measured>();
  const failures: string[] = [];
  for (const [cluster, url] of urls) {
    const namespaces = new Set(hubs.filter((h) => h.cluster === cluster).map((h) => h.namespace));
    if (namespaces.size === 0) continue;
    try {
      for (const [ns, m] of await measure(new Prometheus(url, token), month, namespaces)) measured.set(ns, m);
    } catch (e) {
      if (!(e instanceof PrometheusError)) throw e;
      failures.push(`cluster ${cluster}: Prometheus at ${url}: ${e.message}`);
    }
  }

  // Prices of each hub's default and GPU profiles, and each community's always-on cost and budget, from the plan.
  const prices = new Map<string, HubPrices>();
  const communities = new Map<string, { budgetUsd?: number; alwaysOnMonthlyUsd?: number }>();
  const plan = await planNetwork({ root, communities: "all" });
  for (const s of plan.communities) {
    const summary = summarizeStack(s);
    communities.set(s.stack, {
      budgetUsd:
        summary.cost.budget?.monthlyUsd ?? network.communities.get(s.stack)?.config.budget?.monthlyUsd,
      alwaysOnMonthlyUsd: summary.cost.alwaysOnMonthlyUsd,
    });
    for (const hub of summary.hubs) {
      const costs = summary.cost.profiles.filter((p) => p.hub === hub.hub);
      const gpuSlugs = new Set(
        hub.profiles.filter((p) => p.gpu && Object.keys(p.gpu).length > 0).map((p) => p.slug),
      );
      prices.set(hub.namespace, {
        defaultHourlyUsd: costs.find((p) => p.default)?.hourlyUsd ?? costs[0]?.hourlyUsd,
        gpuHourlyUsd: costs.find((p) => gpuSlugs.has(p.profile))?.hourlyUsd,
      });
    }
  }
  const report = usageReport({ month, hubs, measured, prices, communities });
  const json = { ok: failures.length === 0, ...report, problems: failures.map(messageJson) };
  if (opts.out) {
    const file = path.resolve(opts.out);
    fs.writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  }
  if (opts.json) out.json(json);
  else printUsage(report, failures, out);
  if (failures.length > 0) throw new Exit(ExitCode.Problems);
}

const usd = (n: number | undefined) => (n === undefined ? "unpriced" : `$${n.toFixed(2)}`);

function printUsage(r: UsageReport, failures: string[], out: Output): void {
  const st = out.style;
  out.line(`Usage in ${r.month.name}:`);
  const head = ["community", "active users", "server hours", "peak", "GPU hours", "estimate", "budget"];
  const rows = r.communities.map((c) => [
    c.community,
    String(c.activeUsers),
    c.serverHours.toFixed(1),
    String(c.peakServers),
    c.gpuHours.toFixed(1),
    usd(c.estimatedUsd),
    c.budgetUsd === undefined
      ? "-"
      : `${usd(c.budgetUsd)}${c.budgetShare !== undefined ? ` (${Math.round(c.budgetShare * 100)}%)` : ""}`,
  ]);
  rows.push([
    "network",
    String(r.network.activeUsers),
    r.network.serverHours.toFixed(1),
    String(r.network.peakServers),
    r.network.gpuHours.toFixed(1),
    usd(r.network.estimatedUsd),
    r.network.budgetUsd === undefined ? "-" : usd(r.network.budgetUsd),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ")}`;
  out.line(st.dim(line(head)));
  for (const row of rows) out.line(printable(line(row)));
  for (const c of r.communities) {
    if (c.missing.length)
      out.line(
        printable(
          `  ${st.yellow("!")} ${c.community}: no metrics for ${plural(c.missing.length, "hub")} (${c.missing.join(", ")}): not scraped, or not running that month`,
        ),
      );
    if (c.budgetShare !== undefined && c.budgetShare > 1)
      out.line(
        printable(
          `  ${st.red("✗")} ${c.community}: estimated ${usd(c.estimatedUsd)}, over its budget of ${usd(c.budgetUsd)}`,
        ),
      );
  }
  for (const f of failures) out.line(printable(`  ${st.red("✗")} ${f}`));
  out.line(st.dim(`Assumptions: ${r.assumptions.join("; ")}.`));
}
