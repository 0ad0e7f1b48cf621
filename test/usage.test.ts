/**
 * `hubnet usage` against a real Prometheus holding a generated month of a hub's own metrics and
 * kube-state-metrics series: the figures it prints are what the samples say, computed here
 * directly from the samples, independently of PromQL.
 */

import { hubNamespace } from "@hubnet/components/naming";
import { loadNetwork } from "@hubnet/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyNetwork, hubnet } from "./support/cli";
import { type GeneratedSeries, type RunningPrometheus, startPrometheus } from "./support/prometheus";

const MONTH = "2026-10";
const START = Date.UTC(2026, 9, 1) / 1000;
const END = Date.UTC(2026, 10, 1) / 1000;
const STEP = 300;

/** Samples every 5 minutes from an hour before the month to an hour after it. */
function every5m(value: (t: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = START - 3600; t <= END + 3600; t += STEP) out.push([t, value(t)]);
  return out;
}
/** What "hours" means for a series sampled every 5 minutes: Σ over (from, to] of value × 5 min. */
function hoursOf(value: (t: number) => number, from = START, to = END): number {
  let sum = 0;
  for (let t = from + STEP; t <= to; t += STEP) sum += value(t);
  return (sum * STEP) / 3600;
}

const hourOfDay = (t: number) => new Date(t * 1000).getUTCHours();
/** prod: 3 servers from 09:00 to 17:00 every day; staging: one server for the first 10 days. */
const prodRunning = (t: number) => (hourOfDay(t) >= 9 && hourOfDay(t) < 17 ? 3 : 0);
const stagingRunning = (t: number) => (t < START + 10 * 86400 ? 1 : 0);
/** One GPU pod, running for the first 5 days and pending after. */
const gpuRunning = (t: number) => (t < START + 5 * 86400 ? 1 : 0);

