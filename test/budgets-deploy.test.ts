/**
 * What each cloud's budget API accepts and reads back (issue 20), on a network of our own rendered by
 * the real programs: the Azure budget starts in the current month and keeps its start afterwards; the
 * GCP budget names its project by number, the form the Billing Budgets API returns.
 */
import { planNetwork, type RecordedResource, type StackPlan } from "@hubnet/plan";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { networkTree } from "./support/network-tree";

const common = (domain: string) => `
    domain: ${domain}
    certificateEmail: ops@example.org
    operators: { github: [ops-person] }
    operatorEmails: [ops@example.org]
    nodePools:
      core: { machineType: CORE, min: 1, max: 2 }
      user: [{ name: small, machineType: USER, min: 0, max: 5 }]`;
const CLUSTERS = {
  aks: `config:
  hubnet:cluster:
    cloud: azure
    subscriptionId: 3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f
    location: eastus${common("aks.example.org").replace("CORE", "Standard_E4s_v5").replace("USER", "Standard_E4s_v5")}
    storage: { home: { kind: azure-files, capacity: 1Ti, backups: false } }
`,
  gke: `config:
  hubnet:cluster:
    cloud: gcp
    project: budget-project
    region: us-central1
    zone: us-central1-b
    billingAccount: 0A1B2C-3D4E5F-6A7B8C${common("gke.example.org").replace("CORE", "n2-highmem-2").replace("USER", "n2-highmem-4")}
`,
};
const community = (name: string, cluster: string) => ({
  name,
  displayName: name,
  owners: ["someone"],
  cluster,
  hubs: [{ name: "prod", domain: `${name}.${cluster}.example.org` }],
  auth: { provider: "github", orgs: ["org"], clientId: "id" },
  image: { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" },
  profiles: [{ name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true }],
  budget: { monthlyUsd: 100, alertEmails: ["lead@uni.example.edu"] },
});

let plans = new Map<string, StackPlan>();
beforeAll(async () => {
  // A day well after any fixed start a program could carry: the budget must start this month.
  vi.useFakeTimers({ toFake: ["Date"], now: new Date("2031-07-19T15:00:00Z") });
  const root = networkTree([community("on-aks", "aks"), community("on-gke", "gke")], CLUSTERS);
  const result = await planNetwork({ root, communities: ["on-aks", "on-gke"] });
  expect(result.problems).toEqual([]);
  plans = new Map(result.communities.map((p) => [p.stack, p]));
}, 300_000);
afterAll(() => vi.useRealTimers());

const ofType = (stack: string, type: string): RecordedResource[] =>
  plans.get(stack)?.resources.filter((r) => r.type === type) ?? [];

describe("budgets the clouds accept", () => {
  it("Azure: the budget starts on the first of the current month and ignores later changes of its start", () => {
    const [budget] = ofType("on-aks", "azure-native:consumption:Budget");
    expect(budget.inputs.timePeriod).toEqual({ startDate: "2031-07-01T00:00:00Z" });
    // Next month the program computes a later start: the deploy must not try to move it.
    expect(budget.options?.ignoreChanges).toContain("timePeriod.startDate");
  });

  it("GCP: the budget filter names the project by number (projects/{number}), as the API reads it back", () => {
    const [budget] = ofType("on-gke", "gcp:billing/budget:Budget");
    const projects = (budget.inputs.budgetFilter as { projects: string[] }).projects;
    expect(projects).toHaveLength(1);
    expect(projects[0]).toMatch(/^projects\/[0-9]+$/);
  });
});
