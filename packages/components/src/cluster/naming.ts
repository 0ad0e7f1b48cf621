/**
 * Names of a hub's Kubernetes and cloud resources. Pure functions: every
 * cloud limit (length, characters, global uniqueness) is handled here, and
 * tests call these directly.
 */
import { createHash } from "node:crypto";

/** A short, stable hash of the parts, for names that must be shortened or be globally unique. */
export function shortHash(parts: readonly string[], length = 6): string {
  return createHash("sha256").update(parts.join("/")).digest("hex").slice(0, length);
}

/**
 * `name` if it fits in `max` characters; otherwise its start and a hash of `hashOf`,
 * so that two long names with the same start still differ.
 */
export function fitName(name: string, max: number, hashOf: readonly string[] = [name]): string {
  if (name.length <= max) return name;
  const hash = shortHash(hashOf);
  return `${name.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/** The namespace of a hub: `<community>-<hub>`, at most 63 characters (a DNS label). */
export function hubNamespace(community: string, hub: string): string {
  return fitName(`${community}-${hub}`, 63, [community, hub]);
}

/** The Kubernetes service account user servers run as; the cloud identity is bound to it. */
export const USER_SERVICE_ACCOUNT = "user";

export type BucketKind = "scratch" | "persistent";

/**
 * A globally unique bucket name (GCS and S3: 3-63 lower-case letters, digits and dashes).
 * `hubnet-<cluster>-<community>-<hub>-<kind>`, shortened with a hash of all parts when too long.
 */
export function bucketName(cluster: string, community: string, hub: string, kind: BucketKind): string {
  const name = `hubnet-${cluster}-${community}-${hub}-${kind}`.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  if (name.length <= 63) return name;
  const hash = shortHash([cluster, community, hub, kind], 8);
  const tail = `-${kind}-${hash}`;
  return `${name.slice(0, 63 - tail.length).replace(/-+$/, "")}${tail}`;
}

/**
 * The storage account of one hub on Azure (3-24 lower-case letters and digits, unique across all of Azure):
 * `hn` + the start of `<community><hub>` (for people reading the portal) + a 10-character hash of
 * cluster, community and hub (for uniqueness). A hub's blob containers are named after their kind
 * (`scratch`, `persistent`) inside this account.
 */
export function azureStorageAccountName(cluster: string, community: string, hub: string): string {
  const alnum = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
  const readable = `${alnum(community).slice(0, 8)}${alnum(hub).slice(0, 4)}`;
  return `hn${readable}${shortHash([cluster, community, hub], 10)}`;
}

/**
 * A GCP service account ID (6-30 characters, `^[a-z][-a-z0-9]{4,28}[a-z0-9]$`), unique in the project:
 * `<community>-<hub>` (the network checks keep it unique: it is the hub's namespace), shortened with a
 * hash when too long. When it does not start with a letter or is shorter than 6 characters, `h` and a
 * hash of community and hub come first, so that no other hub's ID can be the same.
 */
export function gcpServiceAccountId(community: string, hub: string): string {
  const id = `${community}-${hub}`;
  if (/^[a-z]/.test(id) && id.length >= 6) return fitName(id, 30, [community, hub]);
  return fitName(`h${shortHash([community, hub])}-${id}`, 30, [community, hub]);
}

/** An IAM role name (at most 64 characters): `hubnet-<cluster>-<community>-<hub>`. */
export function awsRoleName(cluster: string, community: string, hub: string): string {
  return fitName(`hubnet-${cluster}-${community}-${hub}`, 64, [cluster, community, hub]);
}

/** A user-assigned managed identity name (3-128 characters): `hubnet-<community>-<hub>`. */
export function azureIdentityName(community: string, hub: string): string {
  return fitName(`hubnet-${community}-${hub}`, 128, [community, hub]);
}

/** The subject a Kubernetes service account presents to cloud identity federation. */
export function serviceAccountSubject(namespace: string, serviceAccount: string): string {
  return `system:serviceaccount:${namespace}:${serviceAccount}`;
}

/**
 * Cost attribution: the keys every cloud resource and user pod carries, so that a bill can be split by
 * cluster, community and hub (billing exports, cost-allocation tags, cost analysis by tag). Every
 * label, tag and Kubernetes label of attribution is derived here; components never spell the keys.
 */
export const ATTRIBUTION = {
  cluster: "hubnet-cluster",
  community: "hubnet-community",
  hub: "hubnet-hub",
} as const;

/** Tags of everything of a cluster: the cluster's own `tags`, then `hubnet-cluster` (hubnet's key wins). */
export function clusterTags(cluster: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, [ATTRIBUTION.cluster]: cluster };
}

/** Tags of everything that belongs to one community (its budget, its stack's cloud provider defaults). */
export function communityTags(
  cluster: string,
  community: string,
  clusterExtra: Record<string, string> = {},
): Record<string, string> {
  return { ...clusterTags(cluster, clusterExtra), [ATTRIBUTION.community]: community };
}

/** Labels / tags of everything that belongs to one hub. Cloud tags come first; hubnet keys win. */
export function hubTags(
  cluster: string,
  community: string,
  hub: string,
  clusterTags: Record<string, string> = {},
): Record<string, string> {
  return { ...communityTags(cluster, community, clusterTags), [ATTRIBUTION.hub]: hub };
}

/** Kubernetes labels of a hub's objects, user pods included: the same keys as the cloud tags. */
export function hubLabels(cluster: string, community: string, hub: string): Record<string, string> {
  return { [ATTRIBUTION.cluster]: cluster, [ATTRIBUTION.community]: community, [ATTRIBUTION.hub]: hub };
}

/**
 * GCP labels from tags: keys and values of at most 63 lower-case letters, digits, `_` and `-`
 * (keys start with a letter). Anything else becomes `-`; an empty key is dropped.
 */
export function gcpLabels(tags: Record<string, string>): Record<string, string> {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9_-]/g, "-")
      .slice(0, 63);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) {
    const key = clean(k).replace(/^[^a-z]+/, "");
    if (key) out[key] = clean(v);
  }
  return out;
}

/** AWS tags: keys of at most 128 characters and values of at most 256 (the limits of every AWS service). */
export function awsTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k.slice(0, 128), v.slice(0, 256)]));
}

/** Azure tags: names of at most 512 characters without `<>%&\\?/`, values of at most 256. */
export function azureTags(tags: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tags).map(([k, v]) => [k.replace(/[<>%&\\?/]/g, "-").slice(0, 512), v.slice(0, 256)]),
  );
}
