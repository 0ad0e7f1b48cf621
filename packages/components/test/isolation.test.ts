/**
 * Isolation, proven on the rendered objects: every community of the test network (with dask turned
 * on for one community of each cloud that has none) is rendered through the community program;
 * each hub's Helm releases are rendered by their charts' own templates with the pinned Helm
 * (support/rendered-world.ts). hubnet's NetworkPolicies, the charts' rendered NetworkPolicies and
 * the monitoring namespace's policies form one cluster-wide world; the pods are the rendered
 * Deployments' pod templates and the run-time pods (user servers, dask schedulers and workers)
 * labelled as KubeSpawner and dask-gateway's controller label them. The NetworkPolicy evaluator
 * (support/network-policy-eval.ts) then answers the questions below for every hub, in every
 * semantics its cluster's policy engine may have (Cilium's ipBlock for GKE Dataplane V2 and AKS,
 * both for existing and local clusters: cluster/network-policy-engine.ts), and the answers must be
 * the tables below, the same in every semantics.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Cloud, Cluster, Community } from "@hubnet/config";
import type { RecordedResource, RenderedStack } from "@hubnet/plan";
import type { K8sObject } from "@hubnet/plan/helm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { FIXTURE_NETWORK } from "../../../test/fixtures";
import { monitoringNetworkPolicies } from "../src/baseline/monitoring";
import { hubNamespace } from "../src/cluster/naming";
import { type PolicySemantics, policySemantics } from "../src/cluster/network-policy-engine";
import { DASK_SERVICE } from "../src/hub/dask";
import { GKE_METADATA_SERVER, METADATA_IP, needsMetadataServer } from "../src/hub/network-policy";
import { validateKubernetesObjects } from "./k8s-validate";
import { testNetwork } from "./support/cluster-outputs";
import { homeServerAddress } from "./support/home-address";
import {
  canConnect,
  type NetworkPolicy,
  type Pod,
  type Target,
  type World,
} from "./support/network-policy-eval";
import { renderCommunity } from "./support/render-community";
import {
  daskClusterPods,
  daskGatewayConfig,
  podIp,
  podWith,
  recordedChartDir,
  renderedPolicies,
  renderRecordedRelease,
  serviceTarget,
  userPodConfig,
  userServerPod,
  workloadPods,
} from "./support/rendered-world";
import { type Json, named, ofType, RELEASE } from "./support/resources";

type Answer = "yes" | "no";
interface HubKind {
  cloud: Cloud;
  /** GKE with buckets: Workload Identity serves the hub's credentials at the metadata address. */
  workloadIdentityMetadata: boolean;
  dask: boolean;
}

/**
 * The expected answers. Every isolation answer is "no"; the one stated exception is the GKE
 * metadata server, which user code reaches where Workload Identity needs it (GKE with buckets).
 * "n/a": the hub has no such thing (no dask, or per-user volumes instead of a file server).
 */
const ISOLATION: Record<string, (k: HubKind) => Answer> = {
  "user server → another user's server": () => "no",
  "user server → another hub's namespace": () => "no",
  "user server → the home file server": () => "no",
  "user server → the cloud metadata endpoint": (k) => (k.workloadIdentityMetadata ? "yes" : "no"),
  "user server → Prometheus": () => "no",
  "user server → a node's kubelet": () => "no",
  "user server → the hub pod beyond its API port (its database is the hub's own file)": () => "no",
  "user server → a dask scheduler's dashboard, not through the gateway": () => "no",
  "user server → the dask gateway API, not through traefik": () => "no",
  "dask worker → another user's server": () => "no",
  "dask worker → another hub's namespace": () => "no",
  "dask worker → the home file server": () => "no",
  "dask worker → the cloud metadata endpoint": (k) => (k.workloadIdentityMetadata ? "yes" : "no"),
  "dask worker → Prometheus": () => "no",
  "dask worker → a node's kubelet": () => "no",
  "dask worker → another cluster's scheduler dashboard": () => "no",
  "dask worker → the hub": () => "no",
  "another hub's pods → this hub's servers": () => "no",
  "another hub's pods → this hub's dask gateway": () => "no",
};

