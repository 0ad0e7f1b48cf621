/**
 * What `hubnet affected` and `hubnet diff` compare: the merge base of `--base` and `--head` (what a
 * pull request from head into base changes) with `--head`, both commits of the checkout at `root`.
 */
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { type Output, printable } from "../output";
import { type AffectedStack, affectedStacks, WORKSPACE_FILES } from "./affected";
import {
  BlobCache,
  type ChangedFile,
  changedFiles,
  listTree,
  mergeBase,
  resolveCommit,
  topLevel,
  uncommitted,
} from "./git";
import { NetworkIndex } from "./network-index";

/** Paths whose uncommitted changes a comparison of commits would silently miss. */
export const WATCHED = ["communities", "stacks", "packages", "policies", ...WORKSPACE_FILES];

export interface Comparison {
  repo: string;
  baseRef: string;
  headRef: string;
  /** The commit --base names. */
  baseCommit: string;
  /** Where head forked from base: what the change is measured from. */
  from: string;
  /** The commit --head names. */
  head: string;
  changed: ChangedFile[];
  before: NetworkIndex;
  after: NetworkIndex;
  beforeTree: () => Map<string, string>;
  afterTree: () => Map<string, string>;
}

export function compare(root: string, base: string, head: string | undefined, command: string): Comparison {
  const repo = topLevel(root, command);
  const baseCommit = resolveCommit(repo, base, "--base", command);
  const headCommit = resolveCommit(repo, head ?? "HEAD", "--head", command);
  if (head === undefined) {
    const dirty = uncommitted(repo, WATCHED);
    if (dirty.length > 0) {
      const shown = dirty.slice(0, 5).join(", ") + (dirty.length > 5 ? ` and ${dirty.length - 5} more` : "");
      throw new UsageError(
        `uncommitted changes in ${shown}: ${command} compares commits, and HEAD does not have them; ` +
          "commit them (or `git stash` them) and run it again, or name the commit to compare with --head",
        command,
      );
    }
  }
  const from = mergeBase(repo, baseCommit, headCommit);
  const blobs = new BlobCache(repo);
  const trees = new Map<string, Map<string, string>>();
  const treeOf = (commit: string) => () => {
    if (!trees.has(commit)) trees.set(commit, listTree(repo, commit, ["packages", "stacks"]));
    return trees.get(commit) as Map<string, string>;
  };
  return {
    repo,
    baseRef: base,
    headRef: head ?? "HEAD",
    baseCommit,
    from,
    head: headCommit,
    changed: changedFiles(repo, from, headCommit),
    before: new NetworkIndex(repo, from, blobs),
    after: new NetworkIndex(repo, headCommit, blobs),
    beforeTree: treeOf(from),
    afterTree: treeOf(headCommit),
  };
}

/**
 * What of the compared trees hubnet does not read, as validate reports it: links and submodules
 * under communities/ and stacks/ (either side: a community folder replaced by a link is no removed
 * community), and, at the head, files that look like config but that validate refuses (a stack name
 * that is not a DNS label would reach the deploy workflow's shell; a dot folder is no community).
 * `affected` and `diff` stop on them, so that they never list what validate does not accept.
 */
export function treeProblems(c: Comparison): { file: string; message: string }[] {
  const links = [...new Set([...c.before.links, ...c.after.links])]
    .filter((p) => /^(communities|stacks)\//.test(p))
    .map((file) => ({
      file,
      message:
        "a symbolic link (or submodule); hubnet reads only regular files of the tree: replace it by the file itself",
    }));
  return [...links, ...c.after.notRead];
}

/** Stops with exit 1 when the trees hold what validate does not read (treeProblems), one line each. */
export function stopOnTreeProblems(c: Comparison, out: Output, opts: GlobalOptions): void {
  const found = treeProblems(c);
  if (found.length === 0) return;
  if (opts.json)
    out.json({ ok: false, problems: found.map((p) => ({ ...p, line: null, column: null, path: null })) });
  else for (const p of found) out.line(printable(`${p.file}: ${p.message}`));
  throw new Exit(ExitCode.Problems);
}

/** The stacks a comparison's change affects, in deploy order. */
export function affectedBy(c: Comparison): Promise<AffectedStack[]> {
  return affectedStacks({
    repo: c.repo,
    changed: c.changed,
    base: c.before,
    head: c.after,
    baseTree: c.beforeTree,
    headTree: c.afterTree,
  });
}
