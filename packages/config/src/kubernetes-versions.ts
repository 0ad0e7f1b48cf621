/**
 * Which Kubernetes minor versions each cloud supports, and until when: a dated table per cloud,
 * each row with its source. `hubnet validate` warns from `WARN_DAYS` days before a cluster's
 * version leaves standard support, and refuses a version past it (or not offered yet), naming the
 * date and the versions that are supported.
 *
 * - EKS (`kubernetesVersion`): after standard support a cluster moves to extended support, where
 *   `upgradePolicy: STANDARD` (what EksCluster sets) is refused and each hour costs more.
 * - AKS (`kubernetesVersion`): after end of life the Standard tier no longer offers the version
 *   (only the Premium tier's long-term support does).
 * - GKE follows its release channel: hubnet does not choose the version, and GKE upgrades a cluster
 *   on a channel to a supported minor before its end of standard support. There the table says which
 *   minors a GKE cluster may be running at a date (released there, not past standard support);
 *   validate checks nothing, and the chart ranges in `@hubnet/components` versions.ts must cover all
 *   of them.
 *
 * Sources, read 2026-08-22 (`TABLE_READ`): the clouds' release calendars as collected by
 * endoflife.date (products amazon-eks, azure-kubernetes-service, google-kubernetes-engine: columns
 * releaseDate and eol, which is the end of standard support on each; for GKE, the end of maintenance
 * support, after which GKE upgrades the cluster), which link each row to the provider's
 * announcement; EKS: docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html (14 months
 * of standard support); AKS: learn.microsoft.com/azure/aks/supported-kubernetes-versions (12 months
 * from GA); GKE: cloud.google.com/kubernetes-engine/docs/release-schedule ("end of standard support").
 * Add each new minor when the cloud announces it.
 */
import type { Cloud, Cluster } from "./clouds";
import { type Loaded, where } from "./loaded";
import type { Problem } from "./problems";

/** When the table was last compared with its sources. */
export const TABLE_READ = "2026-08-22";
/** How long before the end of standard support `validate` starts warning. */
export const WARN_DAYS = 60;

export interface KubernetesRelease {
  /** Kubernetes minor version, e.g. "1.35". */
  minor: string;
  /** When the cloud made it generally available (YYYY-MM-DD). */
  released: string;
  /** The last day of standard support on that cloud (YYYY-MM-DD). */
  endOfStandardSupport: string;
}

/** Clouds whose Kubernetes versions have a lifecycle (local and existing clusters run what their owners installed). */
export type ManagedCloud = Exclude<Cloud, "local" | "existing">;

export const KUBERNETES_RELEASES: Record<ManagedCloud, KubernetesRelease[]> = {
  aws: [
    { minor: "1.33", released: "2025-05-28", endOfStandardSupport: "2026-07-29" },
    { minor: "1.34", released: "2025-10-06", endOfStandardSupport: "2026-12-02" },
    { minor: "1.35", released: "2026-01-28", endOfStandardSupport: "2027-03-27" },
    { minor: "1.36", released: "2026-06-02", endOfStandardSupport: "2027-08-02" },
  ],
  azure: [
    { minor: "1.33", released: "2025-06-17", endOfStandardSupport: "2026-07-31" },
    { minor: "1.34", released: "2026-01-04", endOfStandardSupport: "2026-11-30" },
    { minor: "1.35", released: "2026-03-05", endOfStandardSupport: "2027-03-31" },
    { minor: "1.36", released: "2026-06-30", endOfStandardSupport: "2027-06-30" },
  ],
  gcp: [
    { minor: "1.33", released: "2025-06-03", endOfStandardSupport: "2026-08-03" },
    { minor: "1.34", released: "2025-09-30", endOfStandardSupport: "2026-10-01" },
    { minor: "1.35", released: "2026-02-11", endOfStandardSupport: "2027-04-11" },
    { minor: "1.36", released: "2026-06-09", endOfStandardSupport: "2027-08-09" },
  ],
};

export const CLOUD_NAMES: Record<ManagedCloud, string> = { aws: "EKS", azure: "AKS", gcp: "GKE" };

/** `YYYY-MM-DD` as that day (UTC midnight), or undefined when it is not such a date. */
export function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const d = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || isoDay(d) !== text ? undefined : d;
}

