/** `hubnet plan`: its options and help. The work is in actions/plan.ts, loaded when it runs. */
import type { Command } from "commander";
import type { PlanOptions } from "../actions/plan";
import { examples, options } from "./options";

export function declarePlan(program: Command): void {
  program
    .command("plan")
    .description(
      "Render the stacks of communities (and their clusters) offline and summarize what they create.",
    )
    .argument("[community...]", "communities to plan (their folder names)")
    .option("--all", "plan every cluster and community of the network")
    .option(
      "--cluster <cluster...>",
      "also plan these cluster stacks (a community's cluster is always planned with it)",
    )
    .option(
      "--out <dir>",
      "write <dir>/clusters/<c>/resources.json, <dir>/communities/<c>/resources.json and <dir>/plan.json",
    )
    .option("--busy-users <n>", "users of a busy month in cost estimates (default 20)")
    .option("--busy-hours <h>", "hours each user runs a server in a busy month (default 30)")
    .addHelpText(
      "after",
      examples([
        ["hubnet plan physics-101", "what the community's stack (and its cluster's) would create"],
        ["hubnet plan --all --out out/plan", "render the whole network and write every resource"],
        ["hubnet plan --cluster gcp-shared", "a cluster stack alone"],
        ["hubnet plan dev-sandbox --json", "the summaries as JSON: {ok, stacks, warnings, problems}"],
        [
          "hubnet plan physics-101 --busy-users 60 --busy-hours 12",
          "its cost estimate for a class of 60, 12 h each",
        ],
      ]),
    )
    .action(async (communities: string[], _opts: PlanOptions, command: Command) => {
      const { plan } = require("../actions/plan") as typeof import("../actions/plan");
      await plan(communities, options<PlanOptions>(command));
    });
}
