/**
 * Chart values against the charts' own schemas (upstream oracles, merged over the chart defaults):
 * every dask-gateway release of the example network and cert-manager's values on every cloud. The
 * jupyterhub values have theirs in hub-network.test.ts.
 */
import { CLOUDS } from "@hubnet/config";
import { SECRET_PLACEHOLDER } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { certManagerValues } from "../src/baseline/values";
import { daskGatewayValues } from "../src/hub/dask";
import { CHARTS } from "../src/versions";
import { chartOracle } from "./support/chart-schema";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";
import { type Json, named, RELEASE } from "./support/resources";

const dask = () => chartOracle("dask-gateway", CHARTS.daskGateway.version);
const certManager = () => chartOracle("cert-manager", CHARTS.certManager.version);

const FIXTURE = {
  namespace: "c-h",
  apiToken: "token",
  workerPool: "dask",
  schedulerPool: "steady",
  serviceAccountName: "user",
  podLabels: { "hubnet-community": "c", "hubnet-hub": "h" },
  images: ["example.org/img:1", "example.org/gpu:1"],
  defaultImage: { name: "example.org/img", tag: "1" },
  pools: true,
};

describe("dask-gateway values", () => {
  it("the oracle is the pinned chart version and is live: the chart refuses keys it does not know", () => {
    expect(dask().dir).toBe(`dask-gateway-${CHARTS.daskGateway.version}`);
    // What hubnet wrote before 2026.3.0 was checked: pod labels where the chart has no such key.
    const old = daskGatewayValues(FIXTURE) as Json;
    old.gateway.backend.worker.extraPodLabels = FIXTURE.podLabels;
    const r = dask().validate(old);
    expect(r.ok).toBe(false);
    expect(r.errors.join("\n")).toContain("additionalProperty");
  });

  it("passes the schema for a cloud cluster and a local one", () => {
    for (const pools of [true, false]) {
      const r = dask().validate(daskGatewayValues({ ...FIXTURE, pools }));
      expect(r.errors).toEqual([]);
    }
  });

  it("runs workers on the user's image, as the hub's user, on the worker pool", () => {
    const v = daskGatewayValues(FIXTURE) as Json;
    for (const role of ["scheduler", "worker"]) {
      const pod = v.gateway.backend[role].extraPodConfig;
      expect(pod.serviceAccountName).toBe("user");
    }
    expect(v.gateway.backend.worker.extraPodConfig.nodeSelector).toEqual({
      "hub.jupyter.org/node-purpose": "user",
      "hubnet.org/pool": "dask",
    });
    // Schedulers: their own on-demand pool, and never a node any cloud marks as spot.
    const scheduler = v.gateway.backend.scheduler.extraPodConfig;
    expect(scheduler.nodeSelector).toEqual({
      "hub.jupyter.org/node-purpose": "user",
      "hubnet.org/pool": "steady",
    });
    const terms =
      scheduler.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
    expect(terms).toHaveLength(1);
    expect(terms[0].matchExpressions).toContainEqual({
      key: "cloud.google.com/gke-spot",
      operator: "NotIn",
      values: ["true"],
    });
    expect(terms[0].matchExpressions).toContainEqual({
      key: "eks.amazonaws.com/capacityType",
      operator: "NotIn",
      values: ["SPOT"],
    });
    expect(terms[0].matchExpressions).toContainEqual({
      key: "kubernetes.azure.com/scalesetpriority",
      operator: "NotIn",
      values: ["spot"],
    });
    expect(v.gateway.backend.image).toEqual({ name: "example.org/img", tag: "1" });
    const py = v.gateway.extraConfig.hubnet as string;
    expect(py).toContain('json.loads("[\\"example.org/img:1\\",\\"example.org/gpu:1\\"]")');
    expect(py).toContain('String("image", default="example.org/img:1"');
    expect(py).toContain("c.KubeClusterConfig.worker_extra_pod_labels = HUBNET_POD_LABELS");
    expect(py).toContain("c.KubeClusterConfig.scheduler_extra_pod_labels = HUBNET_POD_LABELS");
    // Local clusters have no labelled pools: no node selector that no node matches.
    const local = daskGatewayValues({ ...FIXTURE, pools: false }) as Json;
    expect(local.gateway.backend.worker.extraPodConfig.nodeSelector).toBeUndefined();
    expect(local.gateway.nodeSelector).toBeUndefined();
  });

  describe("every dask-gateway release of the example network", () => {
    const { network, outputs } = testNetwork();
    const hubs = [...network.communities.values()]
      .filter((c) => c.config.features.dask)
      .flatMap((c) => c.config.hubs.map((h) => ({ c: c.config.name, hub: h.name })));
    const values = new Map<string, Json>();
    beforeAll(async () => {
      for (const name of new Set(hubs.map((h) => h.c))) {
        const community = network.communities.get(name)!.config;
        const stack = await renderCommunity(
          name,
          community.hubs.map((h) => h.name),
          outputs,
          { cluster: community.cluster },
        );
        for (const h of community.hubs)
          values.set(`${name}/${h.name}`, named(stack, RELEASE, `${name}-${h.name}-dask-gateway`).inputs);
      }
    }, 120_000);

    it("there are dask hubs to check", () => {
      expect(hubs.length).toBeGreaterThan(0);
    });

    it.each(hubs)("$c/$hub: pinned chart, values pass its schema, token secret", ({ c, hub }) => {
      const release = values.get(`${c}/${hub}`)!;
      expect(release.version).toBe(CHARTS.daskGateway.version);
      const r = dask().validate(release.values);
      expect(r.errors).toEqual([]);
      expect(release.values.gateway.auth.jupyterhub.apiToken).toBe(SECRET_PLACEHOLDER);
    });
  });
});

describe("cert-manager values", () => {
  it("the oracle is the pinned chart version and is live", () => {
    expect(certManager().dir).toBe(`cert-manager-${CHARTS.certManager.version}`);
    expect(certManager().validate({ crds: { enabled: true, notAKey: 1 } }).ok).toBe(false);
  });

  it.each(CLOUDS)("on %s: pass the chart's schema", (cloud) => {
    const r = certManager().validate(certManagerValues(cloud));
    expect(r.errors).toEqual([]);
  });
});
