/**
 * Upstream Helm chart values schemas as oracles (`../shared/oracles/<chart>-<version>/`): values are
 * merged over the chart's own values.yaml as Helm does (`helmMerge`) and validated with ajv
 * (`strict: false`, as the z2jh check does). Each oracle directory names the chart version it was
 * copied from; tests check that it is the version hubnet pins.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import { REPO_ROOT } from "./cluster-outputs";
import { helmMerge } from "./z2jh-schema";

export const ORACLES = path.resolve(REPO_ROOT, "../shared/oracles");

export interface ChartOracle {
  /** The oracle directory, e.g. `dask-gateway-2026.3.0`. */
  dir: string;
  /** The chart's values.yaml. */
  defaults: unknown;
  validate(values: unknown): { ok: boolean; errors: string[] };
}

const cache = new Map<string, ChartOracle>();

/** The oracle of chart `chart` at `version`; its schema is `values.schema.json` or `.yaml`. */
export function chartOracle(chart: string, version: string): ChartOracle {
  const dir = `${chart}-${version}`;
  const cached = cache.get(dir);
  if (cached) return cached;
  const base = path.join(ORACLES, dir);
  if (!fs.existsSync(base)) throw new Error(`no oracle for ${chart} ${version}: ${base} is missing`);
  const schemaFile = ["values.schema.json", "values.schema.yaml"]
    .map((f) => path.join(base, f))
    .find((f) => fs.existsSync(f));
  if (!schemaFile) throw new Error(`${base} has no values schema`);
  const schema = parse(fs.readFileSync(schemaFile, "utf8"));
  const defaults = parse(fs.readFileSync(path.join(base, "values.yaml"), "utf8"));
  const ajv = new Ajv({ strict: false, allErrors: true });
  const check = ajv.compile(schema);
  const oracle: ChartOracle = {
    dir,
    defaults,
    validate(values) {
      const ok = check(helmMerge(defaults, values)) as boolean;
      return {
        ok,
        errors: (check.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
      };
    },
  };
  cache.set(dir, oracle);
  return oracle;
}
