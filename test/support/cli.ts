/** Helpers for the cross-package tests. The `hubnet` binary runs through packages/cli/test/run.ts. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");
export const ORACLES = path.resolve(REPO, "..", "shared", "oracles");

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-${prefix}-`));
}

/** A copy of the repo's configs (communities/ and stacks/*.yaml) to break in a test. */
export function copyNetwork(): string {
  const root = tmpDir("net");
  fs.cpSync(path.join(REPO, "communities"), path.join(root, "communities"), { recursive: true });
  for (const project of ["cluster", "community"]) {
    const from = path.join(REPO, "stacks", project);
    fs.mkdirSync(path.join(root, "stacks", project), { recursive: true });
    for (const f of fs.readdirSync(from).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
      fs.copyFileSync(path.join(from, f), path.join(root, "stacks", project, f));
    }
  }
  return root;
}

export { hubnet } from "../../packages/cli/test/run";
