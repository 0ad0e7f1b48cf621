import { describe, expect, it } from "vitest";
import { indexAddress, refreshTable, releasesInIndex } from "../src/upstream/refresh";
import { supportsMinor, upstreamReport } from "../src/upstream/report";
import {
  compareVersions,
  endOfLifeOf,
  type ReleaseTable,
  readReleaseTable,
  tagDate,
} from "../src/upstream/table";

const day = (d: string) => new Date(`${d}T00:00:00Z`);

function table(over: Partial<ReleaseTable["charts"][string]> = {}): ReleaseTable {
  return {
    refreshed: "2026-12-01",
    charts: {
      hub: {
        project: "Hub chart",
        repository: "https://example.org/hub",
        issues: "https://example.org/hub/issues",
        index: "https://charts.example.org/index.yaml",
        releases: [{ version: "4.4.0", date: "2026-06-10" }],
        endOfLife: [],
        source: "test",
        ...over,
      },
    },
    images: {
      "quay.io/jupyter/": {
        project: "Docker Stacks",
        repository: "https://example.org/ds",
        issues: "https://example.org/ds/issues",
        tagDates: "YYYY-MM-DD",
        source: "test",
      },
    },
  };
}

const pin = { chart: "jupyterhub", version: "4.4.0", kubernetes: { min: "1.30", max: "1.35" } };
const installed = [
  { kind: "community" as const, stack: "physics", cluster: "eks", chart: "jupyterhub", version: "4.4.0" },
  { kind: "community" as const, stack: "bio", cluster: "eks", chart: "jupyterhub", version: "4.4.0" },
];

function report(
  t: ReleaseTable,
  clusters = [{ name: "eks", cloud: "aws" as const, kubernetesVersion: "1.34" }],
  today = "2026-12-08",
) {
  return upstreamReport({ pins: { hub: pin }, table: t, installed, clusters, images: [], today: day(today) });
}

