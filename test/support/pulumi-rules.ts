/**
 * The Pulumi CLI's own rules for project files, stack files and config keys, transcribed from
 * pulumi/pulumi at the version of the @pulumi/pulumi SDK in pnpm-lock.yaml (v3.276.0, the source the
 * Go module proxy serves for github.com/pulumi/pulumi/sdk/v3 and pkg/v3 at that version), for the
 * tests that cannot run the CLI itself; test/pulumi-config.test.ts also runs the real CLI built by
 * test/pulumi-cli/install.sh (docs/decisions/0017-pulumi-cli-built-from-go-modules.md). And the
 * `pulumi ... config set` commands of the Markdown docs, parsed into their arguments.
 */

/** A project file's `config:` entry after the CLI's rewriting (ProjectConfigType). */
interface ProjectConfigType {
  type?: unknown;
  items?: unknown;
  default?: unknown;
  value?: unknown;
}

const isPrimitive = (v: unknown) =>
  v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean";

/**
 * `configKeyIsNamespacedByProject` (sdk/go/common/workspace/project.go): a key without `:` or
 * with the project's own namespace.
 */
export function namespacedByProject(projectName: string, key: string): boolean {
  return !key.includes(":") || key.startsWith(`${projectName}:`);
}

/**
 * `Project.Validate` (sdk/go/common/workspace/project.go), after `RewriteShorthandConfigValues`
 * (same file: a primitive or array under a project key is its `default`, under another namespace
 * its `value`), as `LoadProjectBytes` (sdk/go/common/workspace/loaders.go) runs them for every
 * command. Returns the CLI's error message, or undefined when the project loads.
 */
export function validateProject(project: unknown): string | undefined {
  if (project === null || typeof project !== "object") return "project is missing a 'name' attribute";
  const { name, config } = project as { name?: unknown; config?: unknown };
  if (typeof name !== "string" || name === "") return "project is missing a 'name' attribute";
  if (config === undefined || config === null || typeof config !== "object" || Array.isArray(config)) {
    return undefined;
  }
  for (const [key, raw] of Object.entries(config as Record<string, unknown>)) {
    const entry: ProjectConfigType =
      isPrimitive(raw) || Array.isArray(raw)
        ? namespacedByProject(name, key)
          ? { default: raw }
          : { value: raw }
        : ((raw ?? {}) as ProjectConfigType);
    // Go's `any` fields are nil for an absent (or null) attribute.
    const has = (v: unknown) => v !== undefined && v !== null;
    if (has(entry.default) && has(entry.value)) {
      return `project config '${key}' cannot have both a 'default' and 'value' attribute`;
    }
    if (namespacedByProject(name, key)) {
      if (entry.type === "array" && !has(entry.items)) {
        return `The configuration key '${key}' declares an array but does not specify the underlying type via the 'items' attribute`;
      }
      continue;
    }
    if (has(entry.type)) {
      return `Configuration key '${key}' is not namespaced by the project and should not define a type`;
    }
    if (has(entry.default)) {
      return `Configuration key '${key}' is not namespaced by the project and should not define a default value. Did you mean to use the 'value' attribute instead of 'default'?`;
    }
    if (!has(entry.value)) {
      return `Configuration key '${key}' is namespaced and must provide an attribute 'value'`;
    }
  }
  return undefined;
}

/**
 * `config.ParseKey` (sdk/go/common/resource/config/key.go): `<namespace>:<name>`, or the legacy
 * `<namespace>:config:<name>`; anything else is refused.
 */
export function parseKey(s: string): { namespace: string; name: string } | { error: string } {
  const parts = s.split(":");
  if (parts.length === 2) return { namespace: parts[0], name: parts[1] };
  if (parts.length === 3 && parts[1] === "config" && parts[0] !== "" && parts[2] !== "") {
    return { namespace: parts[0], name: parts[2] };
  }
  return {
    error: `could not parse ${s} as a configuration key (configuration keys should be of the form \`<namespace>:<name>\`)`,
  };
}

/**
 * The key `pulumi config set [--path] KEY` writes: `parseConfigKey` (pkg/cmd/pulumi/config/io.go).
 * With `--path` only the top segment (up to the first `.` or `[`) is namespaced; a key without `:`
 * gets the project's name as its namespace. `top` is the stack file's key (`namespace:name`), `rest`
 * the path below it (`.staging`).
 */
