/** policyExceptions in a community file: only advisory policies of community stacks, once each, with a reason. */

import { describe, expect, it } from "vitest";
import { EXEMPTABLE_POLICIES, loadCommunityFile, POLICY_CATALOG } from "../src";

const FILE = "/tree/communities/fx/community.yaml";
const community = (exceptions: string) => `name: fx
displayName: Fixture
owners: [fx-owner]
cluster: local-dev
hubs: [{ name: dev, domain: fx.fixture.localhost }]
auth: { provider: dummy, allowedUsers: [alice] }
image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }
profiles: [{ name: small, displayName: Small, cpu: 1, memory: 1G, default: true }]
policyExceptions:
${exceptions}`;

function problems(exceptions: string) {
  return loadCommunityFile(FILE, community(exceptions)).problems.map(
    (p) => `${p.line}:${p.col}: ${p.path}: ${p.message}`,
  );
}

describe("policyExceptions", () => {
  it("accepts an advisory policy of community stacks with a reason", () => {
    const r = loadCommunityFile(
      FILE,
      community(`  - { policy: hub-culling, reason: "a week-long workshop keeps servers running" }`),
    );
    expect(r.problems).toEqual([]);
    expect(r.community?.config.policyExceptions).toEqual([
      { policy: "hub-culling", reason: "a week-long workshop keeps servers running" },
    ]);
  });

  it("lists exactly the advisory policies that look at community stacks as exemptable", () => {
    expect(EXEMPTABLE_POLICIES).toEqual(
      POLICY_CATALOG.filter((p) => p.level === "advisory" && p.scope !== "cluster").map((p) => p.name),
    );
    expect(EXEMPTABLE_POLICIES).toContain("hub-culling");
  });

  it("refuses an unknown policy, with a suggestion, at its place", () => {
    expect(
      problems(`  - { policy: hub-culing, reason: "a week-long workshop keeps servers running" }`),
    ).toEqual([
      expect.stringMatching(
        /^10:15: policyExceptions\[0\]\.policy: no policy named "hub-culing"; did you mean "hub-culling"\? \(policies a community may be exempted from: .*hub-culling/,
      ),
    ]);
  });

  it("refuses a mandatory policy: mandatory policies have no exceptions", () => {
    expect(
      problems(`  - policy: user-pod-memory-limit\n    reason: our users need all the memory of a node`),
    ).toEqual([
      expect.stringMatching(
        /^10:13: policyExceptions\[0\]\.policy: "user-pod-memory-limit" is mandatory and mandatory policies have no exceptions/,
      ),
    ]);
  });

  it("refuses a policy of cluster stacks", () => {
    expect(
      problems(`  - { policy: gpu-pool-scales-to-zero, reason: "we keep one GPU node warm for demos" }`),
    ).toEqual([expect.stringMatching(/"gpu-pool-scales-to-zero" looks at cluster stacks only/)]);
  });

  it("refuses a second entry for the same policy and a reason too short to judge", () => {
    expect(
      problems(
        `  - { policy: hub-culling, reason: "a week-long workshop keeps servers running" }\n  - { policy: hub-culling, reason: "again, for the same workshop next month" }`,
      ),
    ).toEqual([
      expect.stringMatching(
        /^11:15: policyExceptions\[1\]\.policy: policyExceptions\[0\] already names "hub-culling"/,
      ),
    ]);
    expect(problems(`  - { policy: hub-culling, reason: "because" }`)).toEqual([
      expect.stringMatching(/policyExceptions\[0\]\.reason: give a reason a reviewer can judge/),
    ]);
  });
});
