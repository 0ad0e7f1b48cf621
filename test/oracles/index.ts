/**
 * Where the tests find an upstream oracle (test/oracles/README.md). In order:
 *
 *   1. `$HUBNET_ORACLES/<name>/`        a folder you point at (for example a shared copy);
 *   2. `../shared/oracles/<name>/`      beside the checkout, as on hubnet's own CI machines;
 *   3. `.cache/oracles/<name>/`         what `pnpm oracles:fetch` downloaded.
 *
 * The first location holding every file of the oracle is used, and each file's sha256 must be the
 * pinned one (manifest.ts): a test never runs against another version than the one it names. A
 * missing oracle fails with a message naming the command that fetches it.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { oracleCandidates } from "@hubnet/plan/oracles";
import { ORACLES, type Oracle } from "./manifest";

export { CHART_ORACLES, type ChartOracle, ORACLES, type Oracle } from "./manifest";

/** The checkout (this file is test/oracles/index.ts). */
export const REPO = path.resolve(__dirname, "..", "..");
/** Where `pnpm oracles:fetch` writes. */
export const CACHE_DIR = path.join(REPO, ".cache", "oracles");
export const FETCH_COMMAND = "pnpm oracles:fetch";

export interface Locations {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default <checkout>/../shared/oracles */
  shared?: string;
  /** @default <checkout>/.cache/oracles */
  cache?: string;
}

/** The folders searched for `name`, in order, each with how to describe it in a message. */
export function candidates(name: string, where: Locations = {}): { dir: string; label: string }[] {
  return oracleCandidates(name, { ...where, cache: where.cache ?? CACHE_DIR });
}

export function oracle(name: string): Oracle {
  const found = ORACLES.find((o) => o.name === name);
  if (!found) throw new Error(`no oracle named "${name}" (known: ${ORACLES.map((o) => o.name).join(", ")})`);
  return found;
}

export function sha256(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** An oracle folder with a file of another version: not used silently. */
export class OracleMismatch extends Error {}

/** The folder of `dir` if it holds every file of `o` with its pinned checksum; undefined if a file is missing. */
export function verified(o: Oracle, dir: string): string | undefined {
  if (!o.files.every((f) => fs.existsSync(path.join(dir, f.name)))) return undefined;
  for (const f of o.files) {
    const actual = sha256(path.join(dir, f.name));
    if (actual !== f.sha256) {
      throw new OracleMismatch(
        `${path.join(dir, f.name)} has sha256 ${actual}, not the pinned ${f.sha256} (${o.title}): ` +
          `remove it and run \`${FETCH_COMMAND}\`, or point HUBNET_ORACLES at a copy of the pinned version`,
      );
    }
  }
  return dir;
}

/** Where oracle `name` is, or undefined (no location holds it). */
export function findOracle(name: string, where: Locations = {}): string | undefined {
  const o = oracle(name);
  for (const c of candidates(name, where)) {
    const dir = verified(o, c.dir);
    if (dir) return dir;
  }
  return undefined;
}

/** Where oracle `name` is; throws, naming the command to run, when no location holds it. */
export function oracleDir(name: string, where: Locations = {}): string {
  const dir = findOracle(name, where);
  if (dir) return dir;
  const looked = candidates(name, where)
    .map((c) => `${path.relative(process.cwd(), c.dir) || "."} (${c.label})`)
    .join(", ");
  throw new Error(
    `the upstream oracle "${name}" (${oracle(name).title}) is not on this machine: run \`${FETCH_COMMAND}\` ` +
      `to download it into .cache/oracles, or set HUBNET_ORACLES to a folder holding ${name}/. Looked in: ${looked}`,
  );
}

/** The path of one file of oracle `name`. */
export function oracleFile(name: string, file: string, where: Locations = {}): string {
  const o = oracle(name);
  if (!o.files.some((f) => f.name === file))
    throw new Error(`oracle "${name}" has no file ${file} (files: ${o.files.map((f) => f.name).join(", ")})`);
  return path.join(oracleDir(name, where), file);
}
