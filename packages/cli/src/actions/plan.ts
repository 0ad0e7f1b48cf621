/**
 * `hubnet plan`: render cluster and community stacks offline, under Pulumi's
 * mock runtime with the real programs and SDK classes (no cloud, no CLI), and
 * show what they would create. See docs/decisions/0006-offline-plan-under-mocks.md.
 */
import { checkOutputDir, nameProblem, OutputDirError } from "@hubnet/config";
import {
  formatSummary,
  type PlanResult,
  type Program,
  planNetwork,
  planOutputOptions,
  summarizeStack,
  writePlan,
} from "@hubnet/plan";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

/** `hubnet plan`'s own options (declared in commands/plan.ts). */
export interface PlanOptions {
  all?: boolean;
  out?: string;
}

/**
 * The two stack programs, the same `stacks/<project>/index.ts` files Pulumi runs. Required here
 * (not found on disk by @hubnet/plan) so that the compiled `hubnet` carries them compiled too.
 */
function programs(): { cluster: Program; community: Program } {
  return {
    cluster: require("@hubnet/stack-cluster") as Program,
    community: require("@hubnet/stack-community") as Program,
  };
}

export async function plan(communities: string[], opts: PlanOptions & GlobalOptions): Promise<void> {
  if (opts.all && communities.length > 0)
    throw new UsageError("give community names or --all, not both", "plan");
  if (!opts.all && communities.length === 0)
    throw new UsageError("name at least one community, or use --all", "plan");
  // Names are checked before any file is touched: a name is never a path (`../../x`).
  for (const name of communities) {
    const problem = nameProblem("community", name);
    if (problem) throw new UsageError(problem, "plan");
  }
  const root = resolveRoot(opts.root, "plan");
  // The output folder is checked before anything renders, and written only when all is done.
  if (opts.out !== undefined) outputDir(() => checkOutputDir(opts.out as string, planOutputOptions(root)));
  const out = new Output({ color: opts.color });
  const result = await planNetwork({
    root,
    communities: opts.all ? "all" : communities,
    programs,
  });
  if (result.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: result.problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(result.problems);
      out.line(`${out.style.red("✗")} ${plural(result.problems.length, "problem")}: nothing was rendered`);
    }
    throw new Exit(ExitCode.Problems);
  }
  const written = opts.out !== undefined ? outputDir(() => writePlan(result, opts.out as string, root)) : [];
  if (opts.json) out.json({ ok: true, stacks: allStacks(result).map(summarizeStack), problems: [] });
  else printText(out, result, opts.out, written);
}

/** A refused or failed --out is a usage error (exit 2); nothing was written. */
function outputDir<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof OutputDirError) throw new UsageError(err.message, "plan");
    throw err;
  }
}

function allStacks(r: PlanResult) {
  return [...r.clusters, ...r.communities];
}

function printText(out: Output, result: PlanResult, outDir: string | undefined, written: string[]) {
  for (const s of allStacks(result)) {
    out.line(formatSummary(summarizeStack(s)));
    out.line();
  }
  const total = allStacks(result).reduce((n, s) => n + s.resources.length - 1, 0);
  out.line(
    `${out.style.green("✓")} rendered ${plural(result.clusters.length, "cluster stack")} and ${plural(
      result.communities.length,
      "community stack",
    )}: ${plural(total, "resource")}`,
  );
  if (outDir) out.line(`  wrote ${plural(written.length, "file")} under ${outDir}`);
}
