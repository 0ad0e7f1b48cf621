/**
 * Checks of what user servers get that need only the community file: profiles (resources or sizes,
 * defaults, groups), environment variables (plain, never secrets, never the platform's own), shared
 * directories and repositories to pull.
 */

import { credentialValue, SECRET_KEY_RE } from "../credentials";
import { at, type Loaded } from "../loaded";
import { formatPath, type PathSegment, type Problem } from "../problems";
import { isDotSegment } from "../schema/common";
import type { Community } from "../schema/community";

/** Variables the platform sets on user servers (buckets, cloud identity, dask, JupyterHub, KubeSpawner). */
export const RESERVED_ENV_PREFIXES = [
  "JUPYTERHUB_",
  "JPY_",
  "JUPYTER_IMAGE",
  "DASK_GATEWAY_",
  "AWS_",
  "AZURE_",
  "GOOGLE_",
  "GCE_",
  "CLOUDSDK_",
  "KUBERNETES_",
  "MEM_",
  "CPU_",
];
export const RESERVED_ENV_NAMES = [
  "SCRATCH_BUCKET",
  "PERSISTENT_BUCKET",
  "HOME",
  "PATH",
  "USER",
  "NB_USER",
  "NB_UID",
  "NB_GID",
  "SHELL",
];

/** Why an environment variable whose name looks like a secret's is refused, whatever its value. */
export const ENV_SECRET_MESSAGE =
  "names a secret: user servers get no secrets from the community file (users keep them in their own home)";

/**
 * Whether a value looks like a credential; what kind, or undefined (credentials.ts, the same rules
 * as every other value of every file; `name`, the variable's, exempts a public `..._CLIENT_ID`).
 */
export function secretLooking(value: string, name?: string): string | undefined {
  return credentialValue(value, name);
}

export function checkServers(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const report = (p: PathSegment[], message: string, key = false) =>
    problems.push({ ...at(c, p, { key }), path: formatPath(p), message });
  const cfg = c.config;

  cfg.profiles.forEach((p, i) => {
    const at = ["profiles", i];
    if (p.sizes && (p.cpu || p.memory)) {
      report(
        [...at, p.cpu ? "cpu" : "memory"],
        "a profile with sizes takes cpu and memory from each size: remove cpu and memory here",
      );
    } else if (!p.sizes && (!p.cpu || !p.memory)) {
      report(at, `profile "${p.name}" needs cpu and memory, or sizes (a dropdown of node shares)`);
    }
    if (p.sizes) {
      const names = new Map<string, number>();
      p.sizes.forEach((s, j) => {
        const first = names.get(s.name);
        if (first !== undefined)
          report([...at, "sizes", j, "name"], `size name "${s.name}" is already used by sizes[${first}]`);
        else names.set(s.name, j);
      });
      if (p.sizes.filter((s) => s.default).length > 1)
        report([...at, "sizes"], "at most one size may be the default");
    }
    if (p.images && p.images.filter((img) => img.default).length > 1)
      report([...at, "images"], "at most one image choice may be the default");
    if (p.default && p.allowedGroups.length > 0)
      report(
        [...at, "allowedGroups"],
        "the default profile is what everyone starts: it cannot be limited to groups (make another profile the default)",
      );
  });

  for (const [name, value] of Object.entries(cfg.env)) {
    const p = ["env", name];
    if (SECRET_KEY_RE.test(name)) {
      report(p, ENV_SECRET_MESSAGE, true);
    } else if (RESERVED_ENV_NAMES.includes(name) || RESERVED_ENV_PREFIXES.some((x) => name.startsWith(x))) {
      report(
        p,
        `${name} is set by the platform (or by JupyterHub) on every server: choose another name`,
        true,
      );
    }
    const secret = secretLooking(value, name);
    if (secret)
      report(
        p,
        `the value of ${name} looks like ${secret}: never put secrets in the community file${secret === "a random key" ? " (a public identifier, such as an OAuth client ID, is accepted under a name ending in _ID)" : ""}`,
      );
  }

  const dirs = new Map<string, number>();
  if (cfg.storage.shared) dirs.set("shared", -1);
  cfg.storage.sharedDirectories.forEach((d, i) => {
    const p = ["storage", "sharedDirectories", i];
    const first = dirs.get(d.name);
    if (first !== undefined)
      report(
        [...p, "name"],
        first < 0
          ? `"shared" is the built-in shared directory (storage.shared): choose another name`
          : `"${d.name}" is already sharedDirectories[${first}]`,
      );
    else dirs.set(d.name, i);
    if (d.read === "nobody" && d.write === "nobody") report(p, "nobody reads or writes it: remove it");
  });

  const pulled = new Map<string, number>();
  cfg.gitPuller.forEach((g, i) => {
    // The URL as git and browsers read it: `https://host/org/repo/..` is `https://host/org/`.
    const segments = new URL(g.repo).pathname.split("/");
    if (g.repo.split(/[?#]/)[0].split("/").slice(3).some(isDotSegment)) {
      report(
        ["gitPuller", i, "repo"],
        `the URL holds a . or .. segment, which git reads as ${new URL(g.repo).href}: write the repository's own URL`,
      );
      return;
    }
    if (segments.filter(Boolean).length === 0) {
      report(["gitPuller", i, "repo"], "the URL names no repository: write the repository's URL");
      return;
    }
    const dir = g.directory ?? repoDirectory(g.repo);
    if (g.directory === undefined && !PULL_FOLDER_RE.test(dir)) {
      report(
        ["gitPuller", i, "repo"],
        `this repository would be pulled into ~/${dir}, which is ${dir.startsWith(".") ? "a hidden folder (~/.jupyter holds Jupyter's own settings)" : "not a folder name"}: set directory to a folder name`,
      );
      return;
    }
    const first = pulled.get(dir);
    if (first !== undefined)
      report(
        ["gitPuller", i],
        `gitPuller[${first}] already pulls into ~/${dir}: give one of them another directory`,
      );
    else pulled.set(dir, i);
    if (dirs.has(dir))
      report(["gitPuller", i], `~/${dir} is a shared directory: pull into another directory`);
  });
  return problems;
}

/** A folder of the home a repository may be pulled into (as `gitPuller[].directory` is written). */
export const PULL_FOLDER_RE = /^(?!\.)[A-Za-z0-9._-]{1,100}$/;

/** The folder nbgitpuller pulls a repository into by default: its name, without `.git`. */
export function repoDirectory(repo: string): string {
  const last = repo.replace(/\/+$/, "").split("/").pop() ?? "repo";
  return last.replace(/\.git$/, "") || "repo";
}
