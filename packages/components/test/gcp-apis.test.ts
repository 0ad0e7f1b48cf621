/**
 * A new Google Cloud project has no API enabled (issue 20). Every Google resource type the cluster
 * stack and the community stacks of a GKE cluster create has its API in the table of gcp/apis.ts, the
 * cluster stack enables every one of them, and each Google resource of the cluster stack waits for its
 * API (community stacks deploy after the cluster stack, in the same project).
 */
import type { RecordedResource, RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { apiOfType, GCP_BOOTSTRAP_API, GCP_RUNTIME_APIS } from "../src/gcp/apis";
import { ofType, renderCluster } from "./cluster-render";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";

const CLUSTER = "gcp-shared";
let cluster: RenderedStack;
const communities: RenderedStack[] = [];
beforeAll(async () => {
  cluster = await renderCluster(CLUSTER);
  const { network, outputs } = testNetwork();
  for (const [name, c] of network.communities) {
    if (c.config.cluster !== CLUSTER) continue;
    communities.push(
      await renderCommunity(
        name,
        c.config.hubs.map((h) => h.name),
        outputs,
        { cluster: CLUSTER },
      ),
    );
  }
}, 300_000);

const googleResources = (r: RenderedStack) =>
  r.resources.filter(
    (x) => x.type.startsWith("gcp:") && !x.type.startsWith("gcp:index/") && x.type !== "pulumi:providers:gcp",
  );
const enabled = () =>
  new Set(ofType(cluster, "gcp:projects/service:Service").map((s) => String(s.inputs.service)));

describe("Google Cloud APIs", () => {
  test("every Google resource type of the cluster and community stacks has its API enabled by the cluster stack", () => {
    expect(communities.length).toBeGreaterThan(0);
    const on = enabled();
    const types = new Set([cluster, ...communities].flatMap((r) => googleResources(r).map((x) => x.type)));
    expect(types.size).toBeGreaterThan(8);
    for (const type of types) {
      const api = apiOfType(type);
      expect(api, `${type}: no API in GCP_API_OF_TYPE`).toBeDefined();
      if (api !== GCP_BOOTSTRAP_API) expect(on.has(api as string), `${type} needs ${api}`).toBe(true);
    }
    for (const api of GCP_RUNTIME_APIS) expect(on.has(api), api).toBe(true);
  });

  test("the APIs stay enabled when the stack is destroyed, and each Google resource waits for its own", () => {
    const services = ofType(cluster, "gcp:projects/service:Service");
    for (const s of services) expect(s.inputs.disableOnDestroy, String(s.inputs.service)).toBe(false);
    const byApi = new Map(services.map((s) => [String(s.inputs.service), s.urn]));
    for (const x of googleResources(cluster)) {
      if (x.type === "gcp:projects/service:Service") continue;
      const api = apiOfType(x.type) as string;
      if (api === GCP_BOOTSTRAP_API) continue;
      expect(x.dependencies ?? [], `${x.type} ${x.name} waits for ${api}`).toContain(byApi.get(api));
    }
  });
});

describe("Filestore on a GKE network", () => {
  const find = (type: string): RecordedResource => {
    const [x] = ofType(cluster, type);
    if (!x) throw new Error(`no ${type}`);
    return x;
  };
  test("the share peers after the cluster's control plane (one VPC peering operation at a time)", () => {
    const fs = find("gcp:filestore/instance:Instance");
    const gke = find("gcp:container/cluster:Cluster");
    expect((fs.inputs.networks as { connectMode: string }[])[0].connectMode).toBe("DIRECT_PEERING");
    expect((gke.inputs.privateClusterConfig as { enablePrivateNodes: boolean }).enablePrivateNodes).toBe(
      true,
    );
    expect(fs.options?.dependsOn ?? []).toContain(gke.urn);
  });

  test("the share and the cluster have deletion protection; the backup account cannot delete instances", () => {
    expect(find("gcp:filestore/instance:Instance").inputs.deletionProtectionEnabled).toBe(true);
    expect(find("gcp:container/cluster:Cluster").inputs.deletionProtection).toBe(true);
    const backupRoles = ofType(cluster, "gcp:projects/iAMMember:IAMMember")
      .filter((m) => String(m.inputs.member).includes("home-backup"))
      .map((m) => String(m.inputs.role));
    expect(backupRoles).not.toContain("roles/file.editor");
    for (const role of ofType(cluster, "gcp:projects/iAMCustomRole:IAMCustomRole")) {
      const perms = role.inputs.permissions as string[];
      expect(perms.filter((p) => p.startsWith("file.instances."))).toEqual(["file.instances.get"]);
    }
  });
});
