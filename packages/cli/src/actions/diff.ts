/**
 * `hubnet diff --base <ref> [--head <ref>] [--markdown] [--allow-data-loss]`: renders the stacks a
 * change affects with the code and configs of both commits (temporary worktrees, removed on every
 * exit path) and reports per stack what Pulumi would do to each resource and what its community
 * would see change; a change that would lose user data exits 4 unless --allow-data-loss.
 * docs/platform/pull-requests.md.
 */

import { costReport } from "@hubnet/plan";
import {
  addRollouts,
  type DataLoss,
  type DiffResult,
  dataLossOf,
  diffMarkdown,
  diffStack,
  diffText,
  type PlannedStack,
  REPORTERS,
  type Reporter,
  runReporters,
  type StackDiff,
} from "@hubnet/plan/diff";
import { policyReporter } from "@hubnet/policies";
import type { AffectedStack } from "../changes/affected";
import { affectedBy, type Comparison, compare, stopOnTreeProblems } from "../changes/compare";
import { type Rendered, RenderFailed, type RenderRequest, renderAt } from "../changes/render-at";
import { Exit, ExitCode, type ExitCodeValue, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, type ProblemJson, Progress, plural, printable } from "../output";
import { resolveRoot } from "../root";

/** `hubnet diff`'s own options (declared in commands/diff.ts). */
export interface DiffOptions {
  base: string;
  head?: string;
  markdown?: boolean;
  allowDataLoss?: boolean;
}

/** Exit code 4: the change would lose user data and --allow-data-loss was not given. */
export const DATA_LOSS_EXIT = ExitCode.DataLoss;

/** Communities whose folder the change renames: a rename of the stack, which Pulumi cannot do. */
export function communityRenames(c: Comparison): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = [];
  for (const f of c.changed) {
    const was = f.from && /^communities\/([^/]+)\/community\.yaml$/.exec(f.from)?.[1];
    const now = /^communities\/([^/]+)\/community\.yaml$/.exec(f.path)?.[1];
    if (f.status === "renamed" && was && now && was !== now) out.push({ from: was, to: now });
  }
  return out;
}

/** What `hubnet diff` found: the result it prints and the exit code it ends with. */
export interface DiffRun {
  result: DiffResult;
  stacks: AffectedStack[];
  losses: (DataLoss & { stack: string })[];
  /** 4 (data loss blocked), 1 (an error report: a policy, a refused change), or 0. */
  exitCode: ExitCodeValue;
  rendered: { base: string[]; head: string[]; by: { base: Rendered["by"]; head: Rendered["by"] } };
}

/** How the stacks of one commit are rendered (renderAt; tests pass one that reuses renders). */
export type Renderer = (req: RenderRequest) => Promise<Rendered>;

/**
 * The comparison `hubnet diff` makes, without printing it: both sides rendered (by `render`), each
 * affected stack's change with its data-loss findings and reports, and the exit code. Problems of
 * the configs or files are printed through `out` and end it (Exit), as the command does.
 */
