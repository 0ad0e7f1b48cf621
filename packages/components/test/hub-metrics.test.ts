/**
 * Every hub is scraped (issue 20): its namespace holds a PodMonitor that selects exactly its hub pod
 * (as z2jh labels it) on the metrics path, with the bearer token of a hub service that may read
 * metrics and nothing else; the cluster's Prometheus picks up PodMonitors of every namespace.
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { kubePrometheusStackValues } from "../src/baseline/values";
import { hubNamespace } from "../src/cluster/naming";
import { testNetwork } from "./support/cluster-outputs";
import { selectorMatches } from "./support/network-policy-eval";
import { renderCommunity } from "./support/render-community";
import { jupyterhubValues, ofType } from "./support/resources";

const RELEASE = "kubernetes:helm.sh/v3:Release";

import { podWith, renderRecordedRelease, workloadPods } from "./support/rendered-world";

type Json = any;
const rendered: { community: string; hubs: string[]; stack: RenderedStack }[] = [];
beforeAll(async () => {
  const { network, outputs } = testNetwork();
  // One community per cloud of the test network.
  const seen = new Set<string>();
  for (const [name, c] of network.communities) {
    const cloud = network.clusters.get(c.config.cluster)!.config.cloud;
    if (seen.has(cloud)) continue;
    seen.add(cloud);
    const hubs = c.config.hubs.map((h) => h.name);
    rendered.push({
      community: name,
      hubs,
      stack: await renderCommunity(name, hubs, outputs, { cluster: c.config.cluster }),
    });
  }
}, 300_000);

describe("hub metrics", () => {
  test("each hub's namespace has a PodMonitor for its hub pod's metrics, with a read:metrics token", async () => {
    expect(rendered.length).toBeGreaterThan(2);
    for (const { community, hubs, stack } of rendered) {
      for (const hub of hubs) {
        const ns = hubNamespace(community, hub);
        const monitors = ofType(stack, "kubernetes:monitoring.coreos.com/v1:PodMonitor").filter(
          (m) => (m.inputs as Json).metadata.namespace === ns,
        );
        expect(monitors, ns).toHaveLength(1);
        const spec = (monitors[0].inputs as Json).spec;
        expect(spec.namespaceSelector).toEqual({ matchNames: [ns] });
        const values = jupyterhubValues(stack, community, hub);
        // The hub and proxy pods as the chart's own templates render them.
        const release = stack.resources.find(
          (r) => r.type === RELEASE && r.name === `${community}-${hub}-jupyterhub`,
        );
        if (!release) throw new Error(`no jupyterhub release of ${ns}`);
        const pods = workloadPods(await renderRecordedRelease(release, "1.34"));
        const hubPod = podWith(pods, { component: "hub" });
        expect(selectorMatches(spec.selector, hubPod.labels), `${ns}: selects the hub pod`).toBe(true);
        expect(
          selectorMatches(spec.selector, podWith(pods, { component: "proxy" }).labels),
          `${ns}: not the proxy`,
        ).toBe(false);
        const [endpoint] = spec.podMetricsEndpoints;
        expect(endpoint).toMatchObject({ port: "http", path: "/hub/metrics" });
        // The port the hub pod exposes as `http` (z2jh's hub Deployment) is the one its policy admits Prometheus on.
        expect(hubPod.ports).toContainEqual({ name: "http", port: 8081 });
        const secretRef = endpoint.authorization.credentials;
        const secret = ofType(stack, "kubernetes:core/v1:Secret").find(
          (s) =>
            (s.inputs as Json).metadata.namespace === ns &&
            (s.inputs as Json).metadata.name === secretRef.name,
        );
        expect(secret, `${ns}: the token's Secret`).toBeDefined();
        expect((secret!.inputs as Json).stringData).toBe("[secret]");
        const services = values.hub.services as Json;
        const roles = values.hub.loadRoles as Json;
        expect(services["hubnet-metrics"].apiToken).toBe("[secret]");
        expect(roles["hubnet-metrics"]).toEqual(
          expect.objectContaining({ scopes: ["read:metrics"], services: ["hubnet-metrics"] }),
        );
      }
    }
  });

  test("the cluster's Prometheus selects PodMonitors of every namespace", () => {
    const prom = (kubePrometheusStackValues("gcp", "c") as Json).prometheus.prometheusSpec;
    expect(prom.podMonitorSelectorNilUsesHelmValues).toBe(false);
    expect(prom.podMonitorNamespaceSelector ?? {}).toEqual({});
  });
});
