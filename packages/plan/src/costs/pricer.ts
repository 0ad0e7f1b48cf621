/**
 * Prices one stack's resources in one cloud region from the price tables: what each costs, and
 * what the tables lack (named, never guessed), the caveats a reader must see, and use-priced costs.
 */
import {
  gpuHourly,
  HOURS_PER_MONTH,
  isUnverified,
  machineHourly,
  monthlyOf,
  priceTableFile,
  type RegionLookup,
  servicePrice,
} from "./price-table";

export const round2 = (n: number) => Math.round(n * 100) / 100;
export const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** Readers of recorded inputs (free-form JSON): a value of the expected kind, or an empty one. */
export const num = (v: unknown, dflt = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : dflt);
export const str = (v: unknown): string => (typeof v === "string" ? v : "");
export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A price a month and whether a source of it is unverified. */
export interface Priced {
  usd: number;
  unverified: boolean;
}

export class Pricer {
  readonly missing = new Set<string>();
  readonly caveats = new Set<string>();
  readonly usage = new Set<string>();
  constructor(
    readonly cloud: string,
    readonly region: string,
    readonly lookup: RegionLookup | undefined,
  ) {
    if (lookup?.assumedFrom)
      this.caveats.add(
        `${cloud} has no prices of its own for ${region} in the table: ${lookup.assumedFrom}'s are used (${priceTableFile(cloud)})`,
      );
    if (!lookup) this.missing.add(`${cloud} ${region} (no prices for this region)`);
  }

  /** USD a month of `quantity` of a service, or 0 with the service named as missing. */
  service(key: string, quantity = 1): { usd: number; unverified: boolean } {
    if (!this.lookup) return { usd: 0, unverified: false };
    const price = servicePrice(this.lookup, key);
    const usd = price ? monthlyOf(price, quantity) : undefined;
    if (!price || usd === undefined) {
      this.missing.add(
        `${this.cloud} ${this.region} ${key}${price ? ` (${quantity} GiB is beyond its tiers)` : ""}`,
      );
      return { usd: 0, unverified: false };
    }
    const unverified = isUnverified(this.lookup.table, price.source);
    return { usd, unverified };
  }

  machine(type: string, spot: boolean): { usd: number; unverified: boolean } {
    if (!this.lookup) return { usd: 0, unverified: false };
    const p = machineHourly(this.lookup, type, spot);
    if (!p) {
      this.missing.add(`${this.cloud} ${this.region} ${type}`);
      return { usd: 0, unverified: false };
    }
    if (spot && !p.spot)
      this.caveats.add("spot nodes are priced on demand (no spot price in the table): an upper bound");
    return { usd: p.usd, unverified: p.unverified };
  }

  gpu(type: string): number {
    if (!this.lookup) return 0;
    const usd = gpuHourly(this.lookup, type);
    if (usd === undefined) this.missing.add(`${this.cloud} ${this.region} ${type} (attached GPU)`);
    return usd ?? 0;
  }
}

/** A monthly price as the same price per hour. */
export const perHour = (p: Priced): Priced => ({ usd: p.usd / HOURS_PER_MONTH, unverified: p.unverified });
