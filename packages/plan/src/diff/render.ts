/**
 * `hubnet diff` as text (a terminal) and as one pull-request comment (`--markdown`): data-loss
 * warnings first, then the reports of other checks, a summary table, and one section per stack
 * with what its users would see change and what would happen to each resource.
 *
 * Everything shown comes from a pull request, so it is made inert: control characters are escaped
 * in text (printable), HTML is escaped and code blocks are fenced longer than any backtick run in
 * markdown, and mentions cannot notify anyone.
 */
import { usd } from "../costs/format";
import { printable } from "../summary";
import type { DataLoss } from "./data-loss";
import { describeChange } from "./fields";
import type { Operation, ResourceChange } from "./rows";
import type { HubDiff, ReportTotal, StackDiff, StackReport } from "./stack-diff";

export interface DiffResult {
  base: { ref: string; commit: string };
  head: { ref: string; commit: string };
  /** The merge base the change is measured from. */
  from: string;
  stacks: (StackDiff & { phase?: string })[];
  /** About the change as a whole (a community renamed). */
  warnings: string[];
  allowDataLoss: boolean;
}

export const dataLossOf = (r: DiffResult): (DataLoss & { stack: string })[] =>
  r.stacks.flatMap((s) => s.dataLoss.map((d) => ({ ...d, stack: `${s.kind} ${s.stack}` })));

const OPS: [Operation, string, string][] = [
  ["create", "+", "to create"],
  ["delete", "-", "to delete"],
  ["replace", "±", "to replace"],
  ["update", "~", "to update"],
  ["move", "→", "moved (kept by alias)"],
];

const shortType = (t: string) => t.split(":").slice(-2).join(":");

function countsText(s: StackDiff): string {
  const parts = OPS.filter(([op]) => s.counts[op] > 0).map(([op, , label]) => `${s.counts[op]} ${label}`);
  return parts.length ? parts.join(", ") : "no resource changes";
}

function resourceLines(c: ResourceChange, maxFields = 40): string[] {
  const sign = OPS.find(([op]) => op === c.op)?.[1] ?? "?";
  const lines = [`${sign} ${c.type} ${c.name}${c.userData ? "  [user data]" : ""}`];
  if (c.formerUrn) lines.push(`    moved from ${c.formerUrn}`);
  if (c.replaceBecause) lines.push(`    replaced because ${c.replaceBecause.join(", ")} changed`);
  if (c.carriedBy) lines.push(`    goes because ${c.carriedBy}`);
  if (c.unknownReplacement)
    lines.push("    (hubnet does not know this type's replacement rules: the credentialed preview says)");
  if (c.options?.protect) lines.push(`    protect: ${c.options.protect[0]} → ${c.options.protect[1]}`);
  if (c.options?.retainOnDelete)
    lines.push(`    retainOnDelete: ${c.options.retainOnDelete[0]} → ${c.options.retainOnDelete[1]}`);
  const fields = c.fields.flatMap(describeChange);
  for (const f of fields.slice(0, maxFields)) lines.push(`    ${f}`);
  if (fields.length > maxFields) lines.push(`    … ${fields.length - maxFields} more`);
  return lines;
}

function hubLines(h: HubDiff): string[] {
  const lines = [`hub ${h.namespace}${h.urls.length ? ` (${h.urls.join(", ")})` : ""}: ${h.change}`];
  for (const f of h.facets) {
    for (const l of f.before) if (!f.after.includes(l)) lines.push(`- ${f.label.padEnd(14)}${l}`);
    for (const l of f.after) if (!f.before.includes(l)) lines.push(`+ ${f.label.padEnd(14)}${l}`);
  }
  return lines;
}

function dataLossLine(d: DataLoss & { stack: string }): string {
  return `${d.stack}: ${shortType(d.type)} ${d.name} ${d.consequence}. To proceed: ${d.remedy}.`;
}

function reportLines(r: StackReport): string[] {
  return [`[${r.level}] ${r.source}: ${r.title}`, ...r.lines.map((l) => `    ${l}`)];
}

/**
 * The figures reports add up (ReportTotal), summed over every affected stack: the change the
 * pull request makes to the whole network (stacks it does not affect do not change).
 */
export function networkTotals(r: DiffResult): ReportTotal[] {
  const sums = new Map<string, ReportTotal>();
  for (const s of r.stacks)
    for (const rep of s.reports)
      for (const t of rep.totals ?? []) {
        const sum = sums.get(t.name) ?? { name: t.name, before: 0, after: 0, unit: t.unit };
        sum.before += t.before;
        sum.after += t.after;
        sums.set(t.name, sum);
      }
  return [...sums.values()];
}

