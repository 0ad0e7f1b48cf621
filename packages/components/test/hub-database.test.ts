/**
 * The hub database survives deleting or replacing the jupyterhub release: its claim belongs to the
 * Hub component (protected, retained), not to the chart, and uses the cluster's default
 * StorageClass (each cloud's is checked in cluster-storage.test.ts).
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { hubNamespace } from "../src/cluster/naming";
import { HUB_DB_CLAIM, HUB_DB_DIR } from "../src/hub/hub-database";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";
import { type Json, jupyterhubValues, named } from "./support/resources";
import { validateZ2jhValues } from "./support/z2jh-schema";

const { network, outputs } = testNetwork();
const stacks = new Map<string, RenderedStack>();
const hubs = [...network.communities.values()].flatMap((c) =>
  c.config.hubs.map((h) => ({ c: c.config.name, hub: h.name })),
);

beforeAll(async () => {
  for (const c of network.communities.values()) {
    const community = c.config;
    stacks.set(
      community.name,
      await renderCommunity(
        community.name,
        community.hubs.map((h) => h.name),
        outputs,
        { cluster: community.cluster },
      ),
    );
  }
}, 120_000);

describe.each(hubs)("$c/$hub", ({ c, hub }) => {
  it("keeps its database on a claim of its own: protected, retained, on the default StorageClass", () => {
    const stack = stacks.get(c)!;
    const claim = named(stack, "kubernetes:core/v1:PersistentVolumeClaim", `${c}-${hub}-${HUB_DB_CLAIM}`);
    expect(claim.protect).toBe(true);
    expect(claim.retainOnDelete).toBe(true);
    expect(claim.inputs).toMatchObject({
      metadata: { name: HUB_DB_CLAIM, namespace: hubNamespace(c, hub) },
      spec: { accessModes: ["ReadWriteOnce"] },
    });
    expect((claim.inputs as Json).spec.storageClassName).toBeUndefined();
  });

  it("the chart uses that claim and creates none of its own (no sqlite-pvc)", () => {
    const values = jupyterhubValues(stacks.get(c)!, c, hub) as Json;
    expect(values.hub.db).toEqual({
      type: "other",
      url: `sqlite:///${HUB_DB_DIR}/jupyterhub.sqlite`,
      upgrade: true,
    });
    const volume = values.hub.extraVolumes.find(
      (v: Json) => v.persistentVolumeClaim?.claimName === HUB_DB_CLAIM,
    );
    expect(volume).toBeDefined();
    expect(values.hub.extraVolumeMounts).toContainEqual({ name: volume.name, mountPath: HUB_DB_DIR });
    expect(validateZ2jhValues(values).errors).toEqual([]);
  });
});
