/**
 * Placeholder: the lead engineer replaces this file with the real `hubnet plan`.
 * It exists so that main.ts can register the command already.
 */
import type { Command } from "commander";
import { Exit, ExitCode } from "../exit-codes";

export function registerPlan(program: Command): void {
  program
    .command("plan")
    .description("Preview the resources of a stack (not implemented yet).")
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      process.stderr.write("hubnet plan: not implemented\n");
      throw new Exit(ExitCode.Internal);
    });
}