export function configSetKey(
  key: string,
  path: boolean,
  projectName: string,
): { top: string; rest: string } | { error: string } {
  if (path) {
    const i = key.search(/[.[]/);
    if (i > 0) {
      const top = configSetKey(key.slice(0, i), false, projectName);
      return "error" in top ? top : { top: top.top, rest: key.slice(i) };
    }
  }
  const parsed = parseKey(key.includes(":") ? key : `${projectName}:${key}`);
  return "error" in parsed ? parsed : { top: `${parsed.namespace}:${parsed.name}`, rest: "" };
}

/**
 * The keys of a stack file's `config:` as the CLI loads them: `stackConfigNamespacedWithProject`
 * (sdk/go/common/workspace/loaders.go) gives a key without `:` the project's namespace.
 */
export function stackFileKeys(config: Record<string, unknown>, projectName: string): string[] {
  return Object.keys(config).map((k) => (k.includes(":") ? k : `${projectName}:${k}`));
}

/** One `pulumi ... config set` command of a Markdown file. */
export interface DocumentedCommand {
  file: string;
  line: number;
  /** The command as written, from `pulumi` on. */
  text: string;
  /** Its words, quotes removed; placeholders (`<value>`, `"$SECRET"`, `$(...)`) kept as written. */
  words: string[];
  /** The project folder it runs in (`cluster`, `community`), from `-C`, `cd` or its sentence. */
  project?: string;
  /** Prose about the command, its key elided (`pulumi config set --secret ...`): nothing to run. */
  elided: boolean;
}

/** Shell words: single and double quotes, `$(...)`, and `<...>` placeholders as one word each. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === " " || text[i] === "\t") i++;
    if (i >= text.length) break;
    let word = "";
    if (text[i] === "<") {
      const end = text.indexOf(">", i);
      word = text.slice(i, end < 0 ? text.length : end + 1);
      i = end < 0 ? text.length : end + 1;
      words.push(word);
      continue;
    }
    while (i < text.length && text[i] !== " " && text[i] !== "\t") {
      const c = text[i];
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        word += text.slice(i + 1, end < 0 ? text.length : end);
        i = end < 0 ? text.length : end + 1;
      } else if (c === '"') {
        let j = i + 1;
        let depth = 0;
        while (j < text.length && (text[j] !== '"' || depth > 0)) {
          if (text.startsWith("$(", j)) depth++;
          else if (text[j] === ")" && depth > 0) depth--;
          j++;
        }
        word += text.slice(i + 1, j);
        i = j + 1;
      } else if (text.startsWith("$(", i)) {
        const end = text.indexOf(")", i);
        word += text.slice(i, end < 0 ? text.length : end + 1);
        i = end < 0 ? text.length : end + 1;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}

/** `pulumi` options that take a value (the rest of the `--x` options are flags). */
const OPTIONS_WITH_VALUE = new Set(["-C", "--cwd", "-s", "--stack", "--config-file", "--secrets-provider"]);

/** A `config set` command's parts: options, then KEY and VALUE (cmd/pulumi/config/config.go). */
export function configSetParts(words: readonly string[]): {
  cwd?: string;
  stack?: string;
  secret: boolean;
  path: boolean;
  key?: string;
  value?: string;
} {
  const positional: string[] = [];
  const opts = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const eq = w.startsWith("--") ? w.indexOf("=") : -1;
    if (eq > 0) opts.set(w.slice(0, eq), w.slice(eq + 1));
    else if (OPTIONS_WITH_VALUE.has(w)) opts.set(w, words[++i] ?? "");
    else if (w.startsWith("-") && w.length > 1) flags.add(w);
    else positional.push(w);
  }
  // positional: config set KEY [VALUE]
  const [, , key, value] = positional;
  return {
    cwd: opts.get("-C") ?? opts.get("--cwd"),
    stack: opts.get("--stack") ?? opts.get("-s"),
    secret: flags.has("--secret"),
    path: flags.has("--path"),
    key,
    value,
  };
}

/** A word that stands for a value the reader fills in: `<value>`, `"$SECRET"`, `$(cat file)`. */
export function isPlaceholder(word: string): boolean {
  return /^<.*>$/.test(word) || word.includes("$");
}

