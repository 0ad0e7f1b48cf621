/**
 * Rendering stacks as a commit's own code renders them: a temporary worktree of the commit, its
 * dependencies (this checkout's node_modules, relinked, when the commit's lockfile is this
 * checkout's; else its own `pnpm install`), and `hubnet plan <communities> --cluster <clusters>
 * --out` run by the commit's own `hubnet` in a child process. Only the stacks asked for render.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlannedRow } from "@hubnet/plan/diff";
import type { ProblemJson } from "../output";
import { onCleanup } from "./cleanup";
import { addWorktree, readBlobs, type Worktree } from "./git";

export interface RenderRequest {
  repo: string;
  commit: string;
  /** A name for messages ("the base", "the head"). */
  label: string;
  communities: string[];
  clusters: string[];
  /** Progress and notes, one line each. */
  log?: (line: string) => void;
}

export interface Rendered {
  /** `cluster/<name>` or `community/<name>` → rows of its resources.json. */
  stacks: Map<string, PlannedRow[]>;
  /** The configs' problems (as `hubnet plan --json` reports them, files relative to the tree). */
  problems: ProblemJson[];
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

function install(w: Worktree, log: (l: string) => void, label: string): void {
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

/** Runs the tree's own `hubnet` and collects its output; the child is killed if this process ends first. */
function runHubnet(tree: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", NO_COLOR: "1" };
  for (const k of ["HUBNET_ROOT", "HUBNET_FROM_SOURCE", "FORCE_COLOR"]) delete env[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(tree, "packages/cli/bin/hubnet.cjs"), ...args], {
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

/** Renders the requested stacks at the commit. Removes its worktree before returning or throwing. */
export async function renderAt(req: RenderRequest): Promise<Rendered> {
  const stacks = new Map<string, PlannedRow[]>();
  if (req.communities.length === 0 && req.clusters.length === 0) return { stacks, problems: [] };
  const log = req.log ?? (() => undefined);
  const w = addWorktree(req.repo, req.commit, req.label.replace(/\W+/g, "-"));
  try {
    if (!fs.existsSync(path.join(w.dir, "packages/cli/bin/hubnet.cjs"))) {
      throw new RenderFailed(
        `${req.label} has no hubnet (packages/cli/bin/hubnet.cjs) to render its stacks with`,
      );
    }
    if (sameLockfile(req.repo, req.commit)) linkNodeModules(req.repo, w.dir);
    else install(w, log, req.label);
    const out = path.join(path.dirname(w.dir), "plan");
    const args = ["plan", ...req.communities, "--root", w.dir, "--out", out, "--json"];
    if (req.clusters.length) args.push("--cluster", ...req.clusters);
    const r = await runHubnet(w.dir, args);
    let json: { ok?: boolean; problems?: ProblemJson[] } | undefined;
    try {
      json = JSON.parse(r.stdout);
    } catch {
      json = undefined;
    }
    if (r.code === 1 && json?.problems) return { stacks, problems: json.problems };
    if (r.code !== 0 || !json?.ok) {
      const tail = `${r.stderr}${r.stdout}`.trim().split("\n").slice(-8).join("\n");
      throw new RenderFailed(`the plan of ${req.label} failed (exit ${r.code}):\n${tail}`);
    }
    for (const kind of ["clusters", "communities"] as const) {
      const dir = path.join(out, kind);
      if (!fs.existsSync(dir)) continue;
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name, "resources.json");
        if (fs.existsSync(file))
          stacks.set(
            `${kind === "clusters" ? "cluster" : "community"}/${name}`,
            JSON.parse(fs.readFileSync(file, "utf8")),
          );
      }
    }
    return { stacks, problems: [] };
  } finally {
    w.remove();
  }
}
