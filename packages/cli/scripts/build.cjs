#!/usr/bin/env node
// @ts-check
/**
 * The `hubnet` binary runs JavaScript compiled ahead of time from the workspace's TypeScript
 * (docs/decisions/0007-cli-compiled-ahead-of-time.md). This file builds it, and tells the
 * launcher (bin/hubnet.cjs) whether the build on disk is still that of the sources.
 *
 * A build is a folder `dist/<id>/` of CommonJS files, one per entry, plus `dist/current.json`
 * naming the current folder and every input with its size and modification time:
 *
 *   main.cjs        the command line (commander, every command's options and help); no command's work
 *   exit-codes.cjs  shared by every file below (its error classes are compared with `instanceof`)
 *   <command>.cjs   one per file of src/actions/: what that command does, loaded when it runs
 *
 * Only workspace sources are compiled into these files (`@hubnet/*`, `stacks/*`); every other
 * package (zod, yaml, commander, @pulumi/*) stays a `require` resolved at run time from the folder
 * of the source file that imports it, exactly as when running from source, so there is one copy of
 * each package (one Pulumi SDK, whose mock runtime the stack programs and @hubnet/plan share).
 *
 * Run `node packages/cli/scripts/build.cjs` (the root `prepare` script does, during `pnpm install`).
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const CLI = path.resolve(__dirname, "..");
const REPO = path.resolve(CLI, "..", "..");
const DIST = path.join(CLI, "dist");
const CURRENT = path.join(DIST, "current.json");
/** Builds other than the current one are removed once they are this old (a running command may still load from one). */
const KEEP_OLD_BUILDS_MS = 10 * 60 * 1000;

/** Files compiled into entries of their own, in every build: the command line and what its files share. */
const FIXED_ENTRIES = { main: "src/main.ts", "exit-codes": "src/exit-codes.ts" };

/** @returns {Record<string, string>} entry name → absolute source file */
function entries() {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, rel] of Object.entries(FIXED_ENTRIES)) out[name] = path.join(CLI, rel);
  const actions = path.join(CLI, "src", "actions");
  for (const f of fs.readdirSync(actions).filter((f) => f.endsWith(".ts"))) {
    const name = f.slice(0, -3);
    if (out[name]) throw new Error(`src/actions/${f}: "${name}" is taken by another entry; rename the file`);
    out[name] = path.join(actions, f);
  }
  return out;
}

/**
 * @typedef {{ build: string, node: string, inputs: Record<string, [number, number]> }} Manifest
 * `inputs`: repository-relative path → [size, mtimeMs] of every file the build was made from.
 */

/** @param {string} rel @returns {[number, number] | undefined} */
function stamp(rel) {
  const st = fs.statSync(path.join(REPO, rel), { throwIfNoEntry: false });
  return st ? [st.size, st.mtimeMs] : undefined;
}

/**
 * The folder of the current build if every file it was made from is unchanged (same size and
 * modification time), else undefined. Cheap: one small JSON file and a stat per input.
 * @returns {string | undefined}
 */
function freshBuild() {
  /** @type {Manifest} */
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(CURRENT, "utf8"));
  } catch {
    return undefined;
  }
  for (const [rel, [size, mtime]] of Object.entries(manifest.inputs)) {
    const now = stamp(rel);
    if (!now || now[0] !== size || now[1] !== mtime) return undefined;
  }
  const dir = path.join(DIST, manifest.build);
  return fs.existsSync(path.join(dir, "main.cjs")) ? dir : undefined;
}

/** The folder holding the nearest package.json above `dir` (where Node resolves its imports from). */
function packageDir(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "package.json"))) return d;
    if (path.dirname(d) === d) return dir;
  }
}

const inWorkspace = (file) =>
  !path.relative(REPO, file).startsWith("..") && !file.includes(`${path.sep}node_modules${path.sep}`);

/**
 * @param {string} outdir the build folder (its files are flat, so one entry requires another as `./<name>.cjs`)
 * @param {Record<string, string>} entryFiles
 * @returns {import("esbuild").Plugin}
 */
