/**
 * Which planned resources can carry cost-attribution labels or tags, decided from the cloud SDKs'
 * own type definitions (never a hand-kept list), and which of those lack hubnet's attribution.
 *
 * A resource type `<pkg>:<module>/<file>:<Type>` (or `azure-native:<module>:<Type>`) is taggable when
 * its SDK's `<module>/<file>.d.ts` declares, in `<Type>Args`, the map the provider itself manages as
 * labels or tags:
 * - gcp: `labels` or `resourceLabels`, with the `effectiveLabels` the provider merges its
 *   `defaultLabels` into (a `labels` without it, such as a notification channel's, is settings);
 * - aws: `tags`, with the `tagsAll` the provider merges its `defaultTags` into;
 * - azure-native: `tags` (azure-native has no default tags: every resource sets its own).
 * A resource's labels are its own, merged with its provider's defaults (`defaultLabels`, `defaultTags`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "@hubnet/plan";

const SDK_PACKAGES: Record<string, string> = {
  gcp: "@pulumi/gcp",
  aws: "@pulumi/aws",
  "azure-native": "@pulumi/azure-native",
};
const componentsDir = path.resolve(__dirname, "../../packages/components");

export interface Taggable {
  /** The input that holds the labels or tags. */
  field: "labels" | "resourceLabels" | "tags";
}

const cache = new Map<string, Taggable | null>();

/** The SDK's type definitions of a resource type, or undefined for types of other packages. */
function definitionFile(type: string): string | undefined {
  const [pkg, mod, name] = type.split(":");
  const sdk = SDK_PACKAGES[pkg];
  if (!sdk || !name) return undefined;
  const root = path.dirname(require.resolve(`${sdk}/package.json`, { paths: [componentsDir] }));
  const file = path.join(root, `${pkg === "azure-native" ? `${mod}/${name}` : mod}.d.ts`);
  // Tokens and file names differ in case (`projects/iAMMember` is `projects/iammember.d.ts`).
  const dir = path.dirname(file);
  const match = fs.existsSync(dir)
    ? fs.readdirSync(dir).find((f) => f.toLowerCase() === path.basename(file).toLowerCase())
    : undefined;
  return match ? path.join(dir, match) : file;
}

/** Is `type` taggable, and through which input? Decided from its SDK's `.d.ts` (see above). */
export function taggable(type: string): Taggable | undefined {
  if (cache.has(type)) return cache.get(type) ?? undefined;
  const file = definitionFile(type);
  let found: Taggable | null = null;
  if (file) {
    if (!fs.existsSync(file)) throw new Error(`no type definitions for ${type} at ${file}`);
    const text = fs.readFileSync(file, "utf8");
    const name = type.split(":")[2];
    const args = text.match(new RegExp(`export interface ${name}Args \\{([\\s\\S]*?)\\n\\}`))?.[1] ?? "";
    const has = (field: string, inText = args) => new RegExp(`^\\s+${field}\\?:`, "m").test(inText);
    const pkg = type.split(":")[0];
    if (pkg === "gcp" && /readonly effectiveLabels:/.test(text)) {
      if (has("labels")) found = { field: "labels" };
      else if (has("resourceLabels")) found = { field: "resourceLabels" };
    } else if (pkg === "aws" && /readonly tagsAll:/.test(text) && has("tags")) found = { field: "tags" };
    else if (pkg === "azure-native" && has("tags")) found = { field: "tags" };
  }
  cache.set(type, found);
  return found ?? undefined;
}

const obj = (v: unknown): Record<string, string> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};

/** The labels a resource ends up with: its provider's defaults, then its own. */
export function effectiveLabels(
  r: RecordedResource,
  byUrn: Map<string, RecordedResource>,
): Record<string, string> {
  const t = taggable(r.type);
  if (!t) return {};
  const provider = r.provider ? byUrn.get(r.provider) : undefined;
  const defaults = provider
    ? { ...obj(provider.inputs.defaultLabels), ...obj(obj(provider.inputs.defaultTags).tags) }
    : {};
  return { ...defaults, ...obj(r.inputs[t.field]) };
}

/** Is `r` inside a hub (a descendant of a `hubnet:hub:Hub`)? */
function inHub(r: RecordedResource, byUrn: Map<string, RecordedResource>): boolean {
  for (let p = r.parent; p; p = byUrn.get(p)?.parent ?? null)
    if (byUrn.get(p)?.type === "hubnet:hub:Hub") return true;
  return false;
}

/**
 * Every taggable resource of a stack without its attribution: `hubnet-cluster` everywhere,
 * `hubnet-community` in community stacks, `hubnet-hub` on what belongs to one hub. One line each.
 */
export function unattributed(kind: "cluster" | "community", resources: RecordedResource[]): string[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const out: string[] = [];
  for (const r of resources) {
    if (!taggable(r.type)) continue;
    const labels = effectiveLabels(r, byUrn);
    const want = ["hubnet-cluster", ...(kind === "community" ? ["hubnet-community"] : [])];
    if (kind === "community" && inHub(r, byUrn)) want.push("hubnet-hub");
    const lacking = want.filter((k) => !labels[k]);
    if (lacking.length) out.push(`${r.type} ${r.name}: no ${lacking.join(", ")}`);
  }
  return out;
}
