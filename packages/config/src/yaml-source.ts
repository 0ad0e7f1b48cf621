/**
 * YAML with source positions, read as untrusted input. The `yaml` library keeps every node's
 * offsets and reports syntax errors (tabs, bad indentation) with positions, which is what lets
 * every problem point at FILE:LINE:COL. A file of a pull request may be hostile, so before its
 * data is used the document is checked for what the library would accept but hubnet must not:
 * raw control characters, nesting deeper than MAX_YAML_DEPTH, more aliases than MAX_YAML_ALIASES
 * (and alias bombs), aliases to no anchor, custom tags (`!Ref`), complex and null keys, duplicate
 * keys, and the keys `__proto__`, `constructor` and `prototype`. Each is a problem at its own
 * position; the data (`YamlSource.data`) exists only for a document that passed them all.
 */
import {
  type Document,
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  type Node,
  type Pair,
  parseDocument,
  type YAMLMap,
} from "yaml";
import { MAX_YAML_ALIASES, MAX_YAML_DEPTH } from "./limits";
import { capped, formatPath, type PathSegment, type Problem } from "./problems";

export interface YamlSource {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The document as plain data (mappings as objects, lists as arrays), checked as described above. */
  data: unknown;
}

/** Keys that would reach an object's prototype, refused everywhere. */
export const FORBIDDEN_KEYS: readonly string[] = ["__proto__", "constructor", "prototype"];

/** The tags of YAML's core schema; any other tag (`!Ref`, `!!binary`) is refused. */
const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

export function parseYaml(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const lines = new LineCounter();
  if (text.trim() === "" || text.split("\n").every((l) => l.trim() === "" || l.trim().startsWith("#"))) {
    return {
      problems: [{ file, line: 1, col: 1, message: "the file is empty: it must hold a YAML mapping" }],
    };
  }
  const raw = rawControlCharacter(file, text);
  if (raw) return { problems: [raw] };
  const deepFlow = flowTooDeep(text);
  if (deepFlow !== undefined) return { problems: [tooDeep(file, text, deepFlow)] };
  const doc = parseDocument(text, {
    lineCounter: lines,
    // Duplicate keys are found by checkStructure in linear time (the library's check is quadratic).
    uniqueKeys: false,
    prettyErrors: false,
    strict: true,
  });
  const syntax = syntaxProblems(file, text, doc, lines);
  if (syntax.length > 0) return { problems: syntax };
  const partial = { file, text, doc, lines };
  const structure = checkStructure(partial);
  if (structure.length > 0) return { problems: structure };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch {
    // The aliases would expand past the limit (an alias bomb): refused at the first alias.
    let first: Node | undefined;
    visitNodes(doc, (node) => {
      if (!first && isAlias(node)) first = node;
    });
    return {
      problems: [
        {
          file,
          ...nodeStart(partial, first),
          message: `the aliases of this file expand to more than ${MAX_YAML_ALIASES} copies: write the values out instead of repeating anchors inside anchors`,
        },
      ],
    };
  }
  const source: YamlSource = { ...partial, data };
  if (!isMap(doc.contents)) {
    const at = nodeStart(source, doc.contents as Node | null);
    return { problems: [{ file, ...at, message: "the file must hold a YAML mapping (key: value lines)" }] };
  }
  return { source, problems: [] };
}

/**
 * A raw control character (other than tab, line feed and carriage return) is not allowed in a
 * YAML stream; the library would keep it in a value, and printed it could control a terminal.
 */
function rawControlCharacter(file: string, text: string): Problem | undefined {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  const m = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u0084\u0086-\u009f]/.exec(text);
  if (!m) return undefined;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return {
    file,
    ...linePosition(text, m.index),
    message: `the file holds the control character ${code}: YAML files hold printable text only; remove it (in a double-quoted string, write an escape such as \\e instead)`,
  };
}

