/**
 * The committed, dated price tables (`prices/<cloud>.json`): on-demand prices of every machine type
 * and service the platform plans, per cloud and region, each with its source. A price the tables do
 * not have is never guessed: a lookup says it is missing, estimates name it, and a test fails on a
 * missing price of the example network. docs/platform/costs.md says how to refresh the tables.
 */
import AWS from "./prices/aws.json";
import AZURE from "./prices/azure.json";
import GCP from "./prices/gcp.json";

/** Where a price comes from, and whether it was checked against a copy of the source when committed. */
export interface PriceSource {
  title: string;
  url: string;
  retrieved: string;
  verified: boolean;
  note?: string;
}

/** A service's price: per unit, or per disk by size tier ([largest GiB, USD a month] pairs, smallest first). */
export interface ServicePrice {
  usd?: number;
  per: "hour" | "month" | "GiB-month" | "disk-month";
  tiers?: [number, number][];
  source: string;
}

export interface RegionPrices {
  /** This region uses another region's prices: an assumption every estimate states. */
  sameAs?: string;
  /** The source (a key of `sources`) of `machines` and `spot`. */
  machinesSource?: string;
  /** USD per hour, on demand, by machine type. */
  machines?: Record<string, number>;
  /** USD per hour at spot prices of the table's date, by machine type. */
  spot?: Record<string, number>;
  /** GPUs attached to a machine (GCP N1), USD per GPU-hour. */
  gpus?: Record<string, ServicePrice>;
  /** Region prices of services, over the table's `services`. */
  services?: Record<string, ServicePrice>;
}

export interface PriceTable {
  cloud: string;
  currency: "USD";
  /** The day the prices were read. */
  date: string;
  sources: Record<string, PriceSource>;
  notes: string[];
  /** Prices that are the same in every region of the table. */
  services: Record<string, ServicePrice>;
  /** Costs that depend on use (storage used, traffic), not on what a plan creates: named, never summed. */
  usage: Record<string, string>;
  regions: Record<string, RegionPrices>;
  /** Machine types of the tables known to have no price here, by glob (`*` for digits), with the reason. */
  unpriced: Record<string, string>;
}

export const PRICE_TABLES: Record<string, PriceTable> = {
  gcp: GCP as unknown as PriceTable,
  aws: AWS as unknown as PriceTable,
  azure: AZURE as unknown as PriceTable,
};

/** Hours in the average month, as every cloud's monthly prices count them. */
export const HOURS_PER_MONTH = 730;

/** The price-table file of a cloud, for messages that send the reader there. */
export function priceTableFile(cloud: string): string {
  return `packages/plan/src/costs/prices/${cloud}.json`;
}

export interface RegionLookup {
  table: PriceTable;
  region: string;
  prices: RegionPrices;
  /** Set when the region's prices are another region's. */
  assumedFrom?: string;
}

/** The prices of `region` on `cloud` (following one `sameAs`), or undefined when the table has none. */
export function regionPrices(cloud: string, region: string): RegionLookup | undefined {
  const table = PRICE_TABLES[cloud];
  if (!table || !Object.hasOwn(table.regions, region)) return undefined;
  const own = table.regions[region];
  if (own.sameAs) {
    const base = Object.hasOwn(table.regions, own.sameAs) ? table.regions[own.sameAs] : undefined;
    return base ? { table, region, prices: base, assumedFrom: own.sameAs } : undefined;
  }
  return { table, region, prices: own };
}

/** On-demand (or, when listed, spot) USD per hour of a machine type; undefined when not in the table. */
export function machineHourly(
  lookup: RegionLookup,
  machineType: string,
  spot = false,
): { usd: number; spot: boolean; unverified: boolean } | undefined {
  const p = lookup.prices;
  const unverified = isUnverified(lookup.table, p.machinesSource ?? "");
  if (spot && p.spot && Object.hasOwn(p.spot, machineType))
    return { usd: p.spot[machineType], spot: true, unverified };
  if (p.machines && Object.hasOwn(p.machines, machineType))
    return { usd: p.machines[machineType], spot: false, unverified };
  return undefined;
}

/** A service's price in a region (the region's own, else the table's); undefined when not in the table. */
export function servicePrice(lookup: RegionLookup, key: string): ServicePrice | undefined {
  const own = lookup.prices.services;
  if (own && Object.hasOwn(own, key)) return own[key];
  return Object.hasOwn(lookup.table.services, key) ? lookup.table.services[key] : undefined;
}

/** USD per hour of one attached GPU; undefined when not in the table. */
export function gpuHourly(lookup: RegionLookup, gpu: string): number | undefined {
  const g = lookup.prices.gpus;
  return g && Object.hasOwn(g, gpu) ? g[gpu].usd : undefined;
}

/** USD a month of `quantity` units of a service (hours are a month's; GiB for per-GiB and per-disk prices). */
export function monthlyOf(price: ServicePrice, quantity = 1): number | undefined {
  switch (price.per) {
    case "hour":
      return (price.usd ?? 0) * HOURS_PER_MONTH * quantity;
    case "month":
      return (price.usd ?? 0) * quantity;
    case "GiB-month":
      return (price.usd ?? 0) * quantity;
    case "disk-month":
      return price.tiers?.find(([gib]) => quantity <= gib)?.[1];
  }
}

/** Is `machineType` declared unpriced in its cloud's table (and why)? */
export function unpricedReason(cloud: string, machineType: string): string | undefined {
  const table = PRICE_TABLES[cloud];
  if (!table) return undefined;
  for (const [glob, reason] of Object.entries(table.unpriced)) {
    const re = new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[0-9]+")}$`);
    if (re.test(machineType)) return reason;
  }
  return undefined;
}

/** Is a source of the price unverified? Estimates say so next to the number. */
export function isUnverified(table: PriceTable, sourceKey: string): boolean {
  return table.sources[sourceKey]?.verified === false;
}