/** What must keep working: the same world says "yes" to each (so the "no"s above are not a world that refuses everything). */
const WORKING: Record<string, (k: HubKind) => Answer | "n/a"> = {
  "user server → the internet": () => "yes",
  "user server → DNS": () => "yes",
  "user server → its hub's API": () => "yes",
  "proxy → user server": () => "yes",
  "Envoy → proxy": () => "yes",
  "Envoy → ACME solver": () => "yes",
  "Prometheus → hub metrics": () => "yes",
  "notebook → the dask gateway API at DASK_GATEWAY__ADDRESS": (k) => (k.dask ? "yes" : "n/a"),
  "notebook → the scheduler proxy at DASK_GATEWAY__PROXY_ADDRESS": (k) => (k.dask ? "yes" : "n/a"),
  "proxy → traefik at the hub service's URL (dashboards)": (k) => (k.dask ? "yes" : "n/a"),
  "traefik → gateway API": (k) => (k.dask ? "yes" : "n/a"),
  "traefik → dask scheduler": (k) => (k.dask ? "yes" : "n/a"),
  "traefik → scheduler dashboard": (k) => (k.dask ? "yes" : "n/a"),
  "gateway API → scheduler API": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → its scheduler": (k) => (k.dask ? "yes" : "n/a"),
  "dask scheduler → its worker": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → gateway API": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → the internet": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → DNS": (k) => (k.dask ? "yes" : "n/a"),
  "gateway API → hub": (k) => (k.dask ? "yes" : "n/a"),
  "dask controller → the Kubernetes API": (k) => (k.dask ? "yes" : "n/a"),
};

interface DaskPods {
  traefik: Pod;
  api: Pod;
  controller: Pod;
  scheduler: Pod;
  worker: Pod;
  /** Another user's cluster of the same hub. */
  otherScheduler: Pod;
  address: ReturnType<typeof serviceTarget>;
  proxyAddress: ReturnType<typeof serviceTarget>;
  serviceUrl: ReturnType<typeof serviceTarget>;
}

interface HubPods {
  c: string;
  cluster: string;
  hub: string;
  ns: string;
  kind: HubKind;
  semantics: readonly PolicySemantics[];
  home?: string;
  hubPod: Pod;
  proxy: Pod;
  alice: Pod;
  bob: Pod;
  solver: Pod;
  /** The components the jupyterhub release's own NetworkPolicies select. */
  chartPolicies: string[];
  /** Every rendered object of the hub's releases, and the pods of the world in its namespace. */
  objects: K8sObject[];
  pods: Pod[];
  dask?: DaskPods;
  daskRelease?: RecordedResource;
  kubeVersion: string;
}

/** One community of each cloud without a dask hub in the test network gets dask here. */
const DASK_ON = ["neuro-imaging", "carpentry-workshop", "dev-sandbox"];

function networkWithDaskOnEveryCloud(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-isolation-"));
  fs.cpSync(FIXTURE_NETWORK, root, { recursive: true });
  for (const name of DASK_ON) {
    const file = path.join(root, "communities", name, "community.yaml");
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    // Their images are the Jupyter stacks' (no dask-gateway): the community vouches, as a community would.
    doc.setIn(["features", "dask"], true);
    doc.setIn(["features", "daskImagesHaveGateway"], true);
    fs.writeFileSync(file, doc.toString());
  }
  return root;
}

const root = networkWithDaskOnEveryCloud();
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const { network, outputs } = testNetwork(root);
const names = [...network.communities.keys()].sort();
const stacks = new Map<string, RenderedStack>();
const hubs: HubPods[] = [];
let world: World;
const envoy: Pod = {
  name: "envoy",
  namespace: "envoy-gateway-system",
  labels: { "app.kubernetes.io/name": "envoy" },
  ip: podIp(),
};
const prometheus: Pod = {
  name: "prometheus-0",
  namespace: "monitoring",
  labels: {
    "app.kubernetes.io/name": "prometheus",
    "app.kubernetes.io/instance": "kube-prometheus-stack-prometheus",
  },
  ip: podIp(),
  ports: [{ name: "http-web", port: 9090 }],
};
const kubeDns: Pod = {
  name: "kube-dns",
  namespace: "kube-system",
  labels: { "k8s-app": "kube-dns" },
  ip: podIp(),
};
const INTERNET: Target = { ip: "151.101.0.1" };
/** A node's own address (the kubelet's 10250): a private address, and on Cilium not an ipBlock match. */
const NODE: Target = { ip: "10.128.0.5", node: true };
/** The Kubernetes API server as pods reach it (outside the pod network). */
const API_SERVER: Target = { ip: "172.16.0.2" };
const KUBE_VERSION = "1.34";

