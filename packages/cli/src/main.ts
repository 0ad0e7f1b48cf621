/**
 * `hubnet`: validate, create, document and render the network's config files.
 *
 * This file and `commands/` declare the command line (options, help, examples) and load nothing
 * else: what a command does lives in `actions/<command>.ts` and is loaded when that command runs,
 * so `hubnet --help` never loads zod or a Pulumi SDK. Exit codes are in exit-codes.ts; a usage
 * error is one line plus a help hint, an unexpected exception one line plus a hint to re-run with
 * HUBNET_DEBUG=1.
 */
// One small module of @hubnet/config, not its index: `--help` loads no schema.
import { escapeControl } from "@hubnet/config/src/terminal-text";
import { Command, CommanderError } from "commander";
import { declareAffected } from "./commands/affected";
import { declareCatalog } from "./commands/catalog";
import { declareCheck } from "./commands/check";
import { declareDev } from "./commands/dev";
import { declareDiff } from "./commands/diff";
import { declareExport } from "./commands/export";
import { declareGenerate } from "./commands/generate";
import { declareNew } from "./commands/new";
import { examples } from "./commands/options";
import { declarePlan } from "./commands/plan";
import { declarePolicy } from "./commands/policy";
import { declareRollout } from "./commands/rollout";
import { declareUpstream } from "./commands/upstream";
import { declareUsage } from "./commands/usage";
import { declareValidate } from "./commands/validate";
import { Exit, ExitCode, jsonDocument, UsageError } from "./exit-codes";

export function buildProgram(): Command {
  const program = new Command("hubnet");
  program
    .description(
      "Validate, create, document and render (offline) the community and cluster files of a hubnet network.",
    )
    .version(version(), "-V, --version", "print hubnet's version")
    // Shared by every command, declared once: `hubnet validate --json` and `hubnet --json validate` alike.
    .option(
      "--root <dir>",
      "the hubnet checkout to work on (default: the repository around the working directory)",
    )
    .option("--json", "print the result as JSON; problems as {file, line, column, path, message}")
    .option("--no-color", "print no colours (as when NO_COLOR is set)")
    .configureHelp({ showGlobalOptions: true })
    .addHelpText(
      "after",
      "\nExit codes: 0 success; 1 problems found (each as FILE:LINE:COL: field: message); 2 usage error;\n" +
        "3 internal error (re-run with HUBNET_DEBUG=1 for the stack trace); 4 `hubnet diff`: user data would be lost.\n" +
        "Docs: docs/platform, docs/communities.\n" +
        "`hubnet help <command>` (or `hubnet <command> --help`) shows a command's options and examples.",
    )
    .exitOverride()
    .showHelpAfterError(false)
    .configureOutput({
      // Commander's own error lines ("error: unknown option '--x'"); main adds the help hint.
      // Keep commander's "(Did you mean validate?)" line; drop the rest.
      // An argument is printed with its control characters escaped.
      outputError: (str, write) =>
        write(
          `${str
            .trimEnd()
            .split("\n")
            .filter((l, i) => i === 0 || /did you mean/i.test(l))
            .map(escapeControl)
            .join("\n")}\n`,
        ),
    });
  declareValidate(program);
  declareNew(program);
  declareGenerate(program);
  declarePlan(program);
  declareAffected(program);
  declareDiff(program);
  declarePolicy(program);
  declareCheck(program);
  declareDev(program);
  declareCatalog(program);
  declareUpstream(program);
  declareUsage(program);
  declareRollout(program);
  declareExport(program);
  declareHelp(program);
  return program;
}

/** `hubnet help [command]`: the same as `hubnet [command] --help`; an unknown command is a usage error. */
function declareHelp(program: Command): void {
  program.helpCommand(false);
  program
    .command("help")
    .argument("[command]", "a command's name")
    .description("Show the options and examples of a command (the same as `hubnet <command> --help`)")
    .addHelpText(
      "after",
      examples([
        ["hubnet help", "the commands and the options they share"],
        ["hubnet help plan", "plan's options and examples"],
      ]),
    )
    .action((name: string | undefined) => {
      if (name === undefined) program.help();
      const command = program.commands.find((c) => c.name() === name);
      if (!command) throw new UsageError(`unknown command '${name}'`);
      command.help();
    });
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
      const message = escapeControl(err.message);
      process.stderr.write(`error: ${message}\n${helpHint(err.command)}\n`);
      failedJson(argv, message);
      return ExitCode.Usage;
    }
    if (err instanceof CommanderError) {
      // `--help`, `--version`, `hubnet help <command>`.
      if (err.exitCode === 0) return ExitCode.Ok;
      // `hubnet` alone prints the help (to stderr) and is a usage error.
      if (err.code !== "commander.help") {
        process.stderr.write(`${helpHint(commandName(argv, program))}\n`);
      }
      failedJson(
        argv,
        err.code === "commander.help"
          ? "no command given: run `hubnet --help` for the commands"
          : escapeControl(err.message.replace(/^error: /, "")),
      );
      return ExitCode.Usage;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(`internal error: ${escapeControl(e.message)}\n`);
    if (process.env.HUBNET_DEBUG) process.stderr.write(`${e.stack ?? ""}\n`);
    else
      process.stderr.write("(this is a bug in hubnet; re-run with HUBNET_DEBUG=1 to see the stack trace)\n");
    failedJson(argv, `internal error: ${escapeControl(e.message)} (a bug in hubnet)`);
    return ExitCode.Internal;
  }
}

/** Whether `--json` was given (before a `--`, after which arguments are not options). */
function wantsJson(argv: readonly string[]): boolean {
  const args = argv.slice(2);
  const end = args.indexOf("--");
  return (end === -1 ? args : args.slice(0, end)).includes("--json");
}

/**
 * With `--json`, a run that fails before its command printed its result still prints exactly one
 * JSON document: `{ok: false, problems: [{file: null, line: null, column: null, path: null, message}]}`.
 */
function failedJson(argv: readonly string[], message: string): void {
  if (!wantsJson(argv) || jsonDocument.printed) return;
  const problem = { file: null, line: null, column: null, path: null, message };
  process.stdout.write(`${JSON.stringify({ ok: false, problems: [problem] }, null, 2)}\n`);
}

function commandName(argv: readonly string[], program: Command): string | undefined {
  const names = new Set(program.commands.map((c) => c.name()));
  return argv.slice(2).find((a) => names.has(a));
}
