/** `hubnet validate`: load every cluster and community file and check them together. */
import * as path from "node:path";
import { loadNetwork, type Network, type Problem, summarize } from "@hubnet/config";
import type { Command } from "commander";
import { Exit, ExitCode } from "../exit-codes";
import { Output, plural } from "../output";
import { resolveRoot } from "../root";

export interface ValidateJson {
  ok: boolean;
  summary: { communities: number; hubs: number; clusters: number; problems: number };
  problems: {
    file: string | null;
    line: number | null;
    col: number | null;
    path: string | null;
    message: string;
  }[];
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
    problems: network.problems.map((p: Problem) => ({
      file: p.file ? path.relative(network.root, p.file) || "." : null,
      line: p.line ?? null,
      col: p.line === undefined ? null : (p.col ?? 1),
      path: p.path ?? null,
      message: p.message,
    })),
  };
}

export function registerValidate(program: Command): void {
  program
    .command("validate")
    .description("Check every community and cluster file; exit 1 listing each problem as FILE:LINE:COL.")
    .option(
      "--root <dir>",
      "the hubnet checkout to check (default: the repository around the working directory)",
    )
    .option("--json", "print the result as JSON")
    .action((opts: { root?: string; json?: boolean }) => {
      const root = resolveRoot(opts.root, "validate");
      const network = loadNetwork(root);
      const out = new Output();
      if (opts.json) {
        out.json(validateJson(network));
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
    });
}