export async function runDiff(
  opts: DiffOptions & GlobalOptions,
  out: Output,
  render: Renderer = renderAt,
): Promise<DiffRun> {
  const root = resolveRoot(opts.root, "diff");
  const c = compare(root, opts.base, opts.head, "diff");
  const progress = Progress.for(out, opts.json);

  stopOnTreeProblems(c, out, opts);

  const stacks = await affectedBy(c);

  const want = (side: "before" | "after") => {
    const index = side === "before" ? c.before : c.after;
    const communities = stacks
      .filter((s) => s.project === "community" && index.hasCommunity(s.stack))
      .map((s) => s.stack);
    const clusters = stacks
      .filter((s) => s.project === "cluster" && index.hasCluster(s.stack))
      .map((s) => s.stack);
    return { communities, clusters, configFiles: index.configFilesFor(communities, clusters) };
  };
  let rendered: [Rendered, Rendered];
  try {
    const log = (l: string) => progress.update(l);
    progress.update(`rendering ${plural(stacks.length, "affected stack")} at ${c.baseRef} and ${c.headRef}`);
    rendered = (await Promise.all(
      (["before", "after"] as const).map((side) =>
        render({
          repo: c.repo,
          commit: side === "before" ? c.from : c.head,
          label: side === "before" ? `the base (${c.baseRef})` : `the head (${c.headRef})`,
          ...want(side),
          log,
          keepTree: true,
        }),
      ),
    )) as [Rendered, Rendered];
  } catch (err) {
    if (err instanceof RenderFailed) {
      progress.done();
      out.error(printable(`error: ${err.message}`));
      throw new Exit(ExitCode.Internal);
    }
    throw err;
  } finally {
    progress.done();
  }
  const [before, after] = rendered;
  for (const [side, r, ref] of [
    ["head", after, c.headRef],
    ["base", before, c.baseRef],
  ] as const) {
    if (r.problems.length > 0) {
      for (const t of rendered) t.tree?.remove();
      problemsAt(out, opts, side, ref, r.problems);
    }
  }

  // The checks each stack's change is reported with (docs/platform/pull-requests.md#reports): the
  // policy pack on both sides (from the trees they rendered from) and the cost estimates, then any
  // reporter registered in REPORTERS. The guard's own errors (changes the cloud refuses) come first.
  const reporters: Reporter[] = [
    policyReporter({ root: (side) => (side === "before" ? before.tree?.dir : after.tree?.dir) }),
    { source: "cost", report: (ctx) => costReport(ctx.before, ctx.after) },
    ...REPORTERS,
  ];
  const diffs: (StackDiff & { phase: string })[] = [];
  try {
    for (const s of stacks) {
      const key = `${s.project}/${s.stack}`;
      const side = (rows: Rendered) => {
        const found = rows.stacks.get(key);
        return found
          ? ({ kind: s.project, project: `hubnet-${s.project}`, stack: s.stack, rows: found } as PlannedStack)
          : undefined;
      };
      const b = side(before);
      const a = side(after);
      const d = diffStack(b, a);
      // The charts' rendered objects: a pod template that changes restarts its pods (rendered-diff.ts).
      addRollouts(d, before.releases?.get(key), after.releases?.get(key));
      d.reports = [...d.reports, ...(await runReporters({ diff: d, before: b, after: a }, reporters))];
      diffs.push({ ...d, phase: s.phase });
    }
  } finally {
    for (const r of rendered) r.tree?.remove();
  }

  const warnings = communityRenames(c).map(
    (r) =>
      `communities/${r.from} is renamed to communities/${r.to}: a community's stack is named after it, and Pulumi cannot move resources from one stack to another, ` +
      `so its hubs, homes and buckets would be left behind in stack ${r.from}. Keep the folder's name (change displayName instead), ` +
      "or create the new community beside the old one and move its users' data (docs/platform/deploying.md#moving-a-community)",
  );
  const result: DiffResult = {
    base: { ref: c.baseRef, commit: c.baseCommit },
    head: { ref: c.headRef, commit: c.head },
    from: c.from,
    stacks: diffs,
    warnings,
    allowDataLoss: opts.allowDataLoss === true,
  };
  const losses = dataLossOf(result);
  const blocked = losses.length > 0 && !opts.allowDataLoss;
  const failedReports = diffs.flatMap((d) => d.reports.filter((r) => r.level === "error"));
  return {
    result,
    stacks,
    losses,
    exitCode: blocked ? ExitCode.DataLoss : failedReports.length > 0 ? ExitCode.Problems : 0,
    rendered: {
      base: [...before.stacks.keys()].sort(),
      head: [...after.stacks.keys()].sort(),
      by: { base: before.by, head: after.by },
    },
  };
}

export async function diff(opts: DiffOptions & GlobalOptions): Promise<void> {
  if (opts.json && opts.markdown) throw new UsageError("--json and --markdown: choose one", "diff");
  const out = new Output({ color: opts.color });
  const run = await runDiff(opts, out);
  const { result, losses } = run;
  const blocked = run.exitCode === ExitCode.DataLoss;

  if (opts.json) {
    out.json({
      ok: run.exitCode === 0,
      ...result,
      dataLoss: losses,
      // What each side rendered: the affected stacks, and the clusters their communities need.
      rendered: run.rendered,
      problems: [],
    });
  } else if (opts.markdown) {
    out.out.write(diffMarkdown(result));
  } else {
    out.line(colorText(diffText(result), out));
    out.line();
    out.line(verdict(out, run.stacks, losses, blocked));
  }
  if (run.exitCode !== 0) throw new Exit(run.exitCode);
}

function colorText(text: string, out: Output): string {
  const st = out.style;
  return text
    .split("\n")
    .map((l) =>
      l.startsWith("DATA LOSS")
        ? st.red(st.bold(l))
        : /^\s+\+ /.test(l)
          ? st.green(l)
          : /^\s+- /.test(l)
            ? st.red(l)
            : l,
    )
    .join("\n");
}

function verdict(out: Output, stacks: AffectedStack[], losses: DataLoss[], blocked: boolean): string {
  const st = out.style;
  if (stacks.length === 0) return `${st.green("✓")} no stack is affected`;
  if (blocked)
    return `${st.red("✗")} ${plural(losses.length, "change")} would lose user data: exit ${DATA_LOSS_EXIT} (review each; --allow-data-loss accepts them)`;
  return `${st.green("✓")} ${plural(stacks.length, "stack")} compared${losses.length ? `; ${plural(losses.length, "data-loss change")} allowed` : ""}`;
}

/** Problems of files the comparison cannot read at all (no line or path within them). */
function problemsAt(
  out: Output,
  opts: GlobalOptions,
  side: "base" | "head",
  ref: string,
  problems: ProblemJson[],
): never {
  if (opts.json) out.json({ ok: false, problems });
  else {
    out.line(
      side === "head"
        ? `the configs at ${ref} have problems; nothing was compared:`
        : `the configs at the base (${ref}) have problems, so the change cannot be compared with it:`,
    );
    for (const p of problems) {
      const where = p.file ? `${p.file}${p.line ? `:${p.line}:${p.column ?? 1}` : ""}: ` : "";
      out.line(printable(`${where}${p.path ? `${p.path}: ` : ""}${p.message}`));
    }
  }
  throw new Exit(ExitCode.Problems);
}