/** Offset of the first flow bracket nested deeper than MAX_YAML_DEPTH, found with the lexer alone (fast). */
function flowTooDeep(text: string): number | undefined {
  // Fewer brackets than the limit cannot nest deeper than it: most files skip the lexer.
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= MAX_YAML_DEPTH; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) brackets++;
  }
  if (brackets <= MAX_YAML_DEPTH) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      depth++;
      if (depth > MAX_YAML_DEPTH) return offset;
    } else if (token === "]" || token === "}") depth--;
    // Tokens are slices of the source, except the lexer's own one-character markers.
    if (!(token.length === 1 && token < " " && token !== "\t" && token !== "\n" && token !== "\r"))
      offset += token.length;
  }
  return undefined;
}

function tooDeep(file: string, text: string, offset: number): Problem {
  return {
    file,
    ...linePosition(text, offset),
    message: `nested deeper than ${MAX_YAML_DEPTH} levels of mappings and lists: hubnet files nest a few levels; flatten this value`,
  };
}

/** 1-based line and column of `offset` in `text`. */
function linePosition(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

/** Every node of the document with its depth and path, parents first, without recursion (any depth is safe). */
function visitNodes(
  doc: Document.Parsed,
  visit: (node: Node, depth: number, path: readonly PathSegment[]) => void,
): void {
  type Item = { node: unknown; depth: number; path: readonly PathSegment[] };
  const stack: Item[] = [{ node: doc.contents, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop() as Item;
    if (!node || typeof node !== "object") continue;
    visit(node as Node, depth, path);
    if (isMap(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const pair = node.items[i];
        const key = isScalar(pair.key) ? String(pair.key.value) : "?";
        stack.push({ node: pair.value, depth: depth + 1, path: [...path, key] });
        stack.push({ node: pair.key, depth: depth + 1, path });
      }
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--)
        stack.push({ node: node.items[i], depth: depth + 1, path: [...path, i] });
    }
  }
}

/** Everything the library parses but hubnet refuses, each at its own position. */
function checkStructure(src: Omit<YamlSource, "data">): Problem[] {
  const { file, doc, text } = src;
  const problems: Problem[] = [];
  const at = (node: Node | null | undefined) => nodeStart(src, node);
  let aliases = 0;
  let tooDeepReported = false;
  visitNodes(doc, (node, depth, path) => {
    if (depth > MAX_YAML_DEPTH) {
      if (!tooDeepReported && isCollection(node)) {
        tooDeepReported = true;
        problems.push(tooDeep(file, text, node.range?.[0] ?? 0));
      }
      return;
    }
    if (isAlias(node)) {
      aliases++;
      if (aliases === MAX_YAML_ALIASES + 1) {
        problems.push({
          file,
          ...at(node),
          message: `more than ${MAX_YAML_ALIASES} aliases (*name) in one file: write the values out instead`,
        });
      } else if (aliases <= MAX_YAML_ALIASES && !node.resolve(doc)) {
        problems.push({
          file,
          ...at(node),
          message: `the alias *${node.source} refers to no anchor: define &${node.source} before it, or write the value out`,
        });
      }
      return;
    }
    const tag = (node as { tag?: string }).tag;
    if (tag !== undefined && !CORE_TAGS.has(tag)) {
      problems.push({
        file,
        ...tagPosition(src, node),
        message: `the YAML tag ${tag.replace(/^tag:yaml\.org,2002:/, "!!")} is not supported: hubnet files are plain YAML; remove the tag`,
      });
    }
    if (isMap(node)) problems.push(...keyProblems(src, node.items, path));
  });
  return capped(problems);
}

/** Keys must be plain, non-null scalars, each once per mapping, none that reaches a prototype. */
function keyProblems(
  src: Omit<YamlSource, "data">,
  pairs: readonly unknown[],
  path: readonly PathSegment[],
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number | undefined>();
  for (const pair of pairs) {
    if (!isPair(pair)) continue;
    const key = pair.key as Node | null;
    const where = { file: src.file, ...keyPosition(src, pair.key as Node | null, pair.value as Node | null) };
    if (!isScalar(key)) {
      problems.push({
        ...where,
        message:
          key === null
            ? "a key is missing before this value: write key: value"
            : "a key here is a list, mapping or alias: keys must be plain words; write key: value",
      });
      continue;
    }
    if (key.value === null || key.value === undefined) {
      problems.push({
        ...where,
        message: "a null or empty key: keys must be plain words; write key: value",
      });
      continue;
    }
    const name = String(key.value);
    const at = { ...where, path: formatPath([...path, name]) };
    if (FORBIDDEN_KEYS.includes(name)) {
      problems.push({
        ...at,
        message: `the key "${name}" is not allowed (it would reach JavaScript's object prototype): remove it`,
      });
      continue;
    }
    if (seen.has(name)) {
      const first = seen.get(name);
      problems.push({
        ...at,
        message: `duplicate key "${name}"${first !== undefined ? ` (first at line ${src.lines.linePos(first).line})` : ""}: each key may appear once in a mapping; remove one of them`,
      });
      continue;
    }
    seen.set(name, key.range?.[0]);
  }
  return problems;
}

/** Where a key is: its own start, or (a missing key) the start of its value. */
function keyPosition(
  src: Omit<YamlSource, "data">,
  key: Node | null,
  value: Node | null,
): { line: number; col: number } {
  const offset = key?.range?.[0] ?? value?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : src.lines.linePos(offset);
}

/** The position of a node's tag (`!Ref`), which comes before the node's own range. */
function tagPosition(src: Omit<YamlSource, "data">, node: Node): { line: number; col: number } {
  const start = node.range?.[0];
  if (start === undefined) return { line: 1, col: 1 };
  const bang = src.text.lastIndexOf("!", start);
  if (bang !== -1 && /^!\S*\s*$/.test(src.text.slice(bang, start))) {
    // The tag's first "!" (`!!binary` has two).
    let first = bang;
    while (first > 0 && src.text[first - 1] === "!") first--;
    return src.lines.linePos(first);
  }
  return src.lines.linePos(start);
}

/**
 * One problem per mistake. A tab used for indentation or a broken bracket makes
 * the parser report follow-on errors on later lines; those are dropped: tab
 * problems alone when there are tabs, else the first error.
 */
function syntaxProblems(file: string, text: string, doc: Document.Parsed, lines: LineCounter): Problem[] {
  const errors = doc.errors;
  if (errors.length === 0) return [];
  const deep = errors.find((e) => e.code === "RESOURCE_EXHAUSTION");
  if (deep) return [tooDeep(file, text, deep.pos[0])];
  const tabs = errors.filter((e) => e.code === "TAB_AS_INDENT");
  const chosen = tabs.length > 0 ? tabs : errors.slice(0, 1);
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

export function nodeStart(
  src: Pick<YamlSource, "lines">,
  node: Node | null | undefined,
): { line: number; col: number } {
  const offset = node?.range?.[0];
  if (offset === undefined) return { line: 1, col: 1 };
  return src.lines.linePos(offset);
}

const PAIRS = new WeakMap<object, Map<string, Pair>>();

/** A mapping's pairs by key (the first of each), built once per mapping: a lookup is O(1), not O(keys). */
function pairsByKey(node: YAMLMap): Map<string, Pair> {
  let index = PAIRS.get(node);
  if (!index) {
    index = new Map();
    for (const p of node.items) {
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!index.has(key)) index.set(key, p);
    }
    PAIRS.set(node, index);
  }
  return index;
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
      const pair = pairsByKey(node).get(String(seg));
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

/**
 * The text a scalar at `path` (from the top of the document) was written as, or undefined when
 * there is no scalar there: for checks of how a value was spelled (`1e3` for a number of dollars).
 */
export function scalarText(src: YamlSource, path: readonly PathSegment[]): string | undefined {
  let node: unknown = src.doc.contents;
  for (const seg of path) {
    if (isMap(node)) node = pairsByKey(node).get(String(seg))?.value;
    else if (isSeq(node) && typeof seg === "number") node = node.items[seg];
    else return undefined;
  }
  if (!isScalar(node) || !node.range) return undefined;
  return src.text.slice(node.range[0], node.range[1]);
}
