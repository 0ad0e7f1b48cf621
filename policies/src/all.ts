/**
 * Every hubnet policy, built with a context, and the exceptions communities hold. This module builds
 * no pack and starts no server: the pack (../index.ts), `hubnet policy` and the tests all take the
 * policies from here.
 */
import { isExemptable, POLICY_CATALOG, policyInfo } from "@hubnet/config";
import type { ReportViolation, ResourceValidation, StackValidation } from "@pulumi/policy";
import { communityOfUrn, NO_CONTEXT, type PolicyContext } from "./context";
import { type HubnetPolicy, isStackPolicy } from "./define";
import { accessPolicies } from "./policies/access";
import { clusterPolicies } from "./policies/clusters";
import { costLabelPolicies } from "./policies/cost-labels";
import { hubSettingsPolicies } from "./policies/hub-settings";
import { networkPolicies } from "./policies/network";
import { storagePolicies } from "./policies/storage";
import { userPodPolicies } from "./policies/user-pods";

/** Every policy, in the catalog's order. */
export function hubnetPolicies(ctx: PolicyContext = NO_CONTEXT): HubnetPolicy[] {
  const all = [
    ...storagePolicies(ctx),
    ...userPodPolicies(ctx),
    ...hubSettingsPolicies(ctx),
    ...networkPolicies(ctx),
    ...accessPolicies(ctx),
    ...clusterPolicies(ctx),
    ...costLabelPolicies(ctx),
  ];
  const order = new Map(POLICY_CATALOG.map((p, i) => [p.name as string, i]));
  return all.sort((a, b) => (order.get(a.name) ?? 999) - (order.get(b.name) ?? 999));
}

/** The reason a community's file gives for being exempted from `policy`, if it is (and may be). */
export function exceptionFor(ctx: PolicyContext, urn: string, policy: string): string | undefined {
  const info = policyInfo(policy);
  if (!info || !isExemptable(info)) return undefined;
  return communityOfUrn(ctx, urn)?.config.policyExceptions?.find((e) => e.policy === policy)?.reason;
}

/**
 * The policies as the pack serves them: a violation of an advisory policy a community is exempted
 * from is not reported for that community's stack (`hubnet policy` and `hubnet diff` show it as
 * excepted, with the reason). Mandatory policies are never wrapped.
 */
export function withExceptions(policies: HubnetPolicy[], ctx: PolicyContext): HubnetPolicy[] {
  return policies.map((p) => {
    const info = policyInfo(p.name);
    if (!info || !isExemptable(info)) return p;
    const filter =
      (report: ReportViolation, fallbackUrn?: string): ReportViolation =>
      (message, urn) => {
        const at = urn ?? fallbackUrn;
        if (at && exceptionFor(ctx, at, p.name) !== undefined) return;
        report(message, urn);
      };
    if (isStackPolicy(p)) {
      const inner = p.validateStack;
      const validateStack: StackValidation = (args, report) =>
        inner(args, filter(report, args.resources[0]?.urn));
      return { ...p, validateStack };
    }
    const wrap = (v: ResourceValidation): ResourceValidation => {
      const wrapped: ResourceValidation = (args, report) => v(args, filter(report, args.urn));
      // Keep the resource type validateResourceOfType attaches, which the policy server filters on.
      const typed = v as { __pulumiType?: string };
      if (typed.__pulumiType) (wrapped as { __pulumiType?: string }).__pulumiType = typed.__pulumiType;
      return wrapped;
    };
    const v = p.validateResource;
    return { ...p, validateResource: v === undefined ? undefined : Array.isArray(v) ? v.map(wrap) : wrap(v) };
  });
}
