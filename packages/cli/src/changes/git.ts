/**
 * What `hubnet affected` and `hubnet diff` ask of git: refs, the files a change touches, blobs of a
 * commit (read in one `git cat-file --batch`, without a checkout), uncommitted changes, and
 * temporary worktrees that are removed on every exit path.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { UsageError } from "../exit-codes";
import { onCleanup } from "./cleanup";

export class GitError extends Error {}

interface GitOptions {
  /** Bytes to write to git's stdin. */
  input?: string | Buffer;
  /** Exit codes that are not failures (git diff --quiet answers 1). */
  ok?: number[];
}

/** Runs git in `cwd`; its stdout, or a GitError with git's own message. */
export function git(cwd: string, args: string[], opts: GitOptions = {}): Buffer {
  const r = spawnSync("git", ["-c", "core.quotepath=off", ...args], {
    cwd,
    input: opts.input,
    maxBuffer: 1024 * 2 ** 20,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0", LC_ALL: "C" },
  });
  if (r.error) throw new GitError(`git ${args[0]}: ${r.error.message}`);
  if (r.status !== 0 && !(opts.ok ?? []).includes(r.status ?? -1)) {
    throw new GitError(`git ${args.join(" ")}: ${String(r.stderr).trim() || `exit ${r.status}`}`);
  }
  return r.stdout;
}

const text = (b: Buffer) => b.toString("utf8").trim();

/** The checkout's top folder; a usage error when `dir` is not in a git repository. */
export function topLevel(dir: string, command: string): string {
  try {
    return text(git(dir, ["rev-parse", "--show-toplevel"]));
  } catch {
    throw new UsageError(`${dir} is not in a git repository: ${command} compares commits of one`, command);
  }
}

/** The commit `ref` names; a usage error naming the ref when there is none. */
export function resolveCommit(repo: string, ref: string, option: string, command: string): string {
  if (ref.startsWith("-") || ref.length === 0 || [...ref].some((c) => c.charCodeAt(0) <= 0x20)) {
    throw new UsageError(`${option} ${JSON.stringify(ref)}: not a git ref`, command);
  }
  const r = spawnSync("git", ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`], {
    cwd: repo,
    encoding: "utf8",
  });
  if (r.status !== 0) {
    throw new UsageError(
      `${option} ${ref}: no such commit, branch or tag in this repository (a shallow clone may lack it: fetch it, e.g. \`git fetch --depth=50 origin ${ref}\`)`,
      command,
    );
  }
  return r.stdout.trim();
}

/** Where `head` forked from `base` (what a pull request from `head` into `base` changes is measured from here). */
export function mergeBase(repo: string, base: string, head: string): string {
  const r = spawnSync("git", ["merge-base", base, head], { cwd: repo, encoding: "utf8" });
  // Unrelated histories: compare the two commits themselves.
  return r.status === 0 ? r.stdout.trim() : base;
}

export type ChangeStatus = "added" | "modified" | "deleted" | "renamed";

export interface ChangedFile {
  path: string;
  status: ChangeStatus;
  /** The former path of a renamed file. */
  from?: string;
}

/** The files that differ between two commits, renames paired (`git diff -M`). */
export function changedFiles(repo: string, from: string, to: string): ChangedFile[] {
  const out = git(repo, ["diff", "--no-ext-diff", "--no-textconv", "--name-status", "-z", "-M", from, to]);
  const parts = out.toString("utf8").split("\0");
  const files: ChangedFile[] = [];
  for (let i = 0; i < parts.length - 1; ) {
    const code = parts[i++];
    if (code.startsWith("R") || code.startsWith("C")) {
      const old = parts[i++];
      const now = parts[i++];
      if (code.startsWith("R")) files.push({ path: now, status: "renamed", from: old });
      else files.push({ path: now, status: "added" });
    } else {
      const p = parts[i++];
      const status: ChangeStatus = code === "A" ? "added" : code === "D" ? "deleted" : "modified";
      files.push({ path: p, status });
    }
  }
  return files;
}

