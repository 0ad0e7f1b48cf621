// Preloaded with `node --require` by the untrusted-input tests: writes the CPU time the process
// used (user + system, in milliseconds) to the file named by HUBNET_CPU_TIME when it exits, so a
// test can bound what a case costs without depending on how busy the machine is.
"use strict";
const fs = require("node:fs");

process.on("exit", () => {
  const { user, system } = process.cpuUsage();
  try {
    fs.writeFileSync(process.env.HUBNET_CPU_TIME, String(Math.round((user + system) / 1000)));
  } catch {
    // an unprivileged run that cannot write there: the test says so
  }
});
