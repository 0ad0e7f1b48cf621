/**
 * What Pulumi would do to each resource of a stack, from the plans of two versions: rows matched by
 * URN, or by a former URN the new row answers to (an alias: moved, not replaced); unmatched rows
 * are created or deleted; matched rows are replaced when a changed input is one the provider cannot
 * change in place (replacements.ts) or their provider changes where it relocates them
 * (engine-rules.ts), else updated; what lives in a deleted or replaced container goes with it.
 */
import {
  carriedLoss,
  type DataLoss,
  deletion,
  hiddenLoss,
  holdsUserData,
  replacement,
  unprotection,
} from "./data-loss";
import { carried, providerCause, type Refusal, refusals, releaseHolds } from "./engine-rules";
import { type FieldChange, fieldChanges } from "./fields";
import { hiddenLocations, isHubRelease } from "./hidden-data";
import type { PlannedRow } from "./planned-row";
import { knowsType, replacementCauses } from "./replacements";

export type { PlannedRow };

export type Operation = "create" | "delete" | "replace" | "update" | "move";

export interface ResourceChange {
  op: Operation;
  urn: string;
  /** The URN before, when the resource moved (kept by an alias). */
  formerUrn?: string;
  type: string;
  name: string;
  fields: FieldChange[];
  /** The changed inputs that force a replacement. */
  replaceBecause?: string[];
  /** protect / retainOnDelete before → after, when they changed. */
  options?: { protect?: [boolean, boolean]; retainOnDelete?: [boolean, boolean] };
  userData: boolean;
  /** True when the provider's replacement rules for this type are not in hubnet's table. */
  unknownReplacement?: boolean;
  /** Deleted or replaced with a container it lives in (a namespace, a cluster, a replaced provider). */
  carriedBy?: string;
}

export interface RowsDiff {
  changes: ResourceChange[];
  unchanged: number;
  dataLoss: DataLoss[];
  /** Changes the cloud or Kubernetes will refuse at deploy time. */
  refused: Refusal[];
}

/** Stack resources and hubnet's own components have no cloud counterpart; they only group the others. */
const isGrouping = (type: string) => type === "pulumi:pulumi:Stack" || type.startsWith("hubnet:");

export function diffRows(
  before: readonly PlannedRow[],
  after: readonly PlannedRow[],
  opts: { stackRemoved?: boolean } = {},
): RowsDiff {
  const afterByUrn = new Map(after.map((r) => [r.urn, r]));
  const beforeByUrn = new Map(before.map((r) => [r.urn, r]));
  const afterByFormer = new Map(after.flatMap((r) => (r.aliases ?? []).map((a) => [a, r] as const)));
  const matched = new Map<PlannedRow, PlannedRow>();
  const changes: ResourceChange[] = [];
  const dataLoss: DataLoss[] = [];
  const refused: Refusal[] = [];
  const gone = new Map<string, "deleted" | "replaced">();
  const pending: { b: PlannedRow; a: PlannedRow; change?: ResourceChange }[] = [];
  let unchanged = 0;
  for (const b of before) {
    const a = afterByUrn.get(b.urn) ?? afterByFormer.get(b.urn);
    const userData = holdsUserData(b);
    if (!a) {
      gone.set(b.urn, "deleted");
      if (!isGrouping(b.type))
        changes.push({ op: "delete", urn: b.urn, type: b.type, name: b.name, fields: [], userData });
      if (userData) dataLoss.push(deletion(b, opts.stackRemoved === true));
      else if (releaseHolds(b))
        dataLoss.push({
          ...deletion(b, opts.stackRemoved === true),
          consequence: `would be uninstalled with ${releaseHolds(b)}`,
        });
      continue;
    }
    matched.set(a, b);
    const fields = fieldChanges(b.inputs, a.inputs);
    const options: ResourceChange["options"] = {};
    if (b.protect !== a.protect) options.protect = [b.protect, a.protect];
    if (b.retainOnDelete !== a.retainOnDelete) options.retainOnDelete = [b.retainOnDelete, a.retainOnDelete];
    const viaProvider = isGrouping(a.type) ? undefined : providerCause(b, a, beforeByUrn, afterByUrn);
    const causes = [
      ...(viaProvider ? [viaProvider] : []),
      ...replacementCauses(
        a.type,
        fields.map((f) => f.path),
      ),
    ];
    const moved = a.urn !== b.urn;
    if (fields.length === 0 && Object.keys(options).length === 0 && !moved && causes.length === 0) {
      pending.push({ b, a });
      continue;
    }
    const op: Operation =
      causes.length > 0
        ? "replace"
        : fields.length > 0 || Object.keys(options).length > 0
          ? "update"
          : "move";
    if (isGrouping(a.type) && op !== "move") {
      pending.push({ b, a });
      continue;
    }
    const change: ResourceChange = {
      op,
      urn: a.urn,
      ...(moved ? { formerUrn: b.urn } : {}),
      type: a.type,
      name: a.name,
      fields,
      ...(causes.length ? { replaceBecause: causes } : {}),
      ...(Object.keys(options).length ? { options } : {}),
      userData,
      ...(op === "update" && fields.length > 0 && !knowsType(a.type) ? { unknownReplacement: true } : {}),
    };
    changes.push(change);
    pending.push({ b, a, change });
    if (op === "replace") {
      gone.set(b.urn, "replaced");
      if (userData) dataLoss.push(replacement(b, causes));
      else if (releaseHolds(b))
        dataLoss.push({
          ...replacement(b, causes),
          consequence: `would be uninstalled and installed again, with ${releaseHolds(b)}`,
        });
    } else {
      refused.push(...refusals(b, a));
      if (isHubRelease(b) && isHubRelease(a))
        for (const h of hiddenLocations(b, a)) dataLoss.push(hiddenLoss(a, h.what, h.where, h.now));
    }
    if (userData && b.protect && !a.protect) dataLoss.push(unprotection(b, "protect"));
    if (userData && b.retainOnDelete && !a.retainOnDelete) dataLoss.push(unprotection(b, "retainOnDelete"));
  }
  // What lives in a deleted or replaced container goes with it.
  const carry = carried(before, gone);
  for (const { b, a, change } of pending) {
    const why = carry.get(b.urn);
    if (why === undefined) {
      if (!change) unchanged++;
      continue;
    }
    const userData = holdsUserData(b);
    if (userData) dataLoss.push(carriedLoss(b, why, false));
    if (isGrouping(a.type)) {
      if (!change) unchanged++;
      continue;
    }
    if (change) {
      change.op = "replace";
      change.carriedBy = why;
    } else {
      changes.push({
        op: "replace",
        urn: a.urn,
        type: a.type,
        name: a.name,
        fields: [],
        userData,
        carriedBy: why,
      });
    }
  }
  for (const a of after) {
    if (matched.has(a) || isGrouping(a.type)) continue;
    changes.push({
      op: "create",
      urn: a.urn,
      type: a.type,
      name: a.name,
      fields: [],
      userData: holdsUserData(a),
    });
  }
  const order: Operation[] = ["delete", "replace", "update", "move", "create"];
  changes.sort((x, y) => order.indexOf(x.op) - order.indexOf(y.op) || x.urn.localeCompare(y.urn));
  return { changes, unchanged, dataLoss, refused };
}

export function countOps(changes: readonly ResourceChange[]): Record<Operation, number> {
  const counts: Record<Operation, number> = { create: 0, delete: 0, replace: 0, update: 0, move: 0 };
  for (const c of changes) counts[c.op]++;
  return counts;
}
