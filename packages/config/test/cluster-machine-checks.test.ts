/** Machine-type typos in cluster files: the suggestion stays within the kind of pool. */
import { describe, expect, it } from "vitest";
import { FIXTURE_CLUSTERS, fixtureTrees, problemsOf } from "./community-fixtures";

const tree = fixtureTrees();
const withEks = (from: string, to: string) => {
  if (!FIXTURE_CLUSTERS.eks.includes(from)) throw new Error(`test setup: ${from} not in the eks fixture`);
  return problemsOf(tree({}, { eks: FIXTURE_CLUSTERS.eks.replace(from, to) }));
};

describe("did you mean, for machine types", () => {
  it("never suggests a GPU type for a user pool", () => {
    // g4dn.xlarg is one letter from g4dn.xlarge (a GPU type): a CPU pool is told of CPU types only.
    const out = withEks("machineType: r8i-flex.xlarge", "machineType: g4dn.xlarg");
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/nodePools\.user\[0\]\.machineType: unknown aws machine type "g4dn\.xlarg"/);
    expect(out[0]).not.toContain('"g4dn.xlarge"');
  });

  it("suggests the GPU type for a GPU pool", () => {
    const out = withEks("machineType: g4dn.xlarge", "machineType: g4dn.xlarg");
    expect(out).toEqual([
      'stacks/cluster/Pulumi.eks.yaml:14:36: config.hubnet:cluster.nodePools.gpu[0].machineType: unknown aws machine type "g4dn.xlarg"; did you mean "g4dn.xlarge"? (known types are listed in packages/config/src/machine-types/aws.ts)',
    ]);
  });
});
