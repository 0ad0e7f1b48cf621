/**
 * How long things that hold user data live. No config change and no stack
 * removal deletes user data: removing it is an explicit, reviewed step
 * (`pulumi state unprotect`, then deletion by hand). See docs/platform/README.md.
 */
import type * as pulumi from "@pulumi/pulumi";

export type DataKind =
  /** Home file shares, home volumes and claims, persistent buckets: protected and retained. */
  | "userData"
  /**
   * A hub's namespace: deleting it would delete every user's claim in it (per-user
   * volumes on local clusters), so it is protected and retained like user data.
   */
  | "hubNamespace"
  /**
   * Scratch buckets: their lifecycle rule empties them; removing `scratch` from a
   * community file leaves the bucket (retained) instead of deleting up to N days of work.
   */
  | "scratch";

export function retention(kind: DataKind): Pick<pulumi.CustomResourceOptions, "protect" | "retainOnDelete"> {
  switch (kind) {
    case "userData":
    case "hubNamespace":
      return { protect: true, retainOnDelete: true };
    case "scratch":
      return { retainOnDelete: true };
  }
}

/** Options for a hub bucket of either kind. */
export function bucketRetention(kind: "scratch" | "persistent") {
  return retention(kind === "persistent" ? "userData" : "scratch");
}