const PROJECT_IN_TEXT = /\bstacks\/(cluster|community)\b|\bthe (cluster|community) stack\b/g;

/** The projects a piece of prose names (`stacks/community`, "the cluster stack"). */
function projectsNamed(text: string): Set<string> {
  return new Set([...text.matchAll(PROJECT_IN_TEXT)].map((m) => m[1] ?? m[2]));
}

/**
 * Every `pulumi ... config set` command of a Markdown text: in fenced blocks (one per line) and in
 * inline code. Its project: `-C stacks/<p>`; else the block's last `cd stacks/<p>` before it; else
 * the one project its paragraph (list item, table row) names. A command whose key is elided
 * (`config set --secret ...`) is prose, marked `elided`.
 */
export function documentedConfigCommands(file: string, markdown: string): DocumentedCommand[] {
  const lines = markdown.split("\n");
  const found: DocumentedCommand[] = [];
  let fence: { cd?: string } | undefined;
  // The paragraph, list item or table row around line i.
  const item = (l: string) => /^\s*(?:[-*]|\d+\.)\s/.test(l);
  const edge = (l: string) => l.trim() === "" || l.trimStart().startsWith("```") || l.startsWith("|");
  const paragraphOf = (i: number) => {
    if (lines[i].startsWith("|")) return lines[i];
    let a = i;
    let b = i;
    while (a > 0 && !item(lines[a]) && !edge(lines[a - 1])) a--;
    while (b < lines.length - 1 && !edge(lines[b + 1]) && !item(lines[b + 1])) b++;
    return lines.slice(a, b + 1).join("\n");
  };
  const add = (i: number, text: string, inBlock: boolean) => {
    const words = shellWords(text);
    const parts = configSetParts(words);
    const elided = parts.key === undefined || parts.key === "...";
    const fromCwd = parts.cwd?.match(/^(?:\.\/)?stacks\/([^/]+)\/?$/)?.[1];
    let project = fromCwd ?? (inBlock ? fence?.cd : undefined);
    if (!project && !inBlock) {
      const named = projectsNamed(paragraphOf(i));
      if (named.size === 1) project = [...named][0];
    }
    found.push({ file, line: i + 1, text, words, elided, ...(project ? { project } : {}) });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimStart().startsWith("```")) {
      fence = fence ? undefined : {};
      continue;
    }
    if (fence) {
      const cd = line.match(/^\s*cd\s+(?:\.\/)?stacks\/([^/\s]+)/);
      if (cd) fence.cd = cd[1];
      const m = line.match(/\bpulumi\b[^#]*\bconfig\s+set\b[^#]*/);
      if (m) add(i, m[0].trim(), true);
      continue;
    }
    for (const span of line.matchAll(/`([^`]*\bpulumi\b[^`]*\bconfig\s+set\b[^`]*)`/g)) {
      add(i, span[1].slice(span[1].indexOf("pulumi")).trim(), false);
    }
  }
  return found;
}

/** One `pulumi ...` command of a Markdown text (any subcommand), as words. */
export interface PulumiCommand {
  file: string;
  line: number;
  text: string;
  words: string[];
}

/**
 * Every `pulumi ...` command of a Markdown text, in fenced shell blocks (each line, up to a comment,
 * `&&`, `;` or `|`) and in inline code that starts with `pulumi `.
 */
export function documentedPulumiCommands(file: string, markdown: string): PulumiCommand[] {
  const found: PulumiCommand[] = [];
  let fence: string | undefined;
  const add = (i: number, text: string) => {
    const t = text.trim();
    if (/^pulumi\s+\S/.test(t)) found.push({ file, line: i + 1, text: t, words: shellWords(t) });
  };
  markdown.split("\n").forEach((line, i) => {
    const open = line.trimStart().match(/^```(\w*)/);
    if (open) {
      fence = fence === undefined ? open[1] || "text" : undefined;
      return;
    }
    if (fence !== undefined) {
      if (!/^(sh|bash|shell|console)$/.test(fence)) return;
      for (const part of line.replace(/(^|\s)#.*$/, "").split(/&&|;|\|/)) add(i, part);
      return;
    }
    for (const span of line.matchAll(/`(pulumi\s[^`]*)`/g)) add(i, span[1].split(/&&|;|\\?\|/)[0]);
  });
  return found;
}
