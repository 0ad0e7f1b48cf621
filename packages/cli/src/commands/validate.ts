/** `hubnet validate`: its options and help. The work is in actions/validate.ts, loaded when it runs. */
import type { Command } from "commander";
import { examples, options } from "./options";

export function declareValidate(program: Command): void {
  program
    .command("validate")
    .description("Check every community and cluster file; exit 1 listing each problem as FILE:LINE:COL.")
    .addHelpText(
      "after",
      examples([
        ["hubnet validate", "check the checkout around the working directory"],
        ["hubnet validate --root ../my-fork", "check another checkout"],
        ["hubnet validate --json", "the result for an editor or CI: {ok, summary, problems}"],
      ]),
    )
    .action(async (_opts: object, command: Command) => {
      const { validate } = require("../actions/validate") as typeof import("../actions/validate");
      await validate(options(command));
    });
}
