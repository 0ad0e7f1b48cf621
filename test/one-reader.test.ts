/**
 * One reader of the tree (issue 21): validate (the file system's listings), affected and diff (a
 * commit's files) and policy (a plan folder) decide what is a stack by one rule, so that none lists
 * to deploy what another refuses: a dot folder's community, a stack name that is not a DNS label, a
 * community folder replaced by a link, a linked stack folder of a plan.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubnet } from "./support/cli";
import { type GitNetwork, gitNetwork } from "./support/git-network";
import { community } from "./support/hostile-tree";

let net: GitNetwork;
beforeAll(() => {
  net = gitNetwork();
});
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const run = (args: string[]) => hubnet([...args, "--root", net.dir]);
const checkout = (commit: string) => net.git("checkout", "-q", commit);

describe("affected and validate agree on what is a stack", () => {
  it("a community in a folder whose name starts with a dot: validate reports it, affected does not deploy it", async () => {
    const head = net.commit("dot-folder", {
      "communities/.hidden/community.yaml": community("hidden").replace("cluster: lab", "cluster: local-dev"),
    });
    checkout(head);
    const v = await run(["validate"]);
    expect(v.code, v.stdout).toBe(1);
    expect(v.stdout).toContain(
      'communities/.hidden: ".hidden" is not a community name, so this folder is not read',
    );
    const a = await run(["affected", "--base", "base", "--head", head, "--json"]);
    expect(a.code, a.stdout + a.stderr).toBe(1);
    const doc = JSON.parse(a.stdout) as { ok: boolean; problems: { file: string; message: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.problems).toEqual([
      expect.objectContaining({
        file: "communities/.hidden/community.yaml",
        message: expect.stringContaining("is not a community name"),
      }),
    ]);
  });

  it("a cluster stack file whose name is not a DNS label never reaches the deploy list", async () => {
    const head = net.commit("bad-stack-name", {
      "stacks/cluster/Pulumi.x$(id).yaml": fs.readFileSync(
        path.join(net.dir, "stacks/cluster/Pulumi.local-dev.yaml"),
        "utf8",
      ),
    });
    checkout(head);
    const v = await run(["validate"]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("is not a DNS-1123 label");
    const a = await run(["affected", "--base", "base", "--head", head]);
    expect(a.code, a.stdout + a.stderr).toBe(1);
    expect(a.stdout).toContain(
      "stacks/cluster/Pulumi.x$(id).yaml: not read: stack files are named Pulumi.<stack>.yaml",
    );
    expect(a.stdout).not.toMatch(/clusters\s+cluster\s+x\$/);
  });

  it("a community folder replaced by a link is refused, not reported as a removed community", async () => {
    net.git("checkout", "-q", "-B", "linked-community", "base");
    fs.rmSync(path.join(net.dir, "communities/dev-sandbox"), { recursive: true });
    fs.symlinkSync("carpentry-workshop", path.join(net.dir, "communities/dev-sandbox"));
    net.git("add", "-A");
    net.git("commit", "-q", "-m", "link");
    const head = net.git("rev-parse", "HEAD");
    const a = await run(["affected", "--base", "base", "--head", head, "--json"]);
    expect(a.code, a.stdout + a.stderr).toBe(1);
    expect(a.stdout).not.toContain('"removed"');
    expect(JSON.parse(a.stdout).problems).toEqual([
      expect.objectContaining({
        file: "communities/dev-sandbox",
        message: expect.stringContaining("a symbolic link"),
      }),
    ]);
    checkout("base");
  });
});

describe("policy --plan never follows a linked stack folder", () => {
  it("a plan folder whose communities/<stack> is a link outside", async () => {
    const plan = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-linked-plan-"));
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-outside-plan-"));
    dirs.push(plan, outside);
    fs.writeFileSync(
      path.join(plan, "plan.json"),
      JSON.stringify({
        version: 1,
        stacks: [{ kind: "community", project: "hubnet-community", stack: "alpha" }],
      }),
    );
    fs.mkdirSync(path.join(plan, "communities"));
    fs.mkdirSync(path.join(outside, "alpha"));
    fs.writeFileSync(path.join(outside, "alpha", "resources.json"), "[]");
    fs.symlinkSync(path.join(outside, "alpha"), path.join(plan, "communities", "alpha"));
    const r = await hubnet(["policy", "--plan", plan]);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    expect(r.stderr).toContain("is a symbolic link");
    expect(r.stderr).toContain("links are not followed");
  });
});
