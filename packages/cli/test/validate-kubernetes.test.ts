/** `hubnet validate` on Kubernetes versions: warnings exit 0, past the end exits 1, HUBNET_TODAY picks the day. */
import { describe, expect, it } from "vitest";
import { eksCluster } from "../../config/test/fixtures";
import { clusterFile, treesRemovedAfterAll } from "../../config/test/helpers";
import { hubnet } from "./run";

const tree = treesRemovedAfterAll();

describe("hubnet validate and Kubernetes versions", () => {
  it("warns (exit 0) within 60 days of the end of standard support", async () => {
    const root = tree({ [clusterFile("eks-fixture")]: eksCluster("1.34") });
    const r = await hubnet(["validate", "--root", root], { cwd: root, env: { HUBNET_TODAY: "2026-11-26" } });
    expect(r.code).toBe(0);
    const [warning, valid, end] = r.stdout.split("\n");
    expect(warning).toBe(
      "stacks/cluster/Pulumi.eks-fixture.yaml:6:24: config.hubnet:cluster.kubernetesVersion: warning: Kubernetes 1.34 leaves EKS standard support on 2026-12-02 (in 6 days): plan the upgrade to 1.36 (supported on 2026-11-26: 1.34 (until 2026-12-02), 1.35 (until 2027-03-27), 1.36 (until 2027-08-02))",
    );
    // The counts are the example network's, which changes every day.
    expect(valid).toMatch(/^✓ valid: \d+ communities, \d+ hubs, \d+ clusters$/);
    expect(end).toBe("");
    const json = await hubnet(["validate", "--json", "--root", root], {
      env: { HUBNET_TODAY: "2026-11-26" },
    });
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(out.ok).toBe(true);
    expect(out.summary.warnings).toBe(1);
    expect(out.warnings[0]).toMatchObject({
      file: "stacks/cluster/Pulumi.eks-fixture.yaml",
      line: 6,
      column: 24,
      path: "config.hubnet:cluster.kubernetesVersion",
    });
  });

  it("refuses (exit 1) a version past the end, naming the date and the supported versions", async () => {
    const root = tree({ [clusterFile("eks-fixture")]: eksCluster("1.34") });
    const r = await hubnet(["validate", "--root", root], { cwd: root, env: { HUBNET_TODAY: "2026-12-03" } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      "stacks/cluster/Pulumi.eks-fixture.yaml:6:24: config.hubnet:cluster.kubernetesVersion: Kubernetes 1.34 left EKS standard support on 2026-12-02: set kubernetesVersion to a supported version such as 1.36 (supported on 2026-12-03: 1.35 (until 2027-03-27), 1.36 (until 2027-08-02))",
    );
  });

  it("a HUBNET_TODAY that is not a date is a usage error (exit 2)", async () => {
    const root = tree();
    const r = await hubnet(["validate", "--root", root], { env: { HUBNET_TODAY: "tomorrow" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('HUBNET_TODAY must be a date such as 2026-11-26, not "tomorrow"');
  });
});
