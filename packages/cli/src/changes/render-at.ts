/**
 * Rendering stacks as a commit's own code renders them: a temporary worktree of the commit, its
 * dependencies (this checkout's node_modules, relinked, when the commit's lockfile is this
 * checkout's; else its own `pnpm install`), and `hubnet plan <communities> --cluster <clusters>
 * --out` run by the commit's own `hubnet` in a child process. Only the stacks asked for render.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { PlannedRow, ReleaseRender } from "@hubnet/plan/diff";
import type { ProblemJson } from "../output";
import { onCleanup } from "./cleanup";
import { addWorktree, readBlobs } from "./git";

export interface RenderRequest {
  repo: string;
  commit: string;
  /** A name for messages ("the base", "the head"). */
  label: string;
  communities: string[];
  clusters: string[];
  /**
   * The config files those stacks read (their community and cluster files, the community stacks'
   * own Pulumi.<name>.yaml): all a render needs from the commit when its code is the checkout's.
   */
  configFiles: string[];
  /** Progress and notes, one line each. */
  log?: (line: string) => void;
  /**
   * Keep the tree after rendering (for reporters that read its files): `Rendered.tree.remove()`
   * removes it, and so does the end of the process, however it ends.
   */
  keepTree?: boolean;
}

export interface Rendered {
  /** `cluster/<name>` or `community/<name>` → rows of its resources.json. */
  stacks: Map<string, PlannedRow[]>;
  /** The same keys → its Helm releases as the charts rendered them (rendered.json), when it has one. */
  releases?: Map<string, ReleaseRender[]>;
  /** The configs' problems (as `hubnet plan --json` reports them, files relative to the tree). */
  problems: ProblemJson[];
  /**
   * How the commit's code rendered: `worktree` (a worktree of the commit, its own build) or
   * `checkout` (the commit's code is the checkout's: the checkout's build, the commit's configs);
   * `none` when there was nothing to render.
   */
  by: "worktree" | "checkout" | "none";
  /** The tree the stacks rendered from, when `keepTree` was asked for. */
  tree?: { dir: string; remove: () => void };
}

export class RenderFailed extends Error {}

/** The folders of `root` that hold a node_modules (the workspace root and its packages). */
function nodeModulesDirs(root: string, depth = 2, rel = ""): string[] {
  const out: string[] = [];
  const dir = path.join(root, rel);
  if (fs.existsSync(path.join(dir, "node_modules"))) out.push(rel);
  if (depth === 0) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name === "node_modules" || e.name.startsWith(".") || e.name === "dist")
      continue;
    out.push(...nodeModulesDirs(root, depth - 1, path.join(rel, e.name)));
  }
  return out;
}

const inside = (dir: string, p: string) => {
  const r = path.relative(dir, p);
  return r !== "" && !r.startsWith("..") && !path.isAbsolute(r);
};

/**
 * Gives `tree` the dependencies of `checkout` without installing: each package's node_modules is
 * made again in `tree`, its links to workspace packages pointing at `tree`'s own packages, every
 * other link at the checkout's installed package.
 */
export function linkNodeModules(checkout: string, tree: string): void {
  for (const rel of nodeModulesDirs(checkout)) {
    const from = path.join(checkout, rel, "node_modules");
    const to = path.join(tree, rel, "node_modules");
    if (!fs.existsSync(path.join(tree, rel)) || fs.existsSync(to)) continue;
    const relink = (src: string, dst: string) => {
      fs.mkdirSync(dst, { recursive: true });
      for (const e of fs.readdirSync(src, { withFileTypes: true })) {
        if (e.name === ".bin") continue;
        const s = path.join(src, e.name);
        const d = path.join(dst, e.name);
        if (e.isSymbolicLink()) {
          const target = fs.readlinkSync(s);
          const abs = path.resolve(path.dirname(s), target);
          const workspace = inside(checkout, abs) && !abs.split(path.sep).includes("node_modules");
          fs.symlinkSync(workspace ? path.join(tree, path.relative(checkout, abs)) : abs, d);
        } else if (e.isDirectory() && e.name.startsWith("@")) {
          relink(s, d);
        } else if (e.isDirectory()) {
          fs.symlinkSync(s, d);
        }
      }
    };
    relink(from, to);
  }
}

/** Whether `commit`'s lockfile is the checkout's, so its installed packages serve the commit as they are. */
export function sameLockfile(repo: string, commit: string): boolean {
  const theirs = readBlobs(repo, commit, ["pnpm-lock.yaml"]).get("pnpm-lock.yaml");
  const file = path.join(repo, "pnpm-lock.yaml");
  return theirs !== undefined && fs.existsSync(file) && fs.readFileSync(file).equals(theirs);
}

function install(w: { dir: string }, log: (l: string) => void, label: string): void {
  log(`installing the dependencies of ${label} (its lockfile differs from this checkout's)`);
  const r = spawnSync(
    "pnpm",
    ["install", "--frozen-lockfile", "--prefer-offline", "--ignore-scripts", "--reporter=silent"],
    {
      cwd: w.dir,
      encoding: "utf8",
      env: { ...process.env, CI: "true" },
    },
  );
  if (r.status !== 0) {
    throw new RenderFailed(
      `could not install the dependencies of ${label} (\`pnpm install --frozen-lockfile\` in its worktree): ${(r.stderr || r.stdout || String(r.error)).trim().split("\n").slice(-5).join(" ")}`,
    );
  }
}

