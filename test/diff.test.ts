/**
 * `hubnet diff` end to end, on a git repository of the test network with this checkout's code and
 * installed packages (support/git-network.ts): each side rendered by its own code in a temporary
 * worktree, only the affected stacks, the data-loss guard and its exit code 4, the pull-request
 * comment, bad input, and worktrees removed on every exit path (an error, Ctrl-C).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import { loadNetwork } from "@hubnet/config";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { BIN } from "../packages/cli/test/run";
import { hubnet } from "./support/cli";
import { type GitNetwork, gitNetwork, networkFiles, replace } from "./support/git-network";

let net: GitNetwork;
beforeAll(() => {
  net = gitNetwork({ dependencies: true });
}, 60_000);

/** Every worktree git knows besides the repository's own: none may be left behind. */
const worktrees = () =>
  net
    .git("worktree", "list", "--porcelain")
    .split("\n")
    .filter((l) => l.startsWith("worktree "))
    .slice(1);
afterEach(() => {
  expect(worktrees()).toEqual([]);
});

const run = (args: string[], opts: { cwd?: string } = {}) =>
  hubnet(["diff", "--root", net.dir, ...args], { timeout: 240_000, cwd: opts.cwd });

describe("hubnet diff", () => {
  it("a display name edit: that community only, the new name in the comment, exit 0", async () => {
    const head = net.commit("display-name", {
      "communities/physics-101/community.yaml": replace(
        "displayName: Physics 101 at Lakeside Community College",
        "displayName: Physics at Lakeside",
      ),
    });
    const json = await run(["--base", "base", "--head", head, "--json"]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout);
    expect(r.ok).toBe(true);
    // The code is the checkout's at both commits: the checkout's build renders their configs.
    expect(r.rendered).toEqual({
      base: ["cluster/gcp-shared", "community/physics-101"],
      head: ["cluster/gcp-shared", "community/physics-101"],
      by: { base: "checkout", head: "checkout" },
    });
    expect(r.stacks.map((s: { stack: string }) => s.stack)).toEqual(["physics-101"]);
    expect(r.stacks[0].counts).toEqual({ create: 0, delete: 0, replace: 0, update: 2, move: 0 });
    expect(r.dataLoss).toEqual([]);

    const md = await run(["--base", "base", "--head", head, "--markdown"]);
    expect(md.code).toBe(0);
    expect(md.stdout).toContain(
      "| <code>community physics-101</code> | staging | changed | 0 | 0 | 0 | 2 | 0 | none |",
    );
    expect(md.stdout).toContain('- shown as      "Physics 101 at Lakeside Community College"');
    expect(md.stdout).toContain('+ shown as      "Physics at Lakeside"');
    expect(md.stdout).toContain(
      '~ values.hub.templateVars.hubnet.display_name: "Physics 101 at Lakeside Community College" → "Physics at Lakeside"',
    );
    expect(md.stdout).not.toContain("[!CAUTION]");
  }, 240_000);

  it("a deleted community: exit 4 naming each resource with its data and how to proceed; --allow-data-loss: exit 0", async () => {
    const head = net.commit("delete", { "communities/open-geo": null });
    const r = await run(["--base", "base", "--head", head]);
    expect(r.code).toBe(4);
    // Homes (volume and claim), the hub's namespace with its claims, the hub database's volume.
    expect(r.stdout).toContain("DATA LOSS: 4 changes to resources holding user data:");
    expect(r.stdout).toContain(
      "community open-geo: core/v1:PersistentVolume open-geo-prod-home-pv would be left in the cloud with its data but managed by no stack (retainOnDelete)",
    );
    expect(r.stdout).toContain("To proceed: keep the community's file until its data is moved or archived");
    expect(r.stdout).toContain("exit 4 (review each; --allow-data-loss accepts them)");
    const allowed = await run(["--base", "base", "--head", head, "--allow-data-loss", "--json"]);
    expect(allowed.code).toBe(0);
    const json = JSON.parse(allowed.stdout);
    expect(json.rendered).toEqual({
      base: ["cluster/gcp-shared", "community/open-geo"],
      head: [],
      by: { base: "checkout", head: "none" },
    });
    expect(json.dataLoss.map((d: { name: string }) => d.name).sort()).toEqual([
      "open-geo-prod-home-pv",
      "open-geo-prod-home-pvc",
      "open-geo-prod-hubnet-hub-db",
      "open-geo-prod-ns",
    ]);
  }, 240_000);

  it("home storage losing protect: exit 4 on the file system, in every stack that renders it", async () => {
    const head = net.commit("unprotect", {
      "packages/components/src/aws/eks-home.ts": replace(
        '{ ...child, ...retention("userData") },',
        "{ ...child, retainOnDelete: true },",
      ),
    });
    const r = await run(["--base", "base", "--head", head, "--json"]);
    expect(r.code).toBe(4);
    const json = JSON.parse(r.stdout);
    // The cluster, and every community on an AWS cluster (their stacks load the AWS module too).
    const onAws = [...loadNetwork(net.dir).communities.values()]
      .filter((c) => c.config.cluster === "aws-research")
      .map((c) => c.name);
    expect(onAws.length).toBeGreaterThan(0);
    expect(json.stacks.map((s: { stack: string }) => s.stack).sort()).toEqual(
      ["aws-research", ...onAws].sort(),
    );
    expect(json.stacks[0].stack).toBe("aws-research");
    // The checkout is at the head; the base's code differs: it renders in a worktree with its own build.
    expect(json.rendered.by).toEqual({ base: "worktree", head: "checkout" });
    expect(json.dataLoss).toMatchObject([
      {
        stack: "cluster aws-research",
        kind: "unprotect",
        type: "aws:efs/fileSystem:FileSystem",
        name: "aws-research-home",
      },
    ]);
  }, 240_000);

  it("a renamed hub: its namespace and storage would be replaced; a warning says a hub cannot be renamed", async () => {
    const head = net.commit("hub-rename", {
      "communities/physics-101/community.yaml": replace("{ name: staging,", "{ name: stage,"),
    });
    const r = await run(["--base", "base", "--head", head]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(
      "warning: community physics-101: hub physics-101-staging is removed and physics-101-stage added: a hub cannot be renamed in place",
    );
    expect(r.stdout).toMatch(
      /community physics-101: core\/v1:Namespace physics-101-staging-ns would be left in the cloud/,
    );
  }, 240_000);

  it("a renamed community: an explicit warning, and exit 4 for what it leaves behind", async () => {
    const head = net.commit("community-rename", {
      "communities/open-geo": null,
      "communities/geo-open/community.yaml": replace(
        "name: open-geo",
        "name: geo-open",
      )(networkFiles(["open-geo"])["communities/open-geo/community.yaml"]),
    });
    const r = await run(["--base", "base", "--head", head, "--markdown"]);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain("communities/open-geo is renamed to communities/geo-open");
    expect(r.stdout).toContain("Pulumi cannot move resources from one stack to another");
    expect(r.stdout.indexOf("[!CAUTION]")).toBeLessThan(r.stdout.indexOf("### Summary"));
  }, 240_000);

  it("a base where the configs did not exist yet: everything is added, exit 0", async () => {
    const bare = gitNetwork({ network: false, dependencies: true });
    const head = bare.commit("network", networkFiles(["dev-sandbox"]));
    const r = await hubnet(["diff", "--root", bare.dir, "--base", "base", "--head", head, "--json"], {
      timeout: 240_000,
    });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.stacks.map((s: { stack: string; change: string }) => [s.stack, s.change])).toEqual([
      ["local-dev", "added"],
      ["dev-sandbox", "added"],
    ]);
    expect(json.rendered.base).toEqual([]);
    expect(json.stacks[1].counts.create).toBeGreaterThan(5);
  }, 240_000);
});

