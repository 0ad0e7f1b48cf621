/** Everything `hubnet` prints goes through here: problems, colours, JSON. */
import { formatProblem, type Problem } from "@hubnet/config";

export interface Stream {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Colours only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: Stream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true;
}

export type Style = (s: string) => string;

export function styles(stream: Stream, env: NodeJS.ProcessEnv = process.env) {
  const on = useColor(stream, env);
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

export class Output {
  constructor(
    readonly out: Stream = process.stdout,
    readonly err: Stream = process.stderr,
    readonly cwd: string = process.cwd(),
  ) {}

  get style() {
    return styles(this.out);
  }
  get errStyle() {
    return styles(this.err);
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

  json(value: unknown): void {
    this.out.write(`${JSON.stringify(value, null, 2)}\n`);
  }
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
