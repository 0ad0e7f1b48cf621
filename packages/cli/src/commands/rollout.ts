/** `hubnet rollout`: its options and help. The work is in actions/rollout.ts, loaded when it runs. */
import type { Command } from "commander";
import type { RolloutOptions } from "../actions/rollout";
import { examples, options } from "./options";

export function declareRollout(program: Command): void {
  program
    .command("rollout")
    .description(
      "Turn the stacks a change affects into ordered waves: clusters, canary communities, staging hubs, then the rest in batches per cluster.",
    )
    .requiredOption("--base <ref>", "the commit the change is measured from (its merge base with --head)")
    .option("--head <ref>", "the changed commit (default: HEAD; uncommitted changes are refused)")
    .addHelpText(
      "after",
      "\nCanaries and batch sizes come from stacks/rollout.yaml. A wave starts when the one before it\n" +
        "succeeded; a failed batch stops the rest. docs/platform/rollout.md.\n" +
        examples([
          ["hubnet rollout --base deployed/main", "the waves of what changed since the last good deploy"],
          ["hubnet rollout --base HEAD~1 --json", "as JSON: {ok, base, head, waves, skipped, problems}"],
        ]),
    )
    .action(async (_opts: RolloutOptions, command: Command) => {
      const { rollout } = require("../actions/rollout") as typeof import("../actions/rollout");
      await rollout(options<RolloutOptions>(command));
    });
}
