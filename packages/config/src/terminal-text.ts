/**
 * Text from files, made safe to print on a terminal or in a CI log. A value of a pull request's
 * file may hold escape sequences that retitle or clear a terminal, hide text, or reorder it (the
 * Unicode bidirectional controls): printed as they are, they control the reader's screen. Every
 * such character becomes a visible escape (`\u001b`), so what is printed is what the file says.
 */

/**
 * C0 and C1 control characters, DEL, the bidirectional marks, embeddings, overrides and isolates,
 * and the Unicode line and paragraph separators.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(c: string): string {
  return NAMED[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** `s` with every control character written as an escape (`\n`, `\u001b`): one printable line. */
export function escapeControl(s: string): string {
  return s.replace(CONTROL, escapeOne);
}

/** Like `escapeControl`, but line breaks stay: for text of several lines that hubnet itself wrote. */
export function escapeControlKeepLines(s: string): string {
  return s.replace(CONTROL, (c) => (c === "\n" ? c : escapeOne(c)));
}
