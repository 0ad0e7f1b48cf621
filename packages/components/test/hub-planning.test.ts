/**
 * Planning data (quota, budget, node pools) stays out of the deployed chart values (issue 20): z2jh
 * copies its values into the hub's Secret, whose checksum restarts the hub, so a budget edit would
 * restart every hub. It is the Hub component's `planning` input, where plans read it.
 */
import type { Community } from "@hubnet/config";
import { type RenderedStack, releaseValuesWithPlanning, renderStack } from "@hubnet/plan";
import { describe, expect, it } from "vitest";
import { GcpCommunityCloud } from "../src/gcp/hub-cloud";
import { Hub } from "../src/hub/hub";
import { testNetwork } from "./support/cluster-outputs";

const { network, outputs } = testNetwork();
const [name, loaded] = [...network.communities].find(
  ([, c]) => network.clusters.get(c.config.cluster)?.config.cloud === "gcp",
)!;
const cluster = loaded.config.cluster;

async function render(community: Community): Promise<RenderedStack> {
  const co = outputs.get(cluster)!;
  return renderStack({
    project: "hubnet-community",
    stack: `${name}-planning`,
    config: {},
    program: async () => {
      const cloud = new GcpCommunityCloud({ ...co, name: cluster, community: community.name });
      const hub = community.hubs[0];
      new Hub(`${community.name}-${hub.name}`, {
        community,
        hub,
        clusterConfig: network.clusters.get(cluster)!.config,
        cluster: { ...co, name: cluster },
        cloud,
        clientId: "client-id",
        clientSecret: "s3cret",
        sharedPassword: "shared-password-0123",
        adminPassword: "admin-password-0123456789",
      });
      return {};
    },
  });
}

const release = (r: RenderedStack) =>
  r.resources.find((x) => x.type === "kubernetes:helm.sh/v3:Release" && x.inputs.chart === "jupyterhub")!;

describe("a hub's planning data", () => {
  it("a budget change leaves the deployed values as they were, and plans still read the budget", async () => {
    const base = loaded.config;
    const a = await render({ ...base, budget: { monthlyUsd: 100, alertEmails: ["a@example.org"] } });
    const b = await render({ ...base, budget: { monthlyUsd: 900, alertEmails: ["b@example.org"] } });
    expect(JSON.stringify(release(a).inputs.values)).toBe(JSON.stringify(release(b).inputs.values));
    expect((release(a).inputs.values as { custom?: unknown }).custom).toBeUndefined();
    const planned = releaseValuesWithPlanning(release(b), b.resources) as {
      custom: { hubnet: { budget: unknown } };
    };
    expect(planned.custom.hubnet.budget).toEqual({ monthlyUsd: 900, alertEmails: ["b@example.org"] });
  });
});
