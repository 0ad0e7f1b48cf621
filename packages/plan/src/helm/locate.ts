/**
 * Finding the pinned Helm binary (pin.ts). In order: `$HUBNET_HELM`, `.cache/helm/<version>/helm`
 * of this checkout (where `pnpm helm:install` puts it), then `helm` on PATH. A binary of another
 * version is not used: the first candidate that exists must be the pinned one, or the next is tried
 * and the mismatch is reported if none fits.
 */
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ORACLE_HOME } from "../oracles";
import { HELM, HELM_INSTALL_COMMAND } from "./pin";

const run = promisify(execFile);

export interface HelmBinary {
  path: string;
  /** The version it reports (for a `go install` build, the module version of its build info). */
  version: string;
}

export type HelmLookup = { found: HelmBinary } | { missing: string };

/** Where the installer puts the pinned Helm. */
export function cachedHelmPath(home = ORACLE_HOME, version: string = HELM.version): string {
  return path.join(home, ".cache", "helm", version, "helm");
}

/** The candidates, in order, with how to name each in a message. */
export function helmCandidates(
  env: NodeJS.ProcessEnv = process.env,
  home = ORACLE_HOME,
): { file: string; label: string }[] {
  const out: { file: string; label: string }[] = [];
  if (env.HUBNET_HELM) out.push({ file: path.resolve(env.HUBNET_HELM), label: "$HUBNET_HELM" });
  out.push({ file: cachedHelmPath(home), label: "the cache" });
  for (const dir of (env.PATH ?? "").split(path.delimiter).filter(Boolean)) {
    out.push({ file: path.join(dir, "helm"), label: "PATH" });
  }
  return out;
}

/**
 * The version of a Helm binary. A release build reports its full version (`v3.21.4+g…`); a
 * `go install` build reports only `v3.21` (no ldflags), so its Go build info (`helm version` cannot
 * show it; the binary's embedded module version) decides: read with `go version -m` when Go is there.
 */
export async function helmVersion(file: string): Promise<string> {
  const { stdout } = await run(file, ["version", "--template", "{{.Version}}"], { timeout: 20_000 });
  const reported = stdout.trim();
  if (/^v\d+\.\d+\.\d+/.test(reported)) return reported.replace(/\+.*$/, "");
  try {
    const { stdout: info } = await run("go", ["version", "-m", file], { timeout: 20_000 });
    const mod = info.split("\n").find((l) => /^\s*mod\s+helm\.sh\/helm\//.test(l));
    const version = mod?.trim().split(/\s+/)[2];
    if (version && version !== "(devel)") return version;
  } catch {
    // no Go: the minor alone is known
  }
  return reported;
}

/**
 * The version of `file`, remembered in `<home>/.cache/helm/versions.json` by path, size and
 * modification time: asking a binary its version costs two processes, which a one-community plan
 * feels.
 */
async function knownVersion(file: string, home: string): Promise<string> {
  const memo = path.join(home, ".cache", "helm", "versions.json");
  const st = fs.statSync(file);
  const key = `${file}:${st.size}:${st.mtimeMs}`;
  let known: Record<string, string> = {};
  try {
    known = JSON.parse(fs.readFileSync(memo, "utf8")) as Record<string, string>;
    if (typeof known[key] === "string") return known[key];
  } catch {
    known = {};
  }
  const version = await helmVersion(file);
  try {
    fs.mkdirSync(path.dirname(memo), { recursive: true });
    fs.writeFileSync(memo, JSON.stringify({ ...known, [key]: version }));
  } catch {
    // only time is lost
  }
  return version;
}

/** Does a reported version satisfy the pin? Exact, or (a build that only knows its minor) the same minor. */
export function matchesPin(version: string, pin: string = HELM.version): boolean {
  if (version === pin) return true;
  const minor = pin.split(".").slice(0, 2).join(".");
  return version === minor;
}

let cached: Promise<HelmLookup> | undefined;

/** The pinned Helm, or why there is none (with the command that installs it). Memoized per process. */
export function findHelm(env: NodeJS.ProcessEnv = process.env, home = ORACLE_HOME): Promise<HelmLookup> {
  if (env === process.env && home === ORACLE_HOME) {
    cached ??= lookup(env, home);
    return cached;
  }
  return lookup(env, home);
}

async function lookup(env: NodeJS.ProcessEnv, home: string): Promise<HelmLookup> {
  const rejected: string[] = [];
  for (const c of helmCandidates(env, home)) {
    try {
      const st = fs.statSync(c.file);
      if (!st.isFile()) continue;
    } catch {
      if (c.label === "$HUBNET_HELM") rejected.push(`${c.file} ($HUBNET_HELM) does not exist`);
      continue;
    }
    try {
      const version = await knownVersion(c.file, home);
      if (matchesPin(version)) return { found: { path: c.file, version } };
      rejected.push(`${c.file} (${c.label}) is Helm ${version}, not ${HELM.version}`);
    } catch (err) {
      rejected.push(`${c.file} (${c.label}) did not run: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  return {
    missing:
      `Helm ${HELM.version} is not installed: run \`${HELM_INSTALL_COMMAND}\` (needs Go; builds ${HELM.module}/cmd/helm@${HELM.version} ` +
      `into .cache/helm/${HELM.version}/), or set HUBNET_HELM to that binary` +
      (rejected.length > 0 ? ` (${rejected.join("; ")})` : ""),
  };
}