/** The code (not the configs) that decides what a plan renders: the packages, the stack programs, the workspace. */
export const CODE_PATHS = [
  "packages",
  "stacks",
  ":(exclude)stacks/cluster/Pulumi.*.yaml",
  ":(exclude)stacks/cluster/Pulumi.*.yml",
  ":(exclude)stacks/community/Pulumi.*.yaml",
  ":(exclude)stacks/community/Pulumi.*.yml",
  "package.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  "tsconfig.json",
];

/**
 * Whether the checkout's working tree has exactly the commit's code (tracked files equal, nothing
 * untracked) and its packages installed: then the checkout's own build renders the commit's stacks
 * as the commit's code would, and the commit's configs are all that is needed from it.
 */
export function sameCode(repo: string, commit: string): boolean {
  if (!fs.existsSync(path.join(repo, "node_modules"))) return false;
  const diff = spawnSync("git", ["diff", "--quiet", commit, "--", ...CODE_PATHS], { cwd: repo });
  if (diff.status !== 0) return false;
  const untracked = spawnSync(
    "git",
    ["status", "--porcelain", "--untracked-files=all", "--", ...CODE_PATHS],
    {
      cwd: repo,
      encoding: "utf8",
    },
  );
  return untracked.status === 0 && untracked.stdout.trim() === "";
}

/** A temporary folder holding `files` as they are at `commit` (only regular files: links are never written). */
function configTree(repo: string, commit: string, files: string[]): { dir: string; remove: () => void } {
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-configs-"));
  const remove = onCleanup(() => fs.rmSync(parent, { recursive: true, force: true }));
  const dir = path.join(parent, "tree");
  for (const [file, bytes] of readBlobs(repo, commit, files)) {
    const to = path.join(dir, file);
    if (!inside(dir, to)) continue;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.writeFileSync(to, bytes);
  }
  fs.mkdirSync(path.join(dir, "communities"), { recursive: true });
  fs.mkdirSync(path.join(dir, "stacks", "cluster"), { recursive: true });
  return { dir, remove };
}

/** Runs `hubnet` (`bin`) and collects its output; the child is killed if this process ends first. */
function runHubnet(
  bin: string,
  tree: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", NO_COLOR: "1" };
  for (const k of ["HUBNET_ROOT", "HUBNET_FROM_SOURCE", "FORCE_COLOR"]) delete env[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: tree,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stop = onCleanup(() => child.kill("SIGTERM"));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("close", (code, signal) => {
      stop();
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
  });
}

/**
 * Renders the requested stacks at the commit, with the commit's own code: in a worktree of the
 * commit built by its own `hubnet`, or, when the commit's code is the checkout's (sameCode), with
 * the checkout's build over the commit's config files alone. Removes what it made before returning
 * or throwing.
 */
export async function renderAt(req: RenderRequest): Promise<Rendered> {
  const stacks = new Map<string, PlannedRow[]>();
  const releases = new Map<string, ReleaseRender[]>();
  if (req.communities.length === 0 && req.clusters.length === 0) return { stacks, problems: [], by: "none" };
  const log = req.log ?? (() => undefined);
  let w: { dir: string; remove: () => void };
  let bin: string;
  const own = !sameCode(req.repo, req.commit);
  let kept = false;
  if (!own) {
    w = configTree(req.repo, req.commit, req.configFiles);
    bin = path.join(req.repo, "packages/cli/bin/hubnet.cjs");
  } else {
    w = addWorktree(req.repo, req.commit, req.label.replace(/\W+/g, "-"));
    bin = path.join(w.dir, "packages/cli/bin/hubnet.cjs");
  }
  try {
    if (!fs.existsSync(bin)) {
      throw new RenderFailed(
        `${req.label} has no hubnet (packages/cli/bin/hubnet.cjs) to render its stacks with`,
      );
    }
    if (own) {
      if (sameLockfile(req.repo, req.commit)) linkNodeModules(req.repo, w.dir);
      else install(w, log, req.label);
    }
    const out = path.join(path.dirname(w.dir), "plan");
    const args = ["plan", ...req.communities, "--root", w.dir, "--out", out, "--json"];
    if (req.clusters.length) args.push("--cluster", ...req.clusters);
    const r = await runHubnet(bin, w.dir, args);
    let json: { ok?: boolean; problems?: ProblemJson[] } | undefined;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    const by = own ? "worktree" : "checkout";
    if (r.code === 1 && json?.problems) return { stacks, problems: json.problems, by };
    if (r.code !== 0 || !json?.ok) {
      const tail = `${r.stderr}${r.stdout}`.trim().split("\n").slice(-8).join("\n");
      throw new RenderFailed(`the plan of ${req.label} failed (exit ${r.code}):\n${tail}`);
    }
    kept = req.keepTree === true;
    for (const kind of ["clusters", "communities"] as const) {
      const dir = path.join(out, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name, "resources.json");
        const key = `${kind === "clusters" ? "cluster" : "community"}/${name}`;
        if (fs.existsSync(file)) stacks.set(key, JSON.parse(fs.readFileSync(file, "utf8")));
        const rendered = path.join(dir, name, "rendered.json");
        if (fs.existsSync(rendered)) releases.set(key, JSON.parse(fs.readFileSync(rendered, "utf8")));
      }
    }
    return { stacks, releases, problems: [], by, ...(kept ? { tree: w } : {}) };
  } finally {
    if (!kept) w.remove();
  }
}
