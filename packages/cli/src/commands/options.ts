/** What every command's declaration shares: the root command's options and the examples block. */
import type { Command } from "commander";
import type { GlobalOptions } from "../global-options";

export type { GlobalOptions };

/** The command's own options merged with the root command's. */
export function options<T extends object>(command: Command): T & GlobalOptions {
  return command.optsWithGlobals<T & GlobalOptions>();
}

/** The "Examples:" block at the end of a command's help: `[command line, what it does]` rows. */
export function examples(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([line]) => line.length));
  return `\nExamples:\n${rows.map(([line, what]) => `  $ ${line.padEnd(width)}  # ${what}`).join("\n")}\n`;
}
