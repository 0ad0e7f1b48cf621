/**
 * Checks of `auth` that need only the community file: every provider says who it admits (opening a
 * provider to all its users is written `allowAll: true`, never implied), CILogon providers' listed
 * users cannot be claimed through another provider, and groups are used only where the provider
 * gives groups.
 */
import { at, type Loaded } from "../loaded";
import { formatPath, type PathSegment, type Problem } from "../problems";
import type { Community } from "../schema/community";
import { CILOGON_GITHUB_IDP, CILOGON_GOOGLE_IDP } from "../schema/community-auth";

/** Providers whose users come with groups (GitHub teams, OIDC and CILogon group claims). */
export const PROVIDERS_WITH_GROUPS = ["github", "cilogon", "oidc"] as const;

/** Claims whose values are `user@domain`, so they never equal a GitHub handle or a plain user name. */
const SCOPED_CLAIMS = ["email", "eppn"];

export function checkAuth(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const report = (p: PathSegment[], message: string) =>
    problems.push({ ...at(c, p), path: formatPath(p), message });
  const auth = c.config.auth;
  switch (auth.provider) {
    case "github":
      if (auth.orgs.length + auth.teams.length + auth.allowedUsers.length === 0)
        report(["auth"], "nobody but the admins could log in: list orgs, teams or allowedUsers");
      break;
    case "google":
      if (!auth.allowAll && auth.allowedUsers.length === 0)
        report(
          ["auth"],
          auth.domains.length > 0
            ? `nobody but the admins could log in: add allowAll: true to admit every account of ${auth.domains.join(", ")}, or list allowedUsers`
            : "nobody but the admins could log in: list allowedUsers, or add allowAll: true to admit every Google account (with domains to limit it)",
        );
      break;
    case "oidc":
      if (
        !auth.allowAll &&
        auth.allowedUsers.length + auth.allowedGroups.length + auth.allowedScopes.length === 0
      )
        report(
          ["auth"],
          "nobody but the admins could log in: list allowedGroups, allowedScopes or allowedUsers, or add allowAll: true",
        );
      break;
    case "shared-password":
      if (!auth.allowAll && auth.allowedUsers.length === 0)
        report(
          ["auth"],
          "nobody but the admins could log in: add allowAll: true to let any name in with the password, or list allowedUsers",
        );
      break;
    case "cilogon":
      problems.push(...checkCilogon(c));
      break;
    case "anonymous":
    case "dummy":
      // Every visitor (anonymous), or any user name (dummy, when allowedUsers is empty): what they are.
      break;
  }
  return problems;
}

/**
 * The user names one CILogon identity provider can give, as CILogonOAuthenticator makes them
 * (oauthenticator 17.4.0, oauthenticator/cilogon.py `_get_processed_username`: the claim's value,
 * `<prefix>:<value>` with `action: prefix`), lower-cased as JupyterHub's `normalize_username` does
 * (jupyterhub 5.5.0, jupyterhub/auth.py). `kind` is the shape of the claim's values: `email`
 * (`user@domain`, never a ":"), `github` (a GitHub handle: letters, digits and dashes), or `any`
 * (an opaque `sub` or `preferred_username`: any text, ":" included).
 */
export interface NameSpace {
  prefix?: string;
  kind: "email" | "github" | "any";
}

export function nameSpaceOf(idp: {
  entityId: string;
  usernameClaim: string;
  usernamePrefix?: string;
}): NameSpace {
  const kind = SCOPED_CLAIMS.includes(idp.usernameClaim)
    ? "email"
    : idp.entityId === CILOGON_GITHUB_IDP && idp.usernameClaim === "preferred_username"
      ? "github"
      : "any";
  return { prefix: idp.usernamePrefix, kind };
}

const KIND_RE: Record<NameSpace["kind"], RegExp> = {
  email: /^[^@:\s]+@[^@:\s]+$/,
  github: /^[a-z0-9-]+$/,
  any: /^.+$/s,
};

/** Whether a provider of this name space could give a user `name`. */
export function canName(space: NameSpace, name: string): boolean {
  let rest = name.toLowerCase();
  if (space.prefix) {
    if (!rest.startsWith(`${space.prefix}:`)) return false;
    rest = rest.slice(space.prefix.length + 1);
  }
  return KIND_RE[space.kind].test(rest);
}

