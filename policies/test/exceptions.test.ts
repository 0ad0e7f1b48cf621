/**
 * Exceptions: a community exempted from an advisory policy by a named entry with a reason sees
 * the violation as excepted (with the reason), in `hubnet policy`'s results as in the pack, and an
 * entry that excuses nothing is pointed out. Mandatory policies are never excepted.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePlan, failsMandatory, hubnetPolicies, type StackPolicyReport, withExceptions } from "../src";
import { COMMUNITIES, renderFixture, writeFixtureNetwork } from "./support/fixture-network";

const REASON = "a week-long workshop keeps servers running overnight";

let reports: StackPolicyReport[];
beforeAll(async () => {
  const communities = COMMUNITIES.map((c) =>
    c.name === "fx-dev"
      ? {
          ...c,
          features: { culling: { enabled: false } },
          policyExceptions: [
            { policy: "hub-culling", reason: REASON },
            { policy: "user-pod-cpu-limit", reason: "kept for a workshop that may need it later" },
          ],
        }
      : c,
  );
  const f = await renderFixture(writeFixtureNetwork(communities));
  reports = await evaluatePlan(f.stacks, hubnetPolicies(f.ctx), f.ctx);
}, 180_000);

describe("policyExceptions", () => {
  it("turn the exempted advisory violation into an excepted finding with its reason", () => {
    const dev = reports.find((r) => r.stack === "fx-dev") as StackPolicyReport;
    expect(dev.findings.map((f) => [f.policy, f.excepted?.reason])).toEqual([["hub-culling", REASON]]);
    expect(failsMandatory(dev)).toBe(false);
  });

  it("say which entries excuse nothing", () => {
    const dev = reports.find((r) => r.stack === "fx-dev") as StackPolicyReport;
    expect(dev.exceptions).toEqual([
      { policy: "hub-culling", reason: REASON, used: true },
      { policy: "user-pod-cpu-limit", reason: "kept for a workshop that may need it later", used: false },
    ]);
  });

  it("concern only the community that wrote them", () => {
    for (const r of reports.filter((r) => r.stack !== "fx-dev")) expect(r.findings, r.stack).toEqual([]);
  });

  it("leave mandatory policies as they are in the pack", () => {
    const policies = hubnetPolicies();
    const served = withExceptions(policies, { community: () => undefined, cluster: () => undefined });
    for (const [i, p] of policies.entries())
      if (p.enforcementLevel === "mandatory") expect(served[i], p.name).toBe(p);
      else expect(served[i].name).toBe(p.name);
  });
});
