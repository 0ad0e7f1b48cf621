/**
 * The data-loss guard's engine rules on rows of plans (decision 0022): provider changes replace what
 * they manage, containers carry what lives in them, clusters hold data, data hidden by a hub's
 * values is loss, shrinks the cloud refuses are errors. The mutation suite
 * (test/data-loss-mutations.test.ts) proves the same on rendered networks.
 */
import { describe, expect, it } from "vitest";
import { diffRows, diffText, type PlannedRow, providerUrn } from "../src/diff";

const URN = (type: string, name: string) => `urn:pulumi:s::hubnet-community::${type}::${name}`;
const row = (type: string, name: string, inputs: Record<string, unknown>, more: Partial<PlannedRow> = {}) =>
  ({
    urn: URN(type, name),
    type,
    name,
    parent: null,
    inputs,
    protect: false,
    retainOnDelete: false,
    ...more,
  }) as PlannedRow;

const k8s = (cluster: string, from = `urn:pulumi:s::p::pulumi:pulumi:StackReference::cluster-${cluster}`) =>
  row(
    "pulumi:providers:kubernetes",
    `${cluster}-k8s`,
    { kubeconfig: "[secret]" },
    { propertyDependencies: { kubeconfig: [from] } },
  );
const ns = (provider: PlannedRow) =>
  row(
    "kubernetes:core/v1:Namespace",
    "a-prod-ns",
    { metadata: { name: "a-prod" } },
    { provider: provider.urn, protect: true, retainOnDelete: true },
  );
const secret = (provider: PlannedRow, namespace = "a-prod") =>
  row(
    "kubernetes:core/v1:Secret",
    "a-prod-oauth",
    { metadata: { name: "oauth", namespace } },
    { provider: provider.urn },
  );
const claim = (provider: PlannedRow, storage = "1Gi") =>
  row(
    "kubernetes:core/v1:PersistentVolumeClaim",
    "a-prod-hub-db",
    { metadata: { name: "hub-db", namespace: "a-prod" }, spec: { resources: { requests: { storage } } } },
    { provider: provider.urn, protect: true, retainOnDelete: true },
  );

describe("provider changes", () => {
  it("a provider reference is its URN (an id after it is dropped)", () => {
    expect(providerUrn("urn:pulumi:s::p::pulumi:providers:aws::x::04da6b54")).toBe(
      "urn:pulumi:s::p::pulumi:providers:aws::x",
    );
    expect(providerUrn("urn:pulumi:s::p::pulumi:providers:aws::x")).toBe(
      "urn:pulumi:s::p::pulumi:providers:aws::x",
    );
  });

  it("another cluster's provider replaces every object it manages, claims included", () => {
    const [a, b] = [k8s("one"), k8s("two")];
    const d = diffRows([a, ns(a), claim(a)], [b, ns(b), claim(b)]);
    expect(d.changes.find((c) => c.name === "a-prod-hub-db")).toMatchObject({ op: "replace" });
    expect(d.dataLoss.map((l) => [l.kind, l.name])).toEqual([
      ["replace", "a-prod-ns"],
      ["replace", "a-prod-hub-db"],
    ]);
    expect(d.dataLoss[1].consequence).toContain(
      "provider one-k8s → two-k8s: its kubeconfig comes from another source",
    );
    expect(d.dataLoss[1].remedy).toContain("--allow-data-loss");
  });

  it("a provider renamed but pointing at the same cluster replaces nothing", () => {
    const from = "urn:pulumi:s::p::pulumi:pulumi:StackReference::cluster-one";
    const [a, b] = [k8s("one", from), k8s("uno", from)];
    expect(diffRows([a, ns(a)], [b, ns(b)]).dataLoss).toEqual([]);
  });

  it("a relocating setting of the same provider (a GCP project) replaces what it manages", () => {
    const gcp = (project: string) => row("pulumi:providers:gcp", "c-gcp", { project, region: "us-central1" });
    const share = (p: PlannedRow) =>
      row(
        "gcp:filestore/instance:Instance",
        "c-home",
        { tier: "BASIC_HDD" },
        { provider: p.urn, protect: true },
      );
    const [a, b] = [gcp("one"), gcp("two")];
    const d = diffRows([a, share(a)], [b, share(b)]);
    expect(d.dataLoss).toMatchObject([{ kind: "replace", name: "c-home" }]);
    expect(d.dataLoss[0].consequence).toContain('project "one" → "two"');
    // A setting that relocates nothing (labels) does not.
    const labelled = row("pulumi:providers:gcp", "c-gcp", {
      project: "one",
      region: "us-central1",
      defaultLabels: "{}",
    });
    expect(diffRows([a, share(a)], [labelled, share(labelled)]).dataLoss).toEqual([]);
  });
});

