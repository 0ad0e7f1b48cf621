/** The dated Kubernetes support table and what `validate` says from it, on fixed days (never the clock). */
import { describe, expect, it } from "vitest";
import {
  checkDay,
  clusterMinors,
  KUBERNETES_RELEASES,
  kubernetesVersionVerdict,
  loadNetwork,
  parseDay,
  supportedReleases,
  WARN_DAYS,
} from "../src";
import { eksCluster } from "./fixtures";
import { clusterFile, REPO_ROOT, treesRemovedAfterAll } from "./helpers";

const day = (d: string) => new Date(`${d}T00:00:00Z`);
const tree = treesRemovedAfterAll();

describe("the table", () => {
  it.each(Object.entries(KUBERNETES_RELEASES))(
    "%s: minors in order, each released before its end",
    (_c, rows) => {
      const minors = rows.map((r) => Number(r.minor.split(".")[1]));
      expect(minors).toEqual([...minors].sort((a, b) => a - b));
      for (const r of rows) {
        expect(r.released < r.endOfStandardSupport).toBe(true);
        expect(r.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    },
  );
});

describe("EKS and AKS versions", () => {
  it("refuses a version past standard support, naming the date and the supported versions", () => {
    const v = kubernetesVersionVerdict("aws", "1.33", day("2026-11-26"));
    expect(v).toEqual({
      kind: "error",
      message:
        "Kubernetes 1.33 left EKS standard support on 2026-07-29: set kubernetesVersion to a supported version such as 1.36 (supported on 2026-11-26: 1.34 (until 2026-12-02), 1.35 (until 2027-03-27), 1.36 (until 2027-08-02))",
    });
    expect(kubernetesVersionVerdict("azure", "1.33", day("2026-11-26")).kind).toBe("error");
  });

  it(`warns from ${WARN_DAYS} days before the end, not a day earlier`, () => {
    // EKS 1.34: standard support ends 2026-12-02.
    expect(kubernetesVersionVerdict("aws", "1.34", day("2026-10-02")).kind).toBe("ok");
    const first = kubernetesVersionVerdict("aws", "1.34", day("2026-10-03"));
    expect(first.kind).toBe("warning");
    expect((first as { message: string }).message).toContain("2026-12-02 (in 60 days)");
    const last = kubernetesVersionVerdict("aws", "1.34", day("2026-12-02"));
    expect((last as { message: string }).message).toContain("(in 0 days): plan the upgrade to 1.36");
    expect(kubernetesVersionVerdict("aws", "1.34", day("2026-12-03")).kind).toBe("error");
  });

  it("refuses a version the cloud does not offer yet, or one the table does not know", () => {
    const early = kubernetesVersionVerdict("azure", "1.36", day("2026-06-01"));
    expect(early).toMatchObject({ kind: "error" });
    expect((early as { message: string }).message).toContain("not offered by AKS before 2026-06-30");
    const unknown = kubernetesVersionVerdict("aws", "1.39", day("2026-11-26"));
    expect((unknown as { message: string }).message).toContain(
      "Kubernetes 1.39 is not a version EKS supports in hubnet's table",
    );
  });
});

describe("GKE follows its release channel", () => {
  it("a GKE cluster may run any minor in standard support on that day; validate checks none", () => {
    expect(clusterMinors("gcp", undefined, day("2026-11-26"))).toEqual(["1.35", "1.36"]);
    expect(clusterMinors("aws", "1.35", day("2026-11-26"))).toEqual(["1.35"]);
    expect(clusterMinors("local", undefined, day("2026-11-26"))).toEqual([]);
    expect(supportedReleases("gcp", day("2026-09-01")).map((r) => r.minor)).toEqual(["1.34", "1.35", "1.36"]);
  });
});

describe("the day", () => {
  it("HUBNET_TODAY picks it when it is a real date; otherwise the clock", () => {
    expect(parseDay("2026-11-26")?.toISOString()).toBe("2026-11-26T00:00:00.000Z");
    for (const bad of ["2026-02-30", "26-11-2026", "tomorrow", "2026-11-26T10:00:00Z"])
      expect(parseDay(bad)).toBeUndefined();
    expect(checkDay({ HUBNET_TODAY: "2027-01-02" }).toISOString()).toBe("2027-01-02T00:00:00.000Z");
    const before = Date.now();
    const clock = checkDay({}).getTime();
    expect(clock).toBeGreaterThanOrEqual(before);
  });
});

describe("validate", () => {
  it("the example network's clusters are on supported versions on a fixed day", () => {
    const n = loadNetwork(REPO_ROOT, { today: day("2026-11-26") });
    expect(n.problems).toEqual([]);
    // Only the versions: a community's budget may rightly warn (a local cluster has no bill).
    expect(n.warnings.filter((w) => w.path === "config.hubnet:cluster.kubernetesVersion")).toEqual([]);
  });

  it("reports a warning at the version's position, and an error once past the end", () => {
    const root = tree({ [clusterFile("eks-fixture")]: eksCluster("1.34") });
    const soon = loadNetwork(root, { today: day("2026-11-26") });
    expect(soon.problems).toEqual([]);
    expect(soon.warnings).toHaveLength(1);
    expect(soon.warnings[0]).toMatchObject({
      file: expect.stringContaining("Pulumi.eks-fixture.yaml"),
      line: 6,
      col: 24,
      path: "config.hubnet:cluster.kubernetesVersion",
      message: expect.stringContaining("leaves EKS standard support on 2026-12-02 (in 6 days)"),
    });
    const late = loadNetwork(root, { today: day("2026-12-03") });
    expect(late.warnings).toEqual([]);
    expect(late.problems.map((p) => p.message)).toEqual([
      expect.stringContaining("left EKS standard support on 2026-12-02"),
    ]);
  });
});
