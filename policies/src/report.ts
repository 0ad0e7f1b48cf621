/**
 * Policy results for people: where a finding sits in its config file (FILE:LINE:COL), and the counts
 * and one-line verdicts `hubnet policy` prints (`hubnet diff` words its own, diff-reporter.ts). Pure
 * functions: the callers escape what they print.
 */
import * as path from "node:path";
import { type Cluster, type Community, type Loaded, type Problem, positionAt } from "@hubnet/config";
import { type PolicyContext, relativeFile } from "./context";
import { parsePath, parsePlace } from "./messages";
import type { PolicyFinding, StackPolicyReport } from "./offline";

/** The loaded config a finding's file is, found through the context by the file's name. */
function loadedOf(ctx: PolicyContext, file: string): Loaded<Community> | Loaded<Cluster> | undefined {
  const community = /^communities\/([a-z0-9-]+)\/community\.yaml$/.exec(file);
  if (community) return ctx.community(community[1]);
  const cluster = /^stacks\/cluster\/Pulumi\.([a-z0-9-]+)\.yaml$/.exec(file);
  if (cluster) return ctx.cluster(cluster[1]);
  return undefined;
}

/** A finding as a hubnet problem: at its config field (FILE:LINE:COL) when it names one, else at its resource. */
export function findingProblem(f: PolicyFinding, ctx: PolicyContext): Problem {
  const tag = `${f.policy} (${f.excepted ? "excepted" : f.level})`;
  const place = parsePlace(f.message);
  const loaded = place ? loadedOf(ctx, place.file) : undefined;
  if (place && loaded && relativeFile(ctx, loaded.file) === place.file) {
    const pos = positionAt(loaded.source, place.path ? parsePath(place.path) : []);
    return {
      file: loaded.file,
      ...pos,
      ...(place.path ? { path: place.path } : {}),
      message: `${tag}: ${place.text}`,
    };
  }
  if (place && ctx.root)
    return {
      file: path.join(ctx.root, place.file),
      ...(place.path ? { path: place.path } : {}),
      message: `${tag}: ${place.text}`,
    };
  return { message: `${tag}: ${f.resource ? `${f.resource}: ` : ""}${f.message}` };
}

export interface ReportCounts {
  mandatory: number;
  advisory: number;
  excepted: number;
}

export function countFindings(reports: readonly StackPolicyReport[]): ReportCounts {
  const all = reports.flatMap((r) => r.findings);
  return {
    mandatory: all.filter((f) => !f.excepted && f.level === "mandatory").length,
    advisory: all.filter((f) => !f.excepted && f.level === "advisory").length,
    excepted: all.filter((f) => f.excepted).length,
  };
}

/** One stack's result in a line: "passes", or what fails. */
export function stackVerdict(r: StackPolicyReport): string {
  const c = countFindings([r]);
  const parts = [
    ...(c.mandatory ? [`${c.mandatory} mandatory ${c.mandatory === 1 ? "failure" : "failures"}`] : []),
    ...(c.advisory ? [`${c.advisory} advisory`] : []),
    ...(c.excepted ? [`${c.excepted} excepted`] : []),
  ];
  return parts.length === 0 ? "passes every policy" : parts.join(", ");
}
