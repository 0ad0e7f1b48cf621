/**
 * `hubnet upstream --refresh`: reads each pinned chart's Helm repository index (`index.yaml`, the
 * file `helm repo index` writes and `helm repo update` reads: `entries.<chart>[]` with `version`
 * and `created`) and records its newest stable releases in the release facts table. Only here does
 * hubnet reach upstream for release facts; `plan`, `validate` and `upstream` without `--refresh`
 * read the table alone.
 */
import { parse } from "yaml";
import { compareVersions, isStable, type Release, type ReleaseTable } from "./table";

/** The largest index read: z2jh's own, with every development build since 2016, is a few MiB. */
export const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** How long one index may take. */
export const INDEX_TIMEOUT_MS = 60_000;
/** Releases kept per chart besides the pinned one: the newest stable ones. */
export const KEEP_RELEASES = 8;

export interface RefreshResult {
  table: ReleaseTable;
  /** Per pin, what changed (`4.4.0 → 4.5.0`) or "up to date". */
  refreshed: { pin: string; newest: string; added: string[] }[];
  /** Per pin that could not be refreshed, why. */
  failed: { pin: string; reason: string }[];
  /** Pins with no index to read (OCI charts), refreshed by hand. */
  byHand: string[];
}

/** The address an index is fetched from: itself, or its path under a mirror (`<mirror>/<host>/<path>`). */
export function indexAddress(index: string, mirror?: string): string {
  if (!mirror) return index;
  const u = new URL(index);
  return `${mirror.replace(/\/+$/, "")}/${u.host}${u.pathname}`;
}

/** Reads a response body up to `limit` bytes; a longer one is an error, not a truncation. */
async function boundedText(res: Response, limit: number): Promise<string> {
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new Error(`the index is larger than ${limit} bytes`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The stable releases of `chart` in an index text, newest first. */
export function releasesInIndex(text: string, chart: string): Release[] {
  const doc = parse(text, { maxAliasCount: 100 }) as { entries?: Record<string, unknown> } | null;
  const entries = doc?.entries?.[chart];
  if (!Array.isArray(entries)) throw new Error(`the index has no entries for chart "${chart}"`);
  const out = new Map<string, Release>();
  for (const e of entries as { version?: unknown; created?: unknown; appVersion?: unknown }[]) {
    if (typeof e?.version !== "string" || !isStable(e.version)) continue;
    const created = typeof e.created === "string" ? e.created.slice(0, 10) : undefined;
    const date = created && /^\d{4}-\d{2}-\d{2}$/.test(created) ? created : undefined;
    const app = typeof e.appVersion === "string" && e.appVersion.length <= 64 ? e.appVersion : undefined;
    out.set(e.version, {
      version: e.version,
      ...(date ? { date } : {}),
      ...(app ? { appVersion: app } : {}),
    });
  }
  return [...out.values()].sort((a, b) => compareVersions(b.version, a.version));
}

/** A chart's name in its repository: the pin's `chart` (an OCI reference's last segment). */
function chartName(chart: string): string {
  return chart.split("/").at(-1) ?? chart;
}

export async function refreshTable(args: {
  table: ReleaseTable;
  /** The pins' chart names and versions (versions.ts), so the pinned release is always kept. */
  pins: Record<string, { chart: string; version: string }>;
  today: Date;
  mirror?: string;
  fetchImpl?: typeof fetch;
}): Promise<RefreshResult> {
  const doFetch = args.fetchImpl ?? fetch;
  const charts = structuredClone(args.table.charts);
  const result: RefreshResult = { table: args.table, refreshed: [], failed: [], byHand: [] };
  await Promise.all(
    Object.entries(charts).map(async ([pin, facts]) => {
      if (!facts.index) {
        result.byHand.push(pin);
        return;
      }
      const spec = args.pins[pin];
      try {
        const res = await doFetch(indexAddress(facts.index, args.mirror), {
          signal: AbortSignal.timeout(INDEX_TIMEOUT_MS),
          redirect: "follow",
        });
        if (!res.ok) throw new Error(`HTTP ${res.status} from ${indexAddress(facts.index, args.mirror)}`);
        const found = releasesInIndex(await boundedText(res, MAX_INDEX_BYTES), chartName(spec?.chart ?? pin));
        const before = new Set(facts.releases.map((r) => r.version));
        const keep = new Map<string, Release>();
        for (const r of found.slice(0, KEEP_RELEASES)) keep.set(r.version, r);
        // The pinned release stays, with the date the index gives it where the table had none.
        if (spec) {
          const pinned = facts.releases.find((r) => r.version === spec.version);
          const indexed = found.find((f) => f.version === spec.version);
          const date = pinned?.date ?? indexed?.date;
          const app = pinned?.appVersion ?? indexed?.appVersion;
          keep.set(spec.version, {
            version: spec.version,
            ...(date ? { date } : {}),
            ...(app ? { appVersion: app } : {}),
          });
        }
        facts.releases = [...keep.values()].sort((a, b) => compareVersions(b.version, a.version));
        result.refreshed.push({
          pin,
          newest: facts.releases.find((r) => isStable(r.version))?.version ?? spec?.version ?? "?",
          added: facts.releases.map((r) => r.version).filter((v) => !before.has(v)),
        });
      } catch (e) {
        const err = e as Error;
        result.failed.push({ pin, reason: err.name === "TimeoutError" ? "timed out" : err.message });
      }
    }),
  );
  const order = (a: { pin: string }, b: { pin: string }) => a.pin.localeCompare(b.pin);
  result.refreshed.sort(order);
  result.failed.sort(order);
  result.byHand.sort();
  result.table = {
    ...args.table,
    refreshed: result.refreshed.length > 0 ? args.today.toISOString().slice(0, 10) : args.table.refreshed,
    charts,
  };
  return result;
}
