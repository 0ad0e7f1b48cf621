/**
 * Checks of `auth` that need only the community file: every provider says who it admits (opening a
 * provider to all its users is written `allowAll: true`, never implied), CILogon providers' listed
 * users cannot be claimed through another provider, and groups are used only where the provider
 * gives groups.
 */
import { at, type Loaded } from "../loaded";
import { formatPath, type PathSegment, type Problem } from "../problems";
import type { Community } from "../schema/community";
import { CILOGON_GITHUB_IDP } from "../schema/community-auth";

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

function checkCilogon(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const report = (p: PathSegment[], message: string) =>
    problems.push({ ...at(c, p), path: formatPath(p), message });
  const auth = c.config.auth;
  if (auth.provider !== "cilogon") return problems;
  const idps = auth.identityProviders;
  const seen = new Map<string, number>();
  idps.forEach((idp, i) => {
    const p = ["auth", "identityProviders", i];
    const first = seen.get(idp.entityId);
    if (first !== undefined)
      report([...p, "entityId"], `${idp.entityId} is already identityProviders[${first}]`);
    else seen.set(idp.entityId, i);
    if (!idp.allowAll && idp.allowedDomains.length === 0 && idp.allowedUsers.length === 0) {
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
    if (SCOPED_CLAIMS.includes(idp.usernameClaim)) {
      idp.allowedUsers.forEach((u, j) => {
        const name = idp.usernamePrefix ? u.replace(new RegExp(`^${idp.usernamePrefix}:`), "") : u;
        if (!name.includes("@"))
          report(
            [...p, "allowedUsers", j],
            `"${u}" is not a name this provider gives: its user names are ${idp.usernameClaim} addresses (user@domain)`,
          );
      });
    }
    // A name listed for this provider is a user name; another provider that could derive the same name
    // would let its own user in under it (OAuthenticator keeps one allowed_users list for all providers).
    idp.allowedUsers.forEach((u, j) => {
      const other = idps.findIndex((o, k) => k !== i && couldName(o, u));
      if (other >= 0 && couldName(idp, u)) {
        report(
          [...p, "allowedUsers", j],
          `"${u}" could also be a user of identityProviders[${other}] (${idps[other].entityId}), who would then be let in: give one of the two providers a usernamePrefix so their names differ`,
        );
      }
    });
  });
  if (auth.defaultIdentityProvider !== undefined && !seen.has(auth.defaultIdentityProvider)) {
    report(
      ["auth", "defaultIdentityProvider"],
      `"${auth.defaultIdentityProvider}" is not one of identityProviders (${[...seen.keys()].join(", ")})`,
    );
  }
  return problems;
}

/** Whether a CILogon provider could give a user this name (its prefix and the shape of its claim). */
function couldName(
  idp: { entityId: string; usernameClaim: string; usernamePrefix?: string },
  name: string,
): boolean {
  let rest = name;
  if (idp.usernamePrefix) {
    if (!name.startsWith(`${idp.usernamePrefix}:`)) return false;
    rest = name.slice(idp.usernamePrefix.length + 1);
  }
  // CILogon's GitHub provider gives GitHub handles as preferred_username: letters, digits and dashes.
  if (idp.entityId === CILOGON_GITHUB_IDP && idp.usernameClaim === "preferred_username")
    return /^[A-Za-z0-9-]+$/.test(rest);
  return SCOPED_CLAIMS.includes(idp.usernameClaim) ? rest.includes("@") : true;
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
