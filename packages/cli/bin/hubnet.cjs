#!/usr/bin/env node
// The `hubnet` command. It runs the JavaScript compiled from the TypeScript sources by
// scripts/build.cjs (during `pnpm install`), never a stale one: when a source it was built from
// has changed since, it builds again first, and if that is not possible it runs the sources
// through tsx. HUBNET_FROM_SOURCE=1 always runs the sources. See
// docs/decisions/0007-cli-compiled-ahead-of-time.md.
"use strict";

const [major] = process.versions.node.split(".").map(Number);
if (major < 22) {
  process.stderr.write(
    `error: hubnet needs Node.js 22 or newer; this is Node.js ${process.versions.node} (the README's quick start says how to get it)\n`,
  );
  process.exit(2);
}

// V8's code cache for every module loaded from here on (@pulumi/pulumi above all); Node keeps it
// in its own folder (NODE_COMPILE_CACHE, else the temporary folder) and checks it against the sources.
require("node:module").enableCompileCache?.();

// `hubnet validate | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** The compiled program, built again if its sources changed; undefined to run the sources. */
async function compiled() {
  if (process.env.HUBNET_FROM_SOURCE) return undefined;
  const { build, freshBuild } = require("../scripts/build.cjs");
  let dir = freshBuild();
  if (!dir) {
    try {
      dir = await build();
    } catch (err) {
      // A read-only checkout, esbuild missing: the sources run as they are.
      if (process.env.HUBNET_DEBUG)
        process.stderr.write(`hubnet: not built (${err?.message ?? err}); running the sources\n`);
      return undefined;
    }
  }
  return require(`${dir}/main.cjs`);
}

function fromSource() {
  require("tsx/cjs/api").register();
  return require("../src/main.ts");
}

compiled()
  .then((main) => (main ?? fromSource()).run(process.argv))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      // run() handles its own errors; this is the last resort.
      process.stderr.write(`internal error: ${err?.message ? err.message : String(err)}\n`);
      process.exitCode = 3;
    },
  );
