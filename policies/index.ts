/**
 * hubnet's policy pack: `pulumi preview --policy-pack policies` (and `pulumi up`) run it against a
 * stack's resources. The policies are in src/ (which builds no pack, so tests and `hubnet policy`
 * load them without starting a policy server); this file only serves them. Config files are read
 * from this checkout, to word messages in config terms and to honour communities' policyExceptions.
 * docs/platform/policies.md
 */
import * as path from "node:path";
import { PolicyPack } from "@pulumi/policy";
import { hubnetPolicies, treeContext, withExceptions } from "./src";

// The checkout whose files the stacks were rendered from: the stack programs' own default ($HUBNET_ROOT, else this one).
const context = treeContext(process.env.HUBNET_ROOT ?? path.resolve(__dirname, ".."));

new PolicyPack("hubnet", {
  description: "hubnet guardrails: isolation, data safety, bounded and attributable costs",
  policies: withExceptions(hubnetPolicies(context), context),
});
