/**
 * YAML with source positions. The `yaml` library keeps every node's offsets and
 * reports syntax errors (tabs, duplicate keys, bad indentation) with positions,
 * which is what lets every problem point at FILE:LINE:COL.
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { PathSegment, Problem } from "./problems";

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
  for (const err of doc.errors) {
    const pos = lines.linePos(err.pos[0]);
    problems.push({ file, line: pos.line, col: pos.col, message: yamlMessage(err.code, err.message) });
  }
  if (problems.length > 0) return { problems };
  const source = { file, text, doc, lines };
  if (!isMap(doc.contents)) {
    const at = nodeStart(source, doc.contents as Node | null);
    problems.push({ file, ...at, message: "the file must hold a YAML mapping (key: value lines)" });
    return { problems };
  }
  return { source, problems };
}

function yamlMessage(code: string, raw: string): string {
  const first = raw.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  switch (code) {
    case "TAB_AS_INDENT":
      return "tab character used for indentation: YAML indents with spaces only";
    case "DUPLICATE_KEY":
      return `duplicate key: ${first.replace(/^Map keys must be unique;?\s*/, "") || "each key may appear once in a mapping"}`.replace(
        /: $/,
        "",
      );
    default:
      return `YAML syntax error: ${first}`;
  }
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