beforeAll(async () => {
  expect(network.problems).toEqual([]);
  const policies: NetworkPolicy[] = [...(monitoringNetworkPolicies({}) as NetworkPolicy[])];
  const namespaces = ["monitoring", "envoy-gateway-system", "kube-system"].map((n) => ({
    name: n,
    labels: { "kubernetes.io/metadata.name": n },
  }));
  for (const name of names) {
    const community = network.communities.get(name)!.config as Community;
    const cluster = network.clusters.get(community.cluster)!.config as Cluster;
    const stack = await renderCommunity(
      name,
      community.hubs.map((h) => h.name),
      outputs,
      { cluster: community.cluster, root },
    );
    stacks.set(name, stack);
    policies.push(
      ...ofType(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
        (r) => r.inputs as unknown as NetworkPolicy,
      ),
    );
    const kubeVersion = "kubernetesVersion" in cluster ? String(cluster.kubernetesVersion) : KUBE_VERSION;
    await Promise.all(
      community.hubs.map(async (h) => {
        const ns = hubNamespace(name, h.name);
        const nsObject = named(stack, "kubernetes:core/v1:Namespace", `${name}-${h.name}-ns`).inputs as Json;
        namespaces.push({
          name: ns,
          labels: { ...nsObject.metadata.labels, "kubernetes.io/metadata.name": ns },
        });
        const hubRelease = named(stack, RELEASE, `${name}-${h.name}-jupyterhub`);
        const daskRelease = stack.resources.find(
          (r) => r.type === RELEASE && r.name === `${name}-${h.name}-dask-gateway`,
        );
        const [hubObjects, daskObjects] = await Promise.all([
          renderRecordedRelease(hubRelease, kubeVersion),
          daskRelease ? renderRecordedRelease(daskRelease, kubeVersion) : Promise.resolve([] as K8sObject[]),
        ]);
        const objects = [...hubObjects, ...daskObjects];
        const chartPolicies = renderedPolicies(hubObjects);
        policies.push(...chartPolicies, ...renderedPolicies(daskObjects));
        const pods = workloadPods(objects);
        const values = hubRelease.inputs.values as Json;
        const hubPod = podWith(pods, { component: "hub" });
        const userPods = userPodConfig(hubObjects, recordedChartDir(hubRelease), values);
        const alice = userServerPod(userPods, ns, "alice");
        const bob = userServerPod(userPods, ns, "bob");
        const b = community.storage.buckets;
        const extraEnv = values.singleuser.extraEnv as Record<string, string>;
        const services = values.hub.services as Record<string, { url?: string }>;
        let dask: DaskPods | undefined;
        if (daskRelease) {
          const gw = daskGatewayConfig(daskObjects);
          const own = daskClusterPods(gw, ns, "alice1");
          const other = daskClusterPods(gw, ns, "bob1");
          const all = [...pods, alice, bob];
          dask = {
            traefik: podWith(pods, { "app.kubernetes.io/component": "traefik" }),
            api: podWith(pods, { "app.kubernetes.io/component": "gateway" }),
            controller: podWith(pods, { "app.kubernetes.io/component": "controller" }),
            scheduler: own.scheduler,
            worker: own.worker,
            otherScheduler: other.scheduler,
            address: serviceTarget(objects, all, extraEnv.DASK_GATEWAY__ADDRESS),
            proxyAddress: serviceTarget(objects, all, extraEnv.DASK_GATEWAY__PROXY_ADDRESS),
            serviceUrl: serviceTarget(objects, all, String(services[DASK_SERVICE]?.url)),
          };
        }
        hubs.push({
          c: name,
          cluster: community.cluster,
          hub: h.name,
          ns,
          kind: {
            cloud: cluster.cloud,
            workloadIdentityMetadata: needsMetadataServer(cluster.cloud, Boolean(b.scratch || b.persistent)),
            dask: Boolean(daskRelease),
          },
          semantics: policySemantics(cluster.cloud),
          home: homeServerAddress(cluster),
          hubPod,
          proxy: podWith(pods, { component: "proxy" }),
          alice,
          bob,
          solver: {
            name: "cm-acme-http-solver",
            namespace: ns,
            labels: { "acme.cert-manager.io/http01-solver": "true" },
            ip: podIp(),
          },
          chartPolicies: chartPolicies.map((p) => String(p.spec.podSelector.matchLabels?.component)),
          objects,
          pods: [...pods, alice, bob],
          dask,
          daskRelease,
          kubeVersion,
        });
      }),
    );
  }
  hubs.sort((a, b) => `${a.c}/${a.hub}`.localeCompare(`${b.c}/${b.hub}`));
  world = { namespaces, policies };
}, 300_000);

