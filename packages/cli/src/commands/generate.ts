/** `hubnet generate`: its options and help. The work is in actions/generate.ts, loaded when it runs. */
import type { Command } from "commander";
import type { GenerateOptions } from "../actions/generate";
import { examples, options } from "./options";

export function declareGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "Write the JSON Schemas (packages/config/schemas) and the config reference (docs/reference).",
    )
    .option("--check", "write nothing; exit 1 listing the files that are out of date")
    .addHelpText(
      "after",
      examples([
        ["hubnet generate", "after changing a schema: regenerate, then commit the result"],
        ["hubnet generate --check", "in CI: fail when a generated file is out of date"],
      ]),
    )
    .action(async (_opts: GenerateOptions, command: Command) => {
      const { generate } = require("../actions/generate") as typeof import("../actions/generate");
      await generate(options<GenerateOptions>(command));
    });
}