describe("upstream report", () => {
  it("a pin that is the newest release, in support, on a cluster it supports, is current and passes", () => {
    const r = report(table());
    expect(r.charts[0]).toMatchObject({
      status: "current",
      clusters: ["eks"],
      communities: ["bio", "physics"],
    });
    expect(r.failures).toEqual([]);
  });

  it("a newer stable release makes the pin behind (a warning, not a failure); a pre-release does not", () => {
    const r = report(
      table({
        releases: [
          { version: "4.4.0" },
          { version: "4.5.0", date: "2026-11-01" },
          { version: "5.0.0-beta.1" },
        ],
      }),
    );
    expect(r.charts[0]?.status).toBe("behind");
    expect(r.charts[0]?.newest).toBe("4.5.0");
    expect(r.charts[0]?.reasons.join()).toMatch(/4\.5\.0 \(2026-11-01\) is newer than the pinned 4\.4\.0/);
    expect(r.failures).toEqual([]);
  });

  it("a pin past its series' end of life fails, with the date; before that day it does not", () => {
    const t = table({ endOfLife: [{ series: "4.4", date: "2026-12-01" }] });
    expect(report(t).failures).toEqual([
      expect.stringMatching(/hub \(jupyterhub 4\.4\.0\): .*end of life on 2026-12-01/),
    ]);
    expect(report(t, undefined, "2026-11-30").failures).toEqual([]);
  });

  it("a cluster on a Kubernetes minor outside the pin's range fails, naming the cluster", () => {
    const r = report(table(), [{ name: "eks", cloud: "aws", kubernetesVersion: "1.36" }]);
    expect(r.charts[0]?.status).toBe("unsupported-kubernetes");
    expect(r.failures).toEqual([
      expect.stringMatching(/cluster eks runs Kubernetes 1\.36, outside jupyterhub 4\.4\.0's 1\.30–1\.35/),
    ]);
  });

  it("a cluster that does not install the pin is not held against it", () => {
    const r = upstreamReport({
      pins: { hub: pin },
      table: table(),
      installed: [],
      clusters: [{ name: "eks", cloud: "aws", kubernetesVersion: "1.36" }],
      images: [],
      today: day("2026-12-08"),
    });
    expect(r.failures).toEqual([]);
    expect(r.charts[0]?.clusters).toEqual([]);
  });

  it("a pin without facts is unknown and says where to add them", () => {
    const t = table();
    t.charts = {};
    expect(report(t).charts[0]).toMatchObject({ status: "unknown" });
    expect(report(t).charts[0]?.reasons[0]).toMatch(/releases\.json/);
  });

  it("images: build dates from the family's tag format, age in days, who runs them; unknown families say so", () => {
    const r = upstreamReport({
      pins: {},
      table: table(),
      installed: [],
      clusters: [],
      images: [
        { image: "quay.io/jupyter/scipy-notebook:2025-11-03", community: "b" },
        { image: "quay.io/jupyter/scipy-notebook:2025-11-03", community: "a" },
        { image: "quay.io/jupyter/pytorch-notebook:cuda12-2025-11-03", community: "a" },
        { image: "ghcr.io/x/y:latest", community: "c" },
      ],
      today: day("2025-11-13"),
    });
    expect(r.images.map((i) => [i.image, i.built, i.ageDays, i.communities])).toEqual([
      ["ghcr.io/x/y:latest", undefined, undefined, ["c"]],
      ["quay.io/jupyter/pytorch-notebook:cuda12-2025-11-03", "2025-11-03", 10, ["a"]],
      ["quay.io/jupyter/scipy-notebook:2025-11-03", "2025-11-03", 10, ["a", "b"]],
    ]);
    expect(r.images[0]?.note).toMatch(/not in the release table/);
  });
});

describe("release table", () => {
  it("the checkout's table reads, and has facts for every chart pin", async () => {
    const { CHARTS } = await import("@hubnet/components/versions");
    const t = readReleaseTable();
    for (const [name, p] of Object.entries(CHARTS)) {
      expect(t.charts[name], name).toBeDefined();
      expect(
        t.charts[name]?.releases.map((r) => r.version),
        name,
      ).toContain(p.version);
    }
  });

  it("versions compare numerically, a pre-release before its release; series match by prefix", () => {
    expect(compareVersions("4.10.0", "4.9.1")).toBeGreaterThan(0);
    expect(compareVersions("v1.21.1", "v1.21.1")).toBe(0);
    expect(compareVersions("5.0.0-beta.1", "5.0.0")).toBeLessThan(0);
    const facts = table({ endOfLife: [{ series: "v1.9", date: "2027-02-14" }] }).charts.hub;
    expect(facts && endOfLifeOf(facts, "v1.9.0")).toBe("2027-02-14");
    expect(facts && endOfLifeOf(facts, "v1.90.0")).toBeUndefined();
    expect(supportsMinor({ min: "1.9" }, "1.10")).toBe(true);
  });

  it("tag dates: only a real date at the tag's end counts", () => {
    expect(tagDate("cuda12-2025-11-03", "YYYY-MM-DD")).toBe("2025-11-03");
    expect(tagDate("2025.10.21", "YYYY.MM.DD")).toBe("2025-10-21");
    expect(tagDate("2025-13-45", "YYYY-MM-DD")).toBeUndefined();
    expect(tagDate("4.4.2", "YYYY.MM.DD")).toBeUndefined();
  });
});

describe("refresh", () => {
  const index = [
    "apiVersion: v1",
    "entries:",
    "  jupyterhub:",
    "  - { version: 4.5.0, created: '2026-11-01T10:00:00Z' }",
    "  - { version: 4.4.0, created: '2026-06-10T09:00:00Z' }",
    "  - { version: 5.0.0-beta.1, created: '2026-11-20T10:00:00Z' }",
    "  - { version: 4.3.0-0.dev.git.1.h1, created: '2026-01-01T00:00:00Z' }",
  ].join("\n");

  it("reads stable releases with their dates, newest first", () => {
    expect(releasesInIndex(index, "jupyterhub")).toEqual([
      { version: "4.5.0", date: "2026-11-01" },
      { version: "4.4.0", date: "2026-06-10" },
    ]);
    expect(() => releasesInIndex(index, "other")).toThrow(/no entries for chart "other"/);
  });

  it("a mirror serves <host>/<path>", () => {
    expect(indexAddress("https://hub.jupyter.org/helm-chart/index.yaml", "http://127.0.0.1:9/m/")).toBe(
      "http://127.0.0.1:9/m/hub.jupyter.org/helm-chart/index.yaml",
    );
  });

  it("records new releases and keeps the pinned one; an unreadable index is a failure of that pin alone", async () => {
    const t = table();
    t.charts.other = {
      ...(t.charts.hub as ReleaseTable["charts"][string]),
      index: "https://other.example.org/index.yaml",
    };
    t.charts.oci = { ...(t.charts.hub as ReleaseTable["charts"][string]), index: undefined };
    const fetchImpl = (async (url: string) =>
      url.includes("other")
        ? new Response("nope", { status: 404 })
        : new Response(index)) as unknown as typeof fetch;
    const r = await refreshTable({ table: t, pins: { hub: pin }, today: day("2026-12-08"), fetchImpl });
    expect(r.table.charts.hub?.releases.map((x) => x.version)).toEqual(["4.5.0", "4.4.0"]);
    expect(r.refreshed).toEqual([{ pin: "hub", newest: "4.5.0", added: ["4.5.0"] }]);
    expect(r.failed).toEqual([{ pin: "other", reason: expect.stringMatching(/HTTP 404/) }]);
    expect(r.byHand).toEqual(["oci"]);
    expect(r.table.refreshed).toBe("2026-12-08");
  });
});
