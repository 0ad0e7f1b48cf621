/**
 * Warnings about a community's budget on its cluster: whether the alert it asks for can be created,
 * and whether anyone would receive it. Warnings, not errors: the hubs deploy either way.
 */
import type { Cluster } from "../clouds";
/**
 * The most e-mail recipients each cloud's budget notifies (GCP, Cloud Monitoring channels per budget;
 * AWS, subscribers per notification; Azure, contact e-mails per notification): each cloud's facts.
 */
import { MAX_BUDGET_RECIPIENTS } from "../clouds/resource-facts";
import { at, type Loaded } from "../loaded";
import type { Problem } from "../problems";
import type { Community } from "../schema/community";

export { MAX_BUDGET_RECIPIENTS };

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
    const recipients = new Set([...budget.alertEmails, ...cfg.operatorEmails].map((e) => e.toLowerCase()));
    const max = MAX_BUDGET_RECIPIENTS[cfg.cloud];
    if (recipients.size > max) {
      warnings.push({
        ...where,
        message: `${cfg.cloud} budgets e-mail at most ${max} addresses: with the operators of cluster "${c.config.cluster}" this budget has ${recipients.size}, and the last ${recipients.size - max} would not be told (use a mailing list)`,
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
