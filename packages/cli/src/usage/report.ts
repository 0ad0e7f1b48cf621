/**
 * `hubnet usage`'s report as pure functions: per hub namespace, what Prometheus answered; per
 * community, the sum over its hubs and the estimated cost against its budget; for the network, the
 * sum over communities.
 */

export interface Month {
  /** `YYYY-MM`. */
  name: string;
  /** Unix seconds of its first instant and of the next month's. */
  start: number;
  end: number;
  hours: number;
  days: number;
}

/** A month by name; the month before `today`'s when absent. Undefined for a malformed name. */
export function monthOf(name: string | undefined, today: Date): Month | undefined {
  let y: number;
  let m: number;
  if (name === undefined) {
    y = today.getUTCFullYear();
    m = today.getUTCMonth() - 1;
    if (m < 0) {
      m = 11;
      y--;
    }
  } else {
    const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(name);
    if (!match) return undefined;
    y = Number(match[1]);
    m = Number(match[2]) - 1;
  }
  const start = Date.UTC(y, m, 1) / 1000;
  const end = Date.UTC(y, m + 1, 1) / 1000;
  return {
    name: `${y}-${String(m + 1).padStart(2, "0")}`,
    start,
    end,
    hours: (end - start) / 3600,
    days: (end - start) / 86400,
  };
}

/** What Prometheus said of one hub namespace. */
export interface HubUsage {
  community: string;
  hub: string;
  namespace: string;
  cluster: string;
  activeUsers: number;
  serverHours: number;
  peakServers: number;
  gpuHours: number;
  /** Server hours per day of the month (for the plot). */
  daily: number[];
}

/** What the plan prices: the hub's default profile and its GPU profile, USD per server hour. */
export interface HubPrices {
  defaultHourlyUsd?: number;
  gpuHourlyUsd?: number;
}

export interface CommunityUsage {
  community: string;
  cluster: string;
  hubs: (HubUsage & { estimatedUsd?: number })[];
  activeUsers: number;
  serverHours: number;
  peakServers: number;
  gpuHours: number;
  daily: number[];
  /** What the community's stack costs whatever its use (its buckets, storage, ...), for the month. */
  alwaysOnUsd?: number;
  estimatedUsd?: number;
  budgetUsd?: number;
  /** Estimated cost as a share of the budget (1 = all of it). */
  budgetShare?: number;
  /** Hubs whose metrics Prometheus did not have (not scraped, or no data in the month). */
  missing: string[];
}

