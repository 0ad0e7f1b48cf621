/**
 * One run reports every problem: a file with a mistake of its own is still
 * checked against the rest of the network (its cluster, its domains).
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatProblem, loadNetwork } from "../src";
import { makeTree, swap } from "./helpers";

describe("all problems of a run at once", () => {
  it("reports a misspelt key, a missing cluster and a taken domain of one file together", () => {
    const root = makeTree({
      "communities/open-geo/community.yaml": (t) =>
        swap(
          "cluster: gcp-shared",
          "cluster: gcp-shard",
        )(
          swap(
            "displayName:",
            "displayNam:",
          )(swap("open-geo.edu.hubnet.cloud", "physics-101.edu.hubnet.cloud")(t)),
        ),
    });
    const lines = loadNetwork(root).problems.map((p) => formatProblem(p, root));
    const file = path.join("communities", "open-geo", "community.yaml");
    expect(lines).toEqual([
      `${file}:3:1: displayNam: unknown field "displayNam": did you mean "displayName"?`,
      `${file}:5:10: cluster: no cluster named "gcp-shard"; did you mean "gcp-shared"? (clusters: aws-research, azure-eu, campus-k8s, gcp-shared, local-dev; each is a stacks/cluster/Pulumi.<cluster>.yaml)`,
      // The second user of a domain is the one told; the message names the first, with its place.
      `communities/physics-101/community.yaml:9:27: hubs[1].domain: domain physics-101.edu.hubnet.cloud is already used by hub "prod" of community "open-geo" (communities/open-geo/community.yaml:7:27): every hub needs its own domain`,
    ]);
  });

  it("does not report a community against a cluster whose own file is broken, but still checks its domains", () => {
    const root = makeTree({
      "stacks/cluster/Pulumi.local-dev.yaml": swap("cloud: local", "cloud: locale"),
      "communities/dev-sandbox/community.yaml": swap(
        "sandbox.hubnet.localhost",
        "physics-101.edu.hubnet.cloud",
      ),
    });
    const lines = loadNetwork(root).problems.map((p) => formatProblem(p, root));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^communities\/physics-101\/community\.yaml:9:27: hubs\[1\]\.domain: domain physics-101\.edu\.hubnet\.cloud is already used by hub "dev" of community "dev-sandbox" \(communities\/dev-sandbox\/community\.yaml:\d+:\d+\)/,
    );
    expect(lines[1]).toBe(
      'stacks/cluster/Pulumi.local-dev.yaml:5:12: config.hubnet:cluster.cloud: "locale" is not one of gcp, aws, azure, existing, local; did you mean "local"?',
    );
  });
});

describe("choices between kinds (auth.provider, cloud)", () => {
  it("names the accepted providers and suggests the closest", () => {
    const root = makeTree({
      "communities/open-geo/community.yaml": swap("provider: github", "provider: githb"),
    });
    expect(loadNetwork(root).problems.map((p) => formatProblem(p, root))).toEqual([
      'communities/open-geo/community.yaml:9:13: auth.provider: "githb" is not one of github, cilogon, google, oidc, shared-password, anonymous, dummy; did you mean "github"?',
    ]);
  });

  it("says which field is missing and what it may be", () => {
    const root = makeTree({ "communities/open-geo/community.yaml": swap("  provider: github\n", "") });
    expect(loadNetwork(root).problems.map((p) => formatProblem(p, root))).toEqual([
      'communities/open-geo/community.yaml:9:3: auth.provider: missing required field "provider": one of github, cilogon, google, oidc, shared-password, anonymous, dummy',
    ]);
  });
});
