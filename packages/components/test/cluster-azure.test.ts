import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { assertBaseline, assertOutputs } from "./cluster-asserts";
import { clusterConfig, ofType, one, renderClusterWithExports } from "./cluster-render";

let r: RenderedStack;
let exported: Record<string, unknown>;
beforeAll(async () => {
  ({ r, exported } = await renderClusterWithExports("azure-eu"));
});

const agentPool = (name: string) =>
  one(r, "azure-native:containerservice:AgentPool", `azure-eu-${name}`).inputs as Record<string, any>;

describe("AKS cluster (stacks/cluster/Pulumi.azure-eu.yaml)", () => {
  test("cluster hardening: Cilium network policy, OIDC issuer + workload identity, auto-upgrade", () => {
    const c = one(r, "azure-native:containerservice:ManagedCluster", "azure-eu").inputs as Record<
      string,
      any
    >;
    expect(c.networkProfile).toMatchObject({
      networkPolicy: "cilium",
      networkDataplane: "cilium",
      networkPlugin: "azure",
    });
    expect(c.oidcIssuerProfile).toEqual({ enabled: true });
    expect(c.securityProfile.workloadIdentity).toEqual({ enabled: true });
    expect(c.autoUpgradeProfile).toEqual({ upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" });
    expect(c.kubernetesVersion).toBe(
      (clusterConfig("azure-eu") as { kubernetesVersion: string }).kubernetesVersion,
    );
    const core = c.agentPoolProfiles[0];
    expect(core).toMatchObject({
      name: "core",
      mode: "System",
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 3,
      nodeLabels: { "hub.jupyter.org/node-purpose": "core", "hubnet.org/pool": "core" },
      nodeTaints: [],
      enableEncryptionAtHost: true,
      enableNodePublicIP: false,
    });
  });

  test("user and GPU pools: labels, taints, autoscaling to zero, GPU drivers", () => {
    expect(agentPool("medium")).toMatchObject({
      agentPoolName: "medium",
      mode: "User",
      vmSize: "Standard_E4s_v5",
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 20,
      nodeLabels: { "hub.jupyter.org/node-purpose": "user", "hubnet.org/pool": "medium" },
      nodeTaints: ["hub.jupyter.org/dedicated=user:NoSchedule"],
    });
    expect(agentPool("medium").scaleSetPriority).toBeUndefined();
    expect(agentPool("t4")).toMatchObject({
      vmSize: "Standard_NC4as_T4_v3",
      maxCount: 4,
      gpuProfile: { driver: "Install" },
      nodeTaints: ["hub.jupyter.org/dedicated=user:NoSchedule", "nvidia.com/gpu=present:NoSchedule"],
    });
  });

  test("Azure Files NFS homes: protected and retained; no shared blob account (hubs own theirs)", () => {
    const home = one(r, "azure-native:storage:StorageAccount", "azure-eu-home");
    expect(home).toMatchObject({ protect: true, retainOnDelete: true });
    expect(home.inputs).toMatchObject({ kind: "FileStorage", sku: { name: "Premium_LRS" } });
    expect((home.inputs.networkRuleSet as { defaultAction: string }).defaultAction).toBe("Deny");
    const share = one(r, "azure-native:storage:FileShare", "azure-eu-home");
    expect(share).toMatchObject({ protect: true, retainOnDelete: true });
    expect(share.inputs).toMatchObject({ enabledProtocols: "NFS", shareQuota: 1024 });
    expect(ofType(r, "azure-native:storage:StorageAccount").map((a) => a.name)).toEqual(["azure-eu-home"]);
    expect(ofType(r, "azure-native:storage:BlobServiceProperties")).toEqual([]);
    const account = String(home.inputs.accountName);
    expect(r.outputs.home).toEqual({
      kind: "nfs",
      server: `${account}.file.core.windows.net`,
      path: `/${account}/homes`,
      mountOptions: expect.arrayContaining(["vers=4", "minorversion=1"]),
    });
  });

  test("tags on every resource that takes them; provider from config", () => {
    const taggable = r.resources.filter(
      (x) =>
        x.type.startsWith("azure-native:") &&
        !x.type.startsWith("azure-native:storage:FileShare") &&
        x.type !== "azure-native:network:Subnet" &&
        x.type !== "azure-native:network:PrivateDnsZoneGroup" &&
        x.type !== "azure-native:authorization:RoleAssignment",
    );
    expect(taggable.length).toBeGreaterThanOrEqual(7);
    for (const x of taggable) {
      expect(x.inputs.tags, `${x.type} ${x.name}`).toMatchObject({
        "hubnet-cluster": "azure-eu",
        "cost-center": "eu-research",
      });
    }
    const p = one(r, "pulumi:providers:azure-native", "azure-eu-azure");
    expect(p.inputs).toMatchObject({
      subscriptionId: "3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
      location: "westeurope",
    });
    expect(ofType(r, "azure-native:resources:ResourceGroup")[0].inputs.resourceGroupName).toBe(
      "hubnet-azure-eu",
    );
  });

  test("baseline with the NVIDIA device plugin, no cluster-autoscaler (AKS scales natively)", async () => {
    await assertBaseline(r, "azure", { autoscaler: false, devicePlugin: true });
  });

  test("outputs follow the contract; identity has what hub clouds need and no storage account", async () => {
    await assertOutputs(r, exported, "azure");
    expect(r.outputs.identity).toEqual({
      cloud: "azure",
      subscriptionId: "3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
      resourceGroup: "hubnet-azure-eu",
      location: "westeurope",
      oidcIssuerUrl: "https://oidc.mock.azure.com/azure-eu/",
    });
  });
});
