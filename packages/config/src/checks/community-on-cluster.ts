/**
 * What a community's auth and storage ask of its cluster: workshop logins (shared passwords,
 * anonymous users) only with short-lived servers off local clusters, shared directories only on
 * shared home storage, and platform operators able to prove who they are on CILogon hubs.
 */
import type { Cluster } from "../clouds";
import { at, type Loaded } from "../loaded";
import { formatPath, type PathSegment, type Problem } from "../problems";
import type { Community } from "../schema/community";
import { CILOGON_GITHUB_IDP, CILOGON_GOOGLE_IDP } from "../schema/community-auth";

/**
 * The longest `maxAge` of a hub anyone can log in to with a shared password, or anonymously, off a
 * local cluster: a workshop day. Past it, every server is stopped, so a leaked password or an open
 * hub cannot run machines for long.
 */
export const WORKSHOP_MAX_AGE_SECONDS = 8 * 3600;

/** Whether hubs of this cluster keep homes on one share (so shared directories can exist). */
export function homesOnOneShare(cluster: Cluster): boolean {
  if (cluster.cloud === "local") return false;
  if (cluster.cloud === "existing") return cluster.storage.home.kind !== "perUserClaims";
  return true;
}

export function checkCommunityOnItsCluster(c: Loaded<Community>, cluster: Cluster): Problem[] {
  const problems: Problem[] = [];
  const cfg = c.config;
  const report = (p: PathSegment[], message: string) =>
    problems.push({ ...at(c, p), path: formatPath(p), message });
  const provider = cfg.auth.provider;

  if ((provider === "shared-password" || provider === "anonymous") && cluster.cloud !== "local") {
    const what = provider === "shared-password" ? "a shared password" : "no login at all";
    const culling = cfg.features.culling;
    if (!culling.enabled) {
      report(
        ["features", "culling", "enabled"],
        `${provider} auth (${what}) needs culling on a cluster reachable from the internet: remove enabled: false`,
      );
    } else if (culling.maxAge.seconds > WORKSHOP_MAX_AGE_SECONDS) {
      report(
        ["features", "culling", "maxAge"],
        `${provider} auth (${what}) needs servers stopped within 8h; maxAge is ${culling.maxAge.text}: set maxAge to 8h or less`,
      );
    }
    if (provider === "anonymous" && cfg.storage.homes) {
      report(
        ["auth", "provider"],
        "anonymous users get a new random name at every visit, so their homes would pile up unreachable on the share: set storage.homes: false",
      );
    }
  }

  if (!homesOnOneShare(cluster)) {
    cfg.storage.sharedDirectories.forEach((_, i) => {
      report(
        ["storage", "sharedDirectories", i],
        `cluster "${cfg.cluster}" keeps each home on its own volume, so hubs there have no shared directories: remove it, or move to a cluster with shared home storage`,
      );
    });
  }

  if (cfg.auth.provider === "cilogon") {
    const idps = cfg.auth.identityProviders;
    const needs: [string, string[], string, string][] = [
      [
        CILOGON_GITHUB_IDP,
        cluster.operators.github,
        "preferred_username",
        "GitHub provider by their GitHub handle, which is its preferred_username claim",
      ],
      [CILOGON_GOOGLE_IDP, cluster.operators.google, "email", "Google provider by their e-mail address"],
    ];
    for (const [entity, operators, claim, how] of needs) {
      const i = idps.findIndex((p) => p.entityId === entity);
      if (operators.length > 0 && i >= 0 && idps[i].usernameClaim !== claim) {
        report(
          ["auth", "identityProviders", i, "usernameClaim"],
          `the platform operators of cluster "${cfg.cluster}" log in through CILogon's ${how}: set usernameClaim: ${claim}`,
        );
      }
    }
  }
  return problems;
}
