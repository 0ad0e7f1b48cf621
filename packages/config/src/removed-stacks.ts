/**
 * `stacks/removed.yaml`: the stacks removed from the network that are still deployed. Removing a
 * community's file or a cluster's stack file never destroys its stack (its homes and buckets are
 * protected and retained): the stack keeps running, managed by no deploy. This file says so in the
 * tree, so it is not silent: `hubnet validate` checks it, `hubnet affected` marks a removed stack
 * that it does not list, CI fails a pull request that removes a stack without listing it, and the
 * scheduled health run warns about each entry until a platform engineer destroys the stack and
 * removes the entry (docs/platform/deploying.md#removing-a-community).
 */
import * as path from "node:path";
import { z } from "zod";
import { readFileInTree } from "./files/tree";
import type { Loaded } from "./loaded";
import { capped, type Problem } from "./problems";
import { dnsLabel } from "./schema/common";
import { validateAgainst } from "./validate-schema";
import { parseYaml, positionAt } from "./yaml-source";

export const REMOVED_STACKS_FILE = path.join("stacks", "removed.yaml");

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a day, YYYY-MM-DD (quote it: '2026-12-01')" });

export const RemovedStackSchema = z
  .object({
    project: z.enum(["cluster", "community"]).describe("The stack's project: stacks/<project>."),
    stack: dnsLabel("a stack name").describe("The stack's name: the community or the cluster."),
    removed: isoDay.describe("The day its file left the network."),
    reason: z.string().min(1).max(500).describe("Why, and what is left to do (archive, destroy): one line."),
  })
  .strict();

export const RemovedStacksSchema = z
  .object({
    stacks: z.array(RemovedStackSchema).max(1000).default([]),
  })
  .strict();

export type RemovedStack = z.output<typeof RemovedStackSchema>;

/** The file's entries (none when the file does not exist) with its problems. */
export function loadRemovedStacks(root: string): {
  loaded?: Loaded<{ stacks: RemovedStack[] }>;
  stacks: RemovedStack[];
  problems: Problem[];
} {
  const file = path.join(root, REMOVED_STACKS_FILE);
  const read = readFileInTree(root, file);
  if (read.missing) return { stacks: [], problems: [] };
  if (read.text === undefined) return { stacks: [], problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { stacks: [], problems };
  // An empty file (comments only) lists nothing.
  const data = source.data ?? {};
  const { value, problems: schemaProblems } = validateAgainst(RemovedStacksSchema, data, source, []);
  if (!value) return { stacks: [], problems: schemaProblems };
  const loaded = { name: "removed", file, config: value, source, base: [] };
  return { loaded, stacks: value.stacks, problems: [] };
}

/**
 * Each entry names a stack that is no longer in the tree, once: a stack the tree still has is
 * deployed from it, not removed.
 */
export function checkRemovedStacks(
  loaded: Loaded<{ stacks: RemovedStack[] }>,
  inTree: { cluster: ReadonlySet<string>; community: ReadonlySet<string> },
): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  loaded.config.stacks.forEach((s, i) => {
    const where = {
      file: loaded.file,
      ...positionAt(loaded.source, ["stacks", i, "stack"]),
      path: `stacks[${i}].stack`,
    };
    const key = `${s.project}/${s.stack}`;
    const first = seen.get(key);
    if (first !== undefined)
      problems.push({ ...where, message: `stacks[${first}] already lists ${key}: one entry per stack` });
    else seen.set(key, i);
    if (inTree[s.project].has(s.stack)) {
      const file =
        s.project === "community"
          ? `communities/${s.stack}/community.yaml`
          : `stacks/cluster/Pulumi.${s.stack}.yaml`;
      problems.push({
        ...where,
        message: `${key} is in the network (${file}): it is deployed from the tree, not removed; remove this entry`,
      });
    }
  });
  return capped(problems);
}