/** `estimated always-on cost a month: $1,200.00 → $1,450.00 (+$250.00)`. */
export function totalLine(t: ReportTotal): string {
  const d = t.after - t.before;
  const change = Math.abs(d) < 0.005 ? "unchanged" : `${d < 0 ? "-" : "+"}${usd(Math.abs(d))}`;
  return `${t.name}: ${usd(t.before)} → ${usd(t.after)} (${change})`;
}

/** The diff for a terminal. */
export function diffText(r: DiffResult): string {
  const out: string[] = [];
  const losses = dataLossOf(r);
  out.push(
    `hubnet diff ${r.base.ref}...${r.head.ref}: ${r.stacks.length} affected stack${r.stacks.length === 1 ? "" : "s"}`,
  );
  if (losses.length > 0) {
    out.push("");
    out.push(
      `DATA LOSS: ${losses.length} change${losses.length === 1 ? "" : "s"} to resources holding user data${r.allowDataLoss ? " (allowed with --allow-data-loss)" : ""}:`,
    );
    for (const d of losses) out.push(`  ${dataLossLine(d)}`);
  }
  const notes = [...r.warnings, ...r.stacks.flatMap((s) => s.notes.map((n) => `${s.kind} ${s.stack}: ${n}`))];
  if (notes.length) {
    out.push("");
    for (const n of notes) out.push(`warning: ${n}`);
  }
  const totals = networkTotals(r);
  if (totals.length > 0 && r.stacks.length > 1) {
    out.push("");
    out.push("the network (every affected stack together):");
    for (const t of totals) out.push(`  ${totalLine(t)}`);
  }
  for (const s of r.stacks) {
    out.push("");
    out.push(`${s.kind} ${s.stack}${s.phase ? ` (${s.phase})` : ""}: ${s.change}; ${countsText(s)}`);
    for (const rep of s.reports) for (const l of reportLines(rep)) out.push(`  ${l}`);
    for (const h of s.hubs) for (const l of hubLines(h)) out.push(`  ${l}`);
    for (const c of s.changes) for (const l of resourceLines(c)) out.push(`  ${l}`);
  }
  return out.map(printable).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Markdown

const HTML: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const html = (s: string) => s.replace(/[&<>]/g, (c) => HTML[c]);

/**
 * Text for markdown outside code: no HTML, no emphasis, links or tables made from it, no mention
 * that notifies anyone, no bare URL turned into a link.
 */
export function mdText(s: string): string {
  return html(printable(s))
    .replace(/([\\`*_[\]|~])/g, "\\$1")
    .replace(/@/g, "@\u200b")
    .replace(/:\/\//g, ":/\u200b/");
}

/** Inline code that nothing inside can close. */
export function mdCode(s: string): string {
  return `<code>${html(printable(s)).replace(/@/g, "@\u200b")}</code>`;
}

/** A fenced block that nothing inside can close (the fence is longer than any backtick run). */
export function mdBlock(lines: string[], lang = ""): string {
  const body = lines.map(printable).join("\n");
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${body}\n${fence}`;
}

const GITHUB_COMMENT_LIMIT = 65_536;

/** The pull-request comment. Sections beyond GitHub's size limit are cut, saying so. */
export function diffMarkdown(r: DiffResult, limit = GITHUB_COMMENT_LIMIT - 2_000): string {
  const head: string[] = [];
  const losses = dataLossOf(r);
  head.push(`## hubnet diff: ${mdCode(r.base.ref)}...${mdCode(r.head.ref)}`);
  head.push("");
  if (losses.length > 0) {
    head.push(
      r.allowDataLoss
        ? `> [!WARNING]\n> **${losses.length} change${losses.length === 1 ? "" : "s"} to resources holding user data**, allowed with \`--allow-data-loss\`. Review each before merging.`
        : `> [!CAUTION]\n> **Data loss blocked: ${losses.length} change${losses.length === 1 ? "" : "s"} to resources holding user data.** Nothing here deploys until each is resolved, or a platform owner accepts it with \`hubnet diff --allow-data-loss\`.`,
    );
    head.push("");
    fitLines(
      head,
      losses.map(
        (d) =>
          `- ${mdCode(d.stack)}: ${mdCode(`${shortType(d.type)} ${d.name}`)} ${mdText(d.consequence)}. **To proceed:** ${mdText(d.remedy)}.`,
      ),
      limit * 0.4,
      (n) => `- _and ${n} more: run \`hubnet diff\` for the whole list_`,
    );
    head.push("");
  }
  const notes = [...r.warnings, ...r.stacks.flatMap((s) => s.notes.map((n) => `${s.kind} ${s.stack}: ${n}`))];
  if (notes.length) {
    head.push("> [!WARNING]");
    for (const n of notes) head.push(`> ${mdText(n)}`);
    head.push("");
  }
  const reports = r.stacks.flatMap((s) => s.reports.map((rep) => ({ s, rep })));
  if (reports.length) {
    head.push("### Checks");
    head.push("");
    head.push("| stack | check | result |");
    head.push("| --- | --- | --- |");
    fitLines(
      head,
      reports.map(({ s, rep }) => {
        const icon = rep.level === "error" ? "❌" : rep.level === "warning" ? "⚠️" : "ℹ️";
        return `| ${mdCode(`${s.kind} ${s.stack}`)} | ${mdText(rep.source)} | ${icon} ${mdText(rep.title)} |`;
      }),
      limit * 0.6,
      (n) => `| _${n} more_ | | |`,
    );
    head.push("");
    const totals = networkTotals(r);
    if (totals.length > 0) {
      head.push(
        `**The network** (${r.stacks.length === 1 ? "the one affected stack" : `the ${r.stacks.length} affected stacks together`}):`,
      );
      for (const t of totals) head.push(`- ${mdText(totalLine(t))}`);
      head.push("");
    }
  }
  if (r.stacks.length === 0) {
    head.push("No stack is affected by this change.");
    return head.join("\n");
  }
  head.push("### Summary");
  head.push("");
  head.push(
    "| stack | deploy phase | change | create | delete | replace | update | move | user data at risk |",
  );
  head.push("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
  fitLines(
    head,
    r.stacks.map((s) => {
      const c = s.counts;
      const risk = s.dataLoss.length ? `**${s.dataLoss.length}**` : "none";
      return `| ${mdCode(`${s.kind} ${s.stack}`)} | ${s.phase ?? ""} | ${s.change} | ${c.create} | ${c.delete} | ${c.replace} | ${c.update} | ${c.move} | ${risk} |`;
    }),
    limit * 0.8,
    (n) => `| _${n} more stacks_ | | | | | | | | |`,
  );
  head.push("");
  const sections = r.stacks.map(stackSection);
  let text = head.join("\n");
  let shown = 0;
  for (const section of sections) {
    if (text.length + section.length > limit) break;
    text += `\n${section}`;
    shown++;
  }
  if (shown < sections.length) {
    text += `\n\n_${sections.length - shown} more stack section${sections.length - shown === 1 ? "" : "s"} left out to fit a comment: run \`hubnet diff --base ${mdText(r.base.ref)}\` for all._`;
  }
  return `${text}\n`;
}

/** Appends `items` to `lines` while the whole stays under `budget` characters, then says how many are left out. */
function fitLines(lines: string[], items: string[], budget: number, more: (n: number) => string): void {
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  for (let i = 0; i < items.length; i++) {
    if (size + items[i].length + 1 > budget) {
      lines.push(more(items.length - i));
      return;
    }
    lines.push(items[i]);
    size += items[i].length + 1;
  }
}

function stackSection(s: StackDiff): string {
  const out: string[] = [];
  out.push(
    `<details${s.dataLoss.length ? " open" : ""}><summary><b>${s.kind} ${mdText(s.stack)}</b>: ${s.change}; ${countsText(s)}</summary>`,
  );
  out.push("");
  for (const rep of s.reports) {
    out.push(`**${mdText(rep.source)}: ${mdText(rep.title)}**`);
    out.push("");
    out.push(rep.markdown ?? rep.lines.map((l) => `- ${mdText(l)}`).join("\n"));
    out.push("");
  }
  if (s.hubs.length) {
    out.push("What its users would see change:");
    out.push("");
    out.push(mdBlock(s.hubs.flatMap(hubLines), "diff"));
    out.push("");
  }
  if (s.changes.length) {
    out.push("Resources:");
    out.push("");
    out.push(mdBlock(s.changes.flatMap((c) => resourceLines(c))));
    out.push("");
  }
  out.push("</details>");
  return out.join("\n");
}
