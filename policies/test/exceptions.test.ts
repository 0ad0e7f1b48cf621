/**
 * Exceptions: a community exempted from an advisory policy by a named entry with a reason sees
 * the violation as excepted (with the reason), in `hubnet policy`'s results as in the pack, and an
 * entry that excuses nothing is pointed out. Mandatory policies are never excepted.
 */

import type { StackValidationPolicy } from "@pulumi/policy";
import { beforeAll, describe, expect, it } from "vitest";
import {
  evaluatePlan,
  evaluateStack,
  failsMandatory,
  type HubnetPolicy,
  hubnetPolicies,
  meta,
  type PlanRow,
  type PolicyContext,
  type StackPolicyReport,
  stackArgs,
  withExceptions,
} from "../src";
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

describe("a stack-wide finding (no resource named)", () => {
  it("is excepted offline exactly when the pack drops it", async () => {
    const community = {
      name: "fx-wide",
      file: "/nowhere/communities/fx-wide/community.yaml",
      config: { policyExceptions: [{ policy: "hub-culling", reason: REASON }] },
    };
    const ctx: PolicyContext = {
      community: (n) => (n === "fx-wide" ? (community as never) : undefined),
      cluster: () => undefined,
    };
    const row: PlanRow = {
      urn: "urn:pulumi:fx-wide::hubnet-community::kubernetes:core/v1:Namespace::fx-wide-prod-ns",
      type: "kubernetes:core/v1:Namespace",
      name: "fx-wide-prod-ns",
      parent: null,
      inputs: {},
      protect: false,
      retainOnDelete: false,
    };
    const wide = (policy: "hub-culling" | "hub-default-deny-egress"): HubnetPolicy => ({
      ...meta(policy),
      validateStack: (_args, report) => report("the whole stack"),
    });
    for (const [policy, excepted] of [
      ["hub-culling", true],
      ["hub-default-deny-egress", false],
    ] as const) {
      const report = await evaluateStack({
        project: "hubnet-community",
        stack: "fx-wide",
        rows: [row],
        policies: [wide(policy)],
        ctx,
      });
      expect(
        report.findings.map((f) => [f.policy, f.excepted?.reason]),
        policy,
      ).toEqual([[policy, excepted ? REASON : undefined]]);
      const served = withExceptions([wide(policy)], ctx)[0] as StackValidationPolicy;
      const reported: string[] = [];
      await served.validateStack(
        stackArgs([row], () => ({})),
        (m) => reported.push(m),
      );
      expect(reported, policy).toEqual(excepted ? [] : ["the whole stack"]);
    }
  });
});
