/**
 * `hubnet plan` shows each stack's cost estimate, warns first about a community whose estimate
 * exceeds its budget, carries the estimates in --json and plan.json, and takes the busy-month
 * assumption from --busy-users and --busy-hours (bad values are usage errors). A network of its own.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hubnet, tmpDir } from "./support/cli";
import { networkTree } from "./support/network-tree";

const GKE = `config:
  hubnet:cluster:
    cloud: gcp
    project: cost-project
    region: us-central1
    zone: us-central1-b
    billingAccount: 0A1B2C-3D4E5F-6A7B8C
    nodePools:
      core: { machineType: n2-highmem-2, min: 1, max: 2 }
      user: [{ name: small, machineType: n2-highmem-4, min: 0, max: 5 }]
      gpu:
        - { name: t4, machineType: n1-standard-8, accelerator: { type: nvidia-tesla-t4, count: 1 }, min: 0, max: 2 }
    domain: gke.example.org
    certificateEmail: ops@example.org
    operatorEmails: [ops@example.org]
`;
const community = (name: string, monthlyUsd: number, gpu = false) => ({
  name,
  displayName: name,
  owners: ["someone"],
  cluster: "gke",
  hubs: [{ name: "prod", domain: `${name}.gke.example.org` }],
  auth: { provider: "github", orgs: ["org"], clientId: "id" },
  image: { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" },
  profiles: [
    { name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true },
    ...(gpu
      ? [{ name: "gpu", displayName: "GPU", cpu: 2, memory: "8G", gpu: { type: "nvidia-tesla-t4" } }]
      : []),
  ],
  budget: { monthlyUsd, alertEmails: ["lead@example.org"] },
});

let root = "";
beforeAll(() => {
  root = networkTree([community("thrifty", 1), community("roomy", 100_000, true)], { gke: GKE });
});

describe("hubnet plan's cost estimates", () => {
  it("prints each stack's estimate, and warns first about a community over its budget", async () => {
    const r = await hubnet(["plan", "thrifty", "roomy", "--root", root, "--no-color"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toMatch(
      /communities\/thrifty\/community\.yaml: warning: community thrifty: estimated \$[0-9.,]+ a month .* exceeds its budget of \$1\.00: raise budget\.monthlyUsd, or use smaller profiles$/,
    );
    expect(r.stdout).not.toMatch(/community roomy: estimated/);
    expect(r.stdout).toMatch(
      /estimated cost \(gcp us-central1, on-demand list prices\): \$[0-9.,]+ a month always on/,
    );
    expect(r.stdout).toMatch(/node pool core: 1 × n2-highmem-2 always on/);
    expect(r.stdout).toMatch(/profile prod\/gpu: \$[0-9.]+\/h a server = 100% of a n1-standard-8 node/);
    expect(r.stdout).toMatch(/busy month: 20 users × 30 h on prod\/small = \$/);
  }, 300_000);

  it("takes the busy month from --busy-users and --busy-hours, into --json and plan.json", async () => {
    const out = tmpDir("plan-costs");
    const r = await hubnet([
      "plan",
      "roomy",
      "--root",
      root,
      "--json",
      "--busy-users",
      "7",
      "--busy-hours",
      "3",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    const roomy = json.stacks.find((s: { stack: string }) => s.stack === "roomy");
    expect(roomy.cost.busyMonth).toMatchObject({ users: 7, hoursPerUser: 3, hub: "prod", profile: "small" });
    expect(roomy.cost.budget).toMatchObject({ monthlyUsd: 100_000, exceeded: false });
    expect(json.warnings).toEqual([]);
    const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
    expect(plan.stacks.find((s: { stack: string }) => s.stack === "roomy").cost).toEqual(roomy.cost);
    const cluster = plan.stacks.find((s: { kind: string }) => s.kind === "cluster");
    expect(cluster.cost.alwaysOnMonthlyUsd).toBeGreaterThan(0);
  }, 300_000);

  for (const [flags, message] of [
    [["--busy-users", "0"], '--busy-users must be a whole number from 1 to 100000, not "0"'],
    [["--busy-hours", "2.5"], '--busy-hours must be a whole number from 1 to 744, not "2.5"'],
    [["--busy-hours", "1e3"], '--busy-hours must be a whole number from 1 to 744, not "1e3"'],
  ] as const) {
    it(`${flags.join(" ")} is a usage error`, async () => {
      const r = await hubnet(["plan", "roomy", "--root", root, ...flags]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    });
  }
});
