/**
 * What the catalog shows of each community, in plain words, from the same
 * config as everything else. Everything here is text; html.ts escapes it.
 */
import type { Cloud, Community, Network } from "@hubnet/config";

export const CLOUD_NAMES: Record<Cloud, string> = {
  gcp: "Google Cloud",
  aws: "AWS",
  azure: "Azure",
  local: "Local cluster",
};

/** Kinds of login, named for people choosing a hub. */
export const LOGIN_KINDS: Record<string, string> = {
  github: "GitHub",
  cilogon: "Institutional (CILogon)",
  google: "Google",
  oidc: "Institutional (OpenID Connect)",
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
  const extra = auth.allowedUsers.length > 0 ? [`the users ${list(auth.allowedUsers)}`] : [];
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
      for (const idp of auth.identityProviders)
        parts.push(
          idp.allowedDomains.length > 0
            ? `people from ${list(idp.allowedDomains, "or")} through ${idp.entityId}`
            : `everyone who logs in through ${idp.entityId}`,
        );
      return sentence([...parts, ...extra], "with their institution through CILogon");
    case "google":
      if (auth.domains.length) parts.push(`Google accounts of ${list(auth.domains, "or")}`);
      return sentence([...parts, ...extra], "with Google");
    case "oidc": {
      const host = new URL(auth.issuer).host;
      if (auth.allowedGroups.length)
        parts.push(
          `members of the group${auth.allowedGroups.length > 1 ? "s" : ""} ${list(auth.allowedGroups, "or")} at ${host}`,
        );
      return sentence([...parts, ...extra], `with their institutional account at ${host}`);
    }
    case "dummy":
      return sentence(extra.length ? extra : ["any user name"], "without a password (a development hub)");
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
      admins: community.auth.admins,
    },
    machines: community.profiles.map((p) => ({
      name: p.displayName,
      size: `${p.cpu.cores} CPU, ${p.memory.text} memory`,
      gpu: p.gpu ? `${p.gpu.count} × ${p.gpu.type}` : undefined,
      default: p.default,
    })),
    dask: community.features.dask,
    buckets,
    features,
  };
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
