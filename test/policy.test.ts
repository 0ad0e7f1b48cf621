/**
 * `hubnet policy` through the real binary, on the policy tests' own fixture network: usage, a
 * passing network, a broken plan folder (exit 1, the policy named at its config place, one JSON
 * document), an advisory-only finding (exit 0) and a community's exception (shown, not fatal).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMUNITIES, writeFixtureNetwork } from "../policies/test/support/fixture-network";
import { hubnet, tmpDir } from "./support/cli";

let root: string;
let planDir: string;
beforeAll(async () => {
  root = writeFixtureNetwork();
  planDir = path.join(tmpDir("policy-plan"), "plan");
  const r = await hubnet(["plan", "--all", "--out", planDir, "--root", root]);
  expect(r.code, r.stderr).toBe(0);
}, 180_000);

/** A copy of the written plan with one stack's rows changed. */
// biome-ignore lint/suspicious/noExplicitAny: rows of a plan, changed in place
function brokenPlan(stack: string, change: (rows: Record<string, any>[]) => void): string {
  const dir = path.join(tmpDir("policy-broken"), "plan");
  fs.cpSync(planDir, dir, { recursive: true });
  const file = path.join(dir, "communities", stack, "resources.json");
  const rows = JSON.parse(fs.readFileSync(file, "utf8"));
  change(rows);
  fs.writeFileSync(file, JSON.stringify(rows));
  return dir;
}

describe("hubnet policy", () => {
  it("refuses names with --all, and nothing to check", async () => {
    expect((await hubnet(["policy", "fx-dev", "--all", "--root", root])).code).toBe(2);
    const none = await hubnet(["policy", "--root", root]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/name at least one community, or use --all/);
  });

  it("passes the fixture network (rendered) and its written plan", async () => {
    const rendered = await hubnet(["policy", "--all", "--root", root]);
    expect(rendered.code, rendered.stdout + rendered.stderr).toBe(0);
    expect(rendered.stdout).toMatch(
      /✓ 8 stacks pass every mandatory policy \(0 advisory findings, 0 excepted\)/,
    );
    const read = await hubnet(["policy", "--plan", planDir, "--root", root]);
    expect(read.code).toBe(0);
    expect(read.stdout).toMatch(/✓ community fx-geo: passes every policy/);
  }, 120_000);

  it("fails a broken plan with the policy it breaks, at the config field, mandatory first", async () => {
    const dir = brokenPlan("fx-geo", (rows) => {
      const hub = rows.find((r) => r.inputs.chart === "jupyterhub" && r.inputs.namespace === "fx-geo-prod")!;
      delete hub.inputs.values.singleuser.profileList[1].kubespawner_override.mem_limit;
      delete hub.inputs.values.singleuser.profileList[1].kubespawner_override.cpu_limit;
    });
    const r = await hubnet(["policy", "--plan", dir, "--root", root], { cwd: root });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("✗ community fx-geo: 1 mandatory failure, 1 advisory");
    expect(lines[1]).toMatch(
      /^ {4}communities\/fx-geo\/community\.yaml:\d+:\d+: profiles\[1\]\.memory: user-pod-memory-limit \(mandatory\): profile "Large" of hub fx-geo-prod sets no memory limit/,
    );
    expect(lines[2]).toMatch(/profiles\[1\]\.cpu: user-pod-cpu-limit \(advisory\)/);
    expect(r.stdout).toMatch(/✗ 1 mandatory failure in 1 stack \(1 advisory finding, 0 excepted\)/);

    const json = await hubnet(["policy", "--plan", dir, "--root", root, "--json"]);
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.problems).toEqual([
      expect.objectContaining({
        file: "communities/fx-geo/community.yaml",
        path: "profiles[1].memory",
        line: expect.any(Number),
      }),
    ]);
    const geo = doc.stacks.find((s: { stack: string }) => s.stack === "fx-geo");
    expect(geo.findings.map((f: { policy: string; status: string }) => [f.policy, f.status])).toEqual([
      ["user-pod-memory-limit", "failed"],
      ["user-pod-cpu-limit", "failed"],
    ]);
  }, 120_000);

  it("exits 0 when only advisory policies fail", async () => {
    const dir = brokenPlan("fx-dev", (rows) => {
      rows.find((r) => r.inputs.chart === "jupyterhub")!.inputs.values.cull.timeout = 86400;
    });
    const r = await hubnet(["policy", "fx-dev", "--plan", dir, "--root", root]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /hub-culling \(advisory\): hub fx-dev-dev stops servers only after 86400 s idle/,
    );
  }, 60_000);

  it("shows a community's exception with its reason, and does not fail for it", async () => {
    const reason = "a week-long workshop keeps servers running overnight";
    const exempt = writeFixtureNetwork(
      COMMUNITIES.map((c) =>
        c.name === "fx-dev"
          ? {
              ...c,
              features: { culling: { enabled: false } },
              policyExceptions: [{ policy: "hub-culling", reason }],
            }
          : c,
      ),
    );
    const r = await hubnet(["policy", "fx-dev", "--root", exempt]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ community fx-dev: 1 excepted/);
    expect(r.stdout).toContain(`reason given: ${reason}`);
    // ... and in the plan's summary of the community (so in every plan and diff of it).
    const plan = await hubnet(["plan", "fx-dev", "--root", exempt]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(`  policy exception: hub-culling (reason given: ${reason})`);
    const json = JSON.parse((await hubnet(["plan", "fx-dev", "--root", exempt, "--json"])).stdout);
    expect(json.stacks.find((s: { stack: string }) => s.stack === "fx-dev").policyExceptions).toEqual([
      { policy: "hub-culling", reason },
    ]);
  }, 120_000);

  it("refuses a plan written before hubnet recorded property dependencies", async () => {
    const dir = path.join(tmpDir("policy-old"), "plan");
    fs.cpSync(planDir, dir, { recursive: true });
    for (const kind of ["clusters", "communities"])
      for (const stack of fs.readdirSync(path.join(dir, kind))) {
        const file = path.join(dir, kind, stack, "resources.json");
        const rows = JSON.parse(fs.readFileSync(file, "utf8")).map(
          ({ propertyDependencies: _, ...r }: Record<string, unknown>) => r,
        );
        fs.writeFileSync(file, JSON.stringify(rows));
      }
    const r = await hubnet(["policy", "--plan", dir, "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/written by an older hubnet .* run `hubnet plan --out` again/);
  });

  it("refuses a folder that is not a plan", async () => {
    const r = await hubnet(["policy", "--plan", tmpDir("not-a-plan"), "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/plan\.json does not exist/);
  });
});
