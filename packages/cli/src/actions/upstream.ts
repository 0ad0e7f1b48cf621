/**
 * `hubnet upstream [--refresh]`: the upstream projects the network runs and how current each is
 * (upstream/report.ts), from the chart pins, the release facts table (upstream/table.ts), what the
 * planned stacks install and the images the communities run. `--refresh` updates the table from
 * the charts' Helm repository indexes (upstream/refresh.ts).
 */
import * as path from "node:path";
import { allImages } from "@hubnet/components/hub";
import { CHARTS } from "@hubnet/components/versions";
import { loadNetwork } from "@hubnet/config";
import { planNetwork } from "@hubnet/plan";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { messageJson, Output, plural, printable, problemJson } from "../output";
import { resolveRoot } from "../root";
import { refreshImages, refreshTable } from "../upstream/refresh";
import { type InstalledRelease, type UpstreamReport, upstreamReport } from "../upstream/report";
import { RELEASES_FILE, readReleaseTable, TableError, writeReleaseTable } from "../upstream/table";
import { validationDay } from "./validate";

export interface UpstreamOptions {
  refresh?: boolean;
  mirror?: string;
  table?: string;
}

const HELM_RELEASE = "kubernetes:helm.sh/v3:Release";

function table(file: string) {
  try {
    return readReleaseTable(file);
  } catch (e) {
    if (e instanceof TableError) throw new UsageError(e.message, "upstream");
    if ((e as NodeJS.ErrnoException).code === "ENOENT")
      throw new UsageError(`${file} does not exist`, "upstream");
    throw e;
  }
}

export async function upstream(opts: UpstreamOptions & GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "upstream");
  const file = opts.table ? path.resolve(opts.table) : RELEASES_FILE;
  if (opts.mirror !== undefined && !opts.refresh)
    throw new UsageError("--mirror goes with --refresh", "upstream");
  if (opts.mirror !== undefined && !/^(https?|file):\/\//.test(opts.mirror))
    throw new UsageError(
      `--mirror must be an http(s):// or file:// address, not "${opts.mirror}"`,
      "upstream",
    );
  const out = new Output({ color: opts.color });
  const today = validationDay();
  if (opts.refresh) return refresh(root, file, today, out, opts);

  const facts = table(file);
  const network = loadNetwork(root, { today });
  if (network.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: network.problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(network.problems);
      out.line(
        `${out.style.red("✗")} ${plural(network.problems.length, "problem")}: fix them (hubnet validate) first`,
      );
    }
    throw new Exit(ExitCode.Problems);
  }
  const plan = await planNetwork({ root, communities: "all" });
  if (plan.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: plan.problems.map((p) => problemJson(p, root)) });
    else out.problems(plan.problems);
    throw new Exit(ExitCode.Problems);
  }
  const installed: InstalledRelease[] = [];
  for (const s of [...plan.clusters, ...plan.communities]) {
    const cluster = s.kind === "cluster" ? s.stack : network.communities.get(s.stack)?.config.cluster;
    for (const r of s.resources) {
      if (r.type !== HELM_RELEASE) continue;
      const { chart, version } = r.inputs as { chart?: unknown; version?: unknown };
      if (typeof chart === "string" && typeof version === "string" && cluster)
        installed.push({ kind: s.kind, stack: s.stack, cluster, chart, version });
    }
  }
  const report = upstreamReport({
    pins: CHARTS,
    table: facts,
    installed,
    clusters: [...network.clusters.entries()].map(([name, c]) => ({
      name,
      cloud: c.config.cloud,
      kubernetesVersion: (c.config as { kubernetesVersion?: string }).kubernetesVersion,
    })),
    images: [...network.communities.values()].flatMap((c) =>
      allImages(c.config).map((image) => ({ image, community: c.config.name })),
    ),
    today,
  });
  if (opts.json) {
    out.json({
      ok: report.failures.length === 0,
      ...report,
      problems: report.failures.map(messageJson),
    });
  } else {
    printReport(report, out);
  }
  if (report.failures.length > 0) throw new Exit(ExitCode.Problems);
}