/** Whether some name could be given by providers of both name spaces (so two identities share it). */
export function nameSpacesOverlap(a: NameSpace, b: NameSpace): boolean {
  // Only `any` values hold ":", so only they can spell another provider's `<prefix>:<name>`.
  if (a.prefix && b.prefix) return a.prefix === b.prefix && kindsOverlap(a.kind, b.kind);
  if (a.prefix || b.prefix) return (a.prefix ? b.kind : a.kind) === "any";
  return kindsOverlap(a.kind, b.kind);
}

function kindsOverlap(a: NameSpace["kind"], b: NameSpace["kind"]): boolean {
  // A GitHub handle holds no "@"; every other pair shares some name.
  return !((a === "email" && b === "github") || (a === "github" && b === "email"));
}

/** The domains a provider admits (`allowedDomains`, fnmatch patterns as OAuthenticator reads them). */
function domainsOverlap(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return true; // one admits every domain
  const wild = (d: string) => /[*?[]/.test(d);
  const fnmatch = (pattern: string, text: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|\\]/g, "\\$&")
        .replace(/\*/g, ".*")
        .replace(/\?/g, ".")}$`,
      "i",
    ).test(text);
  return a.some((x) =>
    b.some(
      (y) => (wild(x) && wild(y)) || x.toLowerCase() === y.toLowerCase() || fnmatch(x, y) || fnmatch(y, x),
    ),
  );
}

/** The operators' providers hubnet adds to CILogon hubs (components hub/auth.ts cilogonIdps), with their prefixes. */
export const CILOGON_OPERATOR_IDPS = [
  { entityId: CILOGON_GITHUB_IDP, usernameClaim: "preferred_username", usernamePrefix: "github" },
  { entityId: CILOGON_GOOGLE_IDP, usernameClaim: "email", usernamePrefix: "google" },
] as const;

function checkCilogon(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const report = (p: PathSegment[], message: string) =>
    problems.push({ ...at(c, p), path: formatPath(p), message });
  const auth = c.config.auth;
  if (auth.provider !== "cilogon") return problems;
  const idps = auth.identityProviders;
  const spaces = idps.map(nameSpaceOf);
  const label = (i: number) => `identityProviders[${i}] (${idps[i].entityId})`;
  const seen = new Map<string, number>();
  idps.forEach((idp, i) => {
    const p = ["auth", "identityProviders", i];
    const first = seen.get(idp.entityId);
    if (first !== undefined)
      report([...p, "entityId"], `${idp.entityId} is already identityProviders[${first}]`);
    else seen.set(idp.entityId, i);
    // A provider with no rule admits only the admins it names ("Google only for admins").
    const servesAdmins = auth.admins.some((a) => canName(spaces[i], a));
    if (!idp.allowAll && idp.allowedDomains.length === 0 && idp.allowedUsers.length === 0 && !servesAdmins) {
      report(
        p,
        `identityProviders[${i}] (${idp.entityId}) has no rule, so it would admit nobody (only the hub's admins): write allowAll: true to admit all its users, or list allowedDomains or allowedUsers`,
      );
    }
    if (idp.allowAll && idp.allowedDomains.length > 0) {
      report(
        [...p, "allowAll"],
        "allowAll admits every user of this provider, whatever allowedDomains says: keep one of them",
      );
    }
    idp.allowedUsers.forEach((u, j) => {
      if (!canName(spaces[i], u) && spaces[i].kind === "email" && !u.includes("@"))
        report(
          [...p, "allowedUsers", j],
          `"${u}" is not a name this provider gives: its user names are ${idp.usernameClaim} addresses (user@domain)`,
        );
      else if (!canName(spaces[i], u))
        report(
          [...p, "allowedUsers", j],
          `"${u}" is not a name this provider gives: ${describeSpace(spaces[i])}`,
        );
    });
    // A name listed for this provider is a user name; another provider that could derive the same name
    // would let its own user in under it (OAuthenticator keeps one allowed_users list for all providers).
    idp.allowedUsers.forEach((u, j) => {
      const other = idps.findIndex((_, k) => k !== i && canName(spaces[k], u));
      if (other >= 0 && canName(spaces[i], u)) {
        report(
          [...p, "allowedUsers", j],
          `"${u}" could also be a user of ${label(other)}, who would then be let in: give one of the two providers a usernamePrefix so their names differ`,
        );
      }
    });
    // Two providers that both admit by rule, with names in common: one's user logs in as the other's.
    for (let k = 0; k < i; k++) {
      const o = idps[k];
      const opens = (x: typeof idp) => x.allowAll || x.allowedDomains.length > 0;
      if (
        opens(idp) &&
        opens(o) &&
        nameSpacesOverlap(spaces[i], spaces[k]) &&
        domainsOverlap(idp.allowAll ? [] : idp.allowedDomains, o.allowAll ? [] : o.allowedDomains)
      )
        report(
          p,
          `identityProviders[${i}] and ${label(k)} both admit users by rule and can give the same user names, so a user of one would log in to the account of a user of the other: give one of them a usernamePrefix`,
        );
    }
    // The platform's operators are admins through CILogon's own GitHub and Google providers: under the
    // names the community's entry for that provider gives, or github:<handle> and google:<address>
    // when hubnet adds the provider for them. No other provider may give those names.
    for (const op of CILOGON_OPERATOR_IDPS) {
      if (idp.entityId === op.entityId) continue;
      const listed = idps.find((x) => x.entityId === op.entityId);
      const opSpace = nameSpaceOf(listed ?? op);
      if (nameSpacesOverlap(spaces[i], opSpace))
        report(
          p,
          `identityProviders[${i}] (${idp.entityId}) could give the names ${opSpace.prefix ? `${opSpace.prefix}:<name>` : `that ${op.entityId} gives`}, under which the platform's operators are admins (through ${op.entityId}): ${idp.usernamePrefix && idp.usernamePrefix === opSpace.prefix ? "choose another usernamePrefix" : "give it a usernamePrefix"}`,
        );
    }
  });
  // Names of the hub (its allowedUsers and admins): each must be one identity's.
  const named: [PathSegment[], string, string][] = [
    ...auth.allowedUsers.map((u, j): [PathSegment[], string, string] => [
      ["auth", "allowedUsers", j],
      u,
      "let in",
    ]),
    ...auth.admins.map((u, j): [PathSegment[], string, string] => [["auth", "admins", j], u, "an admin"]),
  ];
  for (const [where, u, what] of named) {
    const givers = idps.flatMap((_, k) => (canName(spaces[k], u) ? [k] : []));
    if (givers.length >= 2)
      report(
        where,
        `"${u}" could be a user of ${label(givers[0])} and of ${label(givers[1])}: both would be ${what} as "${u.toLowerCase()}"; give one of the two providers a usernamePrefix and write the name with it`,
      );
    else if (givers.length === 0)
      report(
        where,
        `"${u}" is a name none of the identity providers gives (${idps.map((_, k) => describeSpace(spaces[k])).join("; ")}): write it as its provider makes it`,
      );
  }
  if (auth.defaultIdentityProvider !== undefined && !seen.has(auth.defaultIdentityProvider)) {
    report(
      ["auth", "defaultIdentityProvider"],
      `"${auth.defaultIdentityProvider}" is not one of identityProviders (${[...seen.keys()].join(", ")})`,
    );
  }
  return problems;
}

