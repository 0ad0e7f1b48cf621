/**
 * YAML with source positions. The `yaml` library keeps every node's offsets and
 * reports syntax errors (tabs, duplicate keys, bad indentation) with positions,
 * which is what lets every problem point at FILE:LINE:COL.
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { formatPath, type PathSegment, type Problem } from "./problems";

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
}

export function parseYaml(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  const problems: Problem[] = [];
  if (text.trim() === "" || text.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("#"))) {
    return {
      problems: [{ file, line: 1, col: 1, message: "the file is empty: it must hold a YAML mapping" }],
    };
  }
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    prettyErrors: false,
    strict: true,
  });
  problems.push(...syntaxProblems(file, text, doc, lines));
  if (problems.length > 0) return { problems };
  const source = { file, text, doc, lines };
  if (!isMap(doc.contents)) {
    const at = nodeStart(source, doc.contents as Node | null);
    problems.push({ file, ...at, message: "the file must hold a YAML mapping (key: value lines)" });
    return { problems };
  }
  return { source, problems };
}

/**
 * One problem per mistake. A tab used for indentation or a broken bracket makes
 * the parser report follow-on errors on later lines; those are dropped: tab
 * problems alone when there are tabs, else duplicate keys and the first other error.
 */
function syntaxProblems(file: string, text: string, doc: Document.Parsed, lines: LineCounter): Problem[] {
  const errors = doc.errors;
  if (errors.length === 0) return [];
  const tabs = errors.filter((e) => e.code === "TAB_AS_INDENT");
  const dups = errors.filter((e) => e.code === "DUPLICATE_KEY");
  const other = errors.filter((e) => e.code !== "TAB_AS_INDENT" && e.code !== "DUPLICATE_KEY");
  const chosen = tabs.length > 0 ? tabs : [...dups, ...other.slice(0, 1)];
  return chosen.map((err) => {
    const pos = lines.linePos(err.pos[0]);
    if (err.code === "TAB_AS_INDENT") {
      return {
        file,
        ...pos,
        message:
          "tab character used for indentation: YAML indents with spaces only; replace the tab with spaces",
      };
    }
    if (err.code === "DUPLICATE_KEY") return { file, ...pos, ...duplicateKey(doc, lines, text, err.pos[0]) };
    const first = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const unclosed =
      /^Flow (sequence|map) in block collection must be sufficiently indented and end with a ([\]}])/.exec(
        first,
      );
    if (unclosed) {
      const open = unclosedBracket(text, err.pos[0]);
      const close = unclosed[2];
      return {
        file,
        ...(open !== undefined ? lines.linePos(open) : pos),
        message: `YAML syntax error: this "${close === "]" ? "[" : "{"}" is never closed: add "${close}" at the end of the ${unclosed[1] === "map" ? "mapping" : "list"}`,
      };
    }
    return { file, ...pos, message: `YAML syntax error: ${first}` };
  });
}

/** Offset of the last "[" or "{" before `end` that is not closed, skipping quotes and comments. */
function unclosedBracket(text: string, end: number): number | undefined {
  const stack: number[] = [];
  let quote: string | undefined;
  for (let i = 0; i < end; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === quote) quote = undefined;
      continue;
    }
    if ((ch === '"' || ch === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]))) quote = ch;
    else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < end && text[i] !== "\n") i++;
    } else if (ch === "[" || ch === "{") stack.push(i);
    else if (ch === "]" || ch === "}") stack.pop();
  }
  return stack[stack.length - 1];
}

/** The duplicate key's name, path and the line of its first occurrence. */
function duplicateKey(
  doc: Document.Parsed,
  lines: LineCounter,
  text: string,
  offset: number,
): { path?: string; message: string } {
  let found: { path: PathSegment[]; key: string; first?: number } | undefined;
  const rec = (node: unknown, path: PathSegment[]) => {
    if (found) return;
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const key = String(p.key.value);
        const start = p.key.range?.[0];
        if (start === offset) {
          found = { path: [...path, key], key, first: seen.get(key) };
          return;
        }
        if (start !== undefined && !seen.has(key)) seen.set(key, start);
        rec(p.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        rec(item, [...path, i]);
      });
    }
  };
  rec(doc.contents, []);
  if (!found) {
    const key = /^[^:\n]*/.exec(text.slice(offset))?.[0].trim();
    return {
      message: `duplicate key${key ? ` "${key}"` : ""}: each key may appear once in a mapping; remove one of them`,
    };
  }
  const firstLine = found.first !== undefined ? ` (first at line ${lines.linePos(found.first).line})` : "";
  return {
    path: formatPath(found.path),
    message: `duplicate key "${found.key}"${firstLine}: each key may appear once in a mapping; remove one of them`,
  };
}

export function nodeStart(src: YamlSource, node: Node | null | undefined): { line: number; col: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  return src.lines.linePos(offset);
}

/**
 * The position of the value at `path`, or of its key when `key` is true.
 * When the path does not exist (a missing field), the position of the nearest
 * existing parent is returned.
 */
export function positionAt(
  src: YamlSource,
  path: readonly PathSegment[],
  opts: { key?: boolean } = {},
): { line: number; col: number } {
  let node: unknown = src.doc.contents;
  let best: { line: number; col: number } = nodeStart(src, node as Node);
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) return best;
      if (last && opts.key) return nodeStart(src, pair.key as Node);
      node = pair.value;
      best = pair.value ? nodeStart(src, pair.value as Node) : nodeStart(src, pair.key as Node);
    } else if (isSeq(node) && typeof seg === "number") {
      const item = node.items[seg];
      if (!item) return best;
      node = item;
      best = nodeStart(src, item as Node);
    } else {
      return best;
    }
  }
  return best;
}

/** Visit every key/value pair with its path, for checks that look at keys (secrets). */
export function walkPairs(
  src: YamlSource,
  visit: (path: PathSegment[], key: string, value: unknown, keyPos: { line: number; col: number }) => void,
): void {
  const rec = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      for (const p of node.items) {
        if (!isPair(p) || !isScalar(p.key)) continue;
        const key = String(p.key.value);
        const val = isScalar(p.value) ? p.value.value : p.value;
        visit([...path, key], key, val, nodeStart(src, p.key as Node));
        rec(p.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        rec(item, [...path, i]);
      });
    }
  };
  rec(src.doc.contents, []);
}
