/**
 * Warnings about a community's budget on its cluster: whether the alert it asks for can be created,
 * and whether anyone would receive it. Warnings, not errors: the hubs deploy either way.
 */
import type { Cluster } from "../clouds";
import { at, type Loaded } from "../loaded";
import type { Problem } from "../problems";
import type { Community } from "../schema/community";

export function checkBudgetAlerts(
  clusters: Map<string, Loaded<Cluster>>,
  communities: Map<string, Loaded<Community>>,
): Problem[] {
  const warnings: Problem[] = [];
  for (const c of communities.values()) {
    const budget = c.config.budget;
    const cluster = clusters.get(c.config.cluster);
    if (!budget || !cluster) continue;
    const where = { ...at(c, ["budget"]), path: "budget" };
    const cfg = cluster.config;
    if (cfg.cloud === "local" || cfg.cloud === "existing") {
      warnings.push({
        ...where,
        message: `cluster "${c.config.cluster}" is ${cfg.cloud === "local" ? "a local cluster: it has no cloud bill" : "an existing cluster: hubnet holds no cloud account there"}, so no budget alert is created (the budget still bounds plan estimates)`,
      });
      continue;
    }
    if (cfg.cloud === "gcp" && !cfg.billingAccount) {
      warnings.push({
        ...where,
        message: `cluster "${c.config.cluster}" has no billingAccount: no budget alert can be created for this community until the cluster's file (${cluster.file}) names the project's billing account`,
      });
    }
    if (budget.alertEmails.length === 0 && cfg.operatorEmails.length === 0) {
      warnings.push({
        ...where,
        message: `nobody receives this budget's alerts: add alertEmails here, or operatorEmails to cluster "${c.config.cluster}"`,
      });
    }
  }
  return warnings;
}
