/**
 * Turns zod issues into Problems at the right FILE:LINE:COL, with messages a
 * community member can act on (missing fields, wrong types, unknown keys with a
 * "did you mean" suggestion).
 */
import type { z } from "zod";
import { credentialShape, randomKey, secretPlace } from "./credentials";
import { capped, didYouMean, formatPath, type PathSegment, type Problem } from "./problems";
import { positionAt, scalarText, type YamlSource } from "./yaml-source";

export interface PlaintextSecretOptions {
  /** Where a long random string is a credential too (free-form values: `env`, stack config). */
  random?: (rel: readonly PathSegment[]) => boolean;
  /** Where values are checked by their shape (default: everywhere; keys are checked everywhere). */
  values?: (rel: readonly PathSegment[]) => boolean;
}

/**
 * Every credential in `src` below `base` that is not a Pulumi secret (credentials.ts: by its
 * shape or its place, not only by its key's name) is refused: secrets live in Pulumi config,
 * encrypted (`pulumi config set --secret`). Returns the problems, the paths of keys the schema
 * does not know (so the schema check does not report the same key a second time as unknown), and
 * the paths of every value reported (so no second problem is reported at the same place).
 */
/** A non-empty object or list whose every leaf is a Pulumi secret (`{prod: {secure: ...}}`). */
function onlySecrets(v: unknown): boolean {
  if (isSecureValue(v)) return true;
  const items = Array.isArray(v) ? v : isObject(v) ? Object.values(v) : undefined;
  return items !== undefined && items.length > 0 && items.every(onlySecrets);
}

export function findPlaintextSecrets(
  src: YamlSource,
  base: readonly PathSegment[],
  /** How to store it instead: a command, or a function of the path (relative to `base`) giving the exact one. */
  hint: string | ((rel: readonly PathSegment[]) => string),
  schema?: z.ZodType,
  opts: PlaintextSecretOptions = {},
): { problems: Problem[]; paths: string[]; reported: Set<string> } {
  const problems: Problem[] = [];
  const paths: string[] = [];
  const reported = new Set<string>();
  const data = src.data;
  const how = (rel: readonly PathSegment[]) => (typeof hint === "string" ? hint : hint(rel));
  const visit = (node: unknown, rel: PathSegment[]) => {
    if (isSecureValue(node)) return;
    const entries: [PathSegment, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [i, v])
      : isObject(node)
        ? Object.entries(node)
        : [];
    for (const [seg, value] of entries) {
      const here = [...rel, seg];
      // A Pulumi secret, or a map or list of nothing but secrets (`config set --secret --path 'k.hub'`).
      if (isSecureValue(value) || onlySecrets(value)) continue;
      const key = typeof seg === "string" ? seg : undefined;
      const empty = value === null || value === undefined || value === "";
      const known =
        key !== undefined && schema !== undefined && knownKeys(schema, getAt(data, base), rel).includes(key);
      const place = key !== undefined && !known && !empty ? secretPlace(key, here) : undefined;
      if (place) {
        paths.push(formatPath(here));
        reported.add(formatPath(here));
        problems.push({
          file: src.file,
          ...positionAt(src, [...base, ...here], { key: true }),
          path: formatPath(here),
          message: `looks like ${place} written in plain text; remove it from this file and store it encrypted with ${how(here)}`,
        });
        continue; // what is below it is part of the same secret
      }
      if (typeof value === "string" && (opts.values?.(here) ?? true)) {
        const name =
          key ?? (typeof rel[rel.length - 1] === "string" ? String(rel[rel.length - 1]) : undefined);
        const what =
          credentialShape(value) ??
          (opts.random?.(here) && randomKey(value, name) ? "a random key" : undefined);
        if (what) {
          reported.add(formatPath(here));
          problems.push({
            file: src.file,
            ...positionAt(src, [...base, ...here]),
            path: formatPath(here),
            message: `is ${what} written in plain text; remove it from this file and store it encrypted with ${how(here)}`,
          });
        }
      } else if (typeof value === "object") visit(value, here);
    }
  };
  visit(getAt(data, base), []);
  return { problems, paths, reported };
}

/** `{secure: "v1:..."}`: a value `pulumi config set --secret` encrypted (its ciphertext is no credential). */
function isSecureValue(v: unknown): boolean {
  return isObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";
}

