/**
 * `hubnet upstream --refresh`: reads each pinned chart's Helm repository index (`index.yaml`, the
 * file `helm repo index` writes and `helm repo update` reads: `entries.<chart>[]` with `version`
 * and `created`) and records its newest stable releases in the release facts table. Only here does
 * hubnet reach upstream for release facts; `plan`, `validate` and `upstream` without `--refresh`
 * read the table alone.
 */
import { parse } from "yaml";
import { compareVersions, isStable, type Release, type ReleaseTable, tagDate, tagPrefix } from "./table";

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

/** Pages of a registry's tag list read at the most (1,000 tags a page). */
export const MAX_TAG_PAGES = 50;

export interface ImageRefresh {
  table: ReleaseTable;
  refreshed: { image: string; prefix: string; newest: string; date: string }[];
  failed: { image: string; reason: string }[];
  /** Images whose family has no registry or no dated tags: nothing to read. */
  byHand: string[];
}

/** The repository path of `name` in its registry: the name without its host (`quay.io/jupyter/x` → `jupyter/x`). */
export function repositoryPath(name: string): string {
  const parts = name.split("/");
  const hasHost = parts.length > 1 && /[.:]/.test(parts[0] ?? "");
  const path = hasHost ? parts.slice(1) : parts;
  return path.length === 1 ? `library/${path[0]}` : path.join("/");
}

/** `Bearer realm="…",service="…",scope="…"` → the token URL (the distribution spec's token auth). */
export function tokenUrl(challenge: string): string | undefined {
  const m = /^Bearer\s+(.*)$/i.exec(challenge.trim());
  if (!m) return undefined;
  const params = new Map<string, string>();
  for (const p of (m[1] ?? "").matchAll(/(\w+)="([^"]*)"/g)) params.set(p[1] as string, p[2] as string);
  const realm = params.get("realm");
  if (!realm || !/^https?:\/\//.test(realm)) return undefined;
  const u = new URL(realm);
  for (const k of ["service", "scope"]) if (params.has(k)) u.searchParams.set(k, params.get(k) as string);
  return u.href;
}

/** Every tag of `repo` at `registry` (OCI distribution API `GET /v2/<repo>/tags/list`, paged by `Link`). */
export async function listTags(
  registry: string,
  repo: string,
  doFetch: typeof fetch = fetch,
): Promise<string[]> {
  let url = `${registry.replace(/\/+$/, "")}/v2/${repo}/tags/list?n=1000`;
  let token: string | undefined;
  const tags: string[] = [];
  for (let page = 0; page < MAX_TAG_PAGES && url; page++) {
    const get = () =>
      doFetch(url, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
        signal: AbortSignal.timeout(INDEX_TIMEOUT_MS),
      });
    let res = await get();
    if (res.status === 401 && !token) {
      const where = tokenUrl(res.headers.get("www-authenticate") ?? "");
      if (!where) throw new Error(`HTTP 401 from ${url} without a token challenge`);
      const t = await doFetch(where, { signal: AbortSignal.timeout(INDEX_TIMEOUT_MS) });
      if (!t.ok) throw new Error(`HTTP ${t.status} from the registry's token service`);
      const body = JSON.parse(await boundedText(t, 1024 * 1024)) as { token?: string; access_token?: string };
      token = body.token ?? body.access_token;
      if (!token) throw new Error("the registry's token service gave no token");
      res = await get();
    }
    if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
    const body = JSON.parse(await boundedText(res, 16 * 1024 * 1024)) as { tags?: unknown };
    if (Array.isArray(body.tags)) for (const t of body.tags) if (typeof t === "string") tags.push(t);
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get("link") ?? "")?.[1];
    url = next ? new URL(next, url).href : "";
  }
  return tags;
}

/**
 * The newest dated tag of every image the network runs, per tag prefix (a community on
 * `cuda12-2025-11-03` is compared with the newest `cuda12-…`), from each family's registry.
 */
export async function refreshImages(args: {
  table: ReleaseTable;
  /** `name:tag` of every image the network runs. */
  images: string[];
  fetchImpl?: typeof fetch;
}): Promise<ImageRefresh> {
  const images = structuredClone(args.table.images);
  const result: ImageRefresh = { table: args.table, refreshed: [], failed: [], byHand: [] };
  const wanted = new Map<string, Set<string>>();
  for (const image of args.images) {
    const colon = image.lastIndexOf(":");
    const name = colon > 0 ? image.slice(0, colon) : image;
    const tag = colon > 0 ? image.slice(colon + 1) : "latest";
    const prefix = Object.keys(images)
      .filter((p) => name.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const facts = prefix === undefined ? undefined : images[prefix];
    const tagPre = facts ? tagPrefix(tag, facts.tagDates) : undefined;
    if (!facts?.registry || !facts.tagDates || tagPre === undefined) {
      result.byHand.push(image);
      continue;
    }
    const set = wanted.get(name) ?? new Set<string>();
    set.add(tagPre);
    wanted.set(name, set);
  }
  await Promise.all(
    [...wanted.entries()].map(async ([name, prefixes]) => {
      const familyKey = Object.keys(images)
        .filter((p) => name.startsWith(p))
        .sort((a, b) => b.length - a.length)[0] as string;
      const facts = images[familyKey] as NonNullable<(typeof images)[string]>;
      try {
        const tags = await listTags(facts.registry as string, repositoryPath(name), args.fetchImpl);
        for (const prefix of prefixes) {
          const dated = tags
            .filter((t) => tagPrefix(t, facts.tagDates) === prefix)
            .map((t) => ({ tag: t, date: tagDate(t, facts.tagDates) as string }))
            .sort((a, b) => b.date.localeCompare(a.date));
          const newest = dated[0];
          if (!newest) {
            result.failed.push({
              image: `${name}:${prefix}…`,
              reason: `no tag ${prefix}<date> in the registry`,
            });
            continue;
          }
          facts.newest = {
            ...(facts.newest ?? {}),
            [name]: { ...(facts.newest?.[name] ?? {}), [prefix]: newest },
          };
          result.refreshed.push({ image: name, prefix, newest: newest.tag, date: newest.date });
        }
      } catch (e) {
        const err = e as Error;
        result.failed.push({ image: name, reason: err.name === "TimeoutError" ? "timed out" : err.message });
      }
    }),
  );
  result.refreshed.sort((a, b) => a.image.localeCompare(b.image) || a.prefix.localeCompare(b.prefix));
  result.failed.sort((a, b) => a.image.localeCompare(b.image));
  result.table = { ...args.table, images };
  return result;
}