const yes = (b: boolean): Answer => (b ? "yes" : "no");
const reaches = (w: World, from: Pod, t: ReturnType<typeof serviceTarget>) =>
  "missing" in t ? false : canConnect(w, from, { pod: t.pod }, t.port);

function isolationAnswers(h: HubPods, w: World): Record<string, Answer | "n/a"> {
  const others = hubs.filter((o) => o !== h);
  const reachesOtherNamespace = (from: Pod) =>
    others.some(
      (o) =>
        canConnect(w, from, { pod: o.alice }, 8888) ||
        canConnect(w, from, { pod: o.hubPod }, 8081) ||
        canConnect(w, from, { pod: o.proxy }, 8000) ||
        (o.dask !== undefined &&
          (canConnect(w, from, { pod: o.dask.worker }, 8786) ||
            canConnect(w, from, { pod: o.dask.traefik }, 8000) ||
            canConnect(w, from, { pod: o.dask.api }, 8000))),
    );
  const metadata = (from: Pod) =>
    canConnect(w, from, { ip: METADATA_IP }, 80) ||
    canConnect(w, from, { ip: GKE_METADATA_SERVER.cidr.split("/")[0] }, GKE_METADATA_SERVER.port);
  const home = (from: Pod): Answer | "n/a" =>
    h.home === undefined ? "n/a" : yes(canConnect(w, from, { ip: h.home }, 2049));
  const d = h.dask;
  const asks = (from: Pod | undefined, prefix: string): Record<string, Answer | "n/a"> =>
    from === undefined
      ? Object.fromEntries(
          Object.keys(ISOLATION)
            .filter((q) => q.startsWith(`${prefix} → `))
            .map((q) => [q, "n/a"]),
        )
      : {
          [`${prefix} → another user's server`]: yes(
            canConnect(w, from, { pod: h.bob }, 8888) ||
              (prefix === "dask worker" && canConnect(w, from, { pod: h.alice }, 8888)),
          ),
          [`${prefix} → another hub's namespace`]: yes(reachesOtherNamespace(from)),
          [`${prefix} → the home file server`]: home(from),
          [`${prefix} → the cloud metadata endpoint`]: yes(metadata(from)),
          [`${prefix} → Prometheus`]: yes(canConnect(w, from, { pod: prometheus }, 9090)),
          [`${prefix} → a node's kubelet`]: yes(canConnect(w, from, NODE, 10250)),
        };
  const fromOthers = others.flatMap((o) => [
    o.alice,
    o.hubPod,
    o.proxy,
    ...(o.dask ? [o.dask.worker, o.dask.scheduler, o.dask.traefik, o.dask.api] : []),
  ]);
  return {
    ...asks(h.alice, "user server"),
    "user server → the hub pod beyond its API port (its database is the hub's own file)": yes(
      [22, 3306, 5432, 8000, 8001, 8080, 8888].some((port) =>
        canConnect(w, h.alice, { pod: h.hubPod }, port),
      ),
    ),
    "user server → a dask scheduler's dashboard, not through the gateway": d
      ? yes(canConnect(w, h.alice, { pod: d.scheduler }, 8787))
      : "n/a",
    "user server → the dask gateway API, not through traefik": d
      ? yes(canConnect(w, h.alice, { pod: d.api }, 8000))
      : "n/a",
    ...asks(d?.worker, "dask worker"),
    "dask worker → another cluster's scheduler dashboard": d
      ? yes(canConnect(w, d.worker, { pod: d.otherScheduler }, 8787))
      : "n/a",
    "dask worker → the hub": d ? yes(canConnect(w, d.worker, { pod: h.hubPod }, 8081)) : "n/a",
    "another hub's pods → this hub's servers": yes(
      fromOthers.some((p) => canConnect(w, p, { pod: h.alice }, 8888)),
    ),
    "another hub's pods → this hub's dask gateway": d
      ? yes(
          fromOthers.some(
            (p) =>
              canConnect(w, p, { pod: d.traefik }, 8000) ||
              canConnect(w, p, { pod: d.api }, 8000) ||
              canConnect(w, p, { pod: d.scheduler }, 8787),
          ),
        )
      : "n/a",
  };
}

