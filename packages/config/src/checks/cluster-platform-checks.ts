/**
 * Checks of what each cloud's cluster component needs beyond machine types and
 * GPUs: AKS node pool names, a GKE zone inside the region, Filestore's smallest
 * share. Each problem points at the field to change.
 */
import { type Loaded, where } from "../loaded";
import type { PathSegment, Problem } from "../problems";
import type { Cluster } from "../schema/cluster";

/** AKS Linux node pool names: a lower-case letter, then letters and digits, 12 characters at most. */
export const AKS_POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
/** Filestore BASIC_HDD (the tier GkeCluster creates) holds at least 1 TiB. */
export const FILESTORE_MIN_BYTES = 2 ** 40;

export function checkClusterPlatform(loaded: Loaded<Cluster>): Problem[] {
  const c = loaded.config;
  const problems: Problem[] = [];
  const add = (p: PathSegment[], message: string) => problems.push({ ...where(loaded, p), message });

  if (c.cloud === "azure") {
    const pools: [string, PathSegment[]][] = [
      ...c.nodePools.user.map((u, i): [string, PathSegment[]] => [u.name, ["nodePools", "user", i, "name"]]),
      ...c.nodePools.gpu.map((g, i): [string, PathSegment[]] => [g.name, ["nodePools", "gpu", i, "name"]]),
    ];
    for (const [name, p] of pools) {
      if (!AKS_POOL_NAME.test(name)) {
        const suggestion = name.replace(/[^a-z0-9]/g, "").slice(0, 12);
        add(
          p,
          `AKS node pool names are 1-12 lower-case letters and digits, starting with a letter: "${name}" is not${/^[a-z]/.test(suggestion) ? `; for example "${suggestion}"` : ""}`,
        );
      }
    }
  }
  if (c.cloud === "gcp") {
    if (c.zone && !c.zone.startsWith(`${c.region}-`)) {
      add(
        ["zone"],
        `zone ${c.zone} is not in region ${c.region}: use a zone such as ${c.region}-b, or change region`,
      );
    }
    if (c.storage.home.capacity.bytes < FILESTORE_MIN_BYTES) {
      add(
        ["storage", "home", "capacity"],
        `Filestore shares hold at least 1Ti; ${c.storage.home.capacity.text} is too small: set capacity to 1Ti or more`,
      );
    }
  }
  return problems;
}
