/** `hubnet new`: its options and help. The work is in actions/new.ts, loaded when it runs. */
import { type Command, Option } from "commander";
import type { NewOptions } from "../actions/new";
import type { AuthProvider } from "../templates/community";
import { examples, options } from "./options";

/**
 * The login providers `--auth` accepts, in the schema's order. Written out here so that the help
 * loads no schema; test/options.test.ts proves it equals @hubnet/config's AUTH_PROVIDERS.
 */
export const AUTH_CHOICES = [
  "github",
  "cilogon",
  "google",
  "oidc",
  "shared-password",
  "anonymous",
  "dummy",
] as const satisfies readonly AuthProvider[];

export function declareNew(program: Command): void {
  program
    .command("new")
    .description("Create communities/<name>/community.yaml from a commented template that validates.")
    .argument("[name]", "the community name (a DNS-1123 label, also the folder name)")
    .option("--cluster <cluster>", "the cluster that runs the hubs (a stacks/cluster/Pulumi.<cluster>.yaml)")
    .addOption(new Option("--auth <provider>", "how users log in").choices([...AUTH_CHOICES]))
    .option(
      "--domain <domain>",
      "the prod hub's domain (default: <name>.<cluster domain>); staging is staging.<domain>",
    )
    .option("--display-name <text>", "the human-readable community name")
    .option("--owner <handle...>", "GitHub handles who review changes to the file")
    .addHelpText(
      "after",
      "\nOn a terminal it asks for what the options did not say; elsewhere (CI, --json) it asks nothing.\n" +
        examples([
          ["hubnet new", "answer the questions"],
          ["hubnet new marine-bio --cluster gcp-shared --owner octo-cat", "no questions"],
          [
            "hubnet new lab --cluster local-dev --auth dummy --json",
            "the result as JSON: {ok, file, problems}",
          ],
          [
            "hubnet new carpentry --cluster gcp-shared --auth shared-password",
            "a workshop with one shared password",
          ],
        ]),
    )
    .action(async (name: string | undefined, _opts: NewOptions, command: Command) => {
      const { newCommunity } = require("../actions/new") as typeof import("../actions/new");
      await newCommunity(name, options<NewOptions>(command));
    });
}
