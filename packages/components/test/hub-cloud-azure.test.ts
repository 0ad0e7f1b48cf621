/**
 * Azure hub buckets: one storage account per hub with buckets, owned by the
 * community stack, with the lifecycle policy that expires its scratch container.
 * Rendered through the `Hub` component with the Azure `CommunityCloud` for
 * variants of the test network's Azure community (scratch + persistent, scratch only,
 * persistent only, no buckets).
 */
import type { Community } from "@hubnet/config";
import { type RenderedStack, renderStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import {
  AzureCommunityCloud,
  containerScope,
  hubAccountRetention,
  STORAGE_BLOB_DATA_CONTRIBUTOR,
  scratchLifecyclePolicy,
} from "../src/azure/hub-cloud";
import { azureStorageAccountName } from "../src/cluster/naming";
import { Hub } from "../src/hub/hub";
import { testNetwork } from "./support/cluster-outputs";
import { type Json, jupyterhubValues, ofType } from "./support/resources";

const { network, outputs } = testNetwork();
const CLUSTER = "azure-eu";
const base = network.communities.get("neuro-imaging")!.config;
const clusterConfig = network.clusters.get(CLUSTER)!.config;
const co = outputs.get(CLUSTER)!;
const id = co.identity as Extract<typeof co.identity, { cloud: "azure" }>;

type Buckets = Community["storage"]["buckets"];
const variants: Record<string, Buckets> = {
  both: { scratch: { expireAfterDays: 5 }, persistent: true },
  scratchOnly: { scratch: { expireAfterDays: 3 }, persistent: false },
  persistentOnly: { persistent: true },
  none: { persistent: false },
};

/** The test network's community under another name, with `buckets`; all its hubs, rendered in one stack. */
async function render(variant: string, buckets: Buckets): Promise<RenderedStack> {
  const community: Community = {
    ...base,
    name: `neuro-${variant.toLowerCase()}`,
    storage: { ...base.storage, buckets },
  };
  return renderStack({
    project: "hubnet-community",
    stack: community.name,
    config: {},
    program: async () => {
      const cloud = new AzureCommunityCloud({ ...co, name: CLUSTER, community: community.name });
      for (const hub of community.hubs)
        new Hub(`${community.name}-${hub.name}`, {
          community,
          hub,
          clusterConfig,
          cluster: { ...co, name: CLUSTER },
          cloud,
          clientSecret: "s3cret",
        });
      return {};
    },
  });
}

const stacks = new Map<string, RenderedStack>();
beforeAll(async () => {
  for (const [v, b] of Object.entries(variants)) stacks.set(v, await render(v, b));
}, 120_000);

const hubsOf = (variant: string) =>
  base.hubs.map((h) => {
    const community = `neuro-${variant.toLowerCase()}`;
    return { community, hub: h.name, account: azureStorageAccountName(CLUSTER, community, h.name) };
  });
const mine = (r: RenderedStack, community: string, hub: string, type: string) =>
  ofType(r, type).filter((x) => x.name.startsWith(`${community}-${hub}-`));

describe("Azure hub storage accounts", () => {
  it("creates one hardened StorageV2 account per hub with buckets, in the cluster's group and location", () => {
    for (const v of ["both", "scratchOnly", "persistentOnly"]) {
      const r = stacks.get(v)!;
      const accounts = ofType(r, "azure-native:storage:StorageAccount");
      expect(accounts.map((a) => a.inputs.accountName).sort(), v).toEqual(
        hubsOf(v)
          .map((h) => h.account)
          .sort(),
      );
      for (const { community, hub, account } of hubsOf(v)) {
        const [a] = mine(r, community, hub, "azure-native:storage:StorageAccount");
        expect(a.inputs).toMatchObject({
          accountName: account,
          resourceGroupName: id.resourceGroup,
          location: id.location,
          kind: "StorageV2",
          enableHttpsTrafficOnly: true,
          minimumTlsVersion: "TLS1_2",
          allowBlobPublicAccess: false,
          allowSharedKeyAccess: false,
          tags: { "hubnet-cluster": CLUSTER, "hubnet-community": community, "hubnet-hub": hub },
        });
        const [props] = mine(r, community, hub, "azure-native:storage:BlobServiceProperties");
        expect(props.inputs).toMatchObject({
          accountName: account,
          deleteRetentionPolicy: { enabled: true, days: 7 },
        });
      }
    }
    const none = stacks.get("none")!;
    expect(ofType(none, "azure-native:storage:StorageAccount")).toEqual([]);
    expect(ofType(none, "azure-native:storage:BlobContainer")).toEqual([]);
    expect(ofType(none, "azure-native:authorization:RoleAssignment")).toEqual([]);
    expect(ofType(none, "azure-native:managedidentity:UserAssignedIdentity")).toHaveLength(base.hubs.length);
  });

  it("protects an account with a persistent container; a scratch-only account is only retained", () => {
    const opts = (v: string) =>
      ofType(stacks.get(v)!, "azure-native:storage:StorageAccount").map((a) => [a.protect, a.retainOnDelete]);
    expect(opts("both")).toEqual(base.hubs.map(() => [true, true]));
    expect(opts("persistentOnly")).toEqual(base.hubs.map(() => [true, true]));
    expect(opts("scratchOnly")).toEqual(base.hubs.map(() => [false, true]));
    expect(hubAccountRetention({ scratch: { expireAfterDays: 1 }, persistent: false })).toEqual({
      retainOnDelete: true,
    });
    for (const v of ["both", "scratchOnly", "persistentOnly"])
      for (const c of ofType(stacks.get(v)!, "azure-native:storage:BlobContainer")) {
        expect(c.inputs.containerName).toMatch(/^(scratch|persistent)$/);
        expect([c.protect, c.retainOnDelete], c.name).toEqual(
          c.inputs.containerName === "persistent" ? [true, true] : [false, true],
        );
        expect(c.inputs.publicAccess).toBe("None");
      }
  });

  it("expires the scratch container after the community's expireAfterDays, in the hub's own account", () => {
    for (const v of ["both", "scratchOnly"]) {
      const r = stacks.get(v)!;
      const days = variants[v].scratch!.expireAfterDays;
      expect(ofType(r, "azure-native:storage:ManagementPolicy")).toHaveLength(base.hubs.length);
      for (const { community, hub, account } of hubsOf(v)) {
        const [p] = mine(r, community, hub, "azure-native:storage:ManagementPolicy");
        expect(p.inputs.accountName).toBe(account);
        expect(p.inputs.resourceGroupName).toBe(id.resourceGroup);
        expect(p.inputs.managementPolicyName).toBe("default");
        expect(p.retainOnDelete).toBe(true);
        const rules = (p.inputs as Json).policy.rules;
        expect(rules).toHaveLength(1);
        expect(rules[0]).toMatchObject({ enabled: true, type: "Lifecycle" });
        expect(rules[0].definition.filters.prefixMatch).toEqual(["scratch/"]);
        expect(rules[0].definition.filters.blobTypes).toContain("blockBlob");
        expect(rules[0].definition.actions.baseBlob.delete).toEqual({
          daysAfterModificationGreaterThan: days,
        });
        expect(p.inputs.policy).toEqual(scratchLifecyclePolicy(days));
        // The prefix names a container the hub has.
        const containers = mine(r, community, hub, "azure-native:storage:BlobContainer");
        expect(containers.map((c) => `${c.inputs.containerName}/`)).toContain(
          rules[0].definition.filters.prefixMatch[0],
        );
      }
    }
    expect(ofType(stacks.get("persistentOnly")!, "azure-native:storage:ManagementPolicy")).toEqual([]);
  });

  it("grants each hub's identity Storage Blob Data Contributor on its own containers only", () => {
    for (const v of ["both", "scratchOnly", "persistentOnly"]) {
      const r = stacks.get(v)!;
      const hubs = hubsOf(v);
      for (const { community, hub, account } of hubs) {
        const containers = mine(r, community, hub, "azure-native:storage:BlobContainer");
        const grants = mine(r, community, hub, "azure-native:authorization:RoleAssignment");
        expect(containers.every((c) => c.inputs.accountName === account)).toBe(true);
        expect(grants.map((g) => g.inputs.scope).sort()).toEqual(
          containers
            .map((c) =>
              containerScope(id.subscriptionId, id.resourceGroup, account, String(c.inputs.containerName)),
            )
            .sort(),
        );
        for (const g of grants) {
          expect(g.inputs.roleDefinitionId).toBe(
            `/subscriptions/${id.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${STORAGE_BLOB_DATA_CONTRIBUTOR}`,
          );
          expect(g.inputs.principalType).toBe("ServicePrincipal");
          expect(g.inputs.principalId).toMatch(/^11111111-/);
          for (const other of hubs.filter((o) => o.hub !== hub))
            expect(g.inputs.scope).not.toContain(other.account);
        }
      }
      // One principal per hub (its own identity), different hubs, different principals.
      const principals = hubs.map(
        (h) =>
          new Set(
            mine(r, h.community, h.hub, "azure-native:authorization:RoleAssignment").map(
              (g) => g.inputs.principalId,
            ),
          ),
      );
      expect(principals.map((p) => p.size)).toEqual(hubs.map(() => 1));
      expect(new Set(principals.flatMap((p) => [...p])).size).toBe(hubs.length);
    }
  });

  it("hands users az:// URLs of the containers and the hub's account in AZURE_STORAGE_ACCOUNT", () => {
    for (const v of Object.keys(variants)) {
      const r = stacks.get(v)!;
      for (const { community, hub, account } of hubsOf(v)) {
        const env = jupyterhubValues(r, community, hub).singleuser.extraEnv as Record<string, string>;
        const b = variants[v];
        if (!b.scratch && !b.persistent) {
          expect(env.AZURE_STORAGE_ACCOUNT).toBeUndefined();
          continue;
        }
        expect(env.AZURE_STORAGE_ACCOUNT).toBe(account);
        expect(env.AZURE_STORAGE_ACCOUNT_NAME).toBe(account);
        expect(env.SCRATCH_BUCKET).toBe(b.scratch ? "az://scratch" : undefined);
        expect(env.PERSISTENT_BUCKET).toBe(b.persistent ? "az://persistent" : undefined);
      }
    }
  });
});
