/**
 * The z2jh 4.4.0 values schema as an oracle: values are merged over the
 * chart's values.yaml like Helm does (maps merge, lists and scalars replace,
 * null deletes) and validated with ajv.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { oracleDir } from "../../../../test/oracles";

/** The chart's files (found by test/oracles: HUBNET_ORACLES, ../shared/oracles, or `pnpm oracles:fetch`'s cache). */
export function z2jhDir(): string {
  return oracleDir("z2jh-4.4.0");
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function helmMerge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = k in base ? helmMerge(base[k], v) : v;
  }
  return out;
}

let validator: ((values: unknown) => { ok: boolean; errors: string[] }) | undefined;

export function z2jhDefaults(): Record<string, unknown> {
  return parse(fs.readFileSync(path.join(z2jhDir(), "values.yaml"), "utf8"));
}

/** Validate chart values (merged over the defaults) against values.schema.yaml. */
export function validateZ2jhValues(values: unknown): { ok: boolean; errors: string[] } {
  if (!validator) {
    const schema = parse(fs.readFileSync(path.join(z2jhDir(), "values.schema.yaml"), "utf8"));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const defaults = z2jhDefaults();
    validator = (v) => {
      const ok = validate(helmMerge(defaults, v)) as boolean;
      return {
        ok,
        errors: (validate.errors ?? []).map(
          (e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`,
        ),
      };
    };
  }
  return validator(values);
}