describe("hubnet diff: bad input", () => {
  it("a ref that does not exist: exit 2", async () => {
    const r = await run(["--base", "nope"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: --base nope: no such commit, branch or tag in this repository");
  });

  it("uncommitted changes: exit 2 with what to do", async () => {
    net.git("checkout", "-q", "base");
    fs.appendFileSync(`${net.dir}/communities/open-geo/community.yaml`, "# edit\n");
    try {
      const r = await run(["--base", "base"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        "error: uncommitted changes in communities/open-geo/community.yaml: diff compares commits",
      );
    } finally {
      net.git("checkout", "-q", "--", ".");
    }
  });

  it("--json and --markdown together: exit 2", async () => {
    expect((await run(["--base", "base", "--json", "--markdown"])).code).toBe(2);
  });

  it("an invalid config at the head: exit 1 with FILE:LINE:COL, nothing compared, worktrees removed", async () => {
    const head = net.commit("invalid", {
      "communities/open-geo/community.yaml": replace("memory: 4G", "memory: 4GB"),
    });
    const r = await run(["--base", "base", "--head", head]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`the configs at ${head} have problems; nothing was compared:`);
    expect(r.stdout).toContain("communities/open-geo/community.yaml:15:70: profiles[0].memory: ");
  }, 240_000);

  it("Ctrl-C while rendering: exit 130, worktrees and their folders removed", async () => {
    // A code change: the head renders in a worktree of its own.
    const head = net.commit("interrupt", {
      "packages/components/src/hub/values.ts": (t) => `${t}\n// interrupted\n`,
    });
    const ours = () => fs.readdirSync(os.tmpdir()).filter((d) => /^hubnet-(the-|configs-)/.test(d));
    const before = new Set(ours());
    const child = spawn(
      process.execPath,
      [BIN, "diff", "--root", net.dir, "--base", "base", "--head", head],
      {
        env: { ...process.env, CI: "true" },
        stdio: "ignore",
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (let i = 0; i < 600 && worktrees().length < 1; i++) await new Promise((r) => setTimeout(r, 50));
    expect(worktrees().length).toBe(1);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(ours().filter((d) => !before.has(d))).toEqual([]);
  }, 120_000);
});
