/** User-facing problems: one per mistake, each with a place and what to change. */
import * as path from "node:path";

export type PathSegment = string | number;

export interface Problem {
  /** Absolute path of the file, or undefined for problems not tied to a file. */
  file?: string;
  /** 1-based line and column. */
  line?: number;
  col?: number;
  /** Dotted field path inside the file, e.g. `profiles[1].memory`. */
  path?: string;
  message: string;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else out += out === "" ? s : `.${s}`;
  }
  return out;
}

/** `FILE:LINE:COL: field.path: message`, with FILE relative to `cwd`. */
export function formatProblem(p: Problem, cwd: string = process.cwd()): string {
  const where: string[] = [];
  if (p.file) {
    const rel = path.relative(cwd, p.file) || ".";
    const file = rel.startsWith("..") ? p.file : rel;
    // A folder-level problem (no line) names the folder alone.
    where.push(p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`);
  }
  if (p.path) where.push(p.path);
  return [...where, p.message].join(": ");
}

export function sortProblems(problems: Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) =>
      (a.file ?? "").localeCompare(b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.col ?? 0) - (b.col ?? 0) ||
      a.message.localeCompare(b.message),
  );
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  const prev = Array.from({ length: bl.length + 1 }, (_, i) => i);
  for (let i = 1; i <= al.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= bl.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (al[i - 1] === bl[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[bl.length];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  return bestD <= limit ? best : undefined;
}
