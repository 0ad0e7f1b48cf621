/** What a community asks of its cluster, checked when the community stack loads it. */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";
import { formatProblem, loadCommunityWithCluster } from "../src";
import { makeTree, swap } from "./helpers";

function problems(edits: Parameters<typeof makeTree>[0], community: string): string[] {
  const root = makeTree(edits);
  const r = loadCommunityWithCluster(root, community);
  expect(r.community).toBeUndefined();
  return r.problems.map((p) => formatProblem(p, root));
}

const file = (c: string) => path.join("communities", c, "community.yaml");

describe("community on its cluster", () => {
  it("refuses buckets on a cluster without object storage", () => {
    const out = problems(
      {
        [file("dev-sandbox")]: swap(
          "features:",
          "storage:\n  buckets: { scratch: { expireAfterDays: 3 } }\nfeatures:",
        ),
      },
      "dev-sandbox",
    );
    expect(out).toEqual([
      `${file("dev-sandbox")}:17:12: storage.buckets: cluster "local-dev" (local) has no object storage: remove storage.buckets or move to a cluster with buckets`,
    ]);
  });

  it("refuses a hub domain outside the cluster's domains", () => {
    const out = problems(
      { [file("physics-101")]: swap("domain: physics-101.edu.hubnet.cloud", "domain: physics.example.org") },
      "physics-101",
    );
    expect(out).toEqual([
      `${file("physics-101")}:9:27: hubs[1].domain: physics.example.org is outside what cluster "gcp-shared" serves (edu.hubnet.cloud): use a name under edu.hubnet.cloud, or ask the platform team to add your domain to the cluster's extraDomains`,
    ]);
  });

  it("refuses dummy auth on a cloud cluster", () => {
    const out = problems(
      { [file("dev-sandbox")]: swap("cluster: local-dev", "cluster: gcp-shared") },
      "dev-sandbox",
    );
    expect(
      out.some(
        (l) =>
          l.startsWith(`${file("dev-sandbox")}:`) && l.includes("auth.provider: dummy auth lets anyone in"),
      ),
    ).toBe(true);
  });

  it("loads every community of the test network with its cluster", () => {
    for (const c of [
      "data-science-school",
      "dev-sandbox",
      "neuro-imaging",
      "ocean-climate",
      "open-geo",
      "physics-101",
    ]) {
      const r = loadCommunityWithCluster(FIXTURE_NETWORK, c);
      expect(r.problems).toEqual([]);
      expect(r.cluster?.name).toBe(r.community?.config.cluster);
    }
  });
});
