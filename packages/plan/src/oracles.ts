/**
 * Where an upstream oracle lives (schemas, chart directories), for the tests (test/oracles) and for
 * product code that needs one (the chart renderer, helm/charts.ts). In order:
 *
 *   1. `$HUBNET_ORACLES/<name>/`        a folder you point at (for example a shared copy);
 *   2. `../shared/oracles/<name>/`      beside the checkout, as on hubnet's own CI machines;
 *   3. `.cache/oracles/<name>/`         what `pnpm oracles:fetch` downloaded.
 *
 * Only the places: which files an oracle holds and their checksums are the caller's (the tests'
 * manifest, or a chart pin's tree digest). Imports only Node.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

/** This hubnet checkout (this file is packages/plan/src/oracles.ts). */
export const ORACLE_HOME = path.resolve(__dirname, "..", "..", "..");
export const FETCH_ORACLES_COMMAND = "pnpm oracles:fetch";

export interface OracleLocations {
  /** @default process.env */
  env?: NodeJS.ProcessEnv;
  /** @default <checkout>/../shared/oracles */
  shared?: string;
  /** @default <checkout>/.cache/oracles */
  cache?: string;
}

/** Where `pnpm oracles:fetch` writes. */
export const ORACLE_CACHE_DIR = path.join(ORACLE_HOME, ".cache", "oracles");

/** The folders searched for oracle `name`, in order, each with how to describe it in a message. */
export function oracleCandidates(
  name: string,
  where: OracleLocations = {},
): { dir: string; label: string }[] {
  const env = where.env ?? process.env;
  const out: { dir: string; label: string }[] = [];
  if (env.HUBNET_ORACLES) out.push({ dir: path.resolve(env.HUBNET_ORACLES, name), label: "$HUBNET_ORACLES" });
  out.push({
    dir: path.join(where.shared ?? path.join(ORACLE_HOME, "..", "shared", "oracles"), name),
    label: "beside the checkout",
  });
  out.push({ dir: path.join(where.cache ?? ORACLE_CACHE_DIR, name), label: "the cache" });
  return out;
}

export function sha256File(file: string): string {
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/** A folder that holds something other than regular files and folders (a link, a device). */
export class TreeRefused extends Error {}

/**
 * The digest of a folder tree: the sha256 of the lines `<sha256 of file>  <path>` of every regular
 * file under `dir`, paths relative to `dir` with `/`, sorted bytewise, each line ending in `\n`. It
 * is what this shell prints in `dir` (GNU coreutils):
 *
 *   find . -type f | LC_ALL=C sort | sed 's|^\./||' | while read f; do
 *     printf '%s  %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$f"; done | sha256sum
 *
 * A symbolic link (or anything but files and folders) anywhere under `dir` is refused, never followed.
 */
export function treeDigest(dir: string): string {
  const lines: string[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) lines.push(`${sha256File(path.join(dir, child))}  ${child}\n`);
      else throw new TreeRefused(`${path.join(dir, child)} is not a regular file or folder: refused`);
    }
  };
  walk("");
  const byPath = (a: string, b: string) => {
    const pa = Buffer.from(a.slice(66));
    const pb = Buffer.from(b.slice(66));
    return Buffer.compare(pa, pb);
  };
  return createHash("sha256").update(lines.sort(byPath).join("")).digest("hex");
}
