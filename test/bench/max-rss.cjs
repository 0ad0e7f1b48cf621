// Preloaded (`node --require`) by start.bench.ts: writes the process's peak resident memory, in
// KiB, to the file named by HUBNET_BENCH_RSS when the process exits.
"use strict";
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.HUBNET_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