export interface UsageReport {
  month: Month;
  communities: CommunityUsage[];
  network: Omit<
    CommunityUsage,
    "community" | "cluster" | "hubs" | "budgetShare" | "alwaysOnUsd" | "missing"
  > & {
    communities: number;
  };
  /** How the cost is estimated, for every reader. */
  assumptions: string[];
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const addDaily = (a: number[], b: number[]) => a.map((v, i) => v + (b[i] ?? 0));

/**
 * A hub's estimated cost: its server hours at its default profile's price, and its GPU hours at the
 * GPU profile's price instead (one GPU a server assumed).
 */
export function hubCost(u: HubUsage, p: HubPrices): number | undefined {
  if (p.defaultHourlyUsd === undefined) return undefined;
  const gpuServerHours = Math.min(u.gpuHours, u.serverHours);
  const gpuExtra = p.gpuHourlyUsd === undefined ? 0 : gpuServerHours * (p.gpuHourlyUsd - p.defaultHourlyUsd);
  return u.serverHours * p.defaultHourlyUsd + Math.max(0, gpuExtra);
}

export function usageReport(args: {
  month: Month;
  /** Every hub of the network, with its community's cluster. */
  hubs: { community: string; hub: string; namespace: string; cluster: string }[];
  /** What Prometheus said, by namespace; a hub absent here is `missing`. */
  measured: Map<string, Omit<HubUsage, "community" | "hub" | "namespace" | "cluster">>;
  prices: Map<string, HubPrices>;
  communities: Map<string, { budgetUsd?: number; alwaysOnMonthlyUsd?: number }>;
}): UsageReport {
  const days = Math.round(args.month.days);
  const zero = () => new Array<number>(days).fill(0);
  const byCommunity = new Map<string, CommunityUsage>();
  for (const h of args.hubs) {
    const c =
      byCommunity.get(h.community) ??
      ({
        community: h.community,
        cluster: h.cluster,
        hubs: [],
        activeUsers: 0,
        serverHours: 0,
        peakServers: 0,
        gpuHours: 0,
        daily: zero(),
        missing: [],
      } satisfies CommunityUsage);
    byCommunity.set(h.community, c);
    const m = args.measured.get(h.namespace);
    if (!m) {
      c.missing.push(h.hub);
      continue;
    }
    const u: HubUsage = { ...h, ...m };
    const estimatedUsd = hubCost(u, args.prices.get(h.namespace) ?? {});
    c.hubs.push({
      ...u,
      serverHours: round(u.serverHours),
      gpuHours: round(u.gpuHours),
      estimatedUsd: estimatedUsd === undefined ? undefined : round(estimatedUsd),
    });
    c.activeUsers += u.activeUsers;
    c.serverHours += u.serverHours;
    c.gpuHours += u.gpuHours;
    // Hubs peak at different times: the community's peak is at most the sum of its hubs' peaks.
    c.peakServers += u.peakServers;
    c.daily = addDaily(c.daily, u.daily);
  }
  const communities = [...byCommunity.values()].sort((a, b) => a.community.localeCompare(b.community));
  for (const c of communities) {
    const facts = args.communities.get(c.community) ?? {};
    const hubCosts = c.hubs.map((h) => h.estimatedUsd);
    const priced = hubCosts.every((x) => x !== undefined);
    c.alwaysOnUsd = facts.alwaysOnMonthlyUsd === undefined ? undefined : round(facts.alwaysOnMonthlyUsd);
    c.estimatedUsd = priced
      ? round(hubCosts.reduce((s: number, x) => s + (x ?? 0), 0) + (facts.alwaysOnMonthlyUsd ?? 0))
      : undefined;
    c.budgetUsd = facts.budgetUsd;
    c.budgetShare =
      c.estimatedUsd !== undefined && c.budgetUsd ? round(c.estimatedUsd / c.budgetUsd, 4) : undefined;
    c.serverHours = round(c.serverHours);
    c.gpuHours = round(c.gpuHours);
    c.daily = c.daily.map((d) => round(d));
  }
  const network = {
    communities: communities.length,
    activeUsers: communities.reduce((s, c) => s + c.activeUsers, 0),
    serverHours: round(communities.reduce((s, c) => s + c.serverHours, 0)),
    peakServers: communities.reduce((s, c) => s + c.peakServers, 0),
    gpuHours: round(communities.reduce((s, c) => s + c.gpuHours, 0)),
    daily: communities.reduce((d, c) => addDaily(d, c.daily), zero()).map((d) => round(d)),
    estimatedUsd: communities.every((c) => c.estimatedUsd !== undefined)
      ? round(communities.reduce((s, c) => s + (c.estimatedUsd ?? 0), 0))
      : undefined,
    budgetUsd: communities.some((c) => c.budgetUsd)
      ? round(communities.reduce((s, c) => s + (c.budgetUsd ?? 0), 0))
      : undefined,
  };
  return {
    month: args.month,
    communities,
    network,
    assumptions: [
      "server hours and peaks from each hub's own jupyterhub_running_servers; active users are the hub's 30-day count at the month's end",
      "GPU hours from kube-state-metrics: GPUs requested by running pods of the hub's namespace",
      "estimated cost: server hours at the hub's default profile price, GPU server hours (one GPU a server) at its GPU profile's, plus what the community's stack costs whatever its use; prices from hubnet's price tables (docs/platform/costs.md), not the cloud's bill",
      "a community's peak is the sum of its hubs' peaks (they may not peak at once)",
    ],
  };
}
