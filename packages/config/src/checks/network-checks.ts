/**
 * Checks across files: the network of clusters and communities as a whole.
 * Each check is a small function that tests call directly.
 */
import type { Cluster } from "../clouds";
import { at, type CommunityRefs, type Loaded } from "../loaded";
import { didYouMean, type Problem } from "../problems";
import { reservedNamespace } from "../reserved-names";
import type { Community } from "../schema/community";
import { checkCommunityOnItsCluster } from "./community-on-cluster";
import { checkProfilesOnCluster, userNodeShapes } from "./profile-fit";

export { type NodeShape, poolForProfile, serverFits, serversPerNode, userNodeShapes } from "./profile-fit";

/** Where a cluster serves Grafana (the cluster baseline's Gateway): `grafana.<cluster domain>`, never a hub's. */
export function monitoringDomain(cluster: Cluster): string {
  return `grafana.${cluster.domain}`;
}

export function domainServedBy(cluster: Cluster, domain: string): boolean {
  return [cluster.domain, ...cluster.extraDomains].some((d) => domain === d || domain.endsWith(`.${d}`));
}

export function checkNetwork(
  clusters: Map<string, Loaded<Cluster>>,
  communities: Map<string, Loaded<Community>>,
  /** Community files with problems of their own: their cluster and domains are still checked. */
  partial: CommunityRefs[] = [],
): Problem[] {
  const problems: Problem[] = [];
  const domains = new Map<string, string>();
  const entries = [
    ...[...communities.values()].map((c) => ({
      refs: refsOf(c),
      loaded: c as Loaded<Community> | undefined,
    })),
    ...partial.map((refs) => ({ refs, loaded: undefined })),
  ].sort((a, b) => a.refs.file.localeCompare(b.refs.file));

  const names = new HubNames();
  for (const { refs, loaded } of entries) {
    problems.push(...names.check(refs));
    for (const hub of refs.hubs) {
      const prev = domains.get(hub.domain);
      if (prev) {
        problems.push({
          ...at(refs, ["hubs", hub.index, "domain"]),
          path: `hubs[${hub.index}].domain`,
          message: `domain ${hub.domain} is already used by ${prev}: every hub needs its own domain`,
        });
      } else {
        const first = at(refs, ["hubs", hub.index, "domain"]);
        domains.set(
          hub.domain,
          `hub "${hub.name}" of community "${refs.name}" (communities/${refs.name}/community.yaml:${first.line}:${first.col})`,
        );
      }
    }
    if (refs.cluster === undefined) continue;
    const cluster = clusters.get(refs.cluster);
    if (!cluster) {
      const s = didYouMean(refs.cluster, [...clusters.keys()]);
      problems.push({
        ...at(refs, ["cluster"]),
        path: "cluster",
        message: `no cluster named "${refs.cluster}"${s ? `; did you mean "${s}"?` : ""} (clusters: ${[...clusters.keys()].sort().join(", ") || "none"}; each is a stacks/cluster/Pulumi.<cluster>.yaml)`,
      });
      continue;
    }
    if (loaded) problems.push(...checkCommunityOnCluster(loaded, cluster.config));
  }
  return problems;
}

/**
 * A hub's names are built from its community's and its own (and its cluster's) joined by `-`: the
 * namespace `<community>-<hub>`, bucket and IAM role names `hubnet-<cluster>-<community>-<hub>-…`.
 * Names with dashes can join to the same text (`a-b` + `c`, `a` + `b-c`); two such hubs would share
 * a namespace or a bucket, so the second is refused. A namespace the platform or Kubernetes uses
 * (reserved-names.ts: `kube-system`, the baseline's, `default`) is refused to every hub.
 */
export class HubNames {
  private readonly namespaces = new Map<string, { community: string; hub: string }>();
  private readonly cloudNames = new Map<string, { community: string; hub: string }>();

