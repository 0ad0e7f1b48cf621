import type { RecordedResource, RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { assertBaseline, assertOutputs } from "./cluster-asserts";
import { ofType, one, renderClusterWithExports } from "./cluster-render";

let r: RenderedStack;
let exported: Record<string, unknown>;
beforeAll(async () => {
  ({ r, exported } = await renderClusterWithExports("gcp-shared"));
});

const pool = (name: string) =>
  one(r, "gcp:container/nodePool:NodePool", `gcp-shared-${name}`).inputs as Record<string, any>;

describe("GKE cluster (stacks/cluster/Pulumi.gcp-shared.yaml)", () => {
  test("cluster hardening: Dataplane V2, workload identity, private nodes, release channel, shielded nodes", () => {
    const c = one(r, "gcp:container/cluster:Cluster", "gcp-shared").inputs as Record<string, any>;
    expect(c.datapathProvider).toBe("ADVANCED_DATAPATH");
    expect(c.workloadIdentityConfig).toEqual({ workloadPool: "hubnet-shared-edu.svc.id.goog" });
    expect(c.privateClusterConfig.enablePrivateNodes).toBe(true);
    expect(c.releaseChannel).toEqual({ channel: "REGULAR" });
    expect(c.enableShieldedNodes).toBe(true);
    expect(c.location).toBe("us-central1-b");
    expect(c.removeDefaultNodePool).toBe(true);
    expect(ofType(r, "gcp:compute/routerNat:RouterNat")).toHaveLength(1);
  });

  test("core pool: core labels, no taints, autoscaling 1..3", () => {
    const p = pool("core");
    expect(p.nodeConfig.labels).toEqual({
      "hub.jupyter.org/node-purpose": "core",
      "hubnet.org/pool": "core",
    });
    expect(p.nodeConfig.taints).toEqual([]);
    expect(p.autoscaling).toEqual({ minNodeCount: 1, maxNodeCount: 3 });
  });

  test("user pools: user labels, dedicated taint, scale to zero, node hardening", () => {
    for (const [name, max] of [
      ["small", 30],
      ["large", 10],
    ] as const) {
      const p = pool(name);
      expect(p.nodeConfig.labels).toEqual({
        "hub.jupyter.org/node-purpose": "user",
        "hubnet.org/pool": name,
      });
      expect(p.nodeConfig.taints).toEqual([
        { key: "hub.jupyter.org/dedicated", value: "user", effect: "NO_SCHEDULE" },
      ]);
      expect(p.autoscaling).toEqual({ minNodeCount: 0, maxNodeCount: max });
      expect(p.management).toEqual({ autoRepair: true, autoUpgrade: true });
      expect(p.nodeConfig.workloadMetadataConfig).toEqual({ mode: "GKE_METADATA" });
      expect(p.nodeConfig.shieldedInstanceConfig).toEqual({
        enableIntegrityMonitoring: true,
        enableSecureBoot: true,
      });
      expect(p.nodeConfig.spot).toBe(false);
      expect(p.nodeConfig.guestAccelerators).toBeUndefined();
    }
  });

  test("GPU pool: T4 with the latest driver, GPU taint, spot", () => {
    const p = pool("t4");
    expect(p.nodeConfig.guestAccelerators).toEqual([
      { type: "nvidia-tesla-t4", count: 1, gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" } },
    ]);
    expect(p.nodeConfig.taints).toEqual([
      { key: "hub.jupyter.org/dedicated", value: "user", effect: "NO_SCHEDULE" },
      { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" },
    ]);
    expect(p.nodeConfig.labels).toMatchObject({
      "hub.jupyter.org/node-purpose": "user",
      "hubnet.org/pool": "t4",
    });
    expect(p.nodeConfig.spot).toBe(true);
    expect(p.autoscaling).toEqual({ minNodeCount: 0, maxNodeCount: 4 });
  });

  test("Filestore homes: protected, retained, sized from config, labelled", () => {
    const fs = one(r, "gcp:filestore/instance:Instance", "gcp-shared-home");
    expect(fs.protect).toBe(true);
    expect(fs.retainOnDelete).toBe(true);
    expect(fs.inputs.fileShares).toMatchObject({ name: "homes", capacityGb: 2048 });
    expect(fs.inputs.labels).toMatchObject({ "hubnet-cluster": "gcp-shared", "cost-center": "education" });
    expect(r.outputs.home).toEqual({
      kind: "nfs",
      server: "10.0.0.2",
      path: "/homes",
      mountOptions: expect.any(Array),
    });
  });

  test("labels: hubnet-cluster on every resource that takes labels, explicit provider from config", () => {
    const labelled: [RecordedResource, string][] = [
      ...ofType(r, "gcp:container/cluster:Cluster").map((x): [RecordedResource, string] => [
        x,
        "resourceLabels",
      ]),
      ...ofType(r, "gcp:filestore/instance:Instance").map((x): [RecordedResource, string] => [x, "labels"]),
    ];
    for (const [x, key] of labelled)
      expect((x.inputs[key] as Record<string, string>)["hubnet-cluster"]).toBe("gcp-shared");
    for (const x of ofType(r, "gcp:container/nodePool:NodePool")) {
      expect((x.inputs.nodeConfig as any).resourceLabels["hubnet-cluster"]).toBe("gcp-shared");
    }
    const provider = one(r, "pulumi:providers:gcp", "gcp-shared-gcp");
    expect(provider.inputs).toMatchObject({ project: "hubnet-shared-edu", region: "us-central1" });
    expect(JSON.parse(String(provider.inputs.defaultLabels))).toMatchObject({
      "hubnet-cluster": "gcp-shared",
    });
    for (const x of r.resources.filter((x) => x.type.startsWith("gcp:")))
      expect(x.provider).toMatch(/gcp-shared-gcp$/);
  });

  test("baseline: Envoy Gateway, GatewayClass hubnet, cert-manager, monitoring; no autoscaler or device plugin", async () => {
    await assertBaseline(r, "gcp", { autoscaler: false, devicePlugin: false });
  });

  test("outputs follow the contract with a secret kubeconfig", async () => {
    await assertOutputs(r, exported, "gcp");
    expect(r.outputs.identity).toEqual({
      cloud: "gcp",
      project: "hubnet-shared-edu",
      workloadPool: "hubnet-shared-edu.svc.id.goog",
    });
    expect(r.outputs.buckets).toBe(true);
  });
});
