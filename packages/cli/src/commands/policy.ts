/** `hubnet policy`: its options and help. The work is in actions/policy.ts, loaded when it runs. */
import type { Command } from "commander";
import type { PolicyOptions } from "../actions/policy";
import { examples, options } from "./options";

export function declarePolicy(program: Command): void {
  program
    .command("policy")
    .description(
      "Run hubnet's policy pack (policies/) on the stacks of communities, rendered offline as `hubnet plan` does: " +
        "the same policies `pulumi preview --policy-pack policies` enforces. Exit 1 when a mandatory policy fails; " +
        "advisory failures and a community's exceptions are printed, not fatal.",
    )
    .argument(
      "[community...]",
      "communities to check (their folder names); their clusters are checked with them",
    )
    .option("--all", "check every cluster and community of the network")
    .option(
      "--plan <dir>",
      "check the plan `hubnet plan --out <dir>` wrote instead of rendering (every stack in it, or the communities named)",
    )
    .addHelpText(
      "after",
      examples([
        ["hubnet policy --all", "every stack of the network; exit 1 if any fails a mandatory policy"],
        ["hubnet policy physics-101", "one community's stack and its cluster's"],
        ["hubnet plan --all --out out/plan && hubnet policy --plan out/plan", "check a plan already written"],
        ["hubnet policy --all --json", "{ok, stacks: [{stack, findings}], problems} for CI"],
      ]),
    )
    .action(async (communities: string[], _opts: PolicyOptions, command: Command) => {
      const { policy } = require("../actions/policy") as typeof import("../actions/policy");
      await policy(communities, options<PolicyOptions>(command));
    });
}