function describeSpace(s: NameSpace): string {
  const shape = { email: "user@domain addresses", github: "GitHub handles", any: "any text" }[s.kind];
  return s.prefix
    ? `its user names are ${s.prefix}:<name>, the name ${shape}`
    : `its user names are ${shape}`;
}

/** Every group a community names: in profiles and shared directories, with where. */
export function groupsNamed(c: Community): { path: PathSegment[]; group: string }[] {
  const out: { path: PathSegment[]; group: string }[] = [];
  c.profiles.forEach((p, i) => {
    p.allowedGroups.forEach((g, j) => {
      out.push({ path: ["profiles", i, "allowedGroups", j], group: g });
    });
  });
  c.storage.sharedDirectories.forEach((d, i) => {
    for (const k of ["read", "write"] as const) {
      const a = d[k];
      if (typeof a === "object")
        a.groups.forEach((g, j) => {
          out.push({ path: ["storage", "sharedDirectories", i, k, "groups", j], group: g });
        });
    }
  });
  return out;
}

export function checkGroups(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const provider = c.config.auth.provider;
  const named = groupsNamed(c.config);
  if (named.length === 0) return problems;
  if (!(PROVIDERS_WITH_GROUPS as readonly string[]).includes(provider)) {
    const first = named[0];
    problems.push({
      ...at(c, first.path),
      path: formatPath(first.path),
      message: `${provider} auth gives users no groups, so no one would be a member of "${first.group}": use github (teams), cilogon or oidc, or remove the groups`,
    });
    return problems;
  }
  if (provider === "github") {
    for (const { path, group } of named) {
      if (!/^[^:\s]+:[^:\s]+$/.test(group))
        problems.push({
          ...at(c, path),
          path: formatPath(path),
          message: `GitHub groups are teams, written org:team-slug; "${group}" is not`,
        });
    }
  }
  return problems;
}