/**
 * The day Kubernetes versions are checked against: `HUBNET_TODAY` (YYYY-MM-DD) when it is a date, else
 * the clock. Tests fix it (vitest.config.mts), so no test depends on the day it runs.
 */
export function checkDay(env: NodeJS.ProcessEnv = process.env): Date {
  return (env.HUBNET_TODAY ? parseDay(env.HUBNET_TODAY) : undefined) ?? new Date();
}

/** A date as YYYY-MM-DD (UTC). */
export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The releases of `cloud` in standard support on `today`. */
export function supportedReleases(cloud: ManagedCloud, today: Date): KubernetesRelease[] {
  const day = isoDay(today);
  return KUBERNETES_RELEASES[cloud].filter((r) => r.released <= day && day <= r.endOfStandardSupport);
}

/**
 * The minors a cluster may run on `today`: its own version (EKS, AKS), or on GKE every minor in
 * standard support there (the release channel picks among them). Empty for local and existing clusters
 * (their owners choose).
 */
export function clusterMinors(cloud: Cloud, kubernetesVersion: string | undefined, today: Date): string[] {
  if (cloud === "local" || cloud === "existing") return [];
  if (cloud === "gcp" || kubernetesVersion === undefined)
    return supportedReleases(cloud, today).map((r) => r.minor);
  return [kubernetesVersion];
}

export type VersionVerdict =
  | { kind: "ok" }
  | { kind: "warning"; message: string }
  | { kind: "error"; message: string };

/** What `validate` says of Kubernetes `minor` on `cloud` on `today`. */
export function kubernetesVersionVerdict(cloud: ManagedCloud, minor: string, today: Date): VersionVerdict {
  const day = isoDay(today);
  const name = CLOUD_NAMES[cloud];
  const supported = supportedReleases(cloud, today);
  const list = supported.length
    ? supported.map((r) => `${r.minor} (until ${r.endOfStandardSupport})`).join(", ")
    : `none in hubnet's table (read ${TABLE_READ}): update packages/config/src/kubernetes-versions.ts`;
  const newest = supported.at(-1)?.minor;
  const release = KUBERNETES_RELEASES[cloud].find((r) => r.minor === minor);
  if (!release) {
    return {
      kind: "error",
      message: `Kubernetes ${minor} is not a version ${name} supports in hubnet's table (packages/config/src/kubernetes-versions.ts, read ${TABLE_READ}); supported on ${day}: ${list}`,
    };
  }
  if (day < release.released) {
    return {
      kind: "error",
      message: `Kubernetes ${minor} is not offered by ${name} before ${release.released}; supported on ${day}: ${list}`,
    };
  }
  if (day > release.endOfStandardSupport) {
    return {
      kind: "error",
      message: `Kubernetes ${minor} left ${name} standard support on ${release.endOfStandardSupport}: set kubernetesVersion to a supported version${newest ? ` such as ${newest}` : ""} (supported on ${day}: ${list})`,
    };
  }
  const left = daysBetween(day, release.endOfStandardSupport);
  if (left <= WARN_DAYS) {
    return {
      kind: "warning",
      message: `Kubernetes ${minor} leaves ${name} standard support on ${release.endOfStandardSupport} (in ${left} day${left === 1 ? "" : "s"}): plan the upgrade${newest && newest !== minor ? ` to ${newest}` : ""} (supported on ${day}: ${list})`,
    };
  }
  return { kind: "ok" };
}

/**
 * The Kubernetes version problems of a loaded cluster on `today`: errors (past standard support, not
 * offered) and warnings (within `WARN_DAYS` of the end). GKE and local clusters have none.
 */
export function checkKubernetesVersion(
  loaded: Loaded<Cluster>,
  today: Date,
): { errors: Problem[]; warnings: Problem[] } {
  const c = loaded.config;
  if (c.cloud === "local" || c.cloud === "existing" || c.cloud === "gcp") return { errors: [], warnings: [] };
  const verdict = kubernetesVersionVerdict(c.cloud, c.kubernetesVersion, today);
  if (verdict.kind === "ok") return { errors: [], warnings: [] };
  const problem = { ...where(loaded, ["kubernetesVersion"]), message: verdict.message };
  return verdict.kind === "error" ? { errors: [problem], warnings: [] } : { errors: [], warnings: [problem] };
}
