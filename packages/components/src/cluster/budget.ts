/**
 * What a community's budget alert is, whatever its cloud: the thresholds, who is told, the name,
 * and which of the community's costs it watches (its attribution label or tag). Each cloud's
 * `CommunityCloud.createBudget` spells it in that cloud's budget service (GCP Cloud Billing budgets,
 * AWS Budgets, Azure Cost Management budgets). Pure functions, called by tests directly.
 */
import { ATTRIBUTION, fitName } from "./naming";

/** When an alert is sent: a share of the monthly amount, spent already or forecast to be spent. */
export interface BudgetThreshold {
  percent: number;
  basis: "actual" | "forecast";
}

/** 50%, 90% and 100% spent, and 100% forecast: early enough to act, late enough not to cry wolf. */
export const BUDGET_THRESHOLDS: readonly BudgetThreshold[] = [
  { percent: 50, basis: "actual" },
  { percent: 90, basis: "actual" },
  { percent: 100, basis: "actual" },
  { percent: 100, basis: "forecast" },
];

/** What each cloud's budget needs to know. */
export interface BudgetArgs {
  /** The cluster the community's hubs run on. Required. */
  cluster: string;
  /** The community the budget watches (its `hubnet-community` label or tag). Required. */
  community: string;
  /** The monthly amount, in US dollars. Required. */
  monthlyUsd: number;
  /** Who is told (`budgetRecipients`): the community's alert e-mails, then the platform operators. Required. */
  recipients: string[];
  /** Cost-attribution tags of the budget itself, where the cloud's budget takes tags (AWS). Required. */
  tags: Record<string, string>;
}

/** The community's alert e-mails, then the cluster's operators, each once (case-insensitive), in that order. */
export function budgetRecipients(
  alertEmails: readonly string[],
  operatorEmails: readonly string[],
): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of [...alertEmails, ...operatorEmails]) {
    const key = e.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** The budget's name: `hubnet-<cluster>-<community>`, within `max` characters (each cloud's limit). */
export function budgetName(cluster: string, community: string, max = 100): string {
  return fitName(`hubnet-${cluster}-${community}`, max, [cluster, community]);
}

/** The label or tag a budget filters the bill by: the community's attribution. */
export function budgetFilterTag(community: string): { key: string; value: string } {
  return { key: ATTRIBUTION.community, value: community };
}

/** Whole dollars and nanos, as Google's Money type has them. */
export function moneyOf(usd: number): { units: string; nanos: number } {
  const cents = Math.round(usd * 100);
  return { units: String(Math.floor(cents / 100)), nanos: (cents % 100) * 10_000_000 };
}

/** The most e-mail recipients each cloud's budget notifies (`hubnet validate` warns beyond them). */
export { MAX_BUDGET_RECIPIENTS } from "@hubnet/config";
