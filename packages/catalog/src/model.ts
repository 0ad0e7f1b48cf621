/**
 * What the catalog shows of each community, in plain words, from the same
 * config as everything else. Everything here is text; html.ts escapes it.
 */
import { type Cloud, type Community, type Network, profileShapes } from "@hubnet/config";

export const CLOUD_NAMES: Record<Cloud, string> = {
  gcp: "Google Cloud",
  aws: "AWS",
  azure: "Azure",
  existing: "An existing cluster",
  local: "Local cluster",
};

/** Kinds of login, named for people choosing a hub. */
export const LOGIN_KINDS: Record<string, string> = {
  github: "GitHub",
  cilogon: "Institutional (CILogon)",
  google: "Google",
  oidc: "Institutional (OpenID Connect)",
  "shared-password": "Workshop password",
  anonymous: "No login (temporary servers)",
  dummy: "Development (no password)",
};

export const FEATURES = { gpu: "GPUs", dask: "Dask", buckets: "Buckets" } as const;
export type Feature = keyof typeof FEATURES;

export interface Link {
  text: string;
  /** Only http(s) URLs are kept. */
  url?: string;
}

export interface CommunityCard {
  name: string;
  displayName: string;
  description?: string;
  logoUrl?: string;
  homepageUrl?: string;
  fundedBy?: Link;
  operatedBy: Link;
  owners: string[];
  cluster: string;
  cloud: Cloud;
  hubs: { name: string; url: string }[];
  login: { kind: string; words: string; admins: string[] };
  machines: { name: string; size: string; gpu?: string; default: boolean }[];
  dask: boolean;
  buckets: string[];
  features: Feature[];
}

export const PLATFORM_OPERATOR: Link = { text: "hubnet", url: "https://hubnet.cloud" };

function webUrl(u: string | undefined): string | undefined {
  return u && /^https?:\/\//i.test(u) ? u : undefined;
}

function link(l: { text: string; url?: string } | undefined): Link | undefined {
  return l ? { text: l.text, url: webUrl(l.url) } : undefined;
}

function list(items: readonly string[], word = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
}

/** Who may log in, as a sentence. */
export function loginInWords(auth: Community["auth"]): string {
  const allowed = auth.provider === "anonymous" ? [] : auth.allowedUsers;
  const extra = allowed.length > 0 ? [`the users ${list(allowed)}`] : [];
  const parts: string[] = [];
  switch (auth.provider) {
    case "github":
      if (auth.orgs.length)
        parts.push(`members of the GitHub organization${auth.orgs.length > 1 ? "s" : ""} ${list(auth.orgs)}`);
      if (auth.teams.length)
        parts.push(
          `members of the GitHub team${auth.teams.length > 1 ? "s" : ""} ${list(auth.teams.map((t) => t.replace(":", "/")))}`,
        );
      return sentence([...parts, ...extra], "with GitHub");
    case "cilogon":
      for (const idp of auth.identityProviders) {
        if (idp.allowAll) parts.push(`everyone who logs in through ${idp.entityId}`);
        else if (idp.allowedDomains.length > 0)
          parts.push(`people from ${list(idp.allowedDomains, "or")} through ${idp.entityId}`);
        if (idp.allowedUsers.length > 0)
          parts.push(`the users ${list(idp.allowedUsers)} through ${idp.entityId}`);
      }
      return sentence([...parts, ...extra], "with their institution through CILogon");
    case "google":
      if (auth.allowAll)
        parts.push(
          auth.domains.length ? `Google accounts of ${list(auth.domains, "or")}` : "every Google account",
        );
      return sentence([...parts, ...extra], "with Google");
    case "oidc": {
      // validate refuses an issuer no URL parser reads; a catalog of any tree still never throws on one.
      const host = URL.canParse(auth.issuer) ? new URL(auth.issuer).host : auth.issuer;
      if (auth.allowedGroups.length)
        parts.push(
          `members of the group${auth.allowedGroups.length > 1 ? "s" : ""} ${list(auth.allowedGroups, "or")} at ${host}`,
        );
      return sentence([...parts, ...extra], `with their institutional account at ${host}`);
    }
    case "dummy":
      return sentence(extra.length ? extra : ["any user name"], "without a password (a development hub)");
    case "shared-password":
      return sentence(auth.allowAll ? ["any user name"] : extra, "with the workshop's password");
    case "anonymous":
      return sentence(["every visitor"], "without logging in, on a temporary server");
    default:
      return sentence(extra, `with ${(auth as { provider: string }).provider}`);
  }
}

function sentence(who: string[], how: string): string {
  const w = who.length > 0 ? list(who) : "only the admins";
  return `${w.charAt(0).toUpperCase()}${w.slice(1)}, ${how}.`;
}

export function communityCard(community: Community, cloud: Cloud): CommunityCard {
  const b = community.branding ?? {};
  const buckets: string[] = [];
  const s = community.storage.buckets;
  if (s.scratch) buckets.push(`scratch (objects expire after ${s.scratch.expireAfterDays} days)`);
  if (s.persistent) buckets.push("persistent");
  const gpu = community.profiles.some((p) => p.gpu);
  const features: Feature[] = [];
  if (gpu) features.push("gpu");
  if (community.features.dask) features.push("dask");
  if (buckets.length) features.push("buckets");
  return {
    name: community.name,
    displayName: community.displayName,
    description: community.description,
    logoUrl: webUrl(b.logoUrl),
    homepageUrl: webUrl(b.homepageUrl),
    fundedBy: link(b.fundedBy),
    operatedBy: link(b.operatedBy) ?? PLATFORM_OPERATOR,
    owners: community.owners,
    cluster: community.cluster,
    cloud,
    hubs: community.hubs.map((h) => ({ name: h.name, url: `https://${h.domain}/` })),
    login: {
      kind: community.auth.provider,
      words: loginInWords(community.auth),
      admins: community.auth.provider === "anonymous" ? [] : community.auth.admins,
    },
    machines: community.profiles.map((p) => ({
      name: p.displayName,
      size: profileSize(p),
      gpu: p.gpu ? `${p.gpu.count} × ${p.gpu.type}` : undefined,
      default: p.default,
    })),
    dask: community.features.dask,
    buckets,
    features,
  };
}

/** A profile's size in words: its cpu and memory (up to their limits), or its range of sizes. */
export function profileSize(p: Community["profiles"][number]): string {
  const shapes = profileShapes(p);
  const one = (s: (typeof shapes)[number]) => {
    const cpu =
      s.cpu.limit.cores === s.cpu.guarantee.cores
        ? `${s.cpu.limit.text}`
        : `${s.cpu.guarantee.text} to ${s.cpu.limit.text}`;
    const mem =
      s.memory.limit.bytes === s.memory.guarantee.bytes
        ? s.memory.limit.text
        : `${s.memory.guarantee.text} to ${s.memory.limit.text}`;
    return `${cpu} CPU, ${mem} memory`;
  };
  if (shapes.length === 1) return one(shapes[0]);
  return `${shapes.length} sizes, from ${one(shapes[0])} to ${one(shapes[shapes.length - 1])}`;
}

/** One card per community of a (valid) network, by display name. */
export function networkCards(network: Network): CommunityCard[] {
  const cards: CommunityCard[] = [];
  for (const { config } of network.communities.values()) {
    const cloud = network.clusters.get(config.cluster)?.config.cloud;
    if (cloud) cards.push(communityCard(config, cloud));
  }
  return cards.sort((a, b) => a.displayName.localeCompare(b.displayName) || a.name.localeCompare(b.name));
}
