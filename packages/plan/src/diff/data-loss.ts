/**
 * What holds user data, and which changes to it lose or endanger that data: a delete, a
 * replacement, and the removal of `protect` or `retainOnDelete` (docs/platform/pull-requests.md).
 */
import type { PlannedRow } from "./planned-row";

/** Types that hold user data whatever their name: file shares, disks, volumes and their claims. */
export const USER_DATA_TYPES = new Set([
  "gcp:filestore/instance:Instance",
  "gcp:compute/disk:Disk",
  "aws:efs/fileSystem:FileSystem",
  "aws:ebs/volume:Volume",
  "azure-native:storage:FileShare",
  "azure-native:storage:StorageAccount",
  "azure-native:compute:Disk",
  "kubernetes:core/v1:PersistentVolume",
  "kubernetes:core/v1:PersistentVolumeClaim",
]);

export const BUCKET_TYPES = new Set([
  "gcp:storage/bucket:Bucket",
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "azure-native:storage:BlobContainer",
]);

/**
 * Whether a resource holds user data: a type of USER_DATA_TYPES; a bucket other than a scratch one
 * (whose objects expire anyway); or anything hubnet protects (`retention()` protects exactly what
 * holds user data: home storage, persistent buckets, a hub's namespace with its users' claims).
 */
export function holdsUserData(row: Pick<PlannedRow, "type" | "name" | "protect">): boolean {
  if (row.protect) return true;
  if (USER_DATA_TYPES.has(row.type)) return true;
  return BUCKET_TYPES.has(row.type) && !/(^|-)scratch$/.test(row.name);
}

export type DataLossKind = "delete" | "replace" | "unprotect" | "unretain";

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

export function replacement(row: PlannedRow, causes: string[]): DataLoss {
  return {
    kind: "replace",
    urn: row.urn,
    type: row.type,
    name: row.name,
    consequence: `would be replaced: a new, empty one is created and the old one deleted, because ${causes.join(", ")} changed (the provider cannot change ${causes.length === 1 ? "it" : "them"} in place)`,
    remedy: `change ${causes.join(", ")} back, or migrate the data to the new one before deploying (${GUIDE})`,
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