function workspacePlugin(outdir, entryFiles) {
  const entryByFile = new Map(Object.entries(entryFiles).map(([name, file]) => [file, name]));
  return {
    name: "hubnet-workspace",
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === "entry-point" || args.pluginData?.inner) return undefined;
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: { inner: true },
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        if (resolved.external || !resolved.path || !path.isAbsolute(resolved.path)) return resolved; // node: built-ins
        // Another entry (a command's work, the shared exit codes): required from its own file.
        const entry = entryByFile.get(resolved.path);
        if (entry && args.importer && entryByFile.get(args.importer) !== entry) {
          return { path: `./${entry}.cjs`, external: true };
        }
        if (inWorkspace(resolved.path)) return { path: resolved.path };
        // A package: required at run time from where the importing source file would require it.
        const from = path.relative(outdir, packageDir(args.resolveDir)).split(path.sep).join("/");
        return { path: args.path, namespace: "hubnet-package", pluginData: { from } };
      });
      build.onLoad({ filter: /.*/, namespace: "hubnet-package" }, (args) => ({
        contents: `module.exports = require("node:module").createRequire(require("node:path").join(__hubnetBuildDir, ${JSON.stringify(`${args.pluginData.from}/package.json`)}))(${JSON.stringify(args.path)});`,
        loader: "js",
      }));
      // `__dirname` and `__filename` keep naming the source file's folder and file, not the build's.
      build.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
        const text = fs.readFileSync(args.path, "utf8");
        if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
        const dir = path.relative(outdir, path.dirname(args.path)).split(path.sep).join("/");
        const prologue =
          `const __dirname = require("node:path").join(__hubnetBuildDir, ${JSON.stringify(dir)}), ` +
          `__filename = require("node:path").join(__dirname, ${JSON.stringify(path.basename(args.path))});`;
        // On the first line, so line numbers stay those of the source.
        return { contents: prologue + text, loader: "ts" };
      });
    },
  };
}

/**
 * Compiles a new build and makes it current (atomically: parallel builds are safe; each command
 * loads every file from the build it started with). Returns the build's folder.
 * @returns {Promise<string>}
 */
async function build() {
  const esbuild = require("esbuild");
  const id = `build-${Date.now().toString(36)}-${process.pid}`;
  const outdir = path.join(DIST, id);
  const entryFiles = entries();
  const started = Date.now();
  try {
    const result = await esbuild.build({
      entryPoints: entryFiles,
      outdir,
      outExtension: { ".js": ".cjs" },
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node22",
      metafile: true,
      logLevel: "silent",
      // Read before any bundled module runs (the prologue above shadows `__dirname` in modules that use it).
      banner: { js: '"use strict";\nconst __hubnetBuildDir = __dirname;' },
      plugins: [workspacePlugin(outdir, entryFiles)],
    });
    /** @type {Set<string>} */
    const inputs = new Set();
    for (const input of Object.keys(result.metafile.inputs)) {
      if (input.includes(":")) continue; // hubnet-package:…, not a file
      inputs.add(path.relative(REPO, path.resolve(input)));
    }
    // What decides how the sources are resolved and compiled.
    inputs.add(path.relative(REPO, __filename));
    for (const f of ["tsconfig.json", "pnpm-lock.yaml", "pnpm-workspace.yaml"]) inputs.add(f);
    for (const dir of workspacePackageDirs()) inputs.add(path.join(dir, "package.json"));
    /** @type {Manifest} */
    const manifest = { build: id, node: process.version, inputs: {} };
    for (const rel of [...inputs].sort()) {
      const s = stamp(rel);
      // A file changed while esbuild ran may be in the build as it was before: never fresh.
      if (s) manifest.inputs[rel.split(path.sep).join("/")] = s[1] >= started ? [s[0], -1] : s;
    }
    const tmp = `${CURRENT}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(manifest, null, 1)}\n`);
    fs.renameSync(tmp, CURRENT);
  } catch (err) {
    fs.rmSync(outdir, { recursive: true, force: true });
    throw err;
  } finally {
    await esbuild.stop();
  }
  removeOldBuilds(id);
  return outdir;
}

/** The workspace's package folders, relative to the repository (pnpm-workspace.yaml: packages/*, stacks/*, policies, test). */
function workspacePackageDirs() {
  const dirs = ["policies", "test"].filter((d) => fs.existsSync(path.join(REPO, d, "package.json")));
  for (const parent of ["packages", "stacks"]) {
    const abs = path.join(REPO, parent);
    if (!fs.existsSync(abs)) continue;
    for (const d of fs.readdirSync(abs)) {
      if (fs.existsSync(path.join(abs, d, "package.json"))) dirs.push(path.join(parent, d));
    }
  }
  return dirs;
}

/** @param {string} keep */
function removeOldBuilds(keep) {
  let current;
  try {
    current = JSON.parse(fs.readFileSync(CURRENT, "utf8")).build;
  } catch {
    current = keep;
  }
  for (const d of fs.readdirSync(DIST)) {
    if (!d.startsWith("build-") || d === keep || d === current) continue;
    const dir = path.join(DIST, d);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs > KEEP_OLD_BUILDS_MS)
        fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another build removed it first.
    }
  }
}

module.exports = { build, freshBuild, DIST, CURRENT };

if (require.main === module) {
  const started = Date.now();
  build().then(
    (dir) => console.log(`hubnet: built ${path.relative(process.cwd(), dir)} in ${Date.now() - started} ms`),
    (err) => {
      console.error(`hubnet: build failed: ${err?.message ?? err}`);
      process.exitCode = 1;
    },
  );
}