function workingAnswers(h: HubPods, w: World): Record<string, Answer | "n/a"> {
  const d = h.dask;
  const dask = (f: (d: DaskPods) => boolean) => (d ? yes(f(d)) : "n/a");
  const dns = (from: Pod) =>
    canConnect(w, from, { pod: kubeDns }, 53, "UDP") && canConnect(w, from, { pod: kubeDns }, 53, "TCP");
  return {
    "user server → the internet": yes(canConnect(w, h.alice, INTERNET, 443)),
    "user server → DNS": yes(dns(h.alice)),
    "user server → its hub's API": yes(canConnect(w, h.alice, { pod: h.hubPod }, 8081)),
    "proxy → user server": yes(canConnect(w, h.proxy, { pod: h.alice }, 8888)),
    "Envoy → proxy": yes(canConnect(w, envoy, { pod: h.proxy }, 8000)),
    "Envoy → ACME solver": yes(canConnect(w, envoy, { pod: h.solver }, 8089)),
    "Prometheus → hub metrics": yes(canConnect(w, prometheus, { pod: h.hubPod }, 8081)),
    "notebook → the dask gateway API at DASK_GATEWAY__ADDRESS": dask((x) => reaches(w, h.alice, x.address)),
    "notebook → the scheduler proxy at DASK_GATEWAY__PROXY_ADDRESS": dask((x) =>
      reaches(w, h.alice, x.proxyAddress),
    ),
    "proxy → traefik at the hub service's URL (dashboards)": dask((x) => reaches(w, h.proxy, x.serviceUrl)),
    "traefik → gateway API": dask((x) => canConnect(w, x.traefik, { pod: x.api }, 8000)),
    "traefik → dask scheduler": dask((x) => canConnect(w, x.traefik, { pod: x.scheduler }, 8786)),
    "traefik → scheduler dashboard": dask((x) => canConnect(w, x.traefik, { pod: x.scheduler }, 8787)),
    "gateway API → scheduler API": dask((x) => canConnect(w, x.api, { pod: x.scheduler }, 8788)),
    "dask worker → its scheduler": dask((x) => canConnect(w, x.worker, { pod: x.scheduler }, 8786)),
    "dask scheduler → its worker": dask((x) => canConnect(w, x.scheduler, { pod: x.worker }, 40123)),
    "dask worker → gateway API": dask((x) => canConnect(w, x.worker, { pod: x.api }, 8000)),
    "dask worker → the internet": dask((x) => canConnect(w, x.worker, INTERNET, 443)),
    "dask worker → DNS": dask((x) => dns(x.worker)),
    "gateway API → hub": dask((x) => canConnect(w, x.api, { pod: h.hubPod }, 8081)),
    "dask controller → the Kubernetes API": dask((x) => canConnect(w, x.controller, API_SERVER, 443)),
  };
}

const expected = (table: Record<string, (k: HubKind) => Answer | "n/a">, h: HubPods) =>
  Object.fromEntries(
    Object.entries(table).map(([q, f]) => {
      const missing =
        ((q.includes("dask") || q.includes("DASK")) && !h.kind.dask) ||
        (q.includes("home file server") && !h.home);
      return [q, missing ? "n/a" : f(h.kind)];
    }),
  );

