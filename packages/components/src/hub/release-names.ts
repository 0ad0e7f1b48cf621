/**
 * The Helm release names of a hub, unique on its cluster: the charts name their cluster-scoped
 * objects after the release, so two hubs with one release name cannot both install (Helm's
 * ownership check refuses objects another release owns, `meta.helm.sh/release-name`/`-namespace`).
 * Derived from the hub namespace, which is unique on a cluster. Pure; tests call it directly.
 *
 * - jupyterhub (z2jh 4.4.0): hubnet keeps the chart's `fullnameOverride: ""`, so namespaced objects
 *   keep their short names (`hub`, `proxy-public`, ...) and only what z2jh names after
 *   `.Release.Name` changes: the `<release>-user-scheduler` ClusterRole, ClusterRoleBinding and
 *   scheduler name, the `<release>-default-priority`, `-user-placeholder-priority` and
 *   `-image-puller-priority` PriorityClasses, and the `release` label of every pod
 *   (jupyterhub/zero-to-jupyterhub-k8s 4.4.0, jupyterhub/templates/_helpers-names.tpl). At most 53
 *   characters, Helm's limit on a release name (helm.sh/helm/v3 pkg/chartutil/validate_name.go).
 * - dask-gateway (2026.3.0): a release name containing `dask-gateway` is the chart's fullname, and
 *   every object is `<component>-<fullname>`, cut at 63 characters (dask/dask-gateway 2026.3.0,
 *   resources/helm/dask-gateway/templates/_helpers.tpl); the longest prefix is
 *   `traefik-dashboard-` (18), so the name is at most 45 characters and no cut can make two alike.
 */
import { fitName } from "../cluster/naming";

export const HELM_RELEASE_NAME_MAX = 53;
/** The longest prefix dask-gateway puts before its fullname before cutting at 63. */
const DASK_LONGEST_PREFIX = "traefik-dashboard-";
export const DASK_FULLNAME_MAX = 63 - DASK_LONGEST_PREFIX.length;

/** The release names of the hub in `namespace`. */
export function hubReleaseNames(namespace: string): { jupyterhub: string; daskGateway: string } {
  return {
    jupyterhub: fitName(`jupyterhub-${namespace}`, HELM_RELEASE_NAME_MAX, [namespace, "jupyterhub"]),
    daskGateway: fitName(`dask-gateway-${namespace}`, DASK_FULLNAME_MAX, [namespace, "dask-gateway"]),
  };
}

/** What dask-gateway names after its release in the hub namespace `namespace` (its _helpers.tpl). */
export function daskGatewayNames(namespace: string) {
  const release = hubReleaseNames(namespace).daskGateway;
  // The release contains "dask-gateway": the chart's fullname is the release name itself.
  const fullname = release;
  return {
    release,
    fullname,
    /** The `gateway.dask.org/instance` label of every pod of the release (the traefik and controller selectors). */
    instanceLabel: fullname,
    /** The traefik Service (port 80 to the pods' 8000). */
    traefikService: `traefik-${fullname}`,
    /** The gateway API Service (8000). */
    apiService: `api-${fullname}`,
    controller: `controller-${fullname}`,
  };
}

/** The `release` label z2jh puts on the pods of the hub in `namespace` (hub, proxy, user servers, ...). */
export function jupyterhubReleaseLabel(namespace: string): string {
  return hubReleaseNames(namespace).jupyterhub;
}
