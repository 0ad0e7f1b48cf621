/**
 * Reading resource inputs that may not be known. In a real `pulumi preview`, `args.props` are the
 * resource's inputs, and an input computed from another resource's output (an ID, an e-mail the
 * cloud assigns) is unknown until `pulumi up`: reading it throws `UnknownValueError`, which the
 * policy server would turn into an advisory "can't run during preview", silently weakening a
 * mandatory policy. Every policy reads through `read`, and says what an unknown value means for it.
 * Offline, the plan's "[unknown]" placeholders become the same unknowns (offline.ts).
 */
import { proxy } from "./sdk-internals";

export const UNKNOWN: unique symbol = Symbol("unknown");
export type Maybe<T> = T | typeof UNKNOWN;

/** The value `get` reads, or UNKNOWN when any part of it is not known yet. */
export function read<T>(get: () => T): Maybe<T> {
  try {
    return get();
  } catch (err) {
    if (err instanceof proxy.UnknownValueError) return UNKNOWN;
    throw err;
  }
}

/** A plain copy of a value with every unknown part replaced by UNKNOWN (for walking whole objects). */
export function resolved(value: unknown): unknown {
  const v = read(() => value);
  if (v === UNKNOWN) return UNKNOWN;
  if (Array.isArray(v)) {
    const len = read(() => v.length);
    if (len === UNKNOWN) return UNKNOWN;
    return Array.from({ length: len as number }, (_, i) => resolved(read(() => v[i])));
  }
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = resolved(read(() => (v as Record<string, unknown>)[k]));
    return out;
  }
  return v;
}

/** The object at `path` inside `value` (resolved), or undefined when missing. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = value;
  for (const p of path) {
    if (cur === UNKNOWN) return UNKNOWN;
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

export function asRecord(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asStrings(v: unknown): string[] {
  return asArray(v).filter((x): x is string => typeof x === "string");
}
