/**
 * Temporary copies of the test network (test/fixtures/network, never the example network in
 * communities/), for tests that break one file and check what hubnet says about it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";

/** The repository root (this file is packages/config/test/helpers.ts). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

export type Edit = string | ((original: string) => string) | null;

function replaceOnce(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test setup: ${JSON.stringify(from)} not found`);
  return text.replace(from, to);
}

/** `(text) => text with `from` replaced by `to``, failing loudly when `from` is absent. */
export const swap =
  (from: string, to: string) =>
  (text: string): string =>
    replaceOnce(text, from, to);

/**
 * A temp root with the test network's communities/ and stacks/cluster/Pulumi.*.yaml,
 * then `edits` applied: path relative to the root -> new content, a function of
 * the old content, or null to delete the file.
 */
export function makeTree(edits: Record<string, Edit> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-test-"));
  fs.cpSync(path.join(FIXTURE_NETWORK, "communities"), path.join(root, "communities"), { recursive: true });
  const clusterDir = path.join(root, "stacks", "cluster");
  fs.mkdirSync(clusterDir, { recursive: true });
  for (const f of fs.readdirSync(path.join(FIXTURE_NETWORK, "stacks", "cluster"))) {
    if (/^Pulumi\.[^.]+\.yaml$/.test(f))
      fs.copyFileSync(path.join(FIXTURE_NETWORK, "stacks", "cluster", f), path.join(clusterDir, f));
  }
  for (const [rel, edit] of Object.entries(edits)) {
    const file = path.join(root, rel);
    if (edit === null) {
      fs.rmSync(file, { recursive: true, force: true });
      continue;
    }
    const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof edit === "function" ? edit(old) : edit);
  }
  return root;
}

/** Every file under `root` with its content, to assert that nothing changed. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = fs.readFileSync(p, "utf8");
    }
  };
  walk(root);
  return out;
}

export const community = (name: string) => `communities/${name}/community.yaml`;
export const clusterFile = (name: string) => `stacks/cluster/Pulumi.${name}.yaml`;

/** `makeTree` for one test file: every tree it makes is removed after the file's tests. */
export function treesRemovedAfterAll(): (...args: Parameters<typeof makeTree>) => string {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  return (...args) => {
    const root = makeTree(...args);
    roots.push(root);
    return root;
  };
}
