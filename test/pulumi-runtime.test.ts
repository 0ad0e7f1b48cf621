/**
 * Both stack programs, loaded as Pulumi's Node.js runtime loads them (its
 * ts-node with the workspace's typescript, see support/register-like-pulumi.cjs),
 * render a community and its cluster: the programs `pulumi up` runs are the
 * ones `hubnet plan` renders, and the workspace's TypeScript works for Pulumi.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_NETWORK, REPO, tmpDir } from "./support/cli";

describe("the stack programs under Pulumi's own TypeScript loader", () => {
  it("render the ocean-climate community of the test network and its AWS cluster, without tsx", () => {
    const script = path.join(tmpDir("pulumi-runtime"), "run.cjs");
    const stack = path.join(REPO, "stacks/community");
    fs.writeFileSync(
      script,
      `
const { registerLikePulumi } = require(${JSON.stringify(path.join(REPO, "test/support/register-like-pulumi.cjs"))});
const registered = registerLikePulumi(${JSON.stringify(stack)});
const { planNetwork } = require(${JSON.stringify(path.join(REPO, "packages/plan/src/index.ts"))});
planNetwork({ root: ${JSON.stringify(FIXTURE_NETWORK)}, communities: ["ocean-climate"] }).then((r) => {
  const loaded = Object.keys(require.cache);
  console.log(JSON.stringify({
    ...registered,
    problems: r.problems,
    stacks: [...r.clusters, ...r.communities].map((s) => [s.kind, s.stack, s.resources.length]),
    tsx: loaded.some((k) => k.includes("/tsx/")),
    gcp: loaded.some((k) => k.includes("/@pulumi/gcp/")),
  }));
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });
`,
    );
    const out = execFileSync(process.execPath, [script], { cwd: stack, encoding: "utf8", timeout: 180_000 });
    const result = JSON.parse(out.trim().split("\n").pop() ?? "{}");
    expect(result).toMatchObject({
      typescript: "5.9.3",
      noCheck: true,
      problems: [],
      tsx: false,
      gcp: false,
    });
    expect(result.tsnode).toMatch(/ts-node/);
    expect(result.stacks.map((s: [string, string, number]) => `${s[0]}/${s[1]}`)).toEqual([
      "cluster/aws-research",
      "community/ocean-climate",
    ]);
    for (const [, , count] of result.stacks) expect(count).toBeGreaterThan(20);
  });
});
