/**
 * What holds user data, and which changes to it lose or endanger that data: a delete, a
 * replacement, and the removal of `protect` or `retainOnDelete` (docs/platform/pull-requests.md).
 */
import { resourceFacts } from "@hubnet/config/src/clouds/resource-facts";
import type { PlannedRow } from "./planned-row";

/**
 * Whether a resource holds user data: a type the providers' facts tables (@hubnet/config
 * RESOURCE_FACTS) say holds home storage, a volume or a cluster (every hub's namespace, claims and
 * database live on it); a bucket other than a scratch one (whose objects expire anyway); or
 * anything hubnet protects (`retention()` protects exactly what holds user data: home storage,
 * persistent buckets, a hub's namespace with its users' claims).
 */
export function holdsUserData(row: Pick<PlannedRow, "type" | "name" | "protect">): boolean {
  if (row.protect) return true;
  const holds = resourceFacts(row.type)?.holds;
  if (holds === "bucket") return !/(^|-)scratch$/.test(row.name);
  return holds !== undefined;
}

export type DataLossKind = "delete" | "replace" | "carried" | "hidden" | "unprotect" | "unretain";

export interface DataLoss {
  kind: DataLossKind;
  urn: string;
  type: string;
  name: string;
  /** What happens to the data, in a sentence. */
  consequence: string;
  /** How to proceed. */
  remedy: string;
}

export const GUIDE = "docs/platform/deploying.md#a-data-loss-warning";

export function deletion(row: PlannedRow, stackRemoved: boolean): DataLoss {
  const consequence = row.retainOnDelete
    ? "would be left in the cloud with its data but managed by no stack (retainOnDelete): still billed, reachable by no hub, easy to forget"
    : "would be deleted with its data";
  const remedy = stackRemoved
    ? `keep the community's file until its data is moved or archived; removing a community is a reviewed step (${GUIDE})`
    : `keep what creates it, or move the data first and remove it deliberately with --allow-data-loss (${GUIDE})`;
  return { kind: "delete", urn: row.urn, type: row.type, name: row.name, consequence, remedy };
}

/** What is lost with a resource, in words: a cluster takes every hub on it. */
export function whatIsLost(row: Pick<PlannedRow, "type" | "name">): string {
  switch (resourceFacts(row.type)?.holds) {
    case "cluster":
      return "every hub on the cluster with it: their namespaces, home claims and hub databases";
    case "home-storage":
      return "every user's home on it";
    case "bucket":
      return "the objects in it";
    default:
      return "the data on it";
  }
}

export function replacement(row: PlannedRow, causes: string[]): DataLoss {
  const provider = causes.some((c) => c.startsWith("provider"));
  return {
    kind: "replace",
    urn: row.urn,
    type: row.type,
    name: row.name,
    consequence: provider
      ? `would be replaced, and ${whatIsLost(row)} lost: its provider changes (${causes.join("; ")}), and Pulumi replaces what a changed provider manages (a new, empty one is created where the new provider points; the old one is deleted)`
      : `would be replaced, and ${whatIsLost(row)} lost: a new, empty one is created and the old one deleted, because ${causes.join(", ")} changed (the provider cannot change ${causes.length === 1 ? "it" : "them"} in place)`,
    remedy: provider
      ? `keep the provider's settings (the cluster a community is on, its region, project or subscription), or create the new place beside the old one, migrate the data, then remove the old one; --allow-data-loss once that is done (${GUIDE})`
      : `change ${causes.join(", ")} back, or migrate the data to the new one before deploying and accept it with --allow-data-loss (${GUIDE})`,
  };
}

export function carriedLoss(row: PlannedRow, why: string, deleted: boolean): DataLoss {
  return {
    kind: "carried",
    urn: row.urn,
    type: row.type,
    name: row.name,
    consequence: `would be ${deleted ? "deleted" : "replaced"}, and ${whatIsLost(row)} lost, because ${why}: what lives in a container goes with it`,
    remedy: `keep the container (change back what replaces it), or move the data out first and accept it with --allow-data-loss (${GUIDE})`,
  };
}

export function hiddenLoss(row: PlannedRow, what: string, was: string, now: string | undefined): DataLoss {
  return {
    kind: "hidden",
    urn: row.urn,
    type: row.type,
    name: row.name,
    consequence: `would no longer show ${what}: it stays at ${was}, but the hub ${now ? `now looks at ${now}` : "no longer mounts it"}, so users find it empty (nothing is deleted, nothing is reachable)`,
    remedy: `keep the old location, or move the data to the new one in the same maintenance window (a migration job) and accept it with --allow-data-loss (${GUIDE})`,
  };
}

export function unprotection(row: PlannedRow, what: "protect" | "retainOnDelete"): DataLoss {
  return {
    kind: what === "protect" ? "unprotect" : "unretain",
    urn: row.urn,
    type: row.type,
    name: row.name,
    consequence:
      what === "protect"
        ? "would lose `protect`: a later change or `pulumi destroy` could delete it without a second step"
        : "would lose `retainOnDelete`: deleting it from the program would delete it in the cloud",
    remedy: `keep ${what} on user data (retention() in packages/components/src/cluster/retention.ts)`,
  };
}
