/**
 * Field-level differences between two recorded inputs, as readable paths:
 * `values.singleuser.profileList[slug=gpu].kubespawner_override.mem_limit`. Lists of objects that
 * carry a name are matched by it, not by position, so adding a profile shows as one addition and
 * not as every later profile changed. Secrets are `[secret]` on both sides and compare equal: a
 * diff never knows, and never shows, a secret's value.
 */
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../record";

export interface FieldChange {
  path: string;
  kind: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Keys that name an element of a list, in the order they are tried. */
const IDENTITY_KEYS = ["slug", "name", "key", "mountPath", "containerPort", "port", "id"];

function identityKey(a: unknown[], b: unknown[]): string | undefined {
  const all = [...a, ...b];
  if (all.length === 0 || !all.every(isObject)) return undefined;
  for (const k of IDENTITY_KEYS) {
    const ids = (list: unknown[]) => list.map((x) => (x as Record<string, unknown>)[k]);
    const unique = (xs: unknown[]) => new Set(xs).size === xs.length;
    const ok = (xs: unknown[]) =>
      xs.every((x) => typeof x === "string" || typeof x === "number") && unique(xs);
    if (ok(ids(a)) && ok(ids(b))) return k;
  }
  return undefined;
}

const segment = (key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`);
const join = (base: string, key: string) =>
  base ? `${base}${segment(key)}` : segment(key).replace(/^\./, "");

/** Every difference between `before` and `after`, leaves first in document order. */
export function fieldChanges(before: unknown, after: unknown, base = ""): FieldChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (before === SECRET_PLACEHOLDER && after === SECRET_PLACEHOLDER) return [];
  if (isObject(before) && isObject(after)) {
    const out: FieldChange[] = [];
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const k of keys) {
      const p = join(base, k);
      if (!(k in after)) out.push({ path: p, kind: "removed", before: before[k] });
      else if (!(k in before)) out.push({ path: p, kind: "added", after: after[k] });
      else out.push(...fieldChanges(before[k], after[k], p));
    }
    return out;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const key = identityKey(before, after);
    const out: FieldChange[] = [];
    if (key) {
      const id = (x: unknown) => String((x as Record<string, unknown>)[key]);
      const was = new Map(before.map((x) => [id(x), x]));
      const now = new Map(after.map((x) => [id(x), x]));
      for (const [k, x] of was) {
        const p = `${base}[${key}=${k}]`;
        if (!now.has(k)) out.push({ path: p, kind: "removed", before: x });
        else out.push(...fieldChanges(x, now.get(k), p));
      }
      for (const [k, x] of now)
        if (!was.has(k)) out.push({ path: `${base}[${key}=${k}]`, kind: "added", after: x });
      const order = (m: Map<string, unknown>) =>
        [...m.keys()].filter((k) => was.has(k) && now.has(k)).join("\n");
      if (out.length === 0 && order(was) !== order(now))
        out.push({ path: base, kind: "changed", before, after });
      return out;
    }
    // Lists of scalars: as a whole, which reads best (`[a, b] → [a, b, c]`).
    if (!before.some((x) => typeof x === "object") && !after.some((x) => typeof x === "object")) {
      return [{ path: base, kind: "changed", before, after }];
    }
    const n = Math.max(before.length, after.length);
    for (let i = 0; i < n; i++) {
      const p = `${base}[${i}]`;
      if (i >= after.length) out.push({ path: p, kind: "removed", before: before[i] });
      else if (i >= before.length) out.push({ path: p, kind: "added", after: after[i] });
      else out.push(...fieldChanges(before[i], after[i], p));
    }
    return out;
  }
  return [{ path: base, kind: "changed", before, after }];
}

/** One value for a line of text: JSON, cut at `max` characters; multi-line text as its line count. */
export function shortValue(v: unknown, max = 100): string {
  if (v === undefined) return "(none)";
  if (v === SECRET_PLACEHOLDER) return "[secret]";
  if (v === UNKNOWN_PLACEHOLDER) return "(known after deploy)";
  if (typeof v === "string" && v.includes("\n")) return `(text of ${v.split("\n").length} lines)`;
  const text = JSON.stringify(v);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The changed lines of two texts (a short line diff for multi-line values such as config snippets). */
export function lineChanges(before: string, after: string, max = 8): string[] {
  const a = before.split("\n");
  const b = after.split("\n");
  const inB = new Set(b);
  const inA = new Set(a);
  const lines = [
    ...a.filter((l) => !inB.has(l)).map((l) => `- ${l}`),
    ...b.filter((l) => !inA.has(l)).map((l) => `+ ${l}`),
  ];
  return lines.length > max ? [...lines.slice(0, max), `… ${lines.length - max} more changed lines`] : lines;
}

/** A field change as one line (`path: before → after`) and, for multi-line text, its changed lines. */
export function describeChange(c: FieldChange): string[] {
  if (c.kind === "added") return [`+ ${c.path}: ${shortValue(c.after)}`];
  if (c.kind === "removed") return [`- ${c.path}: ${shortValue(c.before)}`];
  if (
    typeof c.before === "string" &&
    typeof c.after === "string" &&
    (c.before.includes("\n") || c.after.includes("\n"))
  ) {
    return [`~ ${c.path}:`, ...lineChanges(c.before, c.after).map((l) => `    ${l}`)];
  }
  return [`~ ${c.path}: ${shortValue(c.before)} → ${shortValue(c.after)}`];
}
