/**
 * `hubnet policy`: the policies of `policies/` on plans rendered offline (or read from a plan
 * folder), grouped by stack with mandatory failures first. Exit 0 when every mandatory policy
 * passes, 1 when one fails (advisory failures are printed, not fatal). docs/platform/policies.md.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { inspect, nameProblem } from "@hubnet/config";
import { type PlanResult, type Program, planNetwork } from "@hubnet/plan";
import {
  countFindings,
  evaluatePlan,
  failsMandatory,
  findingProblem,
  hubnetPolicies,
  type PlannedStack,
  type PlanRow,
  type PolicyContext,
  type StackPolicyReport,
  stackVerdict,
  treeContext,
} from "@hubnet/policies";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

/** `hubnet policy`'s own options (declared in commands/policy.ts). */
export interface PolicyOptions {
  all?: boolean;
  plan?: string;
}

function programs(): { cluster: Program; community: Program } {
  return {
    cluster: require("@hubnet/stack-cluster") as Program,
    community: require("@hubnet/stack-community") as Program,
  };
}

export async function policy(communities: string[], opts: PolicyOptions & GlobalOptions): Promise<void> {
  if (opts.all && communities.length > 0)
    throw new UsageError("give community names or --all, not both", "policy");
  if (!opts.all && communities.length === 0 && opts.plan === undefined)
    throw new UsageError("name at least one community, or use --all (or --plan <dir>)", "policy");
  for (const name of communities) {
    const problem = nameProblem("community", name);
    if (problem) throw new UsageError(problem, "policy");
  }
  const root = resolveRoot(opts.root, "policy");
  const out = new Output({ color: opts.color });
  let stacks: PlannedStack[];
  if (opts.plan !== undefined) {
    stacks = readPlanFolder(opts.plan, opts.all || communities.length === 0 ? "all" : communities);
  } else {
    const result: PlanResult = await planNetwork({
      root,
      communities: opts.all ? "all" : communities,
      programs,
    });
    if (result.problems.length > 0) {
      if (opts.json)
        out.json({ ok: false, stacks: [], problems: result.problems.map((p) => problemJson(p, root)) });
      else {
        out.problems(result.problems);
        out.line(`${out.style.red("✗")} ${plural(result.problems.length, "problem")}: nothing was checked`);
      }
      throw new Exit(ExitCode.Problems);
    }
    stacks = [...result.clusters, ...result.communities];
  }
  const ctx = treeContext(root);
  const reports = await evaluatePlan(stacks, hubnetPolicies(ctx), ctx);
  const failed = reports.some(failsMandatory);
  if (opts.json) {
    out.json({
      ok: !failed,
      stacks: reports.map((r) => stackJson(r, ctx, root)),
      problems: reports.flatMap((r) =>
        r.findings
          .filter((f) => f.level === "mandatory" && !f.excepted)
          .map((f) => problemJson(findingProblem(f, ctx), root)),
      ),
    });
  } else printText(out, reports, ctx);
  if (failed) throw new Exit(ExitCode.Problems);
}

function stackJson(r: StackPolicyReport, ctx: PolicyContext, root: string) {
  return {
    kind: r.kind,
    project: r.project,
    stack: r.stack,
    ok: !failsMandatory(r),
    findings: r.findings.map((f) => {
      const p = problemJson(findingProblem(f, ctx), root);
      return {
        policy: f.policy,
        level: f.level,
        status: f.excepted ? "excepted" : "failed",
        ...(f.excepted ? { reason: f.excepted.reason } : {}),
        urn: f.urn ?? null,
        resource: f.resource ?? null,
        message: f.message,
        file: p.file,
        line: p.line,
        column: p.column,
        path: p.path,
      };
    }),
    exceptions: r.exceptions,
  };
}

