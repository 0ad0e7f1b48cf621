/** `hubnet validate`: load every cluster and community file and check them together. */
import { loadNetwork, type Network, summarize } from "@hubnet/config";
import { Exit, ExitCode } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, type ProblemJson, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface ValidateJson {
  ok: boolean;
  summary: { communities: number; hubs: number; clusters: number; problems: number };
  problems: ProblemJson[];
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
    },
    problems: network.problems.map((p) => problemJson(p, network.root)),
  };
}

export async function validate(opts: GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "validate");
  const network = loadNetwork(root);
  const out = new Output({ color: opts.color });
  if (opts.json) {
    out.json({ ...validateJson(network) });
  } else if (network.problems.length === 0) {
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
