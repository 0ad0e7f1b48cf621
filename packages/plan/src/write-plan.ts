/**
 * Writing a plan to disk: one resources.json per stack and a plan.json summary, as the whole
 * content of the `--out` folder. The folder is written by `writeOutputDir` (@hubnet/config): a
 * folder that holds anything `hubnet plan` did not write is refused, and a new run replaces the
 * last one whole, so the folder always matches its plan.json.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type OutputDirOptions, writeOutputDir } from "@hubnet/config";
import type { PlanResult, StackPlan } from "./plan-network";
import { summarizeStack } from "./summary";

export const PLAN_COMMAND = "hubnet plan";

/** The files of a plan, by path relative to the output folder. */
export function planFiles(result: PlanResult): Record<string, string> {
  const files: Record<string, string> = {};
  const stacks = [...result.clusters, ...result.communities];
  for (const s of stacks) {
    const rows = s.resources.map(
      ({
        urn,
        type,
        name,
        parent,
        aliases,
        inputs,
        protect,
        retainOnDelete,
        provider,
        propertyDependencies,
      }) => ({
        urn,
        type,
        name,
        parent,
        ...(aliases ? { aliases } : {}),
        inputs,
        protect,
        retainOnDelete,
        ...(provider ? { provider } : {}),
        ...(propertyDependencies ? { propertyDependencies } : {}),
      }),
    );
    files[`${stackFolder(s.kind)}/${s.stack}/resources.json`] = `${JSON.stringify(rows, null, 2)}\n`;
    if (s.releases) files[renderedFile(s)] = `${JSON.stringify(renderedRows(s), null, 2)}\n`;
  }
  const summaries = stacks.map((s) => summarizeStack(s, { busyMonth: result.busyMonth }));
  files["plan.json"] = `${JSON.stringify(
    { version: 1, stacks: summaries, ...(result.rendering ? { charts: result.rendering } : {}) },
    null,
    2,
  )}\n`;
  return files;
}

/** Where a stack's rendered releases are written: beside its resources.json. */
export function renderedFile(s: { kind: "cluster" | "community"; stack: string }): string {
  return `${stackFolder(s.kind)}/${s.stack}/rendered.json`;
}

/**
 * A stack's releases as their charts render them: one row per release (its Pulumi URN, release,
 * namespace, chart, version, the Kubernetes version it was rendered at, and its objects with the
 * chart file each came from), or why it was not rendered. No secret: every Secret's data is
 * "[secret]", and every stand-in the renderer gave the chart is put back to its placeholder.
 */
export function renderedRows(s: Pick<StackPlan, "releases">) {
  return (s.releases ?? []).map((r) => r);
}

function stackFolder(kind: "cluster" | "community"): string {
  return kind === "cluster" ? "clusters" : "communities";
}

/**
 * What a `hubnet plan --out` from before the manifest wrote in `dir`: plan.json and the
 * resources.json of each stack it lists; undefined when `dir` holds no such plan.json.
 */
export function legacyPlanFiles(dir: string): string[] | undefined {
  try {
    const file = path.join(dir, "plan.json");
    if (!fs.lstatSync(file).isFile() || fs.statSync(file).size > 64 * 1024 * 1024) return undefined;
    const plan = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown; stacks?: unknown };
    if (plan.version !== 1 || !Array.isArray(plan.stacks)) return undefined;
    const stacks = plan.stacks as { kind?: unknown; stack?: unknown }[];
    return [
      "plan.json",
      ...stacks.flatMap((s) =>
        (s.kind === "cluster" || s.kind === "community") && typeof s.stack === "string"
          ? [`${stackFolder(s.kind)}/${s.stack}/resources.json`]
          : [],
      ),
    ];
  } catch {
    return undefined;
  }
}

/** How `hubnet plan` writes and recognises its output folder. */
export function planOutputOptions(root?: string): OutputDirOptions {
  return { command: PLAN_COMMAND, option: "--out", root, legacy: legacyPlanFiles };
}

/** Writes the plan as the whole content of `outDir`; returns the files written. */
export function writePlan(result: PlanResult, outDir: string, root?: string): string[] {
  return writeOutputDir(outDir, planFiles(result), planOutputOptions(root));
}