describe("hubnet usage against a real Prometheus", () => {
  const root = copyNetwork();
  const network = loadNetwork(root);
  // The first community with two hubs reports; another community has no metrics at all.
  const communities = [...network.communities.values()].map((c) => c.config);
  const busy = communities.find((c) => c.hubs.length >= 2) ?? communities[0];
  const quiet = communities.find((c) => c.name !== busy?.name);
  if (!busy || !quiet) throw new Error("the test network needs two communities");
  const [prodHub, stagingHub] = [busy.hubs[0], busy.hubs[1] ?? busy.hubs[0]];
  if (!prodHub || !stagingHub) throw new Error("no hubs");
  const prodNs = hubNamespace(busy.name, prodHub.name);
  const stagingNs = hubNamespace(busy.name, stagingHub.name);
  let prom: RunningPrometheus;

  beforeAll(async () => {
    const series: GeneratedSeries[] = [
      {
        metric: "jupyterhub_running_servers",
        type: "gauge",
        labels: { namespace: prodNs, pod: "hub-0" },
        samples: every5m(prodRunning),
      },
      {
        metric: "jupyterhub_active_users",
        type: "gauge",
        labels: { namespace: prodNs, period: "30d" },
        samples: every5m((t) => (t < START + 20 * 86400 ? 30 : 42)),
      },
      {
        metric: "jupyterhub_active_users",
        type: "gauge",
        labels: { namespace: prodNs, period: "24h" },
        samples: every5m(() => 7),
      },
      {
        metric: "kube_pod_container_resource_requests",
        type: "gauge",
        labels: {
          namespace: prodNs,
          pod: "jupyter-gpu-user",
          container: "notebook",
          resource: "nvidia_com_gpu",
          unit: "integer",
        },
        samples: every5m(() => 1),
      },
      {
        metric: "kube_pod_status_phase",
        type: "gauge",
        labels: { namespace: prodNs, pod: "jupyter-gpu-user", phase: "Running" },
        samples: every5m(gpuRunning),
      },
      {
        metric: "kube_pod_status_phase",
        type: "gauge",
        labels: { namespace: prodNs, pod: "jupyter-gpu-user", phase: "Pending" },
        samples: every5m((t) => 1 - gpuRunning(t)),
      },
      // A namespace of no hub of the network is ignored.
      {
        metric: "jupyterhub_running_servers",
        type: "gauge",
        labels: { namespace: "not-a-hub" },
        samples: every5m(() => 99),
      },
    ];
    if (stagingNs !== prodNs)
      series.push({
        metric: "jupyterhub_running_servers",
        type: "gauge",
        labels: { namespace: stagingNs, pod: "hub-0" },
        samples: every5m(stagingRunning),
      });
    prom = await startPrometheus(series);
  }, 120_000);
  afterAll(async () => prom?.stop());

  it("server hours, peaks, GPU hours and active users are what the samples say; a hub without metrics is named", async () => {
    const r = await hubnet(["usage", "--json", "--root", root, "--prometheus", prom.url, "--month", MONTH], {
      timeout: 120_000,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.month.name).toBe(MONTH);
    const c = j.communities.find((x: { community: string }) => x.community === busy.name);
    const prod = c.hubs.find((h: { namespace: string }) => h.namespace === prodNs);
    expect(prod.serverHours).toBeCloseTo(hoursOf(prodRunning), 2);
    expect(prod.serverHours).toBeCloseTo(31 * 8 * 3, 2);
    expect(prod.peakServers).toBe(3);
    expect(prod.gpuHours).toBeCloseTo(hoursOf(gpuRunning), 2);
    expect(prod.activeUsers).toBe(42);
    // Daily server hours of prod: 24 every day.
    expect(prod.daily).toHaveLength(31);
    for (const d of prod.daily) expect(d).toBeCloseTo(24, 2);
    if (stagingNs !== prodNs) {
      const staging = c.hubs.find((h: { namespace: string }) => h.namespace === stagingNs);
      expect(staging.serverHours).toBeCloseTo(hoursOf(stagingRunning), 2);
      expect(staging.daily.slice(0, 9).every((d: number) => Math.abs(d - 24) < 0.01)).toBe(true);
      expect(staging.daily.slice(10).every((d: number) => d === 0)).toBe(true);
      expect(c.peakServers).toBe(4);
    }
    expect(c.serverHours).toBeCloseTo(
      c.hubs.reduce((s: number, h: { serverHours: number }) => s + h.serverHours, 0),
      1,
    );
    // Priced from the plan: the estimate is at least the server hours at a positive price.
    expect(c.estimatedUsd).toBeGreaterThan(0);
    const q = j.communities.find((x: { community: string }) => x.community === quiet.name);
    expect(q.missing).toEqual(quiet.hubs.map((h) => h.name));
    expect(q.serverHours).toBe(0);
    expect(j.network.serverHours).toBeCloseTo(
      j.communities.reduce((s: number, x: { serverHours: number }) => s + x.serverHours, 0),
      1,
    );
  }, 180_000);

  it("prints a table a person reads, names the hubs with no metrics, and states its assumptions", async () => {
    const r = await hubnet(["usage", "--root", root, "--prometheus", prom.url, "--month", MONTH], {
      timeout: 120_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^\\s+${busy.name}\\s+42\\s`, "m"));
    expect(r.stdout).toMatch(new RegExp(`${quiet.name}: no metrics for`));
    expect(r.stdout).toMatch(/Assumptions: /);
  }, 180_000);

  it("an unreachable Prometheus is a problem of that cluster (exit 1), not a crash; a bad --month is a usage error", async () => {
    const r = await hubnet(
      ["usage", "--root", root, "--prometheus", "http://127.0.0.1:1", "--month", MONTH],
      { timeout: 120_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Prometheus at http:\/\/127\.0\.0\.1:1: cannot reach it/);
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
    const bad = await hubnet(["usage", "--root", root, "--prometheus", prom.url, "--month", "2026-13"]);
    expect(bad.code).toBe(2);
    const cluster = await hubnet(["usage", "--root", root, "--prometheus", `nope=${prom.url}`]);
    expect(cluster.code).toBe(2);
    expect(cluster.stderr).toMatch(/names cluster "nope"/);
  }, 180_000);
});
