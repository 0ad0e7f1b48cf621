/**
 * What a chart gets for the values a plan does not know. The recorded inputs hold "[secret]" where
 * the program passed a secret and "[unknown]" where a value is known only at deploy (record.ts);
 * templates need real strings (z2jh's hub accepts only hex cookie secrets and crypt keys), so each
 * placeholder becomes a value derived from its path alone: the same on every render (the chart's
 * checksum annotations change only when something else changed), hex (what every secret field of
 * the pinned charts accepts), and never a real secret, since none reaches the plan.
 *
 * `redact` puts the placeholders back into what the chart rendered, wherever a stand-in shows (a
 * ConfigMap, an argument); every Secret's data becomes "[secret]" whole.
 */
import { createHash } from "node:crypto";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../record";
import type { K8sObject } from "./k8s-object";

export interface StandIns {
  values: unknown;
  /** Each stand-in and the placeholder it replaced. */
  replaced: Map<string, string>;
}

function standIn(kind: "secret" | "unknown", at: string): string {
  const hex = createHash("sha256").update(`hubnet-plan-${kind}:${at}`).digest("hex");
  return kind === "secret" ? hex : `unknown${hex.slice(0, 12)}`;
}

/** `values` with each placeholder replaced by its stand-in. */
export function withStandIns(values: unknown): StandIns {
  const replaced = new Map<string, string>();
  const walk = (v: unknown, at: string): unknown => {
    if (v === SECRET_PLACEHOLDER || v === UNKNOWN_PLACEHOLDER) {
      const s = standIn(v === SECRET_PLACEHOLDER ? "secret" : "unknown", at);
      replaced.set(s, v);
      return s;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${at}[${i}]`));
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, `${at}.${k}`);
      return out;
    }
    return v;
  };
  return { values: walk(values, ""), replaced };
}

const SECRET_KINDS = new Set(["Secret"]);

/** The rendered objects with every stand-in (and every Secret's data) back to its placeholder. */
export function redact(objects: K8sObject[], replaced: Map<string, string>): K8sObject[] {
  const standIns = [...replaced.keys()];
  const text = (s: string): string => {
    let out = s;
    for (const x of standIns) if (out.includes(x)) out = out.split(x).join(replaced.get(x) as string);
    return out;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === "string") return standIns.length > 0 ? text(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return objects.map((o) => {
    const copy = walk(o) as K8sObject;
    if (SECRET_KINDS.has(copy.kind)) {
      for (const field of ["data", "stringData"] as const) {
        const data = copy[field];
        if (data && typeof data === "object")
          copy[field] = Object.fromEntries(Object.keys(data).map((k) => [k, SECRET_PLACEHOLDER]));
      }
    }
    return copy;
  });
}
