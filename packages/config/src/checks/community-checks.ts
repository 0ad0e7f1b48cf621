/** Checks that need only the community file itself. */
import { at, type Loaded } from "../loaded";
import { EXEMPTABLE_POLICIES, isExemptable, POLICY_NAMES, policyInfo } from "../policy-catalog";
import { didYouMean, type Problem } from "../problems";
import type { Community } from "../schema/community";

export function checkCommunityFile(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const cfg = c.config;

  const seenHub = new Map<string, number>();
  cfg.hubs.forEach((h, i) => {
    const first = seenHub.get(h.name);
    if (first !== undefined) {
      problems.push({
        ...at(c, ["hubs", i, "name"]),
        path: `hubs[${i}].name`,
        message: `hub name "${h.name}" is already used by hubs[${first}]: hub names are unique within a community`,
      });
    } else seenHub.set(h.name, i);
  });

  const seenProfile = new Map<string, number>();
  cfg.profiles.forEach((p, i) => {
    const first = seenProfile.get(p.name);
    if (first !== undefined) {
      problems.push({
        ...at(c, ["profiles", i, "name"]),
        path: `profiles[${i}].name`,
        message: `profile name "${p.name}" is already used by profiles[${first}]`,
      });
    } else seenProfile.set(p.name, i);
    if (p.images) {
      const defaults = p.images.filter((img) => img.default).length;
      if (defaults > 1) {
        problems.push({
          ...at(c, ["profiles", i, "images"]),
          path: `profiles[${i}].images`,
          message: "at most one image choice may be the default",
        });
      }
    }
  });

  const defaults = cfg.profiles.map((p, i) => (p.default ? i : -1)).filter((i) => i >= 0);
  if (defaults.length === 0) {
    problems.push({
      ...at(c, ["profiles"]),
      path: "profiles",
      message: "no profile is the default: add `default: true` to exactly one profile",
    });
  } else if (defaults.length > 1) {
    for (const i of defaults.slice(1)) {
      problems.push({
        ...at(c, ["profiles", i, "default"]),
        path: `profiles[${i}].default`,
        message: `profiles[${defaults[0]}] is already the default: exactly one profile has \`default: true\``,
      });
    }
  }

  const culling = cfg.features.culling;
  if (culling.enabled && culling.maxAge.seconds < culling.idleTimeout.seconds) {
    problems.push({
      ...at(c, ["features", "culling", "maxAge"]),
      path: "features.culling.maxAge",
      message: `maxAge (${culling.maxAge.text}) is shorter than idleTimeout (${culling.idleTimeout.text}): make maxAge at least as long`,
    });
  }

  const auth = cfg.auth;
  const hasRule =
    auth.allowedUsers.length > 0 ||
    (auth.provider === "github" && (auth.orgs.length > 0 || auth.teams.length > 0)) ||
    (auth.provider === "google" && auth.domains.length > 0) ||
    (auth.provider === "oidc" && auth.allowedGroups.length > 0) ||
    (auth.provider === "cilogon" && auth.identityProviders.some((i) => i.allowedDomains.length > 0)) ||
    auth.provider === "dummy";
  if (!hasRule) {
    problems.push({
      ...at(c, ["auth"]),
      path: "auth",
      message:
        "nobody but the admins could log in: add allowedUsers or a provider rule (orgs, teams, domains, allowedGroups, an identity provider's allowedDomains)",
    });
  }
  problems.push(...checkPolicyExceptions(c));
  return problems;
}

/**
 * `policyExceptions`: each names a policy a community may be exempted from (an advisory one that
 * looks at community stacks), once. Mandatory policies have no exceptions.
 */
export function checkPolicyExceptions(c: Loaded<Community>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, number>();
  c.config.policyExceptions.forEach((e, i) => {
    const here = { ...at(c, ["policyExceptions", i, "policy"]), path: `policyExceptions[${i}].policy` };
    const info = policyInfo(e.policy);
    const allowed = `policies a community may be exempted from: ${EXEMPTABLE_POLICIES.join(", ")}`;
    if (!info) {
      const suggestion = didYouMean(e.policy, POLICY_NAMES);
      problems.push({
        ...here,
        message: `no policy named "${e.policy}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (${allowed})`,
      });
    } else if (info.level === "mandatory") {
      problems.push({
        ...here,
        message: `"${e.policy}" is mandatory and mandatory policies have no exceptions: change the file so the hub passes it, and remove this entry (${allowed})`,
      });
    } else if (!isExemptable(info)) {
      problems.push({
        ...here,
        message: `"${e.policy}" looks at cluster stacks only, so a community cannot be exempted from it (${allowed})`,
      });
    }
    const first = seen.get(e.policy);
    if (first !== undefined) {
      problems.push({
        ...here,
        message: `policyExceptions[${first}] already names "${e.policy}": one entry per policy`,
      });
    } else seen.set(e.policy, i);
  });
  return problems;
}
