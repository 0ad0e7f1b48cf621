/**
 * The extension point of `hubnet diff`: reporters add findings to each stack's change, shown
 * before its resources in the terminal and first in the pull-request comment (a "Checks" section
 * above the summary table, then each stack's reports at the top of its section).
 *
 * A reporter is a function of one stack's change (both plans' rows, the diff, the hub summaries)
 * returning reports; it must not throw for a stack it has nothing to say about. Policy results
 * (issue 10: `hubnet policy` on each side's rows) and cost estimates (issue 11: the change in
 * estimated monthly cost) register here:
 *
 *   import { REPORTERS } from "@hubnet/plan/diff";
 *   REPORTERS.push({ source: "policy", report: (ctx) => [...] });
 *
 * A report with level "error" is a problem (exit 1 from `hubnet diff`); "warning" and "info" are
 * shown and do not change the exit code. docs/platform/pull-requests.md#reports.
 */
import type { PlannedStack, StackDiff, StackReport } from "./stack-diff";

export interface ReportContext {
  diff: StackDiff;
  /** The stack's plan before the change (undefined for a new stack). */
  before?: PlannedStack;
  /** The stack's plan after the change (undefined for a removed stack). */
  after?: PlannedStack;
}

export interface Reporter {
  /** Who reports: "policy", "cost", … (each report's `source`). */
  source: string;
  report(ctx: ReportContext): StackReport[] | Promise<StackReport[]>;
}

/** Every reporter `hubnet diff` runs, in order. */
export const REPORTERS: Reporter[] = [];

/** Runs every reporter on one stack; a reporter that fails becomes an error report, not a crash. */
export async function runReporters(
  ctx: ReportContext,
  reporters: readonly Reporter[] = REPORTERS,
): Promise<StackReport[]> {
  const out: StackReport[] = [];
  for (const r of reporters) {
    try {
      for (const rep of await r.report(ctx)) out.push({ ...rep, source: rep.source || r.source });
    } catch (err) {
      out.push({
        source: r.source,
        title: `${r.source} could not check this stack`,
        level: "error",
        lines: [(err as Error).message],
      });
    }
  }
  return out;
}
