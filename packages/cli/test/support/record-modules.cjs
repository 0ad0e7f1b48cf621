// Preloaded with `node --require` by the start-up tests: records the URL of every module the
// process loads (CommonJS and ES modules, through require or import) and writes them, one per
// line, to the file named by HUBNET_RECORD_MODULES when the process exits.
"use strict";
const fs = require("node:fs");
const { registerHooks } = require("node:module");

const loaded = [];
registerHooks({
  load(url, context, nextLoad) {
    loaded.push(url);
    return nextLoad(url, context);
  },
});
process.on("exit", () => fs.writeFileSync(process.env.HUBNET_RECORD_MODULES, `${loaded.join("\n")}\n`));
