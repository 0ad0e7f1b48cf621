/**
 * Policy results for `hubnet diff` (the pull-request issue): a reporter of one stack's change in the
 * shape of `hubnet diff`'s per-stack report extension point (`{ source, report(ctx) }` returning
 * `{ source, title, level, lines, markdown }`), registered by the CLI where `hubnet diff` exists.
 * It runs the policies on the stack after the change (and before, to tell new failures from old
 * ones and to name what the change fixes). An "error" report (a mandatory failure) fails the diff.
 */

import { hubnetPolicies } from "./all";
import { NO_CONTEXT, type PolicyContext, relativeFile, treeContext } from "./context";
import { evaluateStack, type PlanRow, type PolicyFinding } from "./offline";
import { findingProblem } from "./report";

export interface DiffSide {
  kind: "cluster" | "community";
  project: string;
  stack: string;
  rows: PlanRow[];
}

export interface PolicyDiffReport {
  source: "policy";
  title: string;
  level: "error" | "warning" | "info";
  lines: string[];
  markdown?: string;
}

export interface PolicyReporterOptions {
  /** The checkout each side was rendered from (its files word messages and hold exceptions). */
  root: (side: "before" | "after") => string | undefined;
}

const key = (f: PolicyFinding) => `${f.policy}\u0000${f.urn ?? ""}\u0000${f.message}`;

function line(f: PolicyFinding, ctx: PolicyContext, isNew?: boolean): string {
  const p = findingProblem(f, ctx);
  const where = p.file
    ? `${relativeFile(ctx, p.file)}${p.line ? `:${p.line}:${p.col ?? 1}` : ""}: ${p.path ? `${p.path}: ` : ""}`
    : "";
  const tag = isNew === undefined ? "" : isNew ? "new: " : "already on the base: ";
  return `${tag}${where}${p.message}${f.excepted ? ` (excepted: ${f.excepted.reason})` : ""}`;
}

export function policyReporter(opts: PolicyReporterOptions) {
  const contexts = new Map<string, PolicyContext>();
  const contextOf = (side: "before" | "after") => {
    const root = opts.root(side);
    if (!root) return NO_CONTEXT;
    if (!contexts.has(root)) contexts.set(root, treeContext(root));
    return contexts.get(root) as PolicyContext;
  };
  const run = async (side: "before" | "after", s: DiffSide | undefined) => {
    if (!s) return undefined;
    const ctx = contextOf(side);
    return {
      ctx,
      report: await evaluateStack({
        project: s.project,
        stack: s.stack,
        rows: s.rows,
        policies: hubnetPolicies(ctx),
        ctx,
      }),
    };
  };
  return {
    source: "policy" as const,
    async report(change: { before?: DiffSide; after?: DiffSide }): Promise<PolicyDiffReport[]> {
      const after = await run("after", change.after);
      const before = await run("before", change.before);
      const had = new Set(before?.report.findings.map(key) ?? []);
      const out: PolicyDiffReport[] = [];
      if (after) {
        const { ctx, report } = after;
        const mandatory = report.findings.filter((f) => f.level === "mandatory" && !f.excepted);
        const advisory = report.findings.filter((f) => f.level === "advisory" && !f.excepted);
        const excepted = report.findings.filter((f) => f.excepted);
        if (mandatory.length > 0)
          out.push({
            source: "policy",
            level: "error",
            title: `${mandatory.length} mandatory policy failure(s)`,
            lines: mandatory.map((f) => line(f, ctx, !had.has(key(f)))),
          });
        if (advisory.length > 0)
          out.push({
            source: "policy",
            level: "warning",
            title: `${advisory.length} advisory policy finding(s)`,
            lines: advisory.map((f) => line(f, ctx, !had.has(key(f)))),
          });
        if (mandatory.length === 0 && advisory.length === 0) {
          const run = hubnetPolicies(ctx).filter((p) => p.enforcementLevel !== "disabled").length;
          out.push({
            source: "policy",
            level: "info",
            title: `every policy passes (${run} checked${excepted.length > 0 ? `, ${excepted.length} finding(s) excepted` : ""})`,
            lines: [],
          });
        }
        if (excepted.length > 0)
          out.push({
            source: "policy",
            level: "info",
            title: `${excepted.length} finding(s) excepted by the community's policyExceptions`,
            lines: excepted.map((f) => line(f, ctx)),
          });
      }
      if (before) {
        const now = new Set(after?.report.findings.map(key) ?? []);
        const fixed = before.report.findings.filter((f) => !f.excepted && !now.has(key(f)));
        if (fixed.length > 0 && after)
          out.push({
            source: "policy",
            level: "info",
            title: `${fixed.length} policy finding(s) fixed by this change`,
            lines: fixed.map((f) => line(f, before.ctx)),
          });
      }
      return out;
    },
  };
}
