/**
 * A git repository laid out like a hubnet checkout, for tests of commands that compare commits
 * (`hubnet affected`, `hubnet diff`): this checkout's code (packages/, stacks/, the workspace files)
 * with the test network (test/fixtures/network) as its communities and clusters, committed once;
 * tests then commit edits on branches of their own.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { linkNodeModules } from "../../packages/cli/src/changes/render-at";
import { FIXTURE_NETWORK } from "../fixtures";
import { REPO, tmpDir } from "./cli";

/** An edit of a file (relative to the repository): new content, a function of the old, or null to delete. */
export type FileEdit = string | ((old: string) => string) | null;

export interface GitNetwork {
  dir: string;
  /** The first commit (tagged `base`). */
  base: string;
  git(...args: string[]): string;
  /** Applies `edits` on a new branch `name` from `from` (default `base`) and commits them; returns the commit. */
  commit(name: string, edits: Record<string, FileEdit>, from?: string): string;
}

const WORKSPACE = ["package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", "tsconfig.json", ".gitignore"];

/** Copies this checkout's tracked code (packages/, stacks/ programs, the policy pack, workspace files; no tests, no stack files) into `dir`. */
export function copyCode(dir: string): void {
  const tracked = execFileSync("git", ["ls-files", "-z", "packages", "stacks", "policies", ...WORKSPACE], {
    cwd: REPO,
    encoding: "utf8",
  })
    .split("\0")
    .filter((f) => f && !/^stacks\/cluster\/Pulumi\.[^.]+\.yaml$/.test(f) && !/\/test\//.test(f));
  for (const f of tracked) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  }
}

/**
 * The test network's files (its communities and cluster stack files), as edits that add them: all of
 * them, or those of the communities named and their clusters.
 */
export function networkFiles(communities?: string[]): Record<string, string> {
  const files: Record<string, string> = {};
  const read = (rel: string) => fs.readFileSync(path.join(FIXTURE_NETWORK, rel), "utf8");
  const clusters = new Set<string>();
  for (const c of fs.readdirSync(path.join(FIXTURE_NETWORK, "communities"))) {
    if (communities && !communities.includes(c)) continue;
    const rel = `communities/${c}/community.yaml`;
    files[rel] = read(rel);
    clusters.add(/^cluster: (\S+)$/m.exec(files[rel])?.[1] ?? "");
  }
  for (const f of fs.readdirSync(path.join(FIXTURE_NETWORK, "stacks", "cluster"))) {
    const name = f.replace(/^Pulumi\.|\.yaml$/g, "");
    if (!communities || clusters.has(name)) files[`stacks/cluster/${f}`] = read(`stacks/cluster/${f}`);
  }
  return files;
}

/**
 * Copies this checkout's tracked code and the test network into a new repository and commits it.
 * `network: false` commits the code alone; `dependencies: true` gives it this checkout's installed
 * packages (as `hubnet diff` does for a worktree), so its own `hubnet` runs.
 */
export function gitNetwork(
  opts: {
    code?: boolean;
    network?: boolean;
    dependencies?: boolean;
    /** A folder to make the repository in (one that already holds a network). @default a new one */
    dir?: string;
  } = {},
): GitNetwork {
  const dir = opts.dir ?? tmpDir("git-net");
  const git = (...args: string[]) =>
    execFileSync("git", args, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "test",
        GIT_AUTHOR_EMAIL: "test@example.org",
        GIT_COMMITTER_NAME: "test",
        GIT_COMMITTER_EMAIL: "test@example.org",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: dir,
      },
    }).trim();
  git("init", "-q", "-b", "main");
  if (opts.code !== false) copyCode(dir);
  if (opts.network !== false) {
    for (const [rel, text] of Object.entries(networkFiles())) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
  }
  if (opts.dependencies) linkNodeModules(REPO, dir);
  git("add", "-A");
  git("commit", "-q", "-m", "base");
  git("tag", "base");
  const base = git("rev-parse", "HEAD");
  return {
    dir,
    base,
    git,
    commit(name, edits, from = "base") {
      git("checkout", "-q", "-B", name, from);
      for (const [rel, edit] of Object.entries(edits)) {
        const file = path.join(dir, rel);
        if (edit === null) {
          fs.rmSync(file, { recursive: true, force: true });
          continue;
        }
        const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, typeof edit === "function" ? edit(old) : edit);
      }
      git("add", "-A");
      git("commit", "-q", "--allow-empty", "-m", name);
      return git("rev-parse", "HEAD");
    },
  };
}

/** `(text) => text with `from` replaced by `to``, failing loudly when `from` is absent. */
export const replace =
  (from: string, to: string) =>
  (text: string): string => {
    if (!text.includes(from)) throw new Error(`test setup: ${JSON.stringify(from)} not found`);
    return text.replace(from, to);
  };
