/**
 * The objects a cluster would run for one hub, from the charts' own templates: each Helm release a
 * community stack records is rendered with the pinned Helm (`renderChart`, @hubnet/plan/helm), and
 * its NetworkPolicies and the pods of its Deployments and StatefulSets (labels and named ports from
 * their pod templates) go into the NetworkPolicy evaluator's world as rendered.
 *
 * Pods that exist only at run time are modelled from the upstream code that creates them, reading
 * the configuration from the rendered objects:
 * - user servers: KubeSpawner 7.0.0 `_build_pod_labels` (kubespawner/spawner.py: `common_labels`,
 *   then `extra_labels`, `hub.jupyter.org/username`, `component`, `app.kubernetes.io/component`,
 *   `hub.jupyter.org/servername`) with z2jh 4.4.0's files/hub/jupyterhub_config.py setting
 *   `common_labels` (app, release, chart, managed-by kubespawner and their app.kubernetes.io forms)
 *   and `extra_labels` from `singleuser.extraLabels`; the port `notebook-port` (kubespawner/objects.py
 *   `make_pod`).
 * - dask schedulers and workers: dask-gateway 2026.3.0 backends/kubernetes/controller.py `make_pod`
 *   and `get_labels` (KubeBackend `common_labels`, `gateway.dask.org/instance` =
 *   `gateway_instance`, `gateway.dask.org/cluster`, `app.kubernetes.io/component`, then the
 *   extra pod labels) with the ports it declares (scheduler 8786, dashboard 8787, api 8788); the
 *   instance and hubnet's extra labels are read from the rendered gateway ConfigMap.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import type { RecordedResource } from "@hubnet/plan";
import type { K8sObject } from "@hubnet/plan/helm";
import { findChart, findHelm, renderChart } from "@hubnet/plan/helm";
import { parse } from "yaml";
import type { Labels, NetworkPolicy, Pod } from "./network-policy-eval";

let nextIp = 1;
/** A fresh pod IP in the pod range every cloud's pods use here (10.x). */
export function podIp(): string {
  const n = nextIp++;
  return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** The chart directory of a recorded release (the pinned tree, through the oracle lookup). */
export function recordedChartDir(release: RecordedResource): string {
  const inputs = release.inputs as { chart: string; version: string };
  const chart = findChart(inputs.chart, inputs.version);
  if ("missing" in chart) throw new Error(chart.missing);
  return chart.dir;
}

/** The objects of one recorded `kubernetes:helm.sh/v3:Release`, rendered by its chart, each with its namespace. */
export async function renderRecordedRelease(
  release: RecordedResource,
  kubeVersion: string,
): Promise<K8sObject[]> {
  const inputs = release.inputs as {
    name: string;
    namespace: string;
    chart: string;
    version: string;
    values: unknown;
  };
  const helm = await findHelm();
  if ("missing" in helm) throw new Error(helm.missing);
  const objects = await renderChart({
    helm: helm.found,
    chart: recordedChartDir(release),
    release: inputs.name,
    namespace: inputs.namespace,
    values: inputs.values,
    kubeVersion,
    includeCrds: false,
  });
  // helm template leaves metadata.namespace to the client (the release's namespace) unless a
  // template sets it.
  for (const o of objects) o.metadata.namespace ??= inputs.namespace;
  return objects;
}

/** The rendered NetworkPolicies. */
export function renderedPolicies(objects: K8sObject[]): NetworkPolicy[] {
  return objects
    .filter((o) => o.kind === "NetworkPolicy" && o.apiVersion === "networking.k8s.io/v1")
    .map((o) => o as unknown as NetworkPolicy);
}

interface PodTemplate {
  metadata?: { labels?: Labels };
  spec: { containers: { ports?: { name?: string; containerPort: number; protocol?: string }[] }[] };
}

/** One pod of every Deployment and StatefulSet, as its pod template makes it. */
export function workloadPods(objects: K8sObject[]): Pod[] {
  return objects
    .filter((o) => o.kind === "Deployment" || o.kind === "StatefulSet")
    .map((o) => {
      const template = (o.spec as { template: PodTemplate }).template;
      return {
        name: String(o.metadata.name),
        namespace: String(o.metadata.namespace),
        labels: { ...(template.metadata?.labels ?? {}) },
        ip: podIp(),
        ports: template.spec.containers.flatMap((c) =>
          (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: p.protocol })),
        ),
      };
    });
}

/** The pod whose labels include `labels` (exactly one). */
export function podWith(pods: Pod[], labels: Labels): Pod {
  const found = pods.filter((p) => Object.entries(labels).every(([k, v]) => p.labels[k] === v));
  if (found.length !== 1)
    throw new Error(`${found.length} rendered pods labelled ${JSON.stringify(labels)} (want exactly one)`);
  return found[0];
}

/**
 * What z2jh's jupyterhub_config.py gives KubeSpawner for user pods: `common_labels` from the chart's
 * name, release and version (the same facts as the rendered hub Deployment's `app.kubernetes.io/name`,
 * `app.kubernetes.io/instance` and `helm.sh/chart` labels: `jupyterhub.commonLabels`), and
 * `extra_labels` from `singleuser.extraLabels` (the chart's default merged with the release's
 * values, as Helm merges maps).
 */
