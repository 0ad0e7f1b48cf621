/**
 * Loading a stack program as Pulumi does: a CommonJS module whose export is
 * the program function. TypeScript is compiled on the fly by tsx here (Pulumi
 * uses its ts-node; the program is the same file).
 */
import { createRequire } from "node:module";
import * as path from "node:path";

export type Program = () => unknown;

let registered = false;

function ensureTypeScript(requireFn: NodeJS.Require) {
  if (registered || requireFn.extensions[".ts"]) return;
  (requireFn("tsx/cjs/api") as { register: () => void }).register();
  registered = true;
}

export function loadProgram(dir: string): Program {
  const file = path.join(dir, "index.ts");
  const req = createRequire(path.join(dir, "package.json"));
  ensureTypeScript(createRequire(__filename));
  const exported = req(file) as unknown;
  if (typeof exported !== "function") {
    throw new Error(`${file} must export its program as a function (export = async () => { ... })`);
  }
  return exported as Program;
}

/** Where this hubnet checkout keeps its stack programs. */
export const HUBNET_HOME = path.resolve(__dirname, "..", "..", "..");
