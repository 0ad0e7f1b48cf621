import { describe, expect, it } from "vitest";
import { leftOpenRanges, queries } from "../src/usage/queries";
import { hubCost, monthOf, usageReport } from "../src/usage/report";

describe("usage report", () => {
  it("months: by name, or the last whole month; a malformed name is undefined", () => {
    expect(monthOf("2026-02", new Date())).toMatchObject({ name: "2026-02", days: 28, hours: 672 });
    expect(monthOf(undefined, new Date("2026-01-15T00:00:00Z"))?.name).toBe("2025-12");
    expect(monthOf("2026-13", new Date())).toBeUndefined();
    expect(monthOf("26-01", new Date())).toBeUndefined();
  });

  it("the window holds the points of (t - month, t] on Prometheus 2 and 3 alike", () => {
    expect(leftOpenRanges("3.5.0")).toBe(true);
    expect(leftOpenRanges("2.42.0+ds")).toBe(false);
    expect(queries.serverHours(744, true)).toContain("[744h:5m]");
    expect(queries.serverHours(744, false)).toContain("[44635m:5m]");
  });

  it("cost: server hours at the default price, GPU server hours at the GPU profile's; unpriced stays unpriced", () => {
    const u = {
      community: "c",
      hub: "h",
      namespace: "c-h",
      cluster: "k",
      activeUsers: 1,
      serverHours: 100,
      peakServers: 2,
      gpuHours: 10,
      daily: [],
    };
    expect(hubCost(u, { defaultHourlyUsd: 0.1, gpuHourlyUsd: 1.1 })).toBeCloseTo(100 * 0.1 + 10 * 1.0, 6);
    expect(hubCost(u, { defaultHourlyUsd: 0.1 })).toBeCloseTo(10, 6);
    expect(hubCost(u, {})).toBeUndefined();
  });

  it("a community sums its hubs, names the ones without metrics, and compares the estimate with its budget", () => {
    const month = monthOf("2026-10", new Date());
    if (!month) throw new Error("month");
    const m = (serverHours: number) => ({
      activeUsers: 5,
      serverHours,
      peakServers: 3,
      gpuHours: 0,
      daily: new Array(31).fill(serverHours / 31),
    });
    const r = usageReport({
      month,
      hubs: [
        { community: "a", hub: "prod", namespace: "a-prod", cluster: "k" },
        { community: "a", hub: "staging", namespace: "a-staging", cluster: "k" },
        { community: "b", hub: "prod", namespace: "b-prod", cluster: "k" },
      ],
      measured: new Map([["a-prod", m(310)]]),
      prices: new Map([["a-prod", { defaultHourlyUsd: 0.5 }]]),
      communities: new Map([["a", { budgetUsd: 100, alwaysOnMonthlyUsd: 10 }]]),
    });
    const a = r.communities[0];
    expect(a).toMatchObject({
      community: "a",
      serverHours: 310,
      missing: ["staging"],
      estimatedUsd: 165,
      budgetUsd: 100,
      budgetShare: 1.65,
    });
    expect(a?.daily[0]).toBeCloseTo(10, 6);
    expect(r.communities[1]).toMatchObject({ community: "b", missing: ["prod"], serverHours: 0 });
    expect(r.network).toMatchObject({ communities: 2, serverHours: 310, budgetUsd: 100 });
  });
});