/** The answers of every hub in every semantics its cluster may have, keyed `<community>/<hub> [<semantics>]`. */
function answers(table: (h: HubPods, w: World) => Record<string, Answer | "n/a">) {
  return Object.fromEntries(
    hubs.flatMap((h) =>
      h.semantics.map((engine) => [`${h.c}/${h.hub} [${engine}]`, table(h, { ...world, engine })]),
    ),
  );
}
function wanted(table: Record<string, (k: HubKind) => Answer | "n/a">) {
  return Object.fromEntries(
    hubs.flatMap((h) => h.semantics.map((engine) => [`${h.c}/${h.hub} [${engine}]`, expected(table, h)])),
  );
}

describe("isolation of every hub of the test network, on the charts' rendered objects", () => {
  it("renders hubs of every kind the table distinguishes, dask on every cloud, both semantics", () => {
    expect(hubs.length).toBe([...network.communities.values()].reduce((n, c) => n + c.config.hubs.length, 0));
    const daskClouds = new Set(hubs.filter((h) => h.kind.dask).map((h) => h.kind.cloud));
    expect([...daskClouds].sort()).toEqual(["aws", "azure", "existing", "gcp", "local"]);
    expect(hubs.some((h) => h.kind.workloadIdentityMetadata)).toBe(true);
    expect(new Set(hubs.flatMap((h) => h.semantics))).toEqual(new Set(["standard", "cilium"]));
    // The chart's own policies are in the world as rendered (not rebuilt from the values).
    for (const h of hubs) expect(h.chartPolicies.sort()).toEqual(["hub", "proxy", "singleuser-server"]);
    // The dask addresses name rendered Services that select one rendered pod.
    for (const h of hubs.filter((x) => x.dask)) {
      for (const t of [h.dask!.address, h.dask!.proxyAddress, h.dask!.serviceUrl])
        expect(t).not.toHaveProperty("missing");
    }
  });

  it("answers the isolation questions as the table says, for every hub, in every semantics", () => {
    expect(answers(isolationAnswers)).toEqual(wanted(ISOLATION));
  });

  it("keeps what hubs need working, for every hub, in every semantics", () => {
    expect(answers(workingAnswers)).toEqual(wanted(WORKING));
  });

  it("would have caught the old dask routes: through the proxy (no user pod passes its ingress), and proxy → traefik by ipBlock on Cilium", () => {
    const h = hubs.find((x) => x.dask && x.semantics.includes("cilium"))!;
    // The old DASK_GATEWAY__ADDRESS: the rendered Service of the proxy's public port, port 80.
    const proxyService = h.objects.find(
      (o) =>
        o.kind === "Service" &&
        (o.spec as { selector?: Record<string, string> }).selector?.component === "proxy" &&
        (o.spec as { ports: { port: number }[] }).ports.some((p) => p.port === 80),
    )!;
    const old = serviceTarget(
      h.objects,
      h.pods,
      `http://${proxyService.metadata.name}.${h.ns}/services/dask-gateway`,
    );
    expect(old).not.toHaveProperty("missing");
    for (const engine of ["standard", "cilium"] as const)
      expect(reaches({ ...world, engine }, h.alice, old)).toBe(false);
    // Without hubnet's proxy → traefik rule the proxy has only the chart's privateIPs ipBlock.
    const withoutRule = world.policies.map((p) =>
      p.metadata.namespace === h.ns && p.metadata.name === "proxy"
        ? {
            ...p,
            spec: {
              ...p.spec,
              egress: (p.spec.egress ?? []).filter(
                (r) =>
                  !(r.to ?? []).some(
                    (peer) => peer.podSelector?.matchLabels?.["app.kubernetes.io/component"] === "traefik",
                  ),
              ),
            },
          }
        : p,
    );
    expect(
      reaches({ ...world, policies: withoutRule, engine: "standard" }, h.proxy, h.dask!.serviceUrl),
    ).toBe(true);
    expect(reaches({ ...world, policies: withoutRule, engine: "cilium" }, h.proxy, h.dask!.serviceUrl)).toBe(
      false,
    );
  });

  it("each hub's dask-gateway acts on its own namespace only: traefik watches it alone, the controller its own instance, unique on the cluster", () => {
    const dask = hubs.filter((h) => h.dask);
    const instances = new Map<string, string[]>();
    for (const h of dask) {
      const traefik = h.objects.find(
        (o) =>
          o.kind === "Deployment" &&
          (o.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels[
            "app.kubernetes.io/component"
          ] === "traefik",
      )!;
      const args = (traefik.spec as { template: { spec: { containers: { args: string[] }[] } } }).template
        .spec.containers[0].args;
      expect(args).toContain(`--providers.kubernetescrd.namespaces=${h.ns}`);
      // The controller's informers list every namespace (dask-gateway 2026.3.0 controller.py
      // list_pod_for_all_namespaces) by `gateway.dask.org/instance=<gateway_instance>` (utils.py
      // _default_label_selector): its instance is the one the gateway labels its clusters with, and
      // no other release on the cluster has it.
      const configs = h.objects
        .filter((o) => o.kind === "ConfigMap")
        .map((o) => (o as { data?: Record<string, string> }).data?.["dask_gateway_config.py"] ?? "");
      const controller = configs
        .map((py) => /^c\.KubeController\.gateway_instance = '([^']*)'$/m.exec(py)?.[1])
        .find(Boolean);
      expect(controller).toBe(daskGatewayConfig(h.objects).instance);
      expect(args).toContain(
        `--providers.kubernetescrd.labelselector=gateway.dask.org/instance=${controller}`,
      );
      const key = `${h.cluster}/${controller}`;
      instances.set(key, [...(instances.get(key) ?? []), h.ns]);
      // Clusters are created in the gateway's own namespace (KubeClusterConfig.namespace unset: its own).
      const props = configs.map((py) => /^_PROPERTIES = json\.loads\((".*")\)$/m.exec(py)?.[1]).find(Boolean);
      const backend = JSON.parse(JSON.parse(props!)).gateway.backend;
      expect(backend.namespace ?? null).toBeNull();
    }
    expect([...instances.values()].filter((nss) => nss.length > 1)).toEqual([]);
    expect(dask.length).toBeGreaterThanOrEqual(5);
  });

  it("each hub's dask-gateway runs under hubnet's namespaced RBAC: the chart's rules in its namespace, cluster-wide only the reads its informers make", async () => {
    type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };
    const grants = (rules: Rule[], group: string, resource: string, verb: string) =>
      rules.some(
        (r) =>
          r.apiGroups.includes(group) &&
          r.resources.includes(resource) &&
          (r.verbs.includes(verb) || r.verbs.includes("*")),
      );
    const h = hubs.find((x) => x.daskRelease)!;
    // The chart's own RBAC, rendered with the same values but its own accounts.
    const inputs = h.daskRelease!.inputs as Json;
    const { rbac: _ours, ...chartValues } = inputs.values;
    const chartObjects = await renderRecordedRelease(
      { ...h.daskRelease!, inputs: { ...inputs, values: chartValues } },
      h.kubeVersion,
    );
    const chartRoles = chartObjects.filter((o) => o.kind === "ClusterRole") as unknown as {
      metadata: { name: string };
      rules: Rule[];
    }[];
    expect(chartRoles.map((r) => r.metadata.name.split("-")[0]).sort()).toEqual([
      "api",
      "controller",
      "traefik",
    ]);
    const component = { api: "gateway", controller: "controller", traefik: "traefik" } as const;
    const CLUSTER_SCOPED = new Set(["nodes", "ingressclasses"]);
    for (const x of hubs.filter((y) => y.daskRelease)) {
      const stack = stacks.get(x.c)!;
      const rendered = x.objects;
      // The release renders no account or cluster-wide role of its own.
      expect(
        rendered.filter(
          (o) =>
            ["ClusterRole", "ClusterRoleBinding"].includes(o.kind) &&
            o.metadata.labels?.["app.kubernetes.io/name"] === "dask-gateway",
        ),
      ).toEqual([]);
      const of = (type: string) =>
        stack.resources
          .filter(
            (r) =>
              r.type === `kubernetes:rbac.authorization.k8s.io/v1:${type}` &&
              (r.inputs as Json).metadata.labels?.["hubnet-hub"] === x.hub,
          )
          .map((r) => r.inputs as Json);
      const roles = of("Role").filter((r) => r.metadata.namespace === x.ns);
      const clusterRoles = of("ClusterRole").filter((r) => r.metadata.name.endsWith(`-${x.ns}`));
      const accounts = new Set(
        stack.resources
          .filter(
            (r) =>
              r.type === "kubernetes:core/v1:ServiceAccount" &&
              (r.inputs as Json).metadata.namespace === x.ns,
          )
          .map((r) => (r.inputs as Json).metadata.name as string),
      );
      for (const chartRole of chartRoles) {
        const c = component[chartRole.metadata.name.split("-")[0] as keyof typeof component];
        const deployment = rendered.find(
          (o) =>
            o.kind === "Deployment" &&
            (o.spec as Json).template.metadata.labels["app.kubernetes.io/component"] === c,
        )!;
        const account = (deployment.spec as Json).template.spec.serviceAccountName as string;
        expect(accounts.has(account)).toBe(true);
        const role = roles.find((r) => r.metadata.name === account)!;
        for (const rule of chartRole.rules)
          for (const group of rule.apiGroups)
            for (const resource of rule.resources)
              for (const verb of rule.verbs) {
                if (CLUSTER_SCOPED.has(resource)) {
                  // Only traefik's, which hubnet runs without cluster-scoped informers.
                  expect(c).toBe("traefik");
                  continue;
                }
                expect(grants(role.rules, group, resource, verb), `${c}: ${verb} ${group}/${resource}`).toBe(
                  true,
                );
              }
      }
      for (const cr of clusterRoles)
        for (const rule of cr.rules as Rule[]) {
          expect(rule.verbs.every((v) => ["get", "list", "watch"].includes(v))).toBe(true);
          expect(rule.resources).not.toContain("secrets");
        }
      const traefikArgs = (
        rendered.find(
          (o) =>
            o.kind === "Deployment" &&
            (o.spec as Json).template.metadata.labels["app.kubernetes.io/component"] === "traefik",
        )!.spec as Json
      ).template.spec.containers[0].args as string[];
      expect(traefikArgs).toContain("--providers.kubernetescrd.disableclusterscoperesources=true");
    }
  });

  it("every Kubernetes object of every community stack is valid for the API (NetworkPolicies included)", async () => {
    let n = 0;
    for (const stack of stacks.values()) n += await validateKubernetesObjects(stack.resources);
    expect(n).toBeGreaterThan(hubs.length * 8);
    // The check is live: a policy type that does not exist is refused.
    const [policy] = ofType(stacks.get(names[0])!, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
    const broken = {
      ...policy,
      inputs: { ...policy.inputs, spec: { podSelector: {}, policyTypes: ["Sideways"] } },
    };
    await expect(validateKubernetesObjects([broken])).rejects.toThrow(/NetworkPolicy/);
  });

  it("would have caught the old namespace-wide ingress policy (any pod of the namespace into any user server)", () => {
    const h = hubs[0];
    const old: NetworkPolicy = {
      metadata: { name: "hubnet-namespace-ingress", namespace: h.ns },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress"],
        ingress: [{ from: [{ podSelector: {} }] }],
      },
    };
    const withoutDenyEgress = world.policies.filter(
      (p) => !(p.metadata.namespace === h.ns && p.metadata.name === "hubnet-default-deny"),
    );
    // The user's own egress to another pod is closed by z2jh's singleuser policy; a dask worker had none.
    const worker: Pod = {
      ...h.alice,
      name: "worker",
      labels: { "app.kubernetes.io/component": "dask-worker" },
    };
    const oldWorld = { ...world, policies: [...withoutDenyEgress, old] };
    expect(canConnect(oldWorld, worker, { pod: h.bob }, 8888)).toBe(true);
    expect(canConnect(world, worker, { pod: h.bob }, 8888)).toBe(false);
  });
});
