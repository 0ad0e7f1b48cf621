/**
 * The release facts table (`releases.json` beside this file): for each pinned chart, its known
 * releases with their dates and the end of life of its release series; for each image family,
 * where its repository is and how its tags carry dates. `hubnet upstream` reads it and
 * `hubnet upstream --refresh` rewrites it: the one reader and the one writer of that format.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";

/** The table of this checkout. */
export const RELEASES_FILE = path.join(__dirname, "releases.json");

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "must be a date such as 2026-12-08" });

export const Release = z.strictObject({
  version: z.string().min(1).max(64),
  /** Release date, where a source gives it. */
  date: day.optional(),
  /** The version of the application the chart release installs (its Chart.yaml `appVersion`). */
  appVersion: z.string().min(1).max(64).optional(),
});
export type Release = z.infer<typeof Release>;

export const ChartFacts = z.strictObject({
  project: z.string().min(1),
  repository: z.url(),
  issues: z.url(),
  /** The Helm repository's index file, which `--refresh` reads (absent: an OCI chart, refreshed by hand). */
  index: z.url().optional(),
  /** Known releases; the newest (by version order) is "newest known". */
  releases: z.array(Release).min(1),
  /** When each release series (a `vX.Y` or `X.Y` prefix) stops being maintained upstream. */
  endOfLife: z.array(z.strictObject({ series: z.string().min(1), date: day })),
  source: z.string().min(1),
  unconfirmed: z.string().optional(),
});
export type ChartFacts = z.infer<typeof ChartFacts>;

export const ImageFacts = z.strictObject({
  project: z.string().min(1),
  repository: z.url(),
  issues: z.url(),
  /** How the family's tags carry their build date: YYYY-MM-DD or YYYY.MM.DD somewhere in the tag. */
  tagDates: z.enum(["YYYY-MM-DD", "YYYY.MM.DD"]).optional(),
  /**
   * The registry's OCI distribution API (`<registry>/v2/<repository>/tags/list`), which `--refresh`
   * reads for the newest tag of every image of the family the network runs.
   */
  registry: z.url().optional(),
  /** Per image name, per tag prefix (`cuda12-`, or "" for none): the newest dated tag the registry had. */
  newest: z
    .record(z.string(), z.record(z.string(), z.strictObject({ tag: z.string().min(1).max(128), date: day })))
    .optional(),
  source: z.string().min(1),
});
export type ImageFacts = z.infer<typeof ImageFacts>;

export const ReleaseTable = z.strictObject({
  $comment: z.string().optional(),
  /** When the table was last refreshed (or edited) from its sources. */
  refreshed: day,
  /** By the name of the pin in `CHARTS` (packages/components/src/versions.ts). */
  charts: z.record(z.string(), ChartFacts),
  /** By image name prefix (`quay.io/jupyter/`): the longest matching prefix applies. */
  images: z.record(z.string(), ImageFacts),
});
export type ReleaseTable = z.infer<typeof ReleaseTable>;

/** Reads and checks a table; a broken one is an error naming the file and the field. */
export function readReleaseTable(file: string = RELEASES_FILE): ReleaseTable {
  const text = fs.readFileSync(file, "utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TableError(`${file}: not JSON: ${(e as Error).message}`);
  }
  const parsed = ReleaseTable.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TableError(`${file}: ${issue?.path.join(".") || "(top)"}: ${issue?.message}`);
  }
  return parsed.data;
}

/** Writes a table the way `readReleaseTable` reads it (2-space JSON, a final newline), atomically. */
export function writeReleaseTable(table: ReleaseTable, file: string = RELEASES_FILE): void {
  const checked = ReleaseTable.parse(table);
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TableError";
  }
}

/** Numeric parts of a version (`v1.21.1` → [1, 21, 1]); a pre-release (`-rc.1`) sorts before its release. */
export function versionKey(v: string): { parts: number[]; pre: boolean } {
  const m = /^v?(\d+(?:\.\d+)*)(-.+)?$/.exec(v.trim());
  if (!m) return { parts: [], pre: true };
  return { parts: (m[1] ?? "").split(".").map(Number), pre: Boolean(m[2]) };
}

/** Compares two versions: negative when `a` is older. */
export function compareVersions(a: string, b: string): number {
  const ka = versionKey(a);
  const kb = versionKey(b);
  for (let i = 0; i < Math.max(ka.parts.length, kb.parts.length); i++) {
    const d = (ka.parts[i] ?? 0) - (kb.parts[i] ?? 0);
    if (d !== 0) return d;
  }
  return Number(kb.pre) - Number(ka.pre);
}

/** Is `version` a stable release (no pre-release suffix)? */
export function isStable(version: string): boolean {
  const k = versionKey(version);
  return k.parts.length > 0 && !k.pre;
}

/** The newest stable release of a chart's facts. */
export function newestRelease(facts: ChartFacts): Release | undefined {
  return [...facts.releases]
    .filter((r) => isStable(r.version))
    .sort((a, b) => compareVersions(b.version, a.version))[0];
}

/** The end of life of the series `version` belongs to (the longest matching series prefix). */
export function endOfLifeOf(facts: ChartFacts, version: string): string | undefined {
  const norm = (s: string) => s.replace(/^v/, "");
  const v = norm(version);
  return [...facts.endOfLife]
    .filter((e) => v === norm(e.series) || v.startsWith(`${norm(e.series)}.`))
    .sort((a, b) => b.series.length - a.series.length)[0]?.date;
}

/** The facts of the image family `image` (a name without its tag) belongs to. */
export function imageFamily(
  table: ReleaseTable,
  image: string,
): { prefix: string; facts: ImageFacts } | undefined {
  const prefix = Object.keys(table.images)
    .filter((p) => image.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? undefined : { prefix, facts: table.images[prefix] as ImageFacts };
}

/** The build date a tag carries in its family's format (`cuda12-2025-11-03` → 2025-11-03). */
export function tagDate(tag: string, format: ImageFacts["tagDates"]): string | undefined {
  if (!format) return undefined;
  const re =
    format === "YYYY-MM-DD" ? /(?:^|[^\d])(\d{4})-(\d{2})-(\d{2})$/ : /(?:^|[^\d])(\d{4})\.(\d{2})\.(\d{2})$/;
  const m = re.exec(tag);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(Date.parse(`${iso}T00:00:00Z`)) ? undefined : iso;
}

/** A dated tag's prefix (`cuda12-` of `cuda12-2025-11-03`; "" for `2025-11-03`), or undefined for an undated tag. */
export function tagPrefix(tag: string, format: ImageFacts["tagDates"]): string | undefined {
  const date = tagDate(tag, format);
  if (!date) return undefined;
  return tag.slice(0, tag.length - date.length);
}
