// Registers TypeScript the way Pulumi's Node.js language host does for a
// CommonJS program (node_modules/@pulumi/pulumi/cmd/run/run.js): the ts-node and
// the `typescript` that @pulumi/pulumi resolves from the stack's folder (the
// workspace's typescript 5.9.3), the stack's tsconfig.json, and run.js's
// compiler options. Used by tests that prove `pulumi up` can load our programs.
"use strict";
const path = require("node:path");
const { createRequire } = require("node:module");

function registerLikePulumi(stackDir) {
  const tsutilsPath = require.resolve("@pulumi/pulumi/tsutils", { paths: [stackDir] });
  const tsutils = require(tsutilsPath);
  const fromPulumi = createRequire(tsutilsPath);
  const tsConfigPath = path.join(stackDir, "tsconfig.json");
  const compilerOptions = tsutils.loadTypeScriptCompilerOptions(tsConfigPath);
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const ts = fromPulumi(typescriptRequire);
  fromPulumi(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: compilerOptions.noCheck,
    project: tsConfigPath,
    skipProject: false,
    compilerOptions: {
      target: "ES2020",
      module: "nodenext",
      moduleResolution: "nodenext",
      sourceMap: "true",
      ...compilerOptions,
    },
  });
  return { typescript: ts.version, tsnode: tsnodeRequire, noCheck: compilerOptions.noCheck };
}

module.exports = { registerLikePulumi };
