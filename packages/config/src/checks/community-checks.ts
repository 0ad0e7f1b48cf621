/** Checks that need only the community file itself. */
import { at, type Loaded } from "../loaded";
import type { Problem } from "../problems";
import type { Community } from "../schema/community";
import { scalarText } from "../yaml-source";
import { checkAuth, checkGroups } from "./community-auth";
import { checkServers } from "./community-servers";
import { checkDaskImages } from "./dask-images";
import { checkPolicyExceptions } from "./policy-exceptions";

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

  problems.push(...checkAuth(c), ...checkGroups(c), ...checkServers(c), ...checkPolicyExceptions(c));
  problems.push(...checkBudgetSpelling(c), ...checkDaskImages(c));
  return problems;
}

/**
 * A budget is written as a plain number of dollars: `1e3` is a valid YAML number, but a reviewer
 * reading a pull request should not have to work out what it means.
 */
export function checkBudgetSpelling(c: Loaded<Community>): Problem[] {
  if (!c.config.budget) return [];
  const text = scalarText(c.source, [...c.base, "budget", "monthlyUsd"]);
  if (text === undefined || !/[eE]/.test(text)) return [];
  return [
    {
      ...at(c, ["budget", "monthlyUsd"]),
      path: "budget.monthlyUsd",
      message: `write the budget as a plain number of US dollars, such as ${Math.round(c.config.budget.monthlyUsd)}, not ${text.trim()} (no exponent notation)`,
    },
  ];
}
