/**
 * One shape for every command: the shared options (--root, --json, --no-color) on the root
 * command, the same JSON for a problem everywhere, `hubnet help <command>`, an example in every
 * command's help.
 */
import { AUTH_PROVIDERS } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { BAD_CASES } from "../../config/test/bad-cases";
import { treesRemovedAfterAll } from "../../config/test/helpers";
import { AUTH_CHOICES } from "../src/commands/new";
import { buildProgram } from "../src/main";
import { hubnet } from "./run";

const tree = treesRemovedAfterAll();
/** Every command the program declares: each must show the shared options and an example. */
const COMMANDS = buildProgram().commands.map((c) => c.name());
const PROBLEM_KEYS = ["column", "file", "line", "message", "path"];

describe("help", () => {
  it("lists every command", async () => {
    const r = await hubnet(["--help"]);
    expect(r.code).toBe(0);
    for (const c of COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c}\\b`, "m"));
  });

  it.each(COMMANDS)(
    "hubnet help %s: the same as --help after the command, with the shared options and an example",
    async (c) => {
      const viaHelp = await hubnet(["help", c]);
      const viaFlag = await hubnet([c, "--help"]);
      expect(viaHelp).toEqual(viaFlag);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toContain(`Usage: hubnet ${c} `);
      for (const flag of ["--root <dir>", "--json", "--no-color"]) expect(viaHelp.stdout).toContain(flag);
      const examples = viaHelp.stdout.split("\nExamples:\n")[1] ?? "";
      expect(examples).toMatch(new RegExp(`^  \\$ hubnet ${c}\\b.*# \\S`, "m"));
    },
  );

  it("`hubnet help` is `hubnet --help`; an unknown command is a usage error", async () => {
    expect(await hubnet(["help"])).toEqual(await hubnet(["--help"]));
    const r = await hubnet(["help", "frobnicate"]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'frobnicate'\n(run `hubnet --help` for usage)\n",
    });
  });

  it("`new --auth` offers exactly the schema's login providers, in its order", () => {
    expect([...AUTH_CHOICES]).toEqual([...AUTH_PROVIDERS]);
  });
});

describe("shared options", () => {
  it("--root and --json work before and after the command", async () => {
    const root = tree();
    const after = await hubnet(["validate", "--root", root, "--json"]);
    const before = await hubnet(["--root", root, "--json", "validate"]);
    expect(after.code).toBe(0);
    expect(before).toEqual(after);
    expect(JSON.parse(after.stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it("--no-color turns colours off, even with FORCE_COLOR", async () => {
    const c = BAD_CASES.find((b) => b.name === "empty file")!;
    const root = tree(c.edits);
    const forced = await hubnet(["validate", "--root", root], { cwd: root, env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain("\u001b[31m");
    const off = await hubnet(["validate", "--no-color", "--root", root], {
      cwd: root,
      env: { FORCE_COLOR: "1" },
    });
    expect(off.code).toBe(1);
    expect(off.stdout).not.toContain("\u001b[");
    const sgr = new RegExp(`${"\u001b"}\\[\\d+m`, "g"); // a colour or style escape
    expect(off.stdout).toBe(forced.stdout.replaceAll(sgr, ""));
  });
});

describe("--json: every command prints {ok, problems, ...}, each problem as {file, line, column, path, message}", () => {
  const bad = BAD_CASES.find((b) => b.name === "bad quantity 4GB names the accepted spellings")!;

  function problems(stdout: string) {
    const json = JSON.parse(stdout);
    expect(json.ok).toBe(false);
    expect(json.problems.length).toBeGreaterThan(0);
    for (const p of json.problems) expect(Object.keys(p).sort()).toEqual(PROBLEM_KEYS);
    return json.problems;
  }

  it("validate", async () => {
    const root = tree(bad.edits);
    const r = await hubnet(["validate", "--json", "--root", root]);
    expect(r.code).toBe(1);
    const [p] = problems(r.stdout);
    expect(`${p.file}:${p.line}:${p.column}: ${p.path}: ${p.message}`).toBe(bad.expected[0]);
  });

  it("plan: the same problems as validate", async () => {
    const root = tree(bad.edits);
    const v = await hubnet(["validate", "--json", "--root", root]);
    const r = await hubnet(["plan", "--all", "--json", "--root", root]);
    expect(r.code).toBe(1);
    expect(problems(r.stdout)).toEqual(JSON.parse(v.stdout).problems);
  });

  it("new: a refusal is a problem; success names the file", async () => {
    const root = tree();
    const taken = await hubnet(["new", "physics-101", "--cluster", "gcp-shared", "--json", "--root", root]);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toBe("");
    const [p] = problems(taken.stdout);
    expect(p).toMatchObject({ file: "communities/physics-101", line: null, column: null, path: null });
    expect(p.message).toContain('community "physics-101" is taken');

    const invalid = await hubnet([
      "new",
      "lab",
      "--cluster",
      "gcp-shared",
      "--auth",
      "dummy",
      "--json",
      "--root",
      root,
    ]);
    expect(invalid.code).toBe(1);
    expect(problems(invalid.stdout)[0]).toMatchObject({
      file: "communities/lab/community.yaml",
      path: "auth.provider",
    });

    const ok = await hubnet([
      "new",
      "lab",
      "--cluster",
      "local-dev",
      "--auth",
      "dummy",
      "--json",
      "--root",
      root,
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ ok: true, file: "communities/lab/community.yaml", problems: [] });
  });

  it("generate --check: each stale file is a problem", async () => {
    const root = tree();
    const r = await hubnet(["generate", "--check", "--json", "--root", root]);
    expect(r.code).toBe(1);
    const ps = problems(r.stdout);
    expect(ps.map((p: { file: string }) => p.file)).toEqual(JSON.parse(r.stdout).stale);
    expect(ps[0].message).toBe("out of date; run `pnpm hubnet generate` and commit the result");
  });
});
