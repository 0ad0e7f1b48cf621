/**
 * Community stacks create every cloud resource through an explicit provider built from the cluster
 * stack's `cloudProvider` output, never the deploying machine's ambient settings: each community of
 * the example network is rendered with no cloud configuration at all (no gcp:project, aws:region,
 * azure-native:subscriptionId), and every cloud resource must name a provider whose settings are
 * the cluster's.
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterOutputs } from "../src/cluster/contract";
import { exampleNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";
import type { Json } from "./support/resources";

const CLOUD_PREFIXES = ["gcp:", "aws:", "azure-native:"];
const { network, outputs } = exampleNetwork();
const communities = [...network.communities.values()].map((c) => ({
  name: c.config.name,
  cluster: c.config.cluster,
  cloud: network.clusters.get(c.config.cluster)!.config.cloud,
}));
const stacks = new Map<string, RenderedStack>();

beforeAll(async () => {
  for (const c of communities) {
    const community = network.communities.get(c.name)!.config;
    // renderCommunity passes only hubnet:* config: there is no ambient cloud setting to fall back on.
    stacks.set(
      c.name,
      await renderCommunity(
        c.name,
        community.hubs.map((h) => h.name),
        outputs,
        { cluster: c.cluster },
      ),
    );
  }
}, 120_000);

/** The provider resource settings a community on this cluster must use. */
function expectedProvider(o: ClusterOutputs): { type: string; inputs: Record<string, unknown> } | undefined {
  const p = o.cloudProvider;
  switch (p.cloud) {
    case "gcp":
      return { type: "pulumi:providers:gcp", inputs: { project: p.project, region: p.region } };
    case "aws":
      return {
        type: "pulumi:providers:aws",
        inputs: { region: p.region, allowedAccountIds: JSON.stringify([p.account]) },
      };
    case "azure":
      return {
        type: "pulumi:providers:azure-native",
        inputs: { subscriptionId: p.subscriptionId, location: p.location },
      };
    case "local":
      return undefined;
  }
}

describe.each(communities)("community $name ($cloud)", ({ name, cluster, cloud }) => {
  it("creates every cloud resource through one explicit provider with the cluster's settings", () => {
    const stack = stacks.get(name)!;
    const cloudResources = stack.resources.filter((r) => CLOUD_PREFIXES.some((p) => r.type.startsWith(p)));
    const want = expectedProvider(outputs.get(cluster)!);
    if (!want) {
      expect(["local", "existing"]).toContain(cloud);
      expect(cloudResources).toEqual([]);
      return;
    }
    expect(cloudResources.length).toBeGreaterThan(0);
    const providers = stack.resources.filter((r) => r.type === want.type);
    expect(providers).toHaveLength(1);
    const [provider] = providers;
    expect(provider.inputs).toMatchObject(want.inputs);
    const without = cloudResources
      .filter((r) => r.provider !== provider.urn)
      .map((r) => `${r.type} ${r.name}`);
    expect(without).toEqual([]);
  });
});

describe("without the cluster's provider settings", () => {
  it("a community stops with what to do, instead of using ambient settings", async () => {
    const c = communities.find((x) => x.cloud !== "local")!;
    const community = network.communities.get(c.name)!.config;
    const stale = new Map(outputs);
    const { cloudProvider: _dropped, ...old } = outputs.get(c.cluster)! as Json;
    stale.set(c.cluster, old);
    await expect(
      renderCommunity(
        c.name,
        community.hubs.map((h) => h.name),
        stale,
        { cluster: c.cluster },
      ),
    ).rejects.toThrow(`has no output "cloudProvider": deploy the cluster first`);
  });
});
