/** `hubnet upstream`: its options and help. The work is in actions/upstream.ts, loaded when it runs. */
import type { Command } from "commander";
import type { UpstreamOptions } from "../actions/upstream";
import { examples, options } from "./options";

export function declareUpstream(program: Command): void {
  program
    .command("upstream")
    .description(
      "Every pinned chart and every image the network runs: its version, the newest known release, its end of life, the Kubernetes it supports, and who uses it.",
    )
    .option(
      "--refresh",
      "read each chart's Helm repository index and record its newest releases in the release table (the only time hubnet reaches upstream for this)",
    )
    .option("--mirror <url>", "with --refresh: read each index from <url>/<host>/<path> instead")
    .option(
      "--table <file>",
      "the release facts table (default: packages/cli/src/upstream/releases.json of this checkout)",
    )
    .addHelpText(
      "after",
      "\nExit 1 when a pin is past its end of life or outside a cluster's Kubernetes version (or, with\n" +
        "--refresh, when an index could not be read). docs/platform/upstream.md.\n" +
        examples([
          ["hubnet upstream", "what is behind, past its end of life or unsupported"],
          ["hubnet upstream --json", "as JSON: {ok, day, tableRefreshed, charts, images, problems}"],
          ["hubnet upstream --refresh", "update the release table from the charts' index files"],
        ]),
    )
    .action(async (_opts: UpstreamOptions, command: Command) => {
      const { upstream } = require("../actions/upstream") as typeof import("../actions/upstream");
      await upstream(options<UpstreamOptions>(command));
    });
}