  check(refs: CommunityRefs): Problem[] {
    const problems: Problem[] = [];
    for (const hub of refs.hubs) {
      const where = at(refs, ["hubs", hub.index, "name"]);
      const self = {
        community: refs.name,
        hub: `hub "${hub.name}" of community "${refs.name}" (communities/${refs.name}/community.yaml:${where.line}:${where.col})`,
      };
      /** Reports a clash of `key` (true), or takes it; two hubs of one name in one community are the file's own problem. */
      const clash = (seen: Map<string, typeof self>, key: string, what: string): boolean => {
        const prev = seen.get(key);
        if (prev === undefined) seen.set(key, self);
        if (prev === undefined || prev.community === refs.name) return false;
        problems.push({
          ...where,
          path: `hubs[${hub.index}].name`,
          message: `hub "${hub.name}" of community "${refs.name}" would share ${what} with ${prev.hub}: rename this hub`,
        });
        return true;
      };
      const namespace = `${refs.name}-${hub.name}`;
      const reserved = reservedNamespace(namespace);
      if (reserved) {
        problems.push({
          ...where,
          path: `hubs[${hub.index}].name`,
          message: `hub "${hub.name}" of community "${refs.name}" would get the namespace ${namespace}, and ${reserved}: rename this hub (or the community)`,
        });
        continue;
      }
      if (clash(this.namespaces, namespace, `the namespace ${namespace}`)) continue;
      if (refs.cluster !== undefined) {
        const key = `${refs.cluster}-${refs.name}-${hub.name}`;
        clash(this.cloudNames, key, `its bucket and IAM role names (hubnet-${key}-…)`);
      }
    }
    return problems;
  }
}

export function refsOf(c: Loaded<Community>): CommunityRefs {
  return {
    file: c.file,
    source: c.source,
    base: c.base,
    name: c.config.name,
    cluster: c.config.cluster,
    hubs: c.config.hubs.map((h, index) => ({ index, name: h.name, domain: h.domain })),
  };
}

/** What a community asks of the cluster it names, checked against what that cluster provides. */
export function checkCommunityOnCluster(c: Loaded<Community>, cluster: Cluster): Problem[] {
  const problems: Problem[] = [];
  const cfg = c.config;
  const clusterName = cfg.cluster;

  if (cfg.auth.provider === "dummy" && cluster.cloud !== "local") {
    problems.push({
      ...at(c, ["auth", "provider"]),
      path: "auth.provider",
      message: `dummy auth lets anyone in and is only allowed on local clusters; "${clusterName}" is ${cluster.cloud === "existing" ? "an existing production cluster" : `on ${cluster.cloud}`}: use github, cilogon, google or oidc`,
    });
  }

  cfg.hubs.forEach((hub, i) => {
    if (hub.domain === monitoringDomain(cluster)) {
      problems.push({
        ...at(c, ["hubs", i, "domain"]),
        path: `hubs[${i}].domain`,
        message: `${hub.domain} is where cluster "${clusterName}" serves its Grafana: choose another name for this hub`,
      });
    }
    if (!domainServedBy(cluster, hub.domain)) {
      problems.push({
        ...at(c, ["hubs", i, "domain"]),
        path: `hubs[${i}].domain`,
        message: `${hub.domain} is outside what cluster "${clusterName}" serves (${[cluster.domain, ...cluster.extraDomains].join(", ")}): use a name under ${cluster.domain}, or ask the platform team to add your domain to the cluster's extraDomains`,
      });
    }
  });

  const b = cfg.storage.buckets;
  if ((b.scratch || b.persistent) && !cluster.storage.buckets) {
    problems.push({
      ...at(c, ["storage", "buckets"]),
      path: "storage.buckets",
      message: `cluster "${clusterName}" (${cluster.cloud}) has no object storage: remove storage.buckets or move to a cluster with buckets`,
    });
  }

  const shapes = userNodeShapes(cluster);
  if (cfg.features.dask && shapes.filter((s) => s.kind !== "gpu").length === 0) {
    problems.push({
      ...at(c, ["features", "dask"]),
      path: "features.dask",
      message: `cluster "${clusterName}" has no user pool for dask workers: turn dask off or add a user pool`,
    });
  } else if (cfg.features.dask && !shapes.some((s) => s.kind !== "gpu" && !s.spot)) {
    // Schedulers never run on spot nodes (a reclaimed scheduler loses the whole dask cluster).
    problems.push({
      ...at(c, ["features", "dask"]),
      path: "features.dask",
      message: `cluster "${clusterName}" has only spot user pools, and dask schedulers need an on-demand one: turn dask off or ask the platform team for an on-demand user pool`,
    });
  }

  problems.push(...checkProfilesOnCluster(c, cluster), ...checkCommunityOnItsCluster(c, cluster));
  return problems;
}
