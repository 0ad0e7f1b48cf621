/** User-facing problems: one per mistake, each with a place and what to change. */
import * as path from "node:path";
import { MAX_PROBLEMS_PER_FILE } from "./limits";
import { escapeControl } from "./terminal-text";

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

/**
 * `FILE:LINE:COL: field.path` and the message of a problem, each one printable line: control
 * characters (which a hostile file can put in a key, and so in a path or message) are escaped.
 */
export function problemParts(p: Problem, cwd: string = process.cwd()): { where: string; message: string } {
  const where: string[] = [];
  if (p.file) {
    const rel = path.relative(cwd, p.file) || ".";
    const file = rel.startsWith("..") ? p.file : rel;
    // A folder-level problem (no line) names the folder alone.
    where.push(p.line === undefined ? file : `${file}:${p.line}:${p.col ?? 1}`);
  }
  if (p.path) where.push(p.path);
  return { where: escapeControl(where.join(": ")), message: escapeControl(p.message) };
}

/** `FILE:LINE:COL: field.path: message`, with FILE relative to `cwd`, as one printable line. */
export function formatProblem(p: Problem, cwd: string = process.cwd()): string {
  const { where, message } = problemParts(p, cwd);
  return where ? `${where}: ${message}` : message;
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

/**
 * At most MAX_PROBLEMS_PER_FILE problems of one file; the rest are summed up in one problem of the
 * file as a whole (so it is listed first).
 */
export function capped(problems: Problem[]): Problem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const shown = problems.slice(0, MAX_PROBLEMS_PER_FILE - 1);
  return [
    {
      file: shown[0].file,
      message: `${problems.length - shown.length} more problems in this file are not shown: fix these first`,
    },
    ...shown,
  ];
}
