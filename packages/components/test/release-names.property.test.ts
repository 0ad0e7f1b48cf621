/**
 * Release names (hub/release-names.ts), for any hub namespace the config accepts (a DNS-1123 label):
 * within Helm's limit and the charts' cuts, and two hubs never share a name the charts derive from
 * it, so no two releases on a cluster create the same cluster-scoped object. Each derived name is
 * written as the pinned chart's template computes it (z2jh 4.4.0 _helpers-names.tpl with
 * fullnameOverride "", dask-gateway 2026.3.0 _helpers.tpl); the rendered objects themselves are
 * checked by test/rendered-checks.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { daskGatewayNames, HELM_RELEASE_NAME_MAX, hubReleaseNames } from "../src/hub/release-names";

/** Helm's release name rule (helm.sh/helm/v3 pkg/chartutil/validate_name.go). */
const HELM_RELEASE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const namespace = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,4}[a-z0-9])?$/),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
);

/** dask-gateway's `printf "<prefix>-%s" | trunc 63 | trimSuffix "-"`. */
const daskName = (prefix: string, fullname: string) => `${prefix}-${fullname}`.slice(0, 63).replace(/-$/, "");

/** The cluster-scoped names the two charts give a hub's releases. */
function clusterScopedNames(ns: string): string[] {
  const { jupyterhub } = hubReleaseNames(ns);
  const dask = daskGatewayNames(ns);
  return [
    `ClusterRole/${jupyterhub}-user-scheduler`,
    `PriorityClass/${jupyterhub}-default-priority`,
    `PriorityClass/${jupyterhub}-user-placeholder-priority`,
    `PriorityClass/${jupyterhub}-image-puller-priority`,
    ...["controller", "api", "traefik"].map((p) => `ClusterRole/${daskName(p, dask.fullname)}`),
  ];
}

describe("release names", () => {
  it("fit Helm's rule and limit, and dask-gateway's names are never cut", () => {
    fc.assert(
      fc.property(namespace, (ns) => {
        const r = hubReleaseNames(ns);
        expect(r.jupyterhub).toMatch(HELM_RELEASE);
        expect(r.daskGateway).toMatch(HELM_RELEASE);
        expect(r.jupyterhub.length).toBeLessThanOrEqual(HELM_RELEASE_NAME_MAX);
        expect(r.daskGateway.length).toBeLessThanOrEqual(45);
        // The release name contains the chart name: it is dask-gateway's fullname.
        expect(r.daskGateway).toContain("dask-gateway");
        for (const p of [
          "controller",
          "api",
          "traefik",
          "traefik-dashboard",
          "clusters-prefix",
          "api-prefix",
        ])
          expect(daskName(p, r.daskGateway)).toBe(`${p}-${r.daskGateway}`);
      }),
      { numRuns: 500 },
    );
  });

  it("two hubs on a cluster never share a cluster-scoped name or an instance label", () => {
    fc.assert(
      fc.property(
        fc.tuple(namespace, namespace).filter(([a, b]) => a !== b),
        ([a, b]) => {
          const theirs = new Set(clusterScopedNames(b));
          for (const n of clusterScopedNames(a)) expect(theirs.has(n)).toBe(false);
          expect(daskGatewayNames(a).instanceLabel).not.toBe(daskGatewayNames(b).instanceLabel);
          expect(hubReleaseNames(a).jupyterhub).not.toBe(hubReleaseNames(b).jupyterhub);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("two long namespaces with one start differ by their hash", () => {
    const a = `${"a".repeat(50)}-one`;
    const b = `${"a".repeat(50)}-two`;
    expect(hubReleaseNames(a).jupyterhub).not.toBe(hubReleaseNames(b).jupyterhub);
    expect(hubReleaseNames("physics-staging")).toEqual({
      jupyterhub: "jupyterhub-physics-staging",
      daskGateway: "dask-gateway-physics-staging",
    });
  });
});
