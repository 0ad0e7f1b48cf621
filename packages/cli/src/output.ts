/**
 * Everything `hubnet` prints goes through here: problems, colours, JSON. Values from files are
 * untrusted: every line printed has its control characters escaped (escapeControl), except the
 * colours hubnet adds itself, which a file cannot forge (see `Output.style`).
 */
import * as crypto from "node:crypto";
import * as path from "node:path";
import { escapeControl, escapeControlKeepLines, type Problem, problemParts } from "@hubnet/config";
import { jsonDocument } from "./exit-codes";

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

/**
 * Colour functions for `stream`. With `mark`, a colour is written as a marker (`mark(31)`) that
 * Output turns into the escape sequence after escaping everything else on the line.
 */
export function styles(
  stream: Stream,
  env: NodeJS.ProcessEnv = process.env,
  color = true,
  mark: (code: number) => string = (code) => `\u001b[${code}m`,
) {
  const on = useColor(stream, env, color);
  const wrap =
    (open: number, close: number): Style =>
    (s) =>
      on ? `${mark(open)}${s}${mark(close)}` : s;
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

/** Characters JSON.stringify leaves as they are but a terminal may act on (DEL, C1, bidirectional controls). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `JSON.stringify`, with every character a terminal could act on written as a `\uXXXX` escape (the same JSON value). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_UNSAFE,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

export class Output {
  readonly out: Stream;
  readonly err: Stream;
  readonly cwd: string;
  private readonly color: boolean;
  /** Colours are markers with this run's random token: no text from a file can forge one. */
  private readonly token = crypto.randomBytes(8).toString("hex");
  private readonly marker = new RegExp(`\uE000${this.token}:(\\d+)\uE000`, "g");

  constructor(opts: OutputOptions = {}) {
    this.out = opts.out ?? process.stdout;
    this.err = opts.err ?? process.stderr;
    this.cwd = opts.cwd ?? process.cwd();
    this.color = opts.color ?? true;
  }

  private mark = (code: number) => `\uE000${this.token}:${code}\uE000`;

  get style() {
    return styles(this.out, process.env, this.color, this.mark);
  }
  get errStyle() {
    return styles(this.err, process.env, this.color, this.mark);
  }

  /** `s` with control characters escaped (line breaks kept), then hubnet's own colours applied. */
  private render(s: string): string {
    return escapeControlKeepLines(s).replace(this.marker, "\u001b[$1m");
  }

  line(s = ""): void {
    this.out.write(`${this.render(s)}\n`);
  }
  error(s: string): void {
    this.err.write(`${this.render(s)}\n`);
  }

  /** One line per problem, `FILE:LINE:COL: path: message`, FILE relative to the working directory. */
  problems(problems: readonly Problem[]): void {
    const st = this.style;
    for (const p of problems) {
      const { where, message } = problemParts(p, this.cwd);
      this.line(where ? `${st.bold(`${where}: `)}${st.red(message)}` : st.red(message));
    }
  }

  /** One line per warning, like a problem but marked `warning:` (in yellow): nothing to fix yet. */
  warnings(warnings: readonly Problem[]): void {
    const st = this.style;
    for (const p of warnings) {
      const { where, message } = problemParts(p, this.cwd);
      this.line(`${where ? st.bold(`${where}: `) : ""}${st.yellow(`warning: ${message}`)}`);
    }
  }

  /** The `--json` result of every command: one object, always with `ok` and `problems` (as ProblemJson). */
  json(value: { ok: boolean; problems: readonly ProblemJson[] } & Record<string, unknown>): void {
    jsonDocument.printed = true;
    this.out.write(`${safeJson(value)}\n`);
  }
}

/** A problem that concerns no file (a usage or internal error), in the JSON shape. */
export function messageJson(message: string): ProblemJson {
  return { file: null, line: null, column: null, path: null, message };
}

/** `s` as one printable line (for messages that carry command-line arguments). */
export const printable = escapeControl;

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
