/**
 * How `hubnet` starts: from the compiled build, loading only what the command needs
 * (`--version` and `--help` load neither zod nor a Pulumi SDK), and never from a stale build.
 * Timings are measured by test/bench/start.bench.ts, not here.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { treesRemovedAfterAll } from "../../config/test/helpers";
import { hubnet, type RunResult } from "./run";

const REPO = path.resolve(__dirname, "..", "..", "..");
const RECORDER = path.join(__dirname, "support", "record-modules.cjs");
const tree = treesRemovedAfterAll();
const temps: string[] = [];
afterAll(() => {
  for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
});

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-${prefix}-`));
  temps.push(dir);
  return dir;
}

/** Runs `hubnet args` and returns the result with the module URLs the process loaded. */
async function recorded(args: string[], env: Record<string, string> = {}, bin?: string) {
  const file = path.join(tmp("modules"), "loaded.txt");
  const r = await hubnet(args, {
    bin,
    env: { ...env, HUBNET_RECORD_MODULES: file, NODE_OPTIONS: `--require ${RECORDER}` },
  });
  const modules = fs.readFileSync(file, "utf8").split("\n").filter(Boolean);
  return { ...r, modules };
}

const HEAVY = /\/node_modules\/(zod|yaml|@pulumi\/[^/]+|typescript|tsx|esbuild)\//;

describe("start-up loads only what the command needs", () => {
  it.each(["--version", "--help", "help plan", "validate --help", "plan --help"])(
    "hubnet %s: the compiled command line only, no zod, no Pulumi SDK",
    async (line) => {
      const r = await recorded(line.split(" "));
      expect(r.code).toBe(0);
      expect(r.modules.filter((m) => HEAVY.test(m))).toEqual([]);
      // Compiled: no TypeScript source ran, and no command's work was loaded.
      expect(r.modules.filter((m) => m.endsWith(".ts"))).toEqual([]);
      const built = r.modules.filter((m) => m.includes("/packages/cli/dist/")).map((m) => path.basename(m));
      expect(built.sort()).toEqual(["exit-codes.cjs", "main.cjs"]);
    },
  );

  it("hubnet validate loads validate's work and zod, and no Pulumi SDK", async () => {
    const r = await recorded(["validate", "--root", tree()]);
    expect(r.code).toBe(0);
    expect(r.modules.some((m) => m.endsWith("/validate.cjs"))).toBe(true);
    expect(r.modules.some((m) => /\/node_modules\/zod\//.test(m))).toBe(true);
    expect(r.modules.filter((m) => /\/node_modules\/(@pulumi|typescript|tsx|esbuild)\//.test(m))).toEqual([]);
  });
});

/**
 * A copy of the workspace's packages, stacks and policies (their node_modules links kept as they are,
 * resolving into the real node_modules) with no build, to edit sources in.
 */
function copyWorkspace(): string {
  const dir = tmp("workspace");
  for (const f of ["package.json", "pnpm-workspace.yaml", "pnpm-lock.yaml", "tsconfig.json"])
    fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  for (const d of ["packages", "stacks", "policies"]) {
    fs.cpSync(path.join(REPO, d), path.join(dir, d), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (src) => path.relative(REPO, src) !== path.join("packages", "cli", "dist"),
    });
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}

/** Appends `code` to a source file, as a developer's edit: its size and modification time change. */
function edit(file: string, code: string) {
  fs.appendFileSync(file, `\n${code}\n`);
}

describe("the binary never runs a stale build", () => {
  it("builds when there is no build, and again after an edit to any source it was built from", async () => {
    const ws = copyWorkspace();
    const bin = path.join(ws, "packages", "cli", "bin", "hubnet.cjs");
    const root = tree();
    const run = (args: string[]) => recorded(args, {}, bin);
    const fromBuild = (r: RunResult & { modules: string[] }) =>
      r.modules.some((m) => m.startsWith(`file://${ws}/packages/cli/dist/`)) &&
      !r.modules.some((m) => m.endsWith(".ts"));

    const first = await run(["validate", "--root", root]);
    expect(first.stdout).toMatch(/^✓ valid: \d+ communities, \d+ hubs, \d+ clusters\n$/);
    expect(fromBuild(first)).toBe(true);
    const build = JSON.parse(fs.readFileSync(path.join(ws, "packages/cli/dist/current.json"), "utf8")).build;

    // An edit in another package, compiled into the command's work.
    edit(path.join(ws, "packages/config/src/index.ts"), 'process.stdout.write("edited @hubnet/config\\n");');
    const second = await run(["validate", "--root", root]);
    expect(second.stdout).toMatch(
      /^edited @hubnet\/config\n✓ valid: \d+ communities, \d+ hubs, \d+ clusters\n$/,
    );
    expect(fromBuild(second)).toBe(true);
    const rebuilt = JSON.parse(
      fs.readFileSync(path.join(ws, "packages/cli/dist/current.json"), "utf8"),
    ).build;
    expect(rebuilt).not.toBe(build);

    // Unchanged since: the same build runs, without building again.
    const third = await run(["validate", "--root", root]);
    expect(third.stdout).toBe(second.stdout);
    expect(JSON.parse(fs.readFileSync(path.join(ws, "packages/cli/dist/current.json"), "utf8")).build).toBe(
      rebuilt,
    );
    expect(third.modules.some((m) => /\/node_modules\/esbuild\//.test(m))).toBe(false);
  });

  it("runs the sources when it cannot build, with the edit", async () => {
    const ws = copyWorkspace();
    const bin = path.join(ws, "packages", "cli", "bin", "hubnet.cjs");
    fs.writeFileSync(path.join(ws, "packages/cli/dist"), "not a folder: no build can be written here\n");
    edit(
      path.join(ws, "packages/cli/src/commands/validate.ts"),
      'process.stdout.write("edited the command line\\n");',
    );
    const r = await recorded(["validate", "--help"], {}, bin);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe("edited the command line");
    expect(r.stdout).toContain("Usage: hubnet validate [options]");
    // From source: through tsx (which compiles .ts files itself, out of sight of the recorder), no build.
    expect(r.modules.some((m) => /\/node_modules\/tsx\//.test(m))).toBe(true);
    expect(r.modules.filter((m) => m.includes("/packages/cli/dist/"))).toEqual([]);
  });
});
