// Preloaded (`node --require`) by the test of internal errors: closing a community file fails with
// a plain Error, something hubnet does not expect, so the run ends as a defect (exit 3).
"use strict";
const fs = require("node:fs");
const { openSync, closeSync } = fs;
const planted = new Set();
fs.openSync = function (file, ...rest) {
  const fd = openSync.call(this, file, ...rest);
  if (String(file).endsWith("community.yaml")) planted.add(fd);
  return fd;
};
fs.closeSync = function (fd) {
  closeSync.call(this, fd);
  if (planted.delete(fd)) throw new Error("planted defect");
};
