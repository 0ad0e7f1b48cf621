/**
 * One reader of the tree (issue 21): the file system's listings (validate, plan, catalog) read
 * exactly the paths classifyConfigPath accepts, the rule affected and diff read a commit's files by;
 * generated names (dot folders, upper case, dots, `$`, too long) cannot make them disagree.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { classifyConfigPath, listCommunities, listStackFiles } from "../src";

describe("property: the file system's listing and the commit's index read the same paths", () => {
  const segment = fc.oneof(
    fc.constantFrom("alpha", "a-b", ".hidden", "Upper", "x_y", "a.b", "-a", "a-", "9", "x".repeat(64)),
    fc.stringMatching(/^[a-zA-Z0-9._$-]{1,12}$/),
  );
  const file = fc.oneof(
    segment.map((s) => `stacks/cluster/Pulumi.${s}.yaml`),
    segment.map((s) => `stacks/community/Pulumi.${s}.yml`),
    segment.map((s) => `stacks/community/Pulumi.${s}.yaml`),
    segment.map((s) => `communities/${s}/community.yaml`),
    segment.map((s) => `communities/${s}/community.yml`),
  );
  it("what validate's listings read is exactly what classifyConfigPath accepts", () => {
    fc.assert(
      fc.property(fc.uniqueArray(file, { minLength: 1, maxLength: 6 }), (files) => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-reader-"));
        try {
          for (const f of files) {
            fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
            fs.writeFileSync(path.join(root, f), "x: 1\n");
          }
          const listed = new Set<string>();
          for (const [dir, kind] of [
            ["stacks/cluster", "cluster"],
            ["stacks/community", "community-stack"],
          ] as const)
            for (const name of listStackFiles(root, dir).files.keys()) listed.add(`${kind}:${name}`);
          for (const name of listCommunities(root).files.keys()) listed.add(`community:${name}`);
          const classified = new Set(
            files.flatMap((f) => {
              const c = classifyConfigPath(f);
              return c && c.kind !== "not-read" ? [`${c.kind}:${c.name}`] : [];
            }),
          );
          expect([...listed].sort()).toEqual([...classified].sort());
        } finally {
          fs.rmSync(root, { recursive: true, force: true });
        }
      }),
      { numRuns: 100 },
    );
  });
});
