/**
 * What `hubnet upstream` reports, as pure functions of the chart pins, the release facts table,
 * what the planned stacks install and the network's clusters and images: each pin's version
 * against the newest known release, its end of life, the Kubernetes minors it supports against
 * each cluster's, and who uses it; each image with its build date and who runs it.
 */
import { type Cloud, clusterMinors } from "@hubnet/config";
import {
  type ChartFacts,
  compareVersions,
  endOfLifeOf,
  imageFamily,
  newestRelease,
  type ReleaseTable,
  tagDate,
  tagPrefix,
} from "./table";

/** A chart pin as packages/components/src/versions.ts declares it (the fields this report reads). */
export interface PinInput {
  chart: string;
  version: string;
  released?: string;
  kubernetes: { min: string; max?: string };
}

/** A Helm release a planned stack installs. */
export interface InstalledRelease {
  /** `cluster` or `community`. */
  kind: "cluster" | "community";
  /** The stack: the cluster's name, or the community's. */
  stack: string;
  /** The cluster the stack runs on. */
  cluster: string;
  chart: string;
  version: string;
}

export interface ClusterInput {
  name: string;
  cloud: Cloud;
  kubernetesVersion?: string;
}

export interface ImageInput {
  /** `name:tag`. */
  image: string;
  community: string;
}

export type Status = "current" | "behind" | "end-of-life" | "unsupported-kubernetes" | "unknown";

export interface ChartRow {
  pin: string;
  project?: string;
  chart: string;
  version: string;
  released?: string;
  newest?: string;
  newestDate?: string;
  kubernetes: { min: string; max?: string };
  endOfLife?: string;
  status: Status;
  /** Why the status is what it is, in one sentence per reason. */
  reasons: string[];
  clusters: string[];
  communities: string[];
  repository?: string;
  issues?: string;
}

export interface ImageRow {
  image: string;
  name: string;
  tag: string;
  project?: string;
  /** The build date the tag carries, where its family's tags carry one. */
  built?: string;
  /** Days from the build date to the report's day. */
  ageDays?: number;
  /** The newest tag of the same prefix the registry had at the last refresh, and its date. */
  newest?: string;
  newestDate?: string;
  /** A newer tag than the one run exists. */
  behind?: boolean;
  communities: string[];
  repository?: string;
  issues?: string;
  /** What is not known of the image, in one sentence. */
  note?: string;
}

export interface UpstreamReport {
  day: string;
  tableRefreshed: string;
  charts: ChartRow[];
  images: ImageRow[];
  /** The reasons `hubnet upstream` exits 1: a pin past its end of life or outside a cluster's Kubernetes. */
  failures: string[];
}

function minorKey(m: string): number {
  const [a, b] = m.split(".").map(Number);
  return (a ?? 0) * 1000 + (b ?? 0);
}

/** Is Kubernetes `minor` inside a pin's supported range? */
export function supportsMinor(range: { min: string; max?: string }, minor: string): boolean {
  const k = minorKey(minor);
  return k >= minorKey(range.min) && (range.max === undefined || k <= minorKey(range.max));
}

