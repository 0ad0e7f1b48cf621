/**
 * Each hub ships its own scrape target: a PodMonitor in the hub's namespace that points the cluster's
 * Prometheus (kube-prometheus-stack picks up PodMonitors of every namespace: baseline/values.ts) at the
 * hub pod's `http` port (z2jh 4.4.0 templates/hub/deployment.yaml names 8081 so) and `/hub/metrics`,
 * with the bearer token of the hub's `hubnet-metrics` service (read:metrics only), from a Secret beside
 * it. The hub's NetworkPolicy already admits Prometheus on that port (`hubPodNetworkPolicy`).
 */
import type * as pulumi from "@pulumi/pulumi";
import { z2jhPods } from "./network-policy";

export const METRICS_SECRET = "hubnet-metrics-token";
export const METRICS_SECRET_KEY = "token";
export const METRICS_PATH = "/hub/metrics";

/** The Secret holding the metrics service's token, in the hub's namespace (where its PodMonitor reads it). */
export function metricsTokenSecret(
  namespace: string,
  labels: Record<string, string>,
  token: pulumi.Input<string>,
) {
  return {
    metadata: { name: METRICS_SECRET, namespace, labels },
    type: "Opaque",
    stringData: { [METRICS_SECRET_KEY]: token },
  };
}

/** The hub's PodMonitor (monitoring.coreos.com/v1). */
export function hubPodMonitor(namespace: string, labels: Record<string, string>) {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PodMonitor",
    metadata: { name: "hubnet-hub", namespace, labels },
    spec: {
      selector: z2jhPods(namespace, "hub"),
      namespaceSelector: { matchNames: [namespace] },
      podMetricsEndpoints: [
        {
          port: "http",
          path: METRICS_PATH,
          interval: "60s",
          authorization: { type: "Bearer", credentials: { name: METRICS_SECRET, key: METRICS_SECRET_KEY } },
        },
      ],
    },
  };
}