describe("containers", () => {
  it("a replaced namespace takes its objects; an object elsewhere stays", () => {
    const p = k8s("one");
    const other = {
      ...secret(p, "b-prod"),
      urn: URN("kubernetes:core/v1:Secret", "b-prod-oauth"),
      name: "b-prod-oauth",
    };
    const renamed = { ...ns(p), inputs: { metadata: { name: "a-production" } } };
    const d = diffRows([p, ns(p), secret(p), claim(p), other], [p, renamed, secret(p), claim(p), other]);
    expect(
      d.changes
        .filter((c) => c.op === "replace")
        .map((c) => c.name)
        .sort(),
    ).toEqual(["a-prod-hub-db", "a-prod-ns", "a-prod-oauth"]);
    expect(d.dataLoss.find((l) => l.name === "a-prod-hub-db")).toMatchObject({ kind: "carried" });
    expect(d.dataLoss.find((l) => l.name === "a-prod-hub-db")?.consequence).toContain("Namespace a-prod-ns");
  });

  it("a Helm release counts only for the data its chart owns (z2jh's sqlite-pvc claim)", () => {
    const release = (type: string) =>
      row("kubernetes:helm.sh/v3:Release", "a-prod-jupyterhub", {
        chart: "jupyterhub",
        values: { hub: { db: { type } } },
      });
    expect(diffRows([release("sqlite-pvc")], []).dataLoss[0].consequence).toContain("hub.db.type sqlite-pvc");
    expect(diffRows([release("other")], []).dataLoss).toEqual([]);
  });

  it("a replaced cluster holds data and takes everything reached through its kubeconfig", () => {
    const cluster = (range: string) =>
      row("gcp:container/cluster:Cluster", "c", {
        name: "c",
        privateClusterConfig: { masterIpv4CidrBlock: range },
      });
    const p = k8s("c", URN("gcp:container/cluster:Cluster", "c"));
    const d = diffRows([cluster("172.16.0.0/28"), p, ns(p)], [cluster("172.16.1.0/28"), p, ns(p)]);
    expect(d.dataLoss.map((l) => [l.kind, l.name])).toEqual([
      ["replace", "c"],
      ["carried", "a-prod-ns"],
    ]);
    expect(d.dataLoss[0].consequence).toContain("every hub on the cluster");
  });
});

describe("hidden data and refused changes", () => {
  const hub = (subPath: string, url = "sqlite:////srv/jupyterhub/jupyterhub.sqlite", type = "static") =>
    row("kubernetes:helm.sh/v3:Release", "a-prod-jupyterhub", {
      chart: "jupyterhub",
      values: {
        hub: { db: { type: "other", url } },
        singleuser: { storage: { type, static: { pvcName: "home-nfs", subPath: `a-prod/${subPath}` } } },
      },
    });

  it("a new home layout or database file hides the data; a profile change does not", () => {
    expect(diffRows([hub("{username}")], [hub("home-{username}")]).dataLoss).toMatchObject([
      { kind: "hidden", name: "a-prod-jupyterhub" },
    ]);
    expect(
      diffRows([hub("{username}")], [hub("{username}", "sqlite:////srv/jupyterhub/hub.sqlite")]).dataLoss[0]
        .consequence,
    ).toContain("the hub database");
    expect(
      diffRows([hub("{username}")], [hub("{username}", undefined, "none")]).dataLoss[0].consequence,
    ).toContain("no longer mounts it");
    const profiled = hub("{username}");
    (profiled.inputs.values as Record<string, unknown>).extra = { profileList: [] };
    expect(diffRows([hub("{username}")], [profiled]).dataLoss).toEqual([]);
  });

  it("a shrinking claim is refused by Kubernetes; a growing one is not; the text says what to do", () => {
    const p = k8s("one");
    expect(diffRows([claim(p)], [claim(p, "512Mi")]).refused).toMatchObject([
      { name: "a-prod-hub-db", path: "spec.resources.requests.storage", before: "1Gi", after: "512Mi" },
    ]);
    expect(diffRows([claim(p)], [claim(p, "2Gi")]).refused).toEqual([]);
  });

  it("the guard's message names what is lost and how to proceed", () => {
    const [a, b] = [k8s("one"), k8s("two")];
    const d = diffRows([a, claim(a)], [b, claim(b)]);
    const text = diffText({
      base: { ref: "main", commit: "a" },
      head: { ref: "HEAD", commit: "b" },
      from: "a",
      warnings: [],
      allowDataLoss: false,
      stacks: [
        {
          kind: "community",
          project: "hubnet-community",
          stack: "a",
          change: "changed",
          counts: { create: 0, delete: 0, replace: 1, update: 0, move: 0 },
          unchanged: 0,
          changes: d.changes,
          hubs: [],
          dataLoss: d.dataLoss,
          refused: [],
          notes: [],
          reports: [],
        },
      ],
    });
    expect(text).toContain("DATA LOSS: 1 change to resources holding user data:");
    expect(text).toContain(
      "would be replaced, and the data on it lost: its provider changes (provider one-k8s → two-k8s",
    );
    expect(text).toContain("To proceed: keep the provider's settings");
  });
});
