/**
 * When Pulumi replaces a resource instead of updating it in place: the input properties whose change
 * makes the provider answer "replace" to the engine's Diff call. The fields, with their sources, are
 * the providers' facts tables in @hubnet/config (`RESOURCE_FACTS`, packages/config/src/clouds/*-facts.ts;
 * decision 0022); docs/platform/pull-requests.md#replacements lists them for readers.
 *
 * Types no table knows: a change of their URN (a new name or type without an alias) is a delete and a
 * create, which the diff reports as such; other changes are reported as updates, and
 * `pulumi preview` in credentialed CI is the final word.
 */
import { resourceFacts } from "@hubnet/config/src/clouds/resource-facts";

/** A changed path with array positions left out: `fileShares[0].name` → `fileShares.name`. */
export function normalizePath(p: string): string {
  return p.replace(/\[[^\]]*\]/g, "");
}

/** The input paths whose change replaces a resource of `type` (its own and its provider's every-type fields). */
export function replaceFields(type: string): readonly string[] {
  return resourceFacts(type)?.replaceOnChange ?? [];
}

/**
 * The changed input paths (of a resource of `type`) that make Pulumi replace it: a changed path
 * at, under or above a field of the table (a whole `spec` replaced covers `spec.accessModes`).
 */
export function replacementCauses(type: string, changedPaths: readonly string[]): string[] {
  const fields = replaceFields(type);
  if (fields.includes("*")) return [...changedPaths];
  return changedPaths.filter((p) => {
    const n = normalizePath(p);
    return fields.some((f) => n === f || n.startsWith(`${f}.`) || f.startsWith(`${n}.`));
  });
}

/** Whether a facts table knows `type` (otherwise a replacement can only come from a new URN). */
export function knowsType(type: string): boolean {
  return resourceFacts(type) !== undefined;
}
