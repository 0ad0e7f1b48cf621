/**
 * Every provider's facts table (./facts.ts), in one list: Kubernetes and random, shared by every
 * cloud, then each cloud's own (the `facts` of its module in CLOUD_CONFIGS; a test checks the two
 * lists agree). The one place hubnet knows which types hold user data, are clusters or buckets,
 * and when a provider replaces a resource (decision 0022). A small module without schemas:
 * @hubnet/plan's diff and summary import it as `@hubnet/config/src/clouds/resource-facts`.
 */
import { AWS_FACTS } from "./aws-facts";
import { AZURE_FACTS } from "./azure-facts";
import {
  factsIn,
  type Holds,
  labelFieldsIn,
  type ProviderFacts,
  providerIn,
  type TypeFacts,
  typesHolding,
} from "./facts";
import { GCP_FACTS } from "./gcp-facts";
import { KUBERNETES_FACTS, RANDOM_FACTS } from "./kubernetes-facts";

export { AWS_TYPES } from "./aws-facts";
export { AZURE_TYPES } from "./azure-facts";
export type { Contains, Holds, NoShrink, ProviderFacts, TypeFacts } from "./facts";
export { GCP_TYPES } from "./gcp-facts";
export { KUBERNETES_TYPES } from "./kubernetes-facts";

export const RESOURCE_FACTS: readonly ProviderFacts[] = [
  KUBERNETES_FACTS,
  RANDOM_FACTS,
  GCP_FACTS,
  AWS_FACTS,
  AZURE_FACTS,
];

/** A type's facts (its own row and its provider's every-type fields), or undefined for a type no table knows. */
export const resourceFacts = (type: string): TypeFacts | undefined => factsIn(RESOURCE_FACTS, type);

/** The facts table of the provider a type, or a `pulumi:providers:<package>` type, belongs to. */
export const providerFacts = (type: string): ProviderFacts | undefined => providerIn(RESOURCE_FACTS, type);

/** Every type that holds one of `holds`, over every provider's table. */
export const typesThatHold = (...holds: Holds[]): string[] => typesHolding(RESOURCE_FACTS, ...holds);

/** Where each labelled type keeps its cost-attribution labels (the `labels` facts). */
export const LABEL_FIELDS: Readonly<Record<string, readonly string[]>> = labelFieldsIn(RESOURCE_FACTS);

/** The most e-mail recipients a budget alert notifies, per cloud (the `budgetRecipients` facts). */
export const MAX_BUDGET_RECIPIENTS = {
  gcp: GCP_FACTS.budgetRecipients?.max ?? 0,
  aws: AWS_FACTS.budgetRecipients?.max ?? 0,
  azure: AZURE_FACTS.budgetRecipients?.max ?? 0,
} as const;
