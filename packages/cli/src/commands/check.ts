/** `hubnet check`: its options and help. The work is in actions/check.ts, loaded when it runs. */
import type { Command } from "commander";
import type { CheckOptions } from "../actions/check";
import { examples, options } from "./options";

export const DEFAULT_TOKEN_ENV = "HUBNET_HEALTH_TOKEN";

export function declareCheck(program: Command): void {
  program
    .command("check")
    .description(
      "Check a live hub as a user would: it answers, a server starts, code runs in a kernel, the server stops.",
    )
    .argument("<hub-url>", "the hub's URL, e.g. https://hub.example.org (http only for localhost)")
    .option(
      "--token-env <var>",
      "environment variable holding the hub's health-check token (stack output healthTokens)",
      DEFAULT_TOKEN_ENV,
    )
    .option("--attempts <n>", "attempts per request when the hub fails transiently (1-10)", "3")
    .option(
      "--timeout <seconds>",
      "bound of the whole check up to the kernel, and separately of stopping the server (at least 30 s)",
      "300",
    )
    .addHelpText(
      "after",
      examples([
        ["hubnet check https://physics-101.edu.hubnet.cloud", "the token in $HUBNET_HEALTH_TOKEN"],
        ["hubnet check http://127.0.0.1:8000 --timeout 60 --json", "a local hub (hubnet dev), as JSON"],
      ]) +
        "\nThe token of a hub: `pulumi stack output healthTokens --show-secrets --json --stack <community>`\n" +
        "(in stacks/community), the value for the hub's name.\n" +
        "Exit codes: 0 healthy; 1 unhealthy (the failed step and why); 2 usage.\n",
    )
    .action(async (hubUrl: string, _opts: CheckOptions, command: Command) => {
      const { check } = require("../actions/check") as typeof import("../actions/check");
      await check(hubUrl, options<CheckOptions>(command));
    });
}
