/** What the charts' rendered objects say users would see change (diff/rendered-diff.ts), with the pinned Helm and z2jh. */
import { describe, expect, it } from "vitest";
import { addRollouts, diffText, rollouts, type StackDiff } from "../src/diff";
import { type ReleaseToRender, renderReleases } from "../src/render-releases";
import { requireHelm } from "./support/helm";

async function render(values: unknown, release = "jupyterhub-a-prod") {
  const r: ReleaseToRender = {
    urn: "urn:pulumi:a::hubnet-community::hubnet:hub:Hub$kubernetes:helm.sh/v3:Release::a-prod-jupyterhub",
    release,
    namespace: "a-prod",
    chart: "jupyterhub",
    version: "4.4.0",
    values,
    kubeVersion: "1.34",
    apiVersions: [],
  };
  return renderReleases([r], { helm: { found: await requireHelm() }, cacheDir: false });
}

/**
 * Values with every secret the chart would otherwise generate at random (`helm template` has no
 * cluster to look the old ones up in): hubnet's own values set them all (Hub: "Secrets the chart
 * would otherwise generate"), so its renders are the same twice.
 */
const secrets = { cookieSecret: "[secret]", config: { CryptKeeper: { keys: ["[secret]"] } } };
const base = {
  hub: { ...secrets, config: { ...secrets.config, JupyterHub: { admin_access: false } } },
  proxy: { secretToken: "[secret]" },
};
const changed = {
  ...base,
  hub: { ...secrets, config: { ...secrets.config, JupyterHub: { admin_access: true } } },
};

describe("restarts from the rendered objects", () => {
  it("a change of the hub's configuration restarts the hub (its checksum annotations), and nothing else", async () => {
    const before = await render(base);
    const after = await render(changed);
    const found = rollouts(before, after);
    expect(found.map((r) => r.workload)).toEqual(["Deployment/hub"]);
    expect(found[0].effect).toMatch(/^the hub restarts/);
    expect(found[0].because).toEqual(expect.arrayContaining(["checksum/secret changed"]));
  });

  it("the same values restart nothing", async () => {
    expect(rollouts(await render(base), await render(base))).toEqual([]);
  });

  it("a release renamed (same Pulumi resource) restarts the hub and the proxy: their pod labels change", async () => {
    const found = rollouts(await render(base, "jupyterhub"), await render(base));
    expect(found.map((r) => r.workload)).toEqual(
      expect.arrayContaining(["Deployment/hub", "Deployment/proxy"]),
    );
    expect(found.find((r) => r.workload === "Deployment/proxy")?.effect).toMatch(
      /^the proxy restarts: every open connection/,
    );
  });

  it("shows in what the hub's users would see", async () => {
    const diff: StackDiff = {
      kind: "community",
      project: "hubnet-community",
      stack: "a",
      change: "changed",
      counts: { create: 0, update: 1, replace: 0, delete: 0 } as StackDiff["counts"],
      unchanged: 0,
      changes: [],
      hubs: [],
      dataLoss: [],
      refused: [],
      notes: [],
      reports: [],
    };
    addRollouts(diff, await render(base), await render(changed));
    expect(diff.hubs).toHaveLength(1);
    expect(diff.hubs[0]).toMatchObject({ namespace: "a-prod", change: "changed" });
    const text = diffText({
      base: { ref: "main", commit: "a" },
      head: { ref: "HEAD", commit: "b" },
      from: "a",
      stacks: [{ ...diff, phase: "communities" }],
      warnings: [],
      allowDataLoss: false,
    } as unknown as Parameters<typeof diffText>[0]);
    expect(text).toMatch(/\+ restarts\s+the hub restarts: logins, spawns/);
  });
});
