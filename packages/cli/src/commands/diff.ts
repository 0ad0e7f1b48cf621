/** `hubnet diff`: its options and help. The work is in actions/diff.ts, loaded when it runs. */
import type { Command } from "commander";
import type { DiffOptions } from "../actions/diff";
import { examples, options } from "./options";

export function declareDiff(program: Command): void {
  program
    .command("diff")
    .description(
      "Render the stacks a change affects at both commits and show, per stack, what users would see change and what Pulumi would do to each resource; exit 4 when user data would be lost.",
    )
    .requiredOption("--base <ref>", "the commit the change is measured from (its merge base with --head)")
    .option("--head <ref>", "the changed commit (default: HEAD; uncommitted changes are refused)")
    .option("--markdown", "print one pull-request comment (markdown) instead of text")
    .option(
      "--allow-data-loss",
      "report deletes, replacements and unprotection of user data without failing (exit 0)",
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 no data loss; 1 invalid config (or a failed check); 2 usage (a bad ref, uncommitted\n" +
        "changes); 3 internal error; 4 user data would be lost. Reading a warning: docs/platform/deploying.md.\n" +
        examples([
          ["hubnet diff --base main", "what this branch changes, stack by stack"],
          ["hubnet diff --base HEAD~1 --markdown > comment.md", "the pull-request comment CI posts"],
          ["hubnet diff --base main --allow-data-loss", "after review: report the data loss, exit 0"],
        ]),
    )
    .action(async (_opts: DiffOptions, command: Command) => {
      const { diff } = require("../actions/diff") as typeof import("../actions/diff");
      await diff(options<DiffOptions>(command));
    });
}
