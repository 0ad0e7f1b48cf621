/**
 * `hubnet plan`: render cluster and community stacks offline, under Pulumi's
 * mock runtime with the real programs and SDK classes (no cloud, no CLI), and
 * show what they would create. See docs/decisions/0006-offline-plan-under-mocks.md.
 */
import {
  checkOutputDir,
  clusterStackFile,
  communityFile,
  nameProblem,
  OutputDirError,
  type Problem,
} from "@hubnet/config";
import {
  type BusyMonth,
  DEFAULT_BUSY_MONTH,
  estimateWarnings,
  formatSummary,
  type PlanResult,
  type Program,
  planNetwork,
  planOutputOptions,
  type StackSummary,
  summarizeStack,
  writePlan,
} from "@hubnet/plan";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, Progress, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

/** `hubnet plan`'s own options (declared in commands/plan.ts). */
export interface PlanOptions {
  all?: boolean;
  out?: string;
  cluster?: string[];
  busyUsers?: string;
  busyHours?: string;
}

/** The busy month of the cost estimates, from `--busy-users` and `--busy-hours` (whole, positive, bounded). */
export function busyMonthOf(opts: PlanOptions): BusyMonth {
  const read = (flag: string, value: string | undefined, dflt: number, max: number) => {
    if (value === undefined) return dflt;
    if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > max)
      throw new UsageError(`${flag} must be a whole number from 1 to ${max}, not "${value}"`, "plan");
    return Number(value);
  };
  return {
    users: read("--busy-users", opts.busyUsers, DEFAULT_BUSY_MONTH.users, 100_000),
    hoursPerUser: read("--busy-hours", opts.busyHours, DEFAULT_BUSY_MONTH.hoursPerUser, 744),
  };
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
  if (opts.all && (communities.length > 0 || opts.cluster?.length))
    throw new UsageError(
      "give community names or --all, not both (--cluster adds cluster stacks to named communities)",
      "plan",
    );
  if (!opts.all && communities.length === 0 && !opts.cluster?.length)
    throw new UsageError(
      "name at least one community, or use --all (or --cluster <cluster> for a cluster stack alone)",
      "plan",
    );
  // Names are checked before any file is touched: a name is never a path (`../../x`).
  for (const name of communities) {
    const problem = nameProblem("community", name);
    if (problem) throw new UsageError(problem, "plan");
  }
  for (const name of opts.cluster ?? []) {
    const problem = nameProblem("cluster", name);
    if (problem) throw new UsageError(problem, "plan");
  }
  const busyMonth = busyMonthOf(opts);
  const root = resolveRoot(opts.root, "plan");
  // The output folder is checked before anything renders, and written only when all is done.
  if (opts.out !== undefined) outputDir(() => checkOutputDir(opts.out as string, planOutputOptions(root)));
  const out = new Output({ color: opts.color });
  const progress = Progress.for(out, opts.json);
  let result: PlanResult;
  try {
    result = await planNetwork({
      root,
      communities: opts.all ? "all" : communities,
      clusters: opts.cluster,
      programs,
      busyMonth,
      // HUBNET_RENDER_CHARTS=0: values only, as where Helm is not installed (the plan says what it did not check).
      renderCharts: process.env.HUBNET_RENDER_CHARTS !== "0",
      onProgress: (p) => progress.update(`[${p.index}/${p.total}] rendering ${p.kind} ${p.stack}`),
    });
  } finally {
    progress.done();
  }
  if (result.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: result.problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(result.problems);
      out.line(`${out.style.red("✗")} ${plural(result.problems.length, "problem")}: nothing was rendered`);
    }
    throw new Exit(ExitCode.Problems);
  }
  const written = opts.out !== undefined ? outputDir(() => writePlan(result, opts.out as string, root)) : [];
  const summaries = allStacks(result).map((s) => summarizeStack(s, { busyMonth }));
  const warnings = costWarnings(summaries, root);
  const rendered = result.renderedProblems ?? [];
  if (opts.json)
    out.json({
      ok: rendered.length === 0,
      stacks: summaries,
      ...(result.rendering ? { charts: result.rendering } : {}),
      warnings: warnings.map((w) => problemJson(w, root)),
      problems: rendered.map((p) => problemJson(p, root)),
    });
  else {
    printText(out, result, summaries, warnings, opts.out, written);
    if (rendered.length > 0) {
      out.line();
      out.problems(rendered);
      out.line(
        `${out.style.red("✗")} ${plural(rendered.length, "problem")} in the objects the charts render`,
      );
    }
  }
  if (rendered.length > 0) throw new Exit(ExitCode.Problems);
}

/** A community over its budget, and prices the tables lack: warnings (the plan still succeeds). */
function costWarnings(summaries: StackSummary[], root: string): Problem[] {
  return summaries.flatMap((s) =>
    estimateWarnings(s.cost).map((message) => ({
      file: s.kind === "community" ? communityFile(root, s.stack) : clusterStackFile(root, s.stack),
      message,
    })),
  );
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

function printText(
  out: Output,
  result: PlanResult,
  summaries: StackSummary[],
  warnings: Problem[],
  outDir: string | undefined,
  written: string[],
) {
  out.warnings(warnings);
  if (warnings.length) out.line();
  for (const s of summaries) {
    out.line(formatSummary(s));
    out.line();
  }
  const total = allStacks(result).reduce((n, s) => n + s.resources.length - 1, 0);
  out.line(
    `${out.style.green("✓")} rendered ${plural(result.clusters.length, "cluster stack")} and ${plural(
      result.communities.length,
      "community stack",
    )}: ${plural(total, "resource")}`,
  );
  if (result.rendering) {
    const r = result.rendering;
    if (r.helm)
      out.line(
        `  rendered ${plural(r.rendered, "Helm release")} with the charts' own templates (Helm ${r.helm})`,
      );
    for (const line of r.notChecked) out.line(`  ${out.style.yellow("!")} ${line}`);
  }
  if (outDir) out.line(`  wrote ${plural(written.length, "file")} under ${outDir}`);
}
