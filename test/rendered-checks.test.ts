/**
 * The checks on what the charts render (packages/plan/src/rendered-checks.ts), with the pinned
 * Helm and the pinned charts: two communities with the same hub names install side by side on one
 * cluster, and the check that says so is live (it catches z2jh's and dask-gateway's own
 * cluster-scoped names when two releases share a name, as every hub's did before release-names.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type CheckedStack,
  planNetwork,
  type ReleaseToRender,
  renderedProblems,
  renderReleases,
} from "@hubnet/plan";
import { findHelm, withStandIns } from "@hubnet/plan/helm";
import { describe, expect, it } from "vitest";
import { copyNetwork } from "./support/cli";

const helm = async () => {
  const h = await findHelm();
  if ("missing" in h) throw new Error(h.missing);
  return h;
};

/** Two releases of `chart` with one release name, in two namespaces of one cluster. */
async function sameNameReleases(chart: string, version: string, release: string, values: unknown = {}) {
  const stacks: CheckedStack[] = [];
  for (const ns of ["alpha-prod", "beta-prod"]) {
    const r: ReleaseToRender = {
      urn: `urn:pulumi:${ns}::hubnet-community::kubernetes:helm.sh/v3:Release::${ns}-x`,
      release,
      namespace: ns,
      chart,
      version,
      values,
      kubeVersion: "1.34",
      apiVersions: [],
    };
    const [rendered] = await renderReleases([r], { helm: await helm(), cacheDir: false });
    expect(rendered.status).toBe("rendered");
    stacks.push({
      stack: ns,
      file: `communities/${ns}/community.yaml`,
      cluster: "one",
      resources: [],
      releases: [rendered],
    });
  }
  return stacks;
}

describe("rendered objects across the network", () => {
  it("two communities with the same hub names on one cluster: no cluster-scoped object twice", async () => {
    const root = copyNetwork();
    // A second community on physics-101's cluster, with the same hubs (staging, prod).
    const text = fs.readFileSync(path.join(root, "communities", "physics-101", "community.yaml"), "utf8");
    fs.mkdirSync(path.join(root, "communities", "physics-102"));
    fs.writeFileSync(
      path.join(root, "communities", "physics-102", "community.yaml"),
      text.replaceAll("physics-101", "physics-102"),
    );
    const result = await planNetwork({
      root,
      communities: ["physics-101", "physics-102"],
      renderCache: false,
    });
    expect(result.problems).toEqual([]);
    const hubs = result.communities.flatMap((s) => s.releases ?? []).filter((r) => r.chart === "jupyterhub");
    expect(hubs).toHaveLength(4);
    for (const r of hubs) expect(r.status).toBe("rendered");
    expect(result.renderedProblems).toEqual([]);
    // What makes it so: each release's cluster-scoped objects carry its own name.
    const clusterRoles = hubs.flatMap((r) =>
      r.status === "rendered"
        ? r.objects.filter((o) => o.object.kind === "ClusterRole").map((o) => o.object.metadata.name)
        : [],
    );
    expect(clusterRoles).toHaveLength(4);
    expect(new Set(clusterRoles).size).toBe(4);
    // The plan holds no secret: not even the stand-ins the charts were given for its "[secret]"s.
    const written = JSON.stringify(result.communities.map((s) => s.releases));
    for (const stack of result.communities)
      for (const r of stack.resources.filter((x) => x.type === "kubernetes:helm.sh/v3:Release")) {
        const standIns = [...withStandIns(r.inputs.values).replaced.keys()];
        expect(standIns.length).toBeGreaterThan(0);
        for (const x of standIns) expect(written).not.toContain(x);
      }
  }, 180_000);

  it("without Helm the plan works on values alone and says what it did not check", async () => {
    const missing = "Helm v3.21.4 is not installed: run `pnpm helm:install`";
    const result = await planNetwork({
      root: copyNetwork(),
      communities: ["physics-101"],
      helm: { missing },
      renderCache: false,
    });
    expect(result.problems).toEqual([]);
    expect(result.communities).toHaveLength(1);
    const releases = result.communities[0].releases ?? [];
    expect(releases.length).toBeGreaterThan(0);
    for (const r of releases) expect(r).toMatchObject({ status: "not-rendered", reason: missing });
    expect(result.rendering?.helm).toBeUndefined();
    expect(result.rendering?.notChecked).toEqual([
      expect.stringMatching(
        /^charts not rendered \(\d+ releases\): Helm v3\.21\.4 is not installed: run `pnpm helm:install`; checked on values only: cluster-scoped name collisions, namespaces, the Kubernetes schema of chart objects and restarts were not checked$/,
      ),
    ]);
    expect(result.renderedProblems).toEqual([]);
  });

  it("is live: two z2jh releases with one name collide on the chart's ClusterRole and ClusterRoleBinding", async () => {
    const problems = renderedProblems(await sameNameReleases("jupyterhub", "4.4.0", "jupyterhub"));
    expect(problems.map((p) => p.message.split(" is created")[0]).sort()).toEqual([
      'ClusterRole "jupyterhub-user-scheduler"',
      'ClusterRoleBinding "jupyterhub-user-scheduler"',
    ]);
    expect(problems[0]).toMatchObject({ file: "communities/beta-prod/community.yaml", line: 1, col: 1 });
    expect(problems[0].message).toMatch(/both on cluster one: Helm refuses the second install/);
  });

  it("is live for dask-gateway's ClusterRoles (controller, api, traefik); its crds/ are shared, not owned", async () => {
    const problems = renderedProblems(
      await sameNameReleases("dask-gateway", "2026.3.0", "dask-gateway", {
        gateway: { auth: { type: "simple" } },
      }),
    );
    const names = problems.map((p) => p.message.split(" is created")[0]);
    expect(names).toEqual(
      expect.arrayContaining([
        'ClusterRole "controller-dask-gateway"',
        'ClusterRole "api-dask-gateway"',
        'ClusterRole "traefik-dask-gateway"',
      ]),
    );
    expect(names.filter((n) => n.startsWith("CustomResourceDefinition"))).toEqual([]);
  });

  it("an object in a namespace the release does not own is a problem", () => {
    const stack: CheckedStack = {
      stack: "alpha",
      file: "communities/alpha/community.yaml",
      cluster: "one",
      resources: [],
      releases: [
        {
          urn: "u",
          release: "r",
          namespace: "alpha-prod",
          chart: "c",
          version: "1",
          kubeVersion: "1.34",
          status: "rendered",
          objects: [
            {
              source: "c/templates/a.yaml",
              object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } },
            },
            {
              source: "c/templates/b.yaml",
              object: { apiVersion: "v1", kind: "Secret", metadata: { name: "b", namespace: "beta-prod" } },
            },
          ],
        },
      ],
    };
    const problems = renderedProblems([stack]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(
      /creates Secret "b" in namespace beta-prod, which it does not own \(c\/templates\/b\.yaml\)/,
    );
  });

  it("a release Helm refuses is a problem with Helm's message", async () => {
    const [r] = await renderReleases(
      [
        {
          urn: "u",
          release: "r",
          namespace: "n",
          chart: "jupyterhub",
          version: "4.4.0",
          values: { hub: { config: "not an object" } },
          kubeVersion: "1.34",
          apiVersions: [],
        },
      ],
      { helm: await helm(), cacheDir: false },
    );
    const problems = renderedProblems([
      { stack: "s", file: "f", cluster: "c", resources: [], releases: [r] },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(
      /^jupyterhub 4\.4\.0 release r \(namespace n\): helm template r \(jupyterhub\): .*schema/,
    );
  });
});
