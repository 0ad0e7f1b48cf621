/** Helpers for the cross-package tests: run the real `hubnet` binary. */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const REPO = path.resolve(__dirname, "..", "..");
export const ORACLES = path.resolve(REPO, "..", "shared", "oracles");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function hubnet(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, [path.join(REPO, "packages/cli/bin/hubnet.cjs"), ...args], {
    cwd: opts.cwd ?? REPO,
    env: { ...process.env, NO_COLOR: "1", ...opts.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

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
