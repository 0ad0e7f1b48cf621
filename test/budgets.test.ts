/**
 * Budget alerts on a network of our own: one community with a budget on a GKE, an EKS and an AKS
 * cluster, rendered by the real programs under mocks. Each gets its cloud's budget, watching the
 * community's label or tag, with the four thresholds, to the community's and the operators' e-mails;
 * a community without a budget, or on a GKE cluster without a billing account, gets none.
 */

import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { planNetwork, type RecordedResource, type StackPlan, summarizeStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { networkTree } from "./support/network-tree";

const common = (domain: string) => `
    domain: ${domain}
    certificateEmail: ops@example.org
    operators: { github: [ops-person] }
    operatorEmails: [ops@example.org, Finance@example.org]
    tags: { cost-center: research }`;
const pools = (core: string, user: string) => `
    nodePools:
      core: { machineType: ${core}, min: 1, max: 2 }
      user: [{ name: small, machineType: ${user}, min: 0, max: 5 }]`;
const CLUSTERS = {
  gke: `config:
  hubnet:cluster:
    cloud: gcp
    project: budget-project
    region: us-central1
    zone: us-central1-b
    billingAccount: 0A1B2C-3D4E5F-6A7B8C${pools("n2-highmem-2", "n2-highmem-4")}${common("gke.example.org")}
`,
  "gke-nobilling": `config:
  hubnet:cluster:
    cloud: gcp
    project: budget-project2
    region: us-central1
    zone: us-central1-b${pools("n2-highmem-2", "n2-highmem-4")}${common("gke2.example.org").replace(/\n.*operatorEmails.*/, "")}
`,
  eks: `config:
  hubnet:cluster:
    cloud: aws
    account: "123456789012"
    region: us-east-1${pools("r6i.large", "r6i.xlarge")}${common("eks.example.org")}
`,
  aks: `config:
  hubnet:cluster:
    cloud: azure
    subscriptionId: 3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f
    location: eastus
    resourceGroup: rg-budgets${pools("Standard_E4s_v5", "Standard_E4s_v5")}${common("aks.example.org")}
    storage: { home: { kind: azure-files, capacity: 1Ti, backups: false } }
`,
};

const community = (name: string, cluster: string, budget?: Record<string, unknown>) => ({
  name,
  displayName: name,
  owners: ["someone"],
  cluster,
  hubs: [{ name: "prod", domain: `${name}.${cluster === "gke-nobilling" ? "gke2" : cluster}.example.org` }],
  auth: { provider: "github", orgs: ["org"], clientId: "id" },
  image: { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" },
  profiles: [{ name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true }],
  ...(budget ? { budget } : {}),
});

const BUDGET = { monthlyUsd: 1234.5, alertEmails: ["lead@uni.example.edu", "ops@example.org"] };
let plans = new Map<string, StackPlan>();
let root = "";

beforeAll(async () => {
  root = networkTree(
    [
      community("on-gke", "gke", BUDGET),
      community("on-eks", "eks", BUDGET),
      community("on-aks", "aks", BUDGET),
      community("no-budget", "gke"),
      community("no-billing", "gke-nobilling", { monthlyUsd: 50 }),
      community("on-local", "local-dev", { monthlyUsd: 10 }),
      community("crowded", "gke", {
        monthlyUsd: 10,
        alertEmails: ["a@x.org", "b@x.org", "c@x.org", "d@x.org"],
      }),
    ],
    Object.fromEntries(Object.entries(CLUSTERS)),
  );
  const result = await planNetwork({
    root,
    communities: ["on-gke", "on-eks", "on-aks", "no-budget", "no-billing", "crowded"],
  });
  expect(result.problems).toEqual([]);
  plans = new Map(result.communities.map((p) => [p.stack, p]));
}, 300_000);

const ofType = (stack: string, type: string): RecordedResource[] =>
  plans.get(stack)?.resources.filter((r) => r.type === type) ?? [];
// Alert e-mails first, then the operators', each address once (ops@ is in both).
const RECIPIENTS = ["lead@uni.example.edu", "ops@example.org", "Finance@example.org"];

describe("a community's budget alert on its cluster's cloud", () => {
  it("GCP: a Cloud Billing budget in the cluster's billing account, on its project, by the community's label", () => {
    const [budget] = ofType("on-gke", "gcp:billing/budget:Budget");
    expect(budget.inputs).toMatchObject({
      billingAccount: "0A1B2C-3D4E5F-6A7B8C",
      displayName: "hubnet-gke-on-gke",
      budgetFilter: {
        projects: ["projects/123456789"], // the project number (the mock getProject answers 123456789)
        labels: { "hubnet-community": "on-gke" },
        calendarPeriod: "MONTH",
      },
      amount: { specifiedAmount: { currencyCode: "USD", units: "1234", nanos: 500_000_000 } },
      thresholdRules: [
        { thresholdPercent: 0.5, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 0.9, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1, spendBasis: "CURRENT_SPEND" },
        { thresholdPercent: 1, spendBasis: "FORECASTED_SPEND" },
      ],
    });
    const channels = ofType("on-gke", "gcp:monitoring/notificationChannel:NotificationChannel");
    expect(channels.map((c) => (c.inputs.labels as Record<string, string>).email_address)).toEqual(
      RECIPIENTS,
    );
    expect(
      (budget.inputs.allUpdatesRule as { monitoringNotificationChannels: unknown[] })
        .monitoringNotificationChannels,
    ).toHaveLength(3);
  });

  it("AWS: an AWS Budgets cost budget filtered by the community's cost-allocation tag", () => {
    const [budget] = ofType("on-eks", "aws:budgets/budget:Budget");
    expect(budget.inputs).toMatchObject({
      accountId: "123456789012",
      name: "hubnet-eks-on-eks",
      budgetType: "COST",
      limitAmount: "1234.50",
      limitUnit: "USD",
      timeUnit: "MONTHLY",
      costFilters: [{ name: "TagKeyValue", values: ["user:hubnet-community$on-eks"] }],
      tags: { "hubnet-cluster": "eks", "hubnet-community": "on-eks", "cost-center": "research" },
    });
    const notes = budget.inputs.notifications as Record<string, unknown>[];
    expect(notes.map((n) => [n.threshold, n.notificationType, n.thresholdType])).toEqual([
      [50, "ACTUAL", "PERCENTAGE"],
      [90, "ACTUAL", "PERCENTAGE"],
      [100, "ACTUAL", "PERCENTAGE"],
      [100, "FORECASTED", "PERCENTAGE"],
    ]);
    for (const n of notes) expect(n.subscriberEmailAddresses).toEqual(RECIPIENTS);
  });

  it("Azure: a Cost Management budget on the cluster's resource group, filtered by the community's tag", () => {
    const [budget] = ofType("on-aks", "azure-native:consumption:Budget");
    expect(budget.inputs).toMatchObject({
      budgetName: "hubnet-aks-on-aks",
      scope: "/subscriptions/3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f/resourceGroups/rg-budgets",
      amount: 1234.5,
      category: "Cost",
      timeGrain: "Monthly",
      filter: { tags: { name: "hubnet-community", operator: "In", values: ["on-aks"] } },
    });
    const notes = Object.values(budget.inputs.notifications as Record<string, Record<string, unknown>>);
    expect(notes.map((n) => `${n.thresholdType} ${n.threshold}`).sort()).toEqual([
      "Actual 100",
      "Actual 50",
      "Actual 90",
      "Forecasted 100",
    ]);
    for (const n of notes) expect(n.contactEmails).toEqual(RECIPIENTS);
  });

  it("each budget is created through the community's explicit cloud provider", () => {
    for (const [stack, type, provider] of [
      ["on-gke", "gcp:billing/budget:Budget", "pulumi:providers:gcp"],
      ["on-eks", "aws:budgets/budget:Budget", "pulumi:providers:aws"],
      ["on-aks", "azure-native:consumption:Budget", "pulumi:providers:azure-native"],
    ]) {
      const [budget] = ofType(stack, type);
      const [p] = ofType(stack, provider);
      expect(budget.provider, stack).toBe(p.urn);
    }
  });

  it("GCP notifies at most 5 addresses: the community's first, then the operators'", () => {
    const channels = ofType("crowded", "gcp:monitoring/notificationChannel:NotificationChannel");
    expect(channels.map((c) => (c.inputs.labels as Record<string, string>).email_address)).toEqual([
      "a@x.org",
      "b@x.org",
      "c@x.org",
      "d@x.org",
      "ops@example.org",
    ]);
  });

  it("no budget: none is created; a GKE cluster without a billing account: none either", () => {
    for (const stack of ["no-budget", "no-billing"]) {
      expect(ofType(stack, "gcp:billing/budget:Budget"), stack).toEqual([]);
      expect(ofType(stack, "gcp:monitoring/notificationChannel:NotificationChannel"), stack).toEqual([]);
    }
  });

  it("the plan's estimate of each community carries its budget, and compares the estimate with it", () => {
    for (const stack of ["on-gke", "on-eks", "on-aks"]) {
      const cost = summarizeStack(plans.get(stack) as StackPlan).cost;
      expect(cost.budget, stack).toMatchObject({ monthlyUsd: 1234.5, exceeded: false });
      expect(cost.budget?.estimateUsd).toBeGreaterThan(0);
    }
    expect(summarizeStack(plans.get("no-budget") as StackPlan).cost.budget).toBeUndefined();
  });
});

describe("hubnet validate's warnings about budgets", () => {
  it("a budget on a GKE cluster without a billing account, on a local cluster, one nobody would receive, one with too many recipients", () => {
    const warnings = loadNetwork(root).warnings.map(
      (w) => `${path.basename(path.dirname(w.file ?? ""))}: ${w.path}: ${w.message}`,
    );
    expect(warnings).toEqual([
      'crowded: budget: gcp budgets e-mail at most 5 addresses: with the operators of cluster "gke" this budget has 6, and the last 1 would not be told (use a mailing list)',
      `no-billing: budget: cluster "gke-nobilling" has no billingAccount: no budget alert can be created for this community until the cluster's file (${path.join(root, "stacks/cluster/Pulumi.gke-nobilling.yaml")}) names the project's billing account`,
      'no-billing: budget: nobody receives this budget\'s alerts: add alertEmails here, or operatorEmails to cluster "gke-nobilling"',
      'on-local: budget: cluster "local-dev" is a local cluster: it has no cloud bill, so no budget alert is created (the budget still bounds plan estimates)',
    ]);
  });
});
