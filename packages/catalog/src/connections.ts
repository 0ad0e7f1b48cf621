/**
 * What connects communities to each other and to upstream: the upstream projects each community's
 * hubs run (with versions and links), and, for the network page, which communities share an image,
 * a feature or an upstream project, so communities can find peers. Plain data; html.ts renders it.
 */
import { type CommunityCard, FEATURES, type Feature } from "./model";

/** An upstream project a community's hubs run. */
export interface UpstreamProject {
  /** A stable key, the same for every community that runs it ("jupyterhub", "image:quay.io/jupyter/scipy-notebook"). */
  key: string;
  name: string;
  /** The version the community runs (a chart version, an image tag). */
  version: string;
  /** What it is to the community, in a few words ("the hub, from the Zero to JupyterHub chart"). */
  what: string;
  repository?: string;
  issues?: string;
}

/** Extra facts the catalog shows beside the community files (computed by the caller). */
export interface CatalogExtras {
  /** Per community name, the upstream projects its hubs run. */
  projects?: Record<string, UpstreamProject[]>;
  /** A month of use, to show on the usage page. */
  usage?: UsageView;
}

export interface UsageView {
  month: string;
  communities: {
    community: string;
    activeUsers: number;
    serverHours: number;
    peakServers: number;
    gpuHours: number;
    daily: number[];
    estimatedUsd?: number;
    budgetUsd?: number;
    missing: string[];
  }[];
  network: {
    activeUsers: number;
    serverHours: number;
    peakServers: number;
    gpuHours: number;
    daily: number[];
    estimatedUsd?: number;
  };
  assumptions: string[];
}

export interface SharedGroup {
  /** What is shared: an image, a feature, a project. */
  kind: "image" | "feature" | "project";
  label: string;
  /** A link to it, where it has one. */
  url?: string;
  /** The communities sharing it, by name, with their display names. */
  communities: { name: string; displayName: string }[];
}

/** What two or more communities share, most shared first. */
export function sharedGroups(
  cards: readonly CommunityCard[],
  projects: Record<string, UpstreamProject[]> = {},
): SharedGroup[] {
  const groups = new Map<string, SharedGroup>();
  const add = (key: string, g: Omit<SharedGroup, "communities">, c: CommunityCard) => {
    const group = groups.get(key) ?? { ...g, communities: [] };
    if (!group.communities.some((x) => x.name === c.name))
      group.communities.push({ name: c.name, displayName: c.displayName });
    groups.set(key, group);
  };
  for (const c of cards) {
    for (const f of c.features) add(`feature:${f}`, { kind: "feature", label: FEATURES[f as Feature] }, c);
    for (const p of projects[c.name] ?? []) {
      if (p.key.startsWith("image:"))
        add(p.key, { kind: "image", label: p.key.slice("image:".length), url: p.repository }, c);
      else add(`project:${p.key}`, { kind: "project", label: p.name, url: p.repository }, c);
    }
  }
  const order = { project: 0, image: 1, feature: 2 } as const;
  return [...groups.values()]
    .filter((g) => g.communities.length >= 2)
    .map((g) => ({
      ...g,
      communities: [...g.communities].sort((a, b) => a.displayName.localeCompare(b.displayName)),
    }))
    .sort(
      (a, b) =>
        order[a.kind] - order[b.kind] ||
        b.communities.length - a.communities.length ||
        a.label.localeCompare(b.label),
    );
}
