/**
 * Costs on the example network as a whole (whatever communities and clusters it holds): every
 * taggable cloud resource carries its attribution, every user pod carries the same as Kubernetes
 * labels, and every planned machine type and service has a price in the committed tables.
 */
import {
  estimateStack,
  planNetwork,
  type RecordedResource,
  releaseValuesWithPlanning,
  type StackPlan,
} from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { taggable, unattributed } from "./support/attribution";
import { REPO } from "./support/cli";

let stacks: StackPlan[] = [];

beforeAll(async () => {
  const result = await planNetwork({ root: REPO, communities: "all" });
  expect(result.problems).toEqual([]);
  stacks = [...result.clusters, ...result.communities];
}, 300_000);

describe("attribution of the example network", () => {
  it("every taggable resource carries hubnet-cluster, and in community stacks hubnet-community and (in a hub) hubnet-hub", () => {
    const lacking = stacks.flatMap((s) =>
      unattributed(s.kind, s.resources).map((l) => `${s.kind} ${s.stack}: ${l}`),
    );
    expect(lacking).toEqual([]);
    // Not vacuous: the SDKs' definitions find taggable resources in every cloud the network uses.
    const clouds = new Set(
      stacks.flatMap((s) => s.resources.filter((r) => taggable(r.type)).map((r) => r.type.split(":")[0])),
    );
    const used = new Set(stacks.flatMap((s) => s.resources.map((r) => r.type.split(":")[0])));
    for (const cloud of ["gcp", "aws", "azure-native"])
      if (used.has(cloud)) expect(clouds.has(cloud)).toBe(true);
  });

  it("every user pod carries hubnet-cluster, hubnet-community and hubnet-hub as Kubernetes labels", () => {
    const hubs = stacks.flatMap((s) =>
      s.resources
        .filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "jupyterhub")
        .map((r) => ({ r, resources: s.resources })),
    );
    expect(hubs.length).toBeGreaterThan(0);
    for (const { r, resources } of hubs) {
      // The hub's planning data is on its Hub component, not in the deployed values.
      // biome-ignore lint/suspicious/noExplicitAny: recorded chart values are free-form JSON
      const values = releaseValuesWithPlanning(r, resources) as any;
      expect((r.inputs.values as { custom?: unknown }).custom, r.name).toBeUndefined();
      const where = values.custom.hubnet;
      expect(values.singleuser.extraLabels, r.name).toMatchObject({
        "hubnet-cluster": where.cluster,
        "hubnet-community": where.community,
        "hubnet-hub": where.hub,
      });
    }
  });
});

describe("the attribution check itself", () => {
  const res = (
    type: string,
    inputs: Record<string, unknown>,
    extra: Partial<RecordedResource> = {},
  ): RecordedResource => ({
    urn: `urn:pulumi:s::p::${type}::x`,
    type,
    name: "x",
    parent: null,
    inputs,
    protect: false,
    retainOnDelete: false,
    ...extra,
  });

  it("decides taggable from the SDKs' definitions: settings named labels are not attribution", () => {
    expect(taggable("gcp:storage/bucket:Bucket")).toEqual({ field: "labels" });
    expect(taggable("gcp:container/cluster:Cluster")).toEqual({ field: "resourceLabels" });
    expect(taggable("gcp:monitoring/notificationChannel:NotificationChannel")).toBeUndefined();
    expect(taggable("gcp:serviceaccount/account:Account")).toBeUndefined();
    expect(taggable("aws:budgets/budget:Budget")).toEqual({ field: "tags" });
    expect(taggable("aws:iam/rolePolicy:RolePolicy")).toBeUndefined();
    expect(taggable("azure-native:storage:StorageAccount")).toEqual({ field: "tags" });
    expect(taggable("azure-native:storage:BlobContainer")).toBeUndefined();
    expect(taggable("kubernetes:core/v1:Namespace")).toBeUndefined();
  });

  it("finds a bucket without labels, and accepts one its provider labels by default", () => {
    const bare = res("gcp:storage/bucket:Bucket", {});
    expect(unattributed("cluster", [bare])).toEqual(["gcp:storage/bucket:Bucket x: no hubnet-cluster"]);
    const provider = res(
      "pulumi:providers:gcp",
      { defaultLabels: { "hubnet-cluster": "c", "hubnet-community": "k" } },
      { urn: "prov" },
    );
    const labelled = { ...bare, provider: "prov" };
    expect(unattributed("community", [provider, labelled])).toEqual([]);
    const hub = res("hubnet:hub:Hub", {}, { urn: "hub" });
    expect(unattributed("community", [provider, hub, { ...labelled, parent: "hub" }])).toEqual([
      "gcp:storage/bucket:Bucket x: no hubnet-hub",
    ]);
  });
});

describe("prices of the example network", () => {
  it("every planned machine type and service has a price in the tables", () => {
    const missing = stacks.flatMap((s) =>
      estimateStack(s.kind, s.stack, s.resources).missing.map((m) => `${s.stack}: ${m}`),
    );
    expect(missing, "add them to packages/plan/src/costs/prices (docs/platform/costs.md)").toEqual([]);
  });

  it("every cloud cluster has an always-on estimate and every node pool an hourly price", () => {
    for (const s of stacks.filter((x) => x.kind === "cluster")) {
      const e = estimateStack("cluster", s.stack, s.resources);
      if (!e.cloud) continue;
      expect(e.alwaysOnMonthlyUsd, s.stack).toBeGreaterThan(0);
      for (const n of e.nodes) expect(n.hourlyUsd, `${s.stack} ${n.pool}`).toBeGreaterThan(0);
    }
  });
});
