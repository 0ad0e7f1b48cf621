/** Cost attribution and budget decisions: the pure functions of cluster/naming.ts and cluster/budget.ts. */
import { describe, expect, it } from "vitest";
import { BUDGET_THRESHOLDS, budgetName, budgetRecipients, moneyOf } from "../src/cluster/budget";
import {
  ATTRIBUTION,
  awsTags,
  azureTags,
  clusterTags,
  communityTags,
  gcpLabels,
  hubLabels,
  hubTags,
} from "../src/cluster/naming";

describe("attribution keys", () => {
  it("cluster, community and hub tags add up, and hubnet's keys win over the cluster's own tags", () => {
    const extra = { "cost-center": "edu", "hubnet-cluster": "spoofed" };
    expect(clusterTags("c", extra)).toEqual({ "cost-center": "edu", "hubnet-cluster": "c" });
    expect(communityTags("c", "k", extra)).toEqual({
      "cost-center": "edu",
      "hubnet-cluster": "c",
      "hubnet-community": "k",
    });
    expect(hubTags("c", "k", "prod", { ...extra, "hubnet-hub": "x" })).toEqual({
      "cost-center": "edu",
      "hubnet-cluster": "c",
      "hubnet-community": "k",
      "hubnet-hub": "prod",
    });
    expect(hubLabels("c", "k", "prod")).toEqual({
      [ATTRIBUTION.cluster]: "c",
      [ATTRIBUTION.community]: "k",
      [ATTRIBUTION.hub]: "prod",
    });
  });

  it("GCP labels: lower case, [a-z0-9_-], at most 63 characters, keys starting with a letter", () => {
    const long = "x".repeat(80);
    expect(
      gcpLabels({ "Cost.Center": "Climate Research!", "9lives": "v", [long]: long, "": "dropped" }),
    ).toEqual({
      "cost-center": "climate-research-",
      lives: "v",
      ["x".repeat(63)]: "x".repeat(63),
    });
    for (const [k, v] of Object.entries(gcpLabels(hubTags("a-cluster", "A Community", "prod")))) {
      expect(k).toMatch(/^[a-z][a-z0-9_-]{0,62}$/);
      expect(v).toMatch(/^[a-z0-9_-]{0,63}$/);
    }
  });

  it("AWS and Azure tags keep their values within each cloud's limits", () => {
    expect(Object.values(awsTags({ k: "v".repeat(300) }))[0]).toHaveLength(256);
    expect(Object.keys(awsTags({ ["k".repeat(200)]: "v" }))[0]).toHaveLength(128);
    expect(azureTags({ "a/b?c": "v" })).toEqual({ "a-b-c": "v" });
  });
});

describe("budget decisions", () => {
  it("thresholds: 50, 90 and 100 percent spent, and 100 percent forecast", () => {
    expect(BUDGET_THRESHOLDS.map((t) => `${t.basis} ${t.percent}`)).toEqual([
      "actual 50",
      "actual 90",
      "actual 100",
      "forecast 100",
    ]);
  });

  it("recipients: the community's first, then the operators', each address once whatever its case", () => {
    expect(
      budgetRecipients(["pi@uni.edu", "Ops@Example.org"], ["ops@example.org", "fin@example.org"]),
    ).toEqual(["pi@uni.edu", "Ops@Example.org", "fin@example.org"]);
  });

  it("names fit each cloud's limit and stay distinct; money as whole dollars and nanos", () => {
    const a = budgetName("cluster", `${"c".repeat(70)}-one`, 60);
    const b = budgetName("cluster", `${"c".repeat(70)}-two`, 60);
    expect(a.length).toBeLessThanOrEqual(60);
    expect(a).not.toBe(b);
    expect(budgetName("gke", "physics-101")).toBe("hubnet-gke-physics-101");
    expect(moneyOf(1234.5)).toEqual({ units: "1234", nanos: 500_000_000 });
    expect(moneyOf(0.07)).toEqual({ units: "0", nanos: 70_000_000 });
  });
});