export function userPodConfig(
  objects: K8sObject[],
  chartDir: string,
  values: { singleuser?: { extraLabels?: Labels } },
): { common: Labels; extraLabels: Labels } {
  const hub = objects.find(
    (o) =>
      o.kind === "Deployment" &&
      (o.spec as { template: PodTemplate }).template.metadata?.labels?.component === "hub",
  );
  const labels = hub?.metadata.labels ?? {};
  const name = labels["app.kubernetes.io/name"];
  const release = labels["app.kubernetes.io/instance"];
  const chart = labels["helm.sh/chart"];
  if (!name || !release || !chart)
    throw new Error("no rendered hub Deployment with the chart's common labels");
  const defaults = parse(fs.readFileSync(path.join(chartDir, "values.yaml"), "utf8")) as {
    singleuser: { extraLabels?: Labels };
  };
  return {
    common: {
      "app.kubernetes.io/name": name,
      app: name,
      "app.kubernetes.io/instance": release,
      release,
      "helm.sh/chart": chart,
      chart,
      "app.kubernetes.io/managed-by": "kubespawner",
    },
    extraLabels: { ...(defaults.singleuser.extraLabels ?? {}), ...(values.singleuser?.extraLabels ?? {}) },
  };
}

const safeSlug = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]/g, "-");

/** A user server pod as KubeSpawner 7.0.0 labels it (`_build_pod_labels`: extra labels, then common ones). */
export function userServerPod(
  config: ReturnType<typeof userPodConfig>,
  namespace: string,
  user: string,
): Pod {
  const labels: Labels = {
    "hub.jupyter.org/username": safeSlug(user),
    ...config.extraLabels,
    ...config.common,
    "app.kubernetes.io/component": "singleuser-server",
    component: "singleuser-server",
    "hub.jupyter.org/servername": "",
  };
  return {
    name: `jupyter-${safeSlug(user)}`,
    namespace,
    labels,
    ip: podIp(),
    ports: [{ name: "notebook-port", port: 8888 }],
  };
}

/** What the gateway's rendered ConfigMap says of the pods it creates: its instance and extra labels. */
export function daskGatewayConfig(objects: K8sObject[]): { instance: string; podLabels: Labels } {
  const config = objects
    .filter((o) => o.kind === "ConfigMap")
    .map((o) => (o as { data?: Record<string, string> }).data?.["dask_gateway_config.py"] ?? "")
    .find((py) => py.includes("c.KubeBackend.gateway_instance"));
  if (!config) throw new Error("no rendered gateway ConfigMap (c.KubeBackend.gateway_instance)");
  const instance = /^\s*c\.KubeBackend\.gateway_instance = "([^"]*)"$/m.exec(config)?.[1];
  if (!instance) throw new Error("the gateway ConfigMap sets no gateway_instance");
  const labels = /^\s*HUBNET_POD_LABELS = json\.loads\((".*")\)$/m.exec(config)?.[1];
  const scheduler = /^\s*c\.KubeClusterConfig\.scheduler_extra_pod_labels = HUBNET_POD_LABELS$/m.test(config);
  const worker = /^\s*c\.KubeClusterConfig\.worker_extra_pod_labels = HUBNET_POD_LABELS$/m.test(config);
  return {
    instance,
    podLabels: labels && scheduler && worker ? (JSON.parse(JSON.parse(labels)) as Labels) : {},
  };
}

/** A dask cluster's scheduler and one worker, as dask-gateway 2026.3.0's controller makes them. */
export function daskClusterPods(
  gateway: ReturnType<typeof daskGatewayConfig>,
  namespace: string,
  cluster: string,
): { scheduler: Pod; worker: Pod } {
  const labels = (component: string): Labels => ({
    "app.kubernetes.io/name": "dask-gateway",
    "app.kubernetes.io/version": "2026.3.0",
    "gateway.dask.org/instance": gateway.instance,
    "gateway.dask.org/cluster": cluster,
    "app.kubernetes.io/component": component,
    ...gateway.podLabels,
  });
  const ports = [
    { name: "scheduler", port: 8786 },
    { name: "dashboard", port: 8787 },
    { name: "api", port: 8788 },
  ];
  return {
    scheduler: {
      name: `dask-scheduler-${cluster}`,
      namespace,
      labels: labels("dask-scheduler"),
      ip: podIp(),
      ports,
    },
    worker: {
      name: `dask-worker-${cluster}-x`,
      namespace,
      labels: labels("dask-worker"),
      ip: podIp(),
      ports,
    },
  };
}

/**
 * The pod and port a URL's host and port reach in-cluster: `<service>.<namespace>[:port]` names a
 * rendered Service; its selector picks the pod and its `targetPort` (a number or a container port's
 * name) the port the NetworkPolicies see (after the Service's DNAT).
 */
export function serviceTarget(
  objects: K8sObject[],
  pods: Pod[],
  url: string,
): { pod: Pod; port: number } | { missing: string } {
  const u = new URL(url.replace(/^gateway:/, "http:"));
  const [service, namespace] = u.hostname.split(".");
  const port = Number(u.port || 80);
  const svc = objects.find(
    (o) => o.kind === "Service" && o.metadata.name === service && o.metadata.namespace === namespace,
  ) as { spec: { selector?: Labels; ports: { port: number; targetPort?: number | string }[] } } | undefined;
  if (!svc) return { missing: `no rendered Service ${service} in ${namespace}` };
  const selected = pods.filter(
    (p) =>
      p.namespace === namespace &&
      Object.entries(svc.spec.selector ?? {}).every(([k, v]) => p.labels[k] === v),
  );
  if (selected.length !== 1) return { missing: `Service ${service} selects ${selected.length} pods` };
  const sp = svc.spec.ports.find((p) => p.port === port);
  if (!sp) return { missing: `Service ${service} has no port ${port}` };
  const target = sp.targetPort ?? sp.port;
  const pod = selected[0];
  const resolved =
    typeof target === "number" ? target : (pod.ports ?? []).find((p) => p.name === target)?.port;
  if (resolved === undefined) return { missing: `pod ${pod.name} has no port named ${target}` };
  return { pod, port: resolved };
}
