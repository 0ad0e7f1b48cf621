/**
 * The example network, rendered as a whole by the real stack programs, passes every mandatory
 * policy. Nothing here depends on which communities or clusters the example network has.
 */
import * as path from "node:path";
import { planNetwork } from "@hubnet/plan";
import { expect, it } from "vitest";
import { evaluatePlan, failsMandatory, findingProblem, hubnetPolicies, treeContext } from "../src";

const REPO = path.resolve(__dirname, "..", "..");

it("every stack of the example network passes every mandatory policy", async () => {
  const plan = await planNetwork({ root: REPO, communities: "all" });
  expect(plan.problems).toEqual([]);
  const ctx = treeContext(REPO);
  const reports = await evaluatePlan([...plan.clusters, ...plan.communities], hubnetPolicies(ctx), ctx);
  expect(reports.length).toBe(plan.clusters.length + plan.communities.length);
  expect(reports.length, "an empty plan would pass vacuously").toBeGreaterThan(0);
  const failures = reports
    .filter(failsMandatory)
    .flatMap((r) =>
      r.findings
        .filter((f) => f.level === "mandatory" && !f.excepted)
        .map((f) => `${r.stack}: ${findingProblem(f, ctx).message}`),
    );
  expect(failures).toEqual([]);
}, 180_000);
