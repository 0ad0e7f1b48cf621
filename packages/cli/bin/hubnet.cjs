#!/usr/bin/env node
// The `hubnet` command: TypeScript sources run through tsx, no build step.
"use strict";
require("tsx/cjs/api").register();

// `hubnet validate | head` closes the pipe early: stop quietly, as other command-line tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const { run } = require("../src/main.ts");

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // run() handles its own errors; this is the last resort.
    process.stderr.write(`internal error: ${err?.message ? err.message : String(err)}\n`);
    process.exitCode = 3;
  },
);
