/** Runs the real `hubnet` binary (or the one at `bin`, in a copy of the workspace) as a subprocess. */
import { execFile } from "node:child_process";
import * as path from "node:path";

export const BIN = path.resolve(__dirname, "..", "bin", "hubnet.cjs");

/** The day `validate` checks Kubernetes versions against in tests. */
export const FIXED_TODAY = "2026-11-26";

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function hubnet(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string | undefined>; bin?: string } = {},
): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: undefined,
    FORCE_COLOR: undefined,
    CI: "true",
    // Kubernetes versions are checked against this fixed day, never the clock (override per test).
    HUBNET_TODAY: FIXED_TODAY,
    ...opts.env,
  };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [opts.bin ?? BIN, ...args],
      { cwd: opts.cwd, env, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A stack trace line, which users must never see without HUBNET_DEBUG. */
export const STACK_LINE = "    at ";