/** Every path under `dirs` in `commit`, with its mode (120000: a symbolic link; 160000: a submodule). */
export function listTree(repo: string, commit: string, dirs: string[]): Map<string, string> {
  return new Map([...listObjects(repo, commit, dirs)].map(([p, o]) => [p, o.mode]));
}

/** Every path under `dirs` in `commit`, with its mode and object id. */
export function listObjects(
  repo: string,
  commit: string,
  dirs: string[],
): Map<string, { mode: string; oid: string }> {
  const out = git(repo, ["ls-tree", "-r", "-z", "--full-tree", commit, "--", ...dirs]);
  const entries = new Map<string, { mode: string; oid: string }>();
  for (const line of out.toString("utf8").split("\0")) {
    if (!line) continue;
    const tab = line.indexOf("\t");
    const [mode, , oid] = line.slice(0, tab).split(" ");
    entries.set(line.slice(tab + 1), { mode, oid });
  }
  return entries;
}

/**
 * Blobs read by object id, each once however many commits hold it: the two sides of a change share
 * nearly every file.
 */
export class BlobCache {
  private readonly blobs = new Map<string, Buffer>();

  constructor(private readonly repo: string) {}

  /** The blobs of `oids`, reading the ones not read yet in one `git cat-file --batch`. */
  read(oids: Iterable<string>): Map<string, Buffer> {
    const missing = [...new Set(oids)].filter((o) => !this.blobs.has(o) && /^[0-9a-f]{40,64}$/.test(o));
    if (missing.length > 0)
      for (const [oid, bytes] of readBlobs(this.repo, "", missing)) this.blobs.set(oid, bytes);
    return this.blobs;
  }
}

/** The contents of `paths` at `commit`, read in one `git cat-file --batch`; absent paths are left out. */
export function readBlobs(repo: string, commit: string, paths: string[]): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const wanted = paths.filter((p) => !p.includes("\n"));
  if (wanted.length === 0) return files;
  // An empty commit asks for objects by id.
  const spec = (p: string) => (commit ? `${commit}:${p}` : p);
  const out = git(repo, ["cat-file", "--batch"], { input: wanted.map((p) => `${spec(p)}\n`).join("") });
  let at = 0;
  for (const p of wanted) {
    const eol = out.indexOf(10, at);
    const header = out.subarray(at, eol).toString("utf8");
    at = eol + 1;
    if (header.endsWith(" missing") || header.endsWith(" ambiguous")) continue;
    const [, type, size] = header.split(" ");
    const n = Number(size);
    if (type === "blob") files.set(p, out.subarray(at, at + n));
    at += n + 1;
  }
  return files;
}

/**
 * Uncommitted changes (and untracked files) under `paths`: what a comparison of commits would not
 * see. Ignored files (node_modules, builds) do not count.
 */
export function uncommitted(repo: string, paths: string[]): string[] {
  const out = git(repo, ["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...paths]);
  const found: string[] = [];
  const parts = out.toString("utf8").split("\0");
  for (let i = 0; i < parts.length; i++) {
    const entry = parts[i];
    if (!entry) continue;
    found.push(entry.slice(3));
    if (entry[0] === "R" || entry[0] === "C") i++; // the original path follows
  }
  return found;
}

/** A temporary checkout of `commit`, and how to remove it. */
export interface Worktree {
  dir: string;
  commit: string;
  remove(): void;
}

/**
 * Checks `commit` out into a new temporary folder with `git worktree add --detach`. The folder and
 * git's record of it are removed by `remove()`, and in any case when the process exits (normally,
 * on an error, or on SIGINT/SIGTERM/SIGHUP).
 */
export function addWorktree(repo: string, commit: string, label: string): Worktree {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-${label}-`));
  const dir = path.join(parent, "tree");
  const remove = onCleanup(() => {
    spawnSync("git", ["worktree", "remove", "--force", dir], { cwd: repo });
    fs.rmSync(parent, { recursive: true, force: true });
    spawnSync("git", ["worktree", "prune"], { cwd: repo });
  });
  const w: Worktree = { dir, commit, remove };
  try {
    git(repo, ["worktree", "add", "--detach", "--quiet", dir, commit]);
  } catch (err) {
    w.remove();
    throw err;
  }
  return w;
}
