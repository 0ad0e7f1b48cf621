/** stacks/removed.yaml: the stacks removed from the tree that still run, as `hubnet validate` reads it. */
import { describe, expect, it } from "vitest";
import { loadNetwork, loadRemovedStacks } from "../src";
import { makeTree } from "./helpers";

const FILE = "stacks/removed.yaml";
const located = (root: string) =>
  loadNetwork(root).problems.map(
    (p) => `${(p.file ?? "").slice(root.length + 1)}:${p.line}:${p.col}: ${p.message}`,
  );

describe("stacks/removed.yaml", () => {
  it("is optional, and lists removed stacks with the day and the reason", () => {
    expect(loadRemovedStacks(makeTree()).stacks).toEqual([]);
    const root = makeTree({
      [FILE]: `# removed, still deployed\nstacks:\n  - { project: community, stack: old-school, removed: "2026-11-02", reason: "moved to new-school; homes archived, destroy pending" }\n`,
    });
    expect(located(root)).toEqual([]);
    expect(loadNetwork(root).removedStacks).toEqual([
      {
        project: "community",
        stack: "old-school",
        removed: "2026-11-02",
        reason: expect.stringContaining("moved"),
      },
    ]);
  });

  it("refuses an entry for a stack the tree still has, a duplicate, and a malformed entry, each at its line", () => {
    const root = makeTree({
      [FILE]: [
        "stacks:",
        '  - { project: community, stack: physics-101, removed: "2026-11-02", reason: "x" }',
        '  - { project: cluster, stack: gone, removed: "2026-11-02", reason: "x" }',
        '  - { project: cluster, stack: gone, removed: "2026-11-03", reason: "y" }',
        '  - { project: community, stack: "x$(touch PWNED)", removed: "2026-11-02", reason: "z" }',
        "",
      ].join("\n"),
    });
    const problems = located(root);
    // A malformed entry is reported alone: the other checks run once the file is well formed.
    expect(problems).toEqual([expect.stringMatching(/^stacks\/removed\.yaml:5:\d+: .*DNS-1123 label/)]);
    const fixed = makeTree({
      [FILE]: [
        "stacks:",
        '  - { project: community, stack: physics-101, removed: "2026-11-02", reason: "x" }',
        '  - { project: cluster, stack: gone, removed: "2026-11-02", reason: "x" }',
        '  - { project: cluster, stack: gone, removed: "2026-11-03", reason: "y" }',
        "",
      ].join("\n"),
    });
    expect(located(fixed)).toEqual([
      expect.stringMatching(
        /^stacks\/removed\.yaml:2:\d+: community\/physics-101 is in the network \(communities\/physics-101\/community\.yaml\)/,
      ),
      expect.stringMatching(
        /^stacks\/removed\.yaml:4:\d+: stacks\[1\] already lists cluster\/gone: one entry per stack/,
      ),
    ]);
  });
});
