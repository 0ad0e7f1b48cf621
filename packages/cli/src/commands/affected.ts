/** `hubnet affected`: its options and help. The work is in actions/affected.ts, loaded when it runs. */
import type { Command } from "commander";
import type { AffectedOptions } from "../actions/affected";
import { examples, options } from "./options";

export function declareAffected(program: Command): void {
  program
    .command("affected")
    .description(
      "List the cluster and community stacks a change affects, in deploy order (clusters, communities with a staging hub, the rest).",
    )
    .requiredOption("--base <ref>", "the commit the change is measured from (its merge base with --head)")
    .option("--head <ref>", "the changed commit (default: HEAD; uncommitted changes are refused)")
    .addHelpText(
      "after",
      "\nWhat a stack depends on comes from its program's module graph and the network's files:\n" +
        "docs/platform/pull-requests.md.\n" +
        examples([
          ["hubnet affected --base main", "the stacks this branch changes"],
          ["hubnet affected --base HEAD~1 --json", "as JSON: {ok, base, head, stacks, problems}"],
          ["hubnet affected --base v1 --head v2", "between two tags"],
        ]),
    )
    .action(async (_opts: AffectedOptions, command: Command) => {
      const { affected } = require("../actions/affected") as typeof import("../actions/affected");
      await affected(options<AffectedOptions>(command));
    });
}
