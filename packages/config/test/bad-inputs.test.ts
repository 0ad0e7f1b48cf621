import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem, loadNetwork } from "../src";
import { BAD_CASES } from "./bad-cases";
import { makeTree, snapshot } from "./helpers";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe("one broken file: exact FILE:LINE:COL, path and message", () => {
  it("the unbroken copy of the test network is valid", () => {
    const root = makeTree();
    roots.push(root);
    expect(loadNetwork(root).problems).toEqual([]);
  });

  for (const c of BAD_CASES) {
    it(c.name, () => {
      const root = makeTree(c.edits);
      roots.push(root);
      const before = snapshot(root);
      const network = loadNetwork(root);
      expect(network.problems.map((p) => formatProblem(p, root))).toEqual(c.expected);
      for (const p of network.problems) {
        expect(p.file && path.isAbsolute(p.file)).toBe(true);
        expect(p.message).not.toContain("\n");
      }
      expect(snapshot(root)).toEqual(before);
    });
  }
});
