/** `hubnet validate`: load every cluster and community file and check them together. */
import {
  loadNetwork,
  loadRolloutFile,
  type Network,
  parseDay,
  sortProblems,
  summarize,
} from "@hubnet/config";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, type ProblemJson, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface ValidateJson {
  ok: boolean;
  summary: { communities: number; hubs: number; clusters: number; problems: number; warnings: number };
  problems: ProblemJson[];
  /** Valid, but needs attention soon (a Kubernetes version near the end of its support). */
  warnings: ProblemJson[];
}

/**
 * The day Kubernetes versions are checked against: `HUBNET_TODAY` (YYYY-MM-DD, for tests and for
 * asking "what will validate say on that day?"), else the clock; anything else in it is a usage error.
 */
export function validationDay(env: NodeJS.ProcessEnv = process.env): Date {
  const v = env.HUBNET_TODAY;
  if (v === undefined || v === "") return new Date();
  const d = parseDay(v);
  if (!d) throw new UsageError(`HUBNET_TODAY must be a date such as 2026-11-26, not "${v}"`);
  return d;
}

export function validateJson(network: Network): ValidateJson {
  const hubs = [...network.communities.values()].reduce((s, c) => s + c.config.hubs.length, 0);
  return {
    ok: network.problems.length === 0,
    summary: {
      communities: network.communities.size,
      hubs,
      clusters: network.clusters.size,
      problems: network.problems.length,
      warnings: network.warnings.length,
    },
    problems: network.problems.map((p) => problemJson(p, network.root)),
    warnings: network.warnings.map((p) => problemJson(p, network.root)),
  };
}

export async function validate(opts: GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "validate");
  const loaded = loadNetwork(root, { today: validationDay() });
  // The platform's rollout file (stacks/rollout.yaml) names communities and clusters of this network.
  const rollout = loadRolloutFile(root, { communities: loaded.communities, clusters: loaded.clusters });
  const network: Network = rollout.problems.length
    ? { ...loaded, problems: sortProblems([...loaded.problems, ...rollout.problems]) }
    : loaded;
  const out = new Output({ color: opts.color });
  if (opts.json) {
    out.json({ ...validateJson(network) });
    if (network.problems.length > 0) throw new Exit(ExitCode.Problems);
    return;
  }
  out.warnings(network.warnings);
  if (network.problems.length === 0) {
    out.line(`${out.style.green("✓")} valid: ${summarize(network)}`);
  } else {
    out.problems(network.problems);
    const files = new Set(network.problems.map((p) => p.file ?? ""));
    out.line(
      `${out.style.red("✗")} ${plural(network.problems.length, "problem")} in ${plural(files.size, "file")}`,
    );
  }
  if (network.problems.length > 0) throw new Exit(ExitCode.Problems);
}
