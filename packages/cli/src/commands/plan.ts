/**
 * `hubnet plan`: render cluster and community stacks offline, under Pulumi's
 * mock runtime with the real programs and SDK classes (no cloud, no CLI), and
 * show what they would create. See docs/decisions/0006-offline-plan-under-mocks.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatSummary, type PlanResult, planNetwork, summarizeStack, writePlan } from "@hubnet/plan";
import type { Command } from "commander";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import { Output, plural } from "../output";
import { resolveRoot } from "../root";

interface PlanOptions {
  all?: boolean;
  root?: string;
  out?: string;
  json?: boolean;
}

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description(
      "Render the stacks of communities (and their clusters) offline and summarize what they create.",
    )
    .argument("[community...]", "communities to plan (their folder names)")
    .option("--all", "plan every cluster and community of the network")
    .option(
      "--root <dir>",
      "the hubnet checkout whose configs are planned (default: the repository around the working directory)",
    )
    .option(
      "--out <dir>",
      "write <dir>/clusters/<c>/resources.json, <dir>/communities/<c>/resources.json and <dir>/plan.json",
    )
    .option("--json", "print the summaries as JSON")
    .action(async (communities: string[], opts: PlanOptions) => {
      if (opts.all && communities.length > 0)
        throw new UsageError("give community names or --all, not both", "plan");
      if (!opts.all && communities.length === 0)
        throw new UsageError("name at least one community, or use --all", "plan");
      const root = resolveRoot(opts.root, "plan");
      if (opts.out && fs.existsSync(opts.out) && !fs.statSync(opts.out).isDirectory()) {
        throw new UsageError(`--out ${opts.out}: exists and is not a folder`, "plan");
      }
      const out = new Output();
      const result = await planNetwork({ root, communities: opts.all ? "all" : communities });
      if (result.problems.length > 0) {
        if (opts.json)
          out.json({
            ok: false,
            problems: result.problems.map((p) => ({
              ...p,
              file: p.file ? path.relative(root, p.file) : null,
            })),
          });
        else {
          out.problems(result.problems);
          out.line(
            `${out.style.red("✗")} ${plural(result.problems.length, "problem")}: nothing was rendered`,
          );
        }
        throw new Exit(ExitCode.Problems);
      }
      const written = opts.out ? writePlan(result, path.resolve(opts.out)) : [];
      if (opts.json) out.json({ ok: true, stacks: allStacks(result).map(summarizeStack) });
      else printText(out, result, opts.out, written);
    });
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
