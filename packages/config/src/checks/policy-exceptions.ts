/** `policyExceptions` of a community file, against the policy catalog. */
import { at, type Loaded } from "../loaded";
import { EXEMPTABLE_POLICIES, isExemptable, POLICY_NAMES, policyInfo } from "../policy-catalog";
import { didYouMean, type Problem } from "../problems";
import type { Community } from "../schema/community";

/**
 * Each entry names a policy a community may be exempted from (an advisory one that looks at
 * community stacks), once. Mandatory policies have no exceptions.
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
