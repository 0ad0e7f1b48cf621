/** Exit codes of `hubnet`, the same for every command. */
export const ExitCode = {
  /** Success: valid config, file written, files up to date. */
  Ok: 0,
  /** Invalid config or problems found (the user changes a file). */
  Problems: 1,
  /** Usage error: unknown option, missing argument, bad --root. */
  Usage: 2,
  /** A bug in hubnet: an unexpected exception. */
  Internal: 3,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Thrown by commands for a usage error; main prints one line and the help hint, exit 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The command whose `--help` the hint points at, e.g. "new". */
    readonly command?: string,
  ) {
    super(message);
    this.name = "UsageError";
  }
}

/** Thrown by commands to stop with a code after printing what they had to say. */
export class Exit extends Error {
  constructor(readonly code: ExitCodeValue) {
    super(`exit ${code}`);
    this.name = "Exit";
  }
}

/**
 * Whether this run printed its `--json` document. A run prints exactly one: when a command fails
 * after printing its own, main prints no second one. (This module is one compiled file shared by
 * main and every command's, so they share this object.)
 */
export const jsonDocument = { printed: false };