function printText(out: Output, reports: StackPolicyReport[], ctx: PolicyContext) {
  const st = out.style;
  // Stacks that fail a mandatory policy first, then the rest, each in plan order.
  const ordered = [...reports.filter(failsMandatory), ...reports.filter((r) => !failsMandatory(r))];
  for (const r of ordered) {
    const mark = failsMandatory(r) ? st.red("✗") : st.green("✓");
    out.line(`${mark} ${r.kind} ${r.stack}: ${stackVerdict(r)}`);
    for (const f of r.findings) {
      const p = findingProblem(f, ctx);
      const color = f.excepted ? st.dim : f.level === "mandatory" ? st.red : st.yellow;
      const where = p.file
        ? `${path.relative(out.cwd, p.file) || p.file}${p.line ? `:${p.line}:${p.col ?? 1}` : ""}: ${p.path ? `${p.path}: ` : ""}`
        : "";
      out.line(`    ${st.bold(where)}${color(p.message)}`);
      if (f.excepted) out.line(`      ${st.dim(`reason given: ${f.excepted.reason}`)}`);
    }
    for (const e of r.exceptions.filter((e) => !e.used))
      out.line(
        `    ${st.dim(`note: policyExceptions names ${e.policy}, which this stack passes: the entry can go`)}`,
      );
  }
  const c = countFindings(reports);
  const failedStacks = reports.filter(failsMandatory).length;
  const tail = [plural(c.advisory, "advisory finding"), `${c.excepted} excepted`].join(", ");
  out.line();
  if (failedStacks > 0)
    out.line(
      `${st.red("✗")} ${plural(c.mandatory, "mandatory failure")} in ${plural(failedStacks, "stack")} (${tail})`,
    );
  else out.line(`${st.green("✓")} ${plural(reports.length, "stack")} pass every mandatory policy (${tail})`);
}

/** The largest plan file read (resources.json of a big stack is a few megabytes). */
const MAX_PLAN_FILE = 256 * 1024 * 1024;

/** Reads the stacks of a `hubnet plan --out` folder; a folder that is not one is a usage error. */
export function readPlanFolder(dir: string, communities: string[] | "all"): PlannedStack[] {
  const plan = readJson(path.join(dir, "plan.json"), dir) as { version?: unknown; stacks?: unknown };
  if (plan.version !== 1 || !Array.isArray(plan.stacks))
    throw new UsageError(
      `${dir}: plan.json is not one \`hubnet plan --out\` wrote (version 1 with stacks)`,
      "policy",
    );
  const stacks: PlannedStack[] = [];
  for (const s of plan.stacks as { kind?: unknown; project?: unknown; stack?: unknown }[]) {
    const kind = s.kind;
    const stack = s.stack;
    if ((kind !== "cluster" && kind !== "community") || typeof stack !== "string" || nameProblem(kind, stack))
      throw new UsageError(
        `${dir}: plan.json lists a stack that is not a cluster or community stack`,
        "policy",
      );
    if (communities !== "all" && (kind === "cluster" || !communities.includes(stack))) continue;
    const file = path.join(dir, kind === "cluster" ? "clusters" : "communities", stack, "resources.json");
    const rows = readJson(file, dir);
    if (!Array.isArray(rows)) throw new UsageError(`${file}: not a list of resources`, "policy");
    stacks.push({ kind, project: String(s.project ?? ""), stack, resources: rows as PlanRow[] });
  }
  // Policies link resources by what each input was computed from; a plan from before hubnet recorded
  // that (every real stack has some) would make them fail for the wrong reason.
  if (stacks.length > 0 && !stacks.some((s) => s.resources.some((r) => r.propertyDependencies !== undefined)))
    throw new UsageError(
      `${dir} was written by an older hubnet (its resources have no propertyDependencies): run \`hubnet plan --out\` again`,
      "policy",
    );
  if (communities !== "all") {
    const missing = communities.filter((c) => !stacks.some((s) => s.kind === "community" && s.stack === c));
    if (missing.length > 0) throw new UsageError(`${dir} has no plan of ${missing.join(", ")}`, "policy");
  }
  return stacks;
}

function readJson(file: string, dir: string): unknown {
  // Every folder on the way is checked, not only the file: a linked stack folder is not followed.
  const state = inspect(dir, file);
  if (state.kind === "missing")
    throw new UsageError(`${file} does not exist: is ${dir} a folder \`hubnet plan --out\` wrote?`, "policy");
  if (state.kind === "refused")
    throw new UsageError(
      `${state.problem.file ?? file}: ${state.problem.message} (links are not followed)`,
      "policy",
    );
  if (state.kind !== "file")
    throw new UsageError(`${file} is not a regular file (links are not followed)`, "policy");
  if (state.size > MAX_PLAN_FILE)
    throw new UsageError(`${file} is larger than ${MAX_PLAN_FILE} bytes`, "policy");
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`${file} is not JSON: ${(err as Error).message}`, "policy");
  }
}
