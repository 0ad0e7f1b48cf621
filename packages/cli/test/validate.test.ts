import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { BAD_CASES } from "../../config/test/bad-cases";
import { snapshot, treesRemovedAfterAll } from "../../config/test/helpers";
import { hubnet, STACK_LINE } from "./run";

const tree = treesRemovedAfterAll();

/** What the summary counts, read from the tree by the library (the example network changes every day). */
function counts(root: string, problems: number) {
  const n = loadNetwork(root);
  const communities = [...n.communities.values()];
  return {
    communities: communities.length,
    hubs: communities.reduce((sum, c) => sum + c.config.hubs.length, 0),
    clusters: n.clusters.size,
    problems,
    warnings: 0,
  };
}

describe("hubnet validate", () => {
  it("exits 0 with one line on a valid network (the test network)", async () => {
    const root = tree();
    const r = await hubnet(["validate", "--root", root]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^✓ valid: \d+ communities, \d+ hubs, \d+ clusters\n$/);
  });

  it("finds the repository root from a sub-folder", async () => {
    const root = tree({ "pnpm-workspace.yaml": "packages: []\n" });
    const r = await hubnet(["validate"], { cwd: `${root}/communities/physics-101` });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ valid: \d+ communities, \d+ hubs, \d+ clusters\n$/);
  });

  it("--json reports ok and the counts", async () => {
    const root = tree();
    const r = await hubnet(["validate", "--json", "--root", root]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, summary: counts(root, 0), problems: [], warnings: [] });
  });

  describe.concurrent("exits 1 with FILE:LINE:COL: path: message for each broken file, changing nothing", () => {
    for (const c of BAD_CASES) {
      it(c.name, async () => {
        const root = tree(c.edits);
        const before = snapshot(root);
        const r = await hubnet(["validate", "--root", root], { cwd: root });
        expect(r.code).toBe(1);
        const files = new Set(c.expected.map((l) => l.split(":")[0]));
        const count = `✗ ${c.expected.length} problem${c.expected.length === 1 ? "" : "s"} in ${files.size} file${files.size === 1 ? "" : "s"}`;
        expect(r.stdout).toBe(`${[...c.expected, count].join("\n")}\n`);
        expect(r.stderr).toBe("");
        expect(snapshot(root)).toEqual(before);
      });
    }
  });

  it("--json lists problems with files relative to the root", async () => {
    const c = BAD_CASES.find((b) => b.name === "duplicate key")!;
    const root = tree(c.edits);
    const r = await hubnet(["validate", "--json", "--root", root]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      ok: false,
      summary: counts(root, 1),
      problems: [
        {
          file: "communities/physics-101/community.yaml",
          line: 7,
          column: 1,
          path: "cluster",
          message:
            'duplicate key "cluster" (first at line 6): each key may appear once in a mapping; remove one of them',
        },
      ],
      warnings: [],
    });
  });

  it("prints problems relative to the working directory", async () => {
    const c = BAD_CASES.find((b) => b.name === "empty file")!;
    const root = tree(c.edits);
    const r = await hubnet(["validate", "--root", root], { cwd: `${root}/communities` });
    expect(r.stdout.split("\n")[0]).toBe(
      "physics-101/community.yaml:1:1: the file is empty: it must hold a YAML mapping",
    );
  });

  it("colours only when asked for, never with NO_COLOR", async () => {
    const c = BAD_CASES.find((b) => b.name === "empty file")!;
    const root = tree(c.edits);
    const plain = await hubnet(["validate", "--root", root], { cwd: root });
    expect(plain.stdout).not.toContain("\u001b[");
    const forced = await hubnet(["validate", "--root", root], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[31m");
    const noColor = await hubnet(["validate", "--root", root], {
      cwd: root,
      env: { FORCE_COLOR: "1", NO_COLOR: "1" },
    });
    expect(noColor.stdout).toBe(plain.stdout);
  });
});

describe("usage errors exit 2 with one line and the help hint", () => {
  it.each([
    [["validate", "--root", "/no/such/folder"], "error: --root /no/such/folder: no such folder", "validate"],
    [["validate", "--bogus"], "error: unknown option '--bogus'", "validate"],
    [["frobnicate"], "error: unknown command 'frobnicate'", undefined],
    [
      ["new", "x", "--auth", "facebook"],
      "error: option '--auth <provider>' argument 'facebook' is invalid. Allowed choices are github, cilogon, google, oidc, shared-password, anonymous, dummy.",
      "new",
    ],
  ])("hubnet %j", async (args, line, command) => {
    const r = await hubnet(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${line}\n(run \`hubnet${command ? ` ${command}` : ""} --help\` for usage)\n`);
  });

  it("hubnet with no command prints the help and exits 2", async () => {
    const r = await hubnet([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Usage: hubnet [options] [command]");
    expect(r.stderr).not.toContain(STACK_LINE);
  });

  it("--help exits 0", async () => {
    const r = await hubnet(["validate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: hubnet validate [options]");
  });
});

describe("internal errors exit 3 with one line and no stack trace", () => {
  it("an unexpected exception (a planted defect) prints one line and the HUBNET_DEBUG hint", async () => {
    const root = tree();
    const planted = { NODE_OPTIONS: `--require ${path.join(__dirname, "support", "planted-defect.cjs")}` };
    const r = await hubnet(["validate", "--root", root], { env: planted });
    expect(r.code).toBe(3);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("internal error: planted defect");
    expect(lines[1]).toBe("(this is a bug in hubnet; re-run with HUBNET_DEBUG=1 to see the stack trace)");
    expect(r.stderr).not.toContain(STACK_LINE);
    const json = await hubnet(["validate", "--json", "--root", root], { env: planted });
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout)).toEqual({
      ok: false,
      problems: [
        {
          file: null,
          line: null,
          column: null,
          path: null,
          message: "internal error: planted defect (a bug in hubnet)",
        },
      ],
    });
    const debug = await hubnet(["validate", "--root", root], { env: { ...planted, HUBNET_DEBUG: "1" } });
    expect(debug.code).toBe(3);
    expect(debug.stderr).toContain(STACK_LINE);
  });
});

describe("a root that is not a hubnet checkout", () => {
  it("exits 1 naming the folder", async () => {
    const root = tree({ communities: null, "stacks/cluster": null });
    const r = await hubnet(["validate", "--root", root], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")[0]).toBe(
      ".: no communities/ or stacks/cluster/ here: point --root at a hubnet checkout",
    );
  });
});
