/** `hubnet export`: its options and help. The work is in actions/export.ts, loaded when it runs. */
import type { Command } from "commander";
import type { ExportOptions } from "../actions/export";
import { examples, options } from "./options";

export function declareExport(program: Command): void {
  program
    .command("export")
    .description(
      "Write a standalone bundle of a community's hubs: chart values without the platform, install commands for plain Helm, and where its data lives.",
    )
    .argument("<community>", "the community (its folder name)")
    .option("--out <dir>", "the folder the bundle is written to (README.md, <hub>/...)")
    .addHelpText(
      "after",
      "\nThe exported values are rendered with the charts' own templates (the pinned Helm) before anything\n" +
        "is written. docs/communities/leaving.md.\n" +
        examples([
          ["hubnet export physics-101 --out physics-101-hub", "then read physics-101-hub/README.md"],
          [
            "hubnet export physics-101 --out out/x --json",
            "as JSON: {ok, out, hubs, files, checked, problems}",
          ],
        ]),
    )
    .action(async (community: string, _opts: ExportOptions, command: Command) => {
      const { exportCommunity } = require("../actions/export") as typeof import("../actions/export");
      await exportCommunity(community, options<ExportOptions>(command));
    });
}