/** Validate `data` (found at `base` inside `src`) against `schema`. */
export function validateAgainst<S extends z.ZodType>(
  schema: S,
  data: unknown,
  src: YamlSource,
  base: readonly PathSegment[],
  skipPaths: readonly string[] = [],
): { value?: z.output<S>; problems: Problem[] } {
  const cleaned = skipPaths.length ? removePaths(data, skipPaths) : data;
  const result = schema.safeParse(cleaned);
  if (result.success) return { value: result.data, problems: [] };
  const problems: Problem[] = [];
  const suggested = new Set<string>();
  for (const issue of result.error.issues) {
    problems.push(...issueToProblems(schema, cleaned, issue, src, base, suggested));
  }
  // A misspelled key is one mistake: "unknown field dispayName: did you mean displayName?" says it all,
  // so the missing displayName it causes is not reported a second time.
  const missing = problems.filter(
    (p) => !(p.path && suggested.has(p.path) && p.message.startsWith("missing required field")),
  );
  return { problems: capped(dedupe(missing)) };
}

function issueToProblems(
  schema: z.ZodType,
  data: unknown,
  issue: z.core.$ZodIssue,
  src: YamlSource,
  base: readonly PathSegment[],
  suggested: Set<string>,
): Problem[] {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol") as PathSegment[];
  const full = [...base, ...path];
  const value = getAt(data, path);
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, data, path);
    // Suggest a field that is not there yet: "dispayName" next to an existing "displayName" is a duplicate, not a typo.
    const present = new Set(Object.keys((isObject(value) ? value : {}) as object));
    const absent = known.filter((k) => !present.has(k));
    return issue.keys.map((key) => {
      const suggestion = didYouMean(key, absent);
      if (suggestion) suggested.add(formatPath([...full, suggestion]));
      const pos = positionAt(src, [...full, key], { key: true });
      return {
        file: src.file,
        ...pos,
        path: formatPath([...full, key]),
        message: suggestion
          ? `unknown field "${key}": did you mean "${suggestion}"?`
          : `unknown field "${key}"${known.length ? `; allowed fields here: ${known.join(", ")}` : ""}`,
      };
    });
  }
  const pos = positionAt(src, full);
  const where = { file: src.file, ...pos, path: formatPath(full) || undefined };
  // A discriminated union (auth.provider, cloud): zod 4 reports the discriminator key and its options.
  const disc = issue as { discriminator?: string; options?: unknown[] };
  if (issue.code === "invalid_union" && disc.discriminator && Array.isArray(disc.options)) {
    const options = disc.options.map(String);
    const suggestion = typeof value === "string" ? didYouMean(value, options) : undefined;
    return [
      {
        ...where,
        message:
          value === undefined
            ? `missing required field "${disc.discriminator}": one of ${options.join(", ")}`
            : `${describe(value)} is not one of ${options.join(", ")}${suggestion ? `; did you mean "${suggestion}"?` : ""}`,
      },
    ];
  }
  if (issue.code === "invalid_union") {
    if (value === undefined)
      return [{ ...where, message: `missing required field "${String(path[path.length - 1])}"` }];
    return [{ ...where, message: `${describe(value)} is not valid here` }];
  }
  if (value === undefined && issue.code === "invalid_type") {
    const field = path[path.length - 1];
    return [{ ...where, message: `missing required field "${String(field)}"` }];
  }
  if (issue.code === "invalid_type") {
    // `branch: 1.10`, `version: yes`...: YAML made the text another type; what was written is what is meant.
    const written = issue.expected === "string" ? scalarText(src, full) : undefined;
    if (written !== undefined && (value === null || typeof value === "number" || typeof value === "boolean"))
      return [
        {
          ...where,
          message: `expected a string, got ${written}, which YAML reads as ${value === null ? "null" : `the ${typeof value} ${String(value)}`}: quote it ("${written}")`,
        },
      ];
    return [{ ...where, message: `expected ${article(issue.expected)}, got ${describe(value)}` }];
  }
  if (issue.code === "invalid_value") {
    const values = issue.values.map((v) => JSON.stringify(v));
    const suggestion = typeof value === "string" ? didYouMean(value, issue.values.map(String)) : undefined;
    if (issue.message && !issue.message.startsWith("Invalid input"))
      return [{ ...where, message: issue.message }];
    return [
      {
        ...where,
        message: `${describe(value)} is not allowed: use ${values.length === 1 ? values[0] : `one of ${values.join(", ")}`}${
          suggestion ? ` (did you mean "${suggestion}"?)` : ""
        }`,
      },
    ];
  }
  if (issue.code === "too_small" || issue.code === "too_big") {
    const m = issue.message;
    if (!m.startsWith("Too ")) return [{ ...where, message: m }];
    const bound = issue.code === "too_small" ? "at least" : "at most";
    const limit = String(
      (issue as { minimum?: unknown; maximum?: unknown }).minimum ?? (issue as { maximum?: unknown }).maximum,
    );
    const unit = issue.origin === "array" ? " items" : issue.origin === "string" ? " characters" : "";
    return [{ ...where, message: `must be ${bound} ${limit}${unit}, got ${describe(value)}` }];
  }
  return [{ ...where, message: issue.message }];
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.line}:${p.col}:${p.path}:${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function article(t: string): string {
  const names: Record<string, string> = {
    string: "a string",
    number: "a number",
    boolean: "true or false",
    array: "a list",
    object: "a mapping",
    int: "a whole number",
  };
  return names[t] ?? t;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return JSON.stringify(v);
  return String(v);
}

export function getAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = data;
  for (const seg of path) {
    // Own properties only: no path reaches an object's prototype.
    if (cur === null || typeof cur !== "object" || !Object.hasOwn(cur, seg)) return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function removePaths(data: unknown, paths: readonly string[]): unknown {
  const clone = structuredClone(data);
  const visit = (node: unknown, prefix: PathSegment[]) => {
    if (Array.isArray(node)) {
      node.forEach((n, i) => {
        visit(n, [...prefix, i]);
      });
    } else if (isObject(node)) {
      for (const k of Object.keys(node)) {
        if (paths.includes(formatPath([...prefix, k]))) delete node[k];
        else visit(node[k], [...prefix, k]);
      }
    }
  };
  visit(clone, []);
  return clone;
}

// --- walking the schema, to know which keys are allowed at a path ---------------

type AnyDef = { type: string; [k: string]: unknown };
const defOf = (s: unknown): AnyDef => (s as { _zod: { def: AnyDef } })._zod.def;

function unwrap(s: unknown): unknown {
  let cur = s;
  for (let i = 0; i < 20; i++) {
    const d = defOf(cur);
    if (["optional", "default", "nullable", "prefault", "readonly", "catch"].includes(d.type))
      cur = d.innerType;
    else if (d.type === "pipe") cur = d.in;
    else return cur;
  }
  return cur;
}

function schemaAt(schema: unknown, data: unknown, path: readonly PathSegment[]): unknown {
  let cur = unwrap(schema);
  let value = data;
  for (const seg of path) {
    cur = pickOption(cur, value);
    const d = defOf(cur);
    let next: unknown;
    if (d.type === "object")
      next = Object.hasOwn(d.shape as object, seg)
        ? (d.shape as Record<string, unknown>)[seg as string]
        : undefined;
    else if (d.type === "array") next = d.element;
    else if (d.type === "record") next = d.valueType;
    // A key the schema does not know (`extra.password`): nothing is known below it.
    if (next === undefined) return undefined;
    cur = unwrap(next);
    value =
      isObject(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[seg] : undefined;
  }
  return pickOption(cur, value);
}

function pickOption(s: unknown, value: unknown): unknown {
  const d = defOf(s);
  if (d.type !== "union") return s;
  const disc = d.discriminator as string | undefined;
  const options = (d.options as unknown[]).map(unwrap);
  if (disc && isObject(value)) {
    const match = options.find((o) => {
      const shape = defOf(o).shape as Record<string, unknown> | undefined;
      const lit = shape?.[disc];
      return lit && (defOf(lit).values as unknown[] | undefined)?.includes(value[disc]);
    });
    if (match) return match;
  }
  return options.find((o) => defOf(o).type === "object") ?? s;
}

function knownKeys(schema: unknown, data: unknown, path: readonly PathSegment[]): string[] {
  const s = schemaAt(schema, data, path);
  if (!s) return [];
  const d = defOf(s);
  return d.type === "object" ? Object.keys(d.shape as object) : [];
}