function printReport(r: UpstreamReport, out: Output): void {
  const st = out.style;
  out.line(`Charts (release facts of ${r.tableRefreshed}; today ${r.day}):`);
  const mark = (s: string) =>
    s === "current" ? st.green("✓") : s === "behind" || s === "unknown" ? st.yellow("!") : st.red("✗");
  for (const c of r.charts) {
    const newest =
      c.newest && c.newest !== c.version
        ? `, newest ${c.newest}${c.newestDate ? ` (${c.newestDate})` : ""}`
        : "";
    const eol = c.endOfLife ? `, end of life ${c.endOfLife}` : "";
    const k8s = `Kubernetes ${c.kubernetes.min}–${c.kubernetes.max ?? ""}`;
    out.line(
      printable(`  ${mark(c.status)} ${c.pin.padEnd(20)} ${c.chart} ${c.version}${newest}${eol}; ${k8s}`),
    );
    const users =
      c.clusters.length === 0 ? "not installed by any planned stack" : `clusters ${c.clusters.join(", ")}`;
    const comms =
      c.communities.length > 0 ? `; ${plural(c.communities.length, "community", "communities")}` : "";
    out.line(printable(`      ${st.dim(`${users}${comms}${c.repository ? `; ${c.repository}` : ""}`)}`));
    for (const reason of c.reasons) out.line(printable(`      ${reason}`));
  }
  out.line("");
  out.line("Images the communities run:");
  for (const i of r.images) {
    const age = i.built ? `built ${i.built} (${i.ageDays} days ago)` : (i.note ?? "");
    const newer = i.behind ? `; newest ${i.newest} (${i.newestDate})` : i.newest ? "; the newest tag" : "";
    out.line(
      printable(
        `  ${i.behind ? st.yellow("!") : " "} ${i.image}: ${age}${newer}; ${i.communities.join(", ")}`,
      ),
    );
  }
  out.line("");
  if (r.failures.length === 0)
    out.line(`${st.green("✓")} no pin is past its end of life or outside a cluster's Kubernetes`);
  else out.line(`${st.red("✗")} ${plural(r.failures.length, "pin")} to bump before it breaks: see above`);
}

async function refresh(
  root: string,
  file: string,
  today: Date,
  out: Output,
  opts: UpstreamOptions & GlobalOptions,
) {
  const before = table(file);
  const result = await refreshTable({ table: before, pins: CHARTS, today, mirror: opts.mirror });
  // The images the network runs, newest tag per prefix from each family's registry (a network that
  // does not load has no images to ask about: the charts are still refreshed).
  const network = loadNetwork(root, { today });
  const images = network.problems.length
    ? []
    : [...network.communities.values()].flatMap((c) => allImages(c.config));
  const imageResult = await refreshImages({ table: result.table, images });
  if (network.problems.length)
    result.failed.push({
      pin: "images",
      reason: "the network has problems (hubnet validate): its images were not refreshed",
    });
  for (const f of imageResult.failed) result.failed.push({ pin: f.image, reason: f.reason });
  writeReleaseTable({ ...imageResult.table, refreshed: today.toISOString().slice(0, 10) }, file);
  if (opts.json) {
    out.json({
      ok: result.failed.length === 0,
      table: file,
      refreshed: result.refreshed,
      images: imageResult.refreshed,
      byHand: [...result.byHand, ...imageResult.byHand],
      problems: result.failed.map((f) => messageJson(`${f.pin}: ${f.reason}`)),
    });
  } else {
    for (const r of result.refreshed)
      out.line(
        printable(
          `  ${r.pin.padEnd(20)} newest ${r.newest}${r.added.length ? ` (new: ${r.added.join(", ")})` : ""}`,
        ),
      );
    for (const p of result.byHand)
      out.line(printable(`  ${p.padEnd(20)} no index to read (an OCI chart): update by hand`));
    for (const f of result.failed)
      out.line(printable(`  ${out.style.red("✗")} ${f.pin.padEnd(18)} ${f.reason}`));
    out.line(`wrote ${file}`);
  }
  if (result.failed.length > 0) throw new Exit(ExitCode.Problems);
}
