/**
 * `hubnet`: validate, create and document the network's config files.
 * Exit codes are in exit-codes.ts; a usage error is one line plus a help hint,
 * an unexpected exception one line plus a hint to re-run with HUBNET_DEBUG=1.
 */
import { Command, CommanderError } from "commander";
import { registerCatalog } from "./commands/catalog";
import { registerCheck } from "./commands/check";
import { registerDev } from "./commands/dev";
import { registerGenerate } from "./commands/generate";
import { registerNew } from "./commands/new";
import { registerPlan } from "./commands/plan";
import { registerValidate } from "./commands/validate";
import { Exit, ExitCode, UsageError } from "./exit-codes";

export function buildProgram(): Command {
  const program = new Command("hubnet");
  program
    .description(
      "Validate, create, document and render (offline) the community and cluster files of a hubnet network.",
    )
    .version(version(), "-V, --version", "print hubnet's version")
    .addHelpText(
      "after",
      "\nExit codes: 0 success; 1 problems found (each as FILE:LINE:COL: field: message); 2 usage error;\n" +
        "3 internal error (re-run with HUBNET_DEBUG=1 for the stack trace). Docs: docs/platform, docs/communities.",
    )
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      // Commander's own error lines ("error: unknown option '--x'"); main adds the help hint.
      // Keep commander's "(Did you mean validate?)" line; drop the rest.
      outputError: (str, write) =>
        write(
          `${str
            .trimEnd()
            .split("\n")
            .filter((l, i) => i === 0 || /did you mean/i.test(l))
            .join("\n")}\n`,
        ),
    });
  registerValidate(program);
  registerNew(program);
  registerGenerate(program);
  registerPlan(program);
  registerCheck(program);
  registerDev(program);
  registerCatalog(program);
  return program;
}

function version(): string {
  return (require("../package.json") as { version: string }).version;
}

function helpHint(command?: string): string {
  return `(run \`hubnet${command ? ` ${command}` : ""} --help\` for usage)`;
}

/** Runs the program and returns the exit code; never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.Ok;
  } catch (err) {
    if (err instanceof Exit) return err.code;
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n${helpHint(err.command)}\n`);
      return ExitCode.Usage;
    }
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") return ExitCode.Ok;
      // `hubnet` alone prints the help (to stderr) and is a usage error.
      if (err.code !== "commander.help") {
        process.stderr.write(`${helpHint(commandName(argv, program))}\n`);
      }
      return ExitCode.Usage;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`internal error: ${e.message}\n`);
    if (process.env.HUBNET_DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
    else
      process.stderr.write("(this is a bug in hubnet; re-run with HUBNET_DEBUG=1 to see the stack trace)\n");
    return ExitCode.Internal;
  }
}

function commandName(argv: readonly string[], program: Command): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return argv.slice(2).find((a) => names.has(a));
}
