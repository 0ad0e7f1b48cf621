/**
 * `hubnet new` on a terminal asks for what its flags did not say. The binary
 * runs under `script` (util-linux), which gives it a real pseudo-terminal;
 * answers are typed ahead on its input.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { makeTree } from "../../config/test/helpers";
import { BIN } from "./run";

function onTerminal(root: string, args: string[], answers: string) {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.CI;
  const r = spawnSync("script", ["-qec", command, "/dev/null"], {
    cwd: root,
    input: answers,
    env,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout };
}

describe("hubnet new on a terminal", () => {
  it("has `script` to give the binary a terminal", () => {
    expect(execFileSync("script", ["--version"], { encoding: "utf8" })).toMatch(/script from util-linux/);
  });

  it("asks for the cluster, display name, provider and owners, and writes a valid community", () => {
    const root = makeTree();
    const r = onTerminal(
      root,
      ["new", "chem-lab", "--root", root],
      "gcp-shared\nChemistry Lab\ngoogle\nalice bob\n",
    );
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      "Cluster (aws-research, azure-eu, campus-k8s, gcp-shared, local-dev) [aws-research]: ",
    );
    expect(r.out).toContain(
      "Login provider (github, cilogon, google, oidc, shared-password, anonymous, dummy) [github]: ",
    );
    const text = fs.readFileSync(path.join(root, "communities/chem-lab/community.yaml"), "utf8");
    expect(text).toContain(`displayName: "Chemistry Lab"`);
    expect(text).toMatch(/owners: \[alice, bob\]/);
    expect(text).toContain("cluster: gcp-shared");
    expect(text).toContain("provider: google");
    expect(loadNetwork(root).problems).toEqual([]);
  });

  it("cancels cleanly, writing nothing, when input ends before the questions do", () => {
    const root = makeTree();
    const r = onTerminal(root, ["new", "chem-lab", "--root", root], "gcp-shared\n");
    expect(r.code).toBe(2);
    expect(r.out).toContain("error: cancelled: no answer was given, nothing was written");
    expect(r.out).not.toContain("    at ");
    expect(fs.existsSync(path.join(root, "communities/chem-lab"))).toBe(false);
  });
});
