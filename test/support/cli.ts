/** Helpers for the cross-package tests. The `hubnet` binary runs through packages/cli/test/run.ts. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIXTURE_NETWORK } from "../fixtures";

export const REPO = path.resolve(__dirname, "..", "..");

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-${prefix}-`));
}

export { FIXTURE_NETWORK };

/**
 * A copy of a network's configs (communities/ and stacks/*\/Pulumi.*.yaml) to break in a test:
 * of the test network (test/fixtures/network) unless `from` names another tree (the example
 * network, `REPO`, only for tests about the network as a whole).
 */
export function copyNetwork(from: string = FIXTURE_NETWORK): string {
  const root = tmpDir("net");
  fs.cpSync(path.join(from, "communities"), path.join(root, "communities"), { recursive: true });
  for (const project of ["cluster", "community"]) {
    const dir = path.join(from, "stacks", project);
    fs.mkdirSync(path.join(root, "stacks", project), { recursive: true });
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).filter((f) => /^Pulumi\..+\.yaml$/.test(f))) {
      fs.copyFileSync(path.join(dir, f), path.join(root, "stacks", project, f));
    }
  }
  return root;
}

export { hubnet } from "../../packages/cli/test/run";