export function chartRow(args: {
  pin: string;
  spec: PinInput;
  facts: ChartFacts | undefined;
  installed: InstalledRelease[];
  clusters: Map<string, ClusterInput>;
  today: Date;
}): ChartRow {
  const { pin, spec, facts } = args;
  const day = args.today.toISOString().slice(0, 10);
  const mine = args.installed.filter((r) => r.chart === spec.chart && r.version === spec.version);
  const clusters = [...new Set(mine.map((r) => r.cluster))].sort();
  const communities = [...new Set(mine.filter((r) => r.kind === "community").map((r) => r.stack))].sort();
  const reasons: string[] = [];
  let status: Status = "current";
  const newest = facts ? newestRelease(facts) : undefined;
  const eol = facts ? endOfLifeOf(facts, spec.version) : undefined;
  if (!facts) {
    status = "unknown";
    reasons.push(
      `no release facts for pin ${pin} in the table: add it to packages/cli/src/upstream/releases.json`,
    );
  }
  if (newest && compareVersions(spec.version, newest.version) < 0) {
    status = "behind";
    reasons.push(
      `${newest.version}${newest.date ? ` (${newest.date})` : ""} is newer than the pinned ${spec.version}`,
    );
  }
  if (eol !== undefined && eol <= day) {
    status = "end-of-life";
    reasons.push(`${spec.chart} ${spec.version} reached its end of life on ${eol}`);
  }
  for (const name of clusters) {
    const c = args.clusters.get(name);
    if (!c) continue;
    for (const minor of clusterMinors(c.cloud, c.kubernetesVersion, args.today)) {
      if (!supportsMinor(spec.kubernetes, minor)) {
        status = "unsupported-kubernetes";
        reasons.push(
          `cluster ${name} runs Kubernetes ${minor}, outside ${spec.chart} ${spec.version}'s ${spec.kubernetes.min}–${spec.kubernetes.max ?? "any"}`,
        );
      }
    }
  }
  return {
    pin,
    project: facts?.project,
    chart: spec.chart,
    version: spec.version,
    released: spec.released,
    newest: newest?.version,
    newestDate: newest?.date,
    kubernetes: spec.kubernetes,
    endOfLife: eol,
    status,
    reasons,
    clusters,
    communities,
    repository: facts?.repository,
    issues: facts?.issues,
  };
}

export function imageRows(images: ImageInput[], table: ReleaseTable, today: Date): ImageRow[] {
  const byImage = new Map<string, Set<string>>();
  for (const i of images) {
    const set = byImage.get(i.image) ?? new Set<string>();
    set.add(i.community);
    byImage.set(i.image, set);
  }
  return [...byImage.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([image, communities]) => {
      const colon = image.lastIndexOf(":");
      const name = colon > 0 ? image.slice(0, colon) : image;
      const tag = colon > 0 ? image.slice(colon + 1) : "latest";
      const family = imageFamily(table, name);
      const built = family ? tagDate(tag, family.facts.tagDates) : undefined;
      const ageDays =
        built === undefined
          ? undefined
          : Math.floor((today.getTime() - Date.parse(`${built}T00:00:00Z`)) / 86_400_000);
      const prefix = family ? tagPrefix(tag, family.facts.tagDates) : undefined;
      const newest = prefix === undefined ? undefined : family?.facts.newest?.[name]?.[prefix];
      const note = !family
        ? "not in the release table: add its family to packages/cli/src/upstream/releases.json"
        : built === undefined
          ? family.facts.tagDates
            ? `its tag carries no ${family.facts.tagDates} build date`
            : "its family's tags carry no build date"
          : undefined;
      return {
        image,
        name,
        tag,
        project: family?.facts.project,
        built,
        ageDays,
        newest: newest?.tag,
        newestDate: newest?.date,
        behind: newest !== undefined && built !== undefined ? newest.date > built : undefined,
        communities: [...communities].sort(),
        repository: family?.facts.repository,
        issues: family?.facts.issues,
        note,
      };
    });
}

export function upstreamReport(args: {
  pins: Record<string, PinInput>;
  table: ReleaseTable;
  installed: InstalledRelease[];
  clusters: ClusterInput[];
  images: ImageInput[];
  today: Date;
}): UpstreamReport {
  const clusters = new Map(args.clusters.map((c) => [c.name, c]));
  const charts = Object.entries(args.pins).map(([pin, spec]) =>
    chartRow({
      pin,
      spec,
      facts: args.table.charts[pin],
      installed: args.installed,
      clusters,
      today: args.today,
    }),
  );
  const failures = charts
    .filter((c) => c.status === "end-of-life" || c.status === "unsupported-kubernetes")
    .flatMap((c) =>
      c.reasons
        .filter((r) => /end of life|outside/.test(r))
        .map((r) => `${c.pin} (${c.chart} ${c.version}): ${r}`),
    );
  return {
    day: args.today.toISOString().slice(0, 10),
    tableRefreshed: args.table.refreshed,
    charts,
    images: imageRows(args.images, args.table, args.today),
    failures,
  };
}
