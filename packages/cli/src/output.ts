/** Everything `hubnet` prints goes through here: problems, colours, JSON. */
import * as path from "node:path";
import { formatProblem, type Problem } from "@hubnet/config";

export interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/**
 * Colours only on a terminal (or with FORCE_COLOR), never with `--no-color` (`color: false`) or
 * NO_COLOR (https://no-color.org).
 */
export function useColor(stream: Stream, env: NodeJS.ProcessEnv = process.env, color = true): boolean {
  if (!color) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export type Style = (s: string) => string;

export function styles(stream: Stream, env: NodeJS.ProcessEnv = process.env, color = true) {
  const on = useColor(stream, env, color);
  const wrap =
    (open: number, close: number): Style =>
    (s) =>
      on ? `\u001b[${open}m${s}\u001b[${close}m` : s;
  return {
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
  };
}

/**
 * A problem in `--json` output, the same in every command. `file` is relative to the checkout
 * (`--root`); `line` and `column` are 1-based; fields that do not apply are null.
 */
export interface ProblemJson {
  file: string | null;
  line: number | null;
  column: number | null;
  path: string | null;
  message: string;
}

export function problemJson(p: Problem, root: string): ProblemJson {
  return {
    file: p.file ? path.relative(root, p.file) || "." : null,
    line: p.line ?? null,
    column: p.line === undefined ? null : (p.col ?? 1),
    path: p.path ?? null,
    message: p.message,
  };
}

export interface OutputOptions {
  /** false with `--no-color`. */
  color?: boolean;
  out?: Stream;
  err?: Stream;
  cwd?: string;
}

export class Output {
  readonly out: Stream;
  readonly err: Stream;
  readonly cwd: string;
  private readonly color: boolean;

  constructor(opts: OutputOptions = {}) {
    this.out = opts.out ?? process.stdout;
    this.err = opts.err ?? process.stderr;
    this.cwd = opts.cwd ?? process.cwd();
    this.color = opts.color ?? true;
  }

  get style() {
    return styles(this.out, process.env, this.color);
  }
  get errStyle() {
    return styles(this.err, process.env, this.color);
  }

  line(s = ""): void {
    this.out.write(`${s}\n`);
  }
  error(s: string): void {
    this.err.write(`${s}\n`);
  }

  /** One line per problem, `FILE:LINE:COL: path: message`, FILE relative to the working directory. */
  problems(problems: readonly Problem[]): void {
    const st = this.style;
    for (const p of problems) {
      const text = formatProblem(p, this.cwd);
      const i = text.indexOf(p.message);
      this.line(i > 0 ? `${st.bold(text.slice(0, i))}${st.red(p.message)}` : st.red(text));
    }
  }

  /** The `--json` result of every command: one object, always with `ok` and `problems` (as ProblemJson). */
  json(value: { ok: boolean; problems: readonly ProblemJson[] } & Record<string, unknown>): void {
    this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
