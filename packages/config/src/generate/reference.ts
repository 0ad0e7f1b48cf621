/**
 * The config reference (docs/reference/*.md), generated from the JSON Schemas
 * and so from the zod descriptions: one table per object with field, type,
 * default and description, like the zero-to-jupyterhub configuration reference.
 */
import { stringify } from "yaml";
import { CLOUDS } from "../clouds";
import { clusterJsonSchema, communityJsonSchema, type JsonSchema } from "./json-schema";

interface Section {
  path: string;
  /** The union member this section belongs to, e.g. `cloud: gcp`. */
  variant?: string;
  description?: string;
  rows: string[];
  /** Examples of the object (`.meta({ examples })` on its schema), shown as YAML under its key. */
  examples?: unknown[];
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
/** Table-cell text: pipes escaped, and `<placeholders>` outside code spans kept from turning into HTML. */
const esc = (s: string) =>
  s
    .replace(/\|/g, "\\|")
    .replace(/\n+/g, " ")
    .split("`")
    .map((part, i) => (i % 2 === 0 ? part.replace(/</g, "&lt;").replace(/>/g, "&gt;") : part))
    .join("`");
const code = (v: unknown) => `\`${typeof v === "string" ? v : JSON.stringify(v)}\``;

function variants(s: JsonSchema): JsonSchema[] | undefined {
  const list = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (!list) return undefined;
  const objects = list.filter((o) => o.type === "object" && o.properties);
  return objects.length === list.length && objects.length > 0 ? objects : undefined;
}

/** The `provider: github` style label of a union member, from its const property. */
function variantLabel(s: JsonSchema): string {
  for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, JsonSchema>)) {
    if (v.const !== undefined) return `${k}: ${String(v.const)}`;
  }
  return "variant";
}

export function typeOf(s: JsonSchema): string {
  if (s.const !== undefined) return code(s.const);
  if (Array.isArray(s.enum)) return (s.enum as unknown[]).map(code).join(", ");
  const union = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  const t = s.type;
  if (t === "array") {
    const items = (s.items ?? {}) as JsonSchema;
    return items.type === "object" && items.properties ? "list of mappings" : `list of ${typeOf(items)}`;
  }
  if (t === "object") {
    if (s.properties) return "mapping";
    const values = s.additionalProperties as JsonSchema | undefined;
    return values && typeof values === "object" ? `mapping of string to ${typeOf(values)}` : "mapping";
  }
  if (typeof t === "string") {
    if (t === "string" && s.pattern && union) return "quantity (string)";
    return t;
  }
  if (Array.isArray(t)) return t.join(" or ");
  if (union) {
    if (variants(s)) return "mapping (one of the variants below)";
    return [...new Set(union.map(typeOf))].join(" or ");
  }
  return "any";
}

function defaultOf(s: JsonSchema, required: boolean): string {
  if (s.default !== undefined) {
    const d = s.default;
    if (d !== null && typeof d === "object" && !Array.isArray(d) && Object.keys(d).length > 0)
      return "see below";
    return code(d);
  }
  return required ? "**required**" : "";
}

function collect(s: JsonSchema, path: string, out: Section[], variant?: string): void {
  const vs = variants(s);
  if (vs) {
    for (const v of vs) {
      const label = variantLabel(v);
      collect(
        { ...v, description: v.description ?? s.description },
        path,
        out,
        variant ? `${variant}, ${label}` : label,
      );
    }
    return;
  }
  const props = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const section: Section = {
    path,
    variant,
    description: str(s.description),
    rows: [],
    examples: Array.isArray(s.examples) ? (s.examples as unknown[]) : undefined,
  };
  out.push(section);
  const nested: [JsonSchema, string][] = [];
  const join = (k: string) => (path === "" ? k : `${path}.${k}`);
  for (const [key, prop] of Object.entries(props)) {
    const description = str(prop.description) ?? "";
    section.rows.push(
      `| \`${key}\` | ${esc(typeOf(prop))} | ${esc(defaultOf(prop, required.has(key)))} | ${esc(description)} |`,
    );
    if (prop.type === "object" && prop.properties) nested.push([prop, join(key)]);
    else if (variants(prop)) nested.push([prop, join(key)]);
    else if (prop.type === "array") {
      const items = (prop.items ?? {}) as JsonSchema;
      if ((items.type === "object" && items.properties) || variants(items))
        nested.push([items, `${join(key)}[]`]);
    }
  }
  for (const [child, childPath] of nested) collect(child, childPath, out, variant);
}

/** An example of the object at `path`, under its own key (a list item when the path ends in `[]`). */
function exampleYaml(path: string, example: unknown): string {
  const last = path.split(".").pop() ?? "";
  const key = last.replace(/\[\]$/g, "");
  if (key === "") return stringify(example);
  return stringify({ [key]: last.endsWith("[]") ? [example] : example }, { flowCollectionPadding: true });
}

export function renderReference(
  schema: JsonSchema,
  opts: { title: string; intro: string; rootName: string },
): string {
  const sections: Section[] = [];
  collect(schema, "", sections);
  const lines = [
    "<!-- Generated by `pnpm hubnet generate` from packages/config/src/schema. Do not edit by hand. -->",
    "",
    `# ${opts.title}`,
    "",
    opts.intro,
    "",
  ];
  for (const s of sections) {
    const name = s.path === "" ? opts.rootName : `\`${s.path}\``;
    lines.push(`## ${name}${s.variant ? ` (${s.variant})` : ""}`, "");
    if (s.description) lines.push(s.description, "");
    for (const example of s.examples ?? [])
      lines.push("```yaml", exampleYaml(s.path, example).trimEnd(), "```", "");
    if (s.rows.length === 0) {
      lines.push("No fields.", "");
      continue;
    }
    lines.push("| Field | Type | Default | Description |", "| --- | --- | --- | --- |", ...s.rows, "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

export function communityReference(): string {
  return renderReference(communityJsonSchema(), {
    title: "Community file reference",
    rootName: "Top level",
    intro:
      "Every field of `communities/<name>/community.yaml`. Sizes use Kubernetes spellings (`4G`, `512Mi`); " +
      "CPU is cores (`2`, `0.5`) or millicores (`500m`); durations are `30m`, `1h`, `2d`. " +
      "See [the community guide](../communities/README.md) for how to change this file.",
  });
}

export function clusterReference(): string {
  return renderReference(clusterJsonSchema(), {
    title: "Cluster reference",
    rootName: "Cluster",
    intro:
      "The `hubnet:cluster` value of `stacks/cluster/Pulumi.<cluster>.yaml`, one section per cloud " +
      `(${CLOUDS.map((c) => `\`${c}\``).join(", ")}). Machine types and GPUs are checked against the tables of ` +
      "each cloud's module, packages/config/src/clouds/<cloud>.ts.",
  });
}

/** Every generated reference page, keyed by its path relative to the repository root. */
export function generatedReferenceFiles(): Record<string, string> {
  return {
    "docs/reference/community.md": communityReference(),
    "docs/reference/cluster.md": clusterReference(),
  };
}
