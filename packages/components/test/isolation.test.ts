/**
 * Isolation, proven on the rendered objects: every community of the example network is rendered
 * through the community program; its NetworkPolicies, z2jh's own policies rendered from each hub's
 * chart values, and the monitoring namespace's policies form one cluster-wide world; the pods are
 * labelled as the charts and KubeSpawner label them. The NetworkPolicy evaluator
 * (support/network-policy-eval.ts) then answers the questions for every hub, and the
 * answers must be the table below.
 */
import type { Cloud, Cluster, Community } from "@hubnet/config";
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { monitoringNetworkPolicies } from "../src/baseline/monitoring";
import { hubNamespace } from "../src/cluster/naming";
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
import { type Json, named, ofType, RELEASE } from "./support/resources";
import { podIp, z2jhNetworkPolicies, z2jhPods } from "./support/z2jh-netpol";

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
  "dask worker → another user's server": () => "no",
  "dask worker → another hub's namespace": () => "no",
  "dask worker → the home file server": () => "no",
  "dask worker → the cloud metadata endpoint": (k) => (k.workloadIdentityMetadata ? "yes" : "no"),
  "dask worker → Prometheus": () => "no",
  "another hub's pods → this hub's servers": () => "no",
};

/** What must keep working: the same world says "yes" to each (so the "no"s above are not a world that refuses everything). */
const WORKING: Record<string, (k: HubKind) => Answer | "n/a"> = {
  "user server → the internet": () => "yes",
  "user server → its hub's API": () => "yes",
  "proxy → user server": () => "yes",
  "Envoy → proxy": () => "yes",
  "Envoy → ACME solver": () => "yes",
  "Prometheus → hub metrics": () => "yes",
  "user server → dask-gateway traefik": (k) => (k.dask ? "yes" : "n/a"),
  "proxy → dask-gateway traefik": (k) => (k.dask ? "yes" : "n/a"),
  "traefik → dask scheduler": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → its scheduler": (k) => (k.dask ? "yes" : "n/a"),
  "dask scheduler → its worker": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → gateway API": (k) => (k.dask ? "yes" : "n/a"),
  "dask worker → the internet": (k) => (k.dask ? "yes" : "n/a"),
  "gateway API → hub": (k) => (k.dask ? "yes" : "n/a"),
};

interface HubPods {
  c: string;
  hub: string;
  ns: string;
  kind: HubKind;
  home?: string;
  hubPod: Pod;
  proxy: Pod;
  alice: Pod;
  bob: Pod;
  solver: Pod;
  dask?: { traefik: Pod; api: Pod; scheduler: Pod; worker: Pod };
}

const { network, outputs } = testNetwork();
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
const INTERNET: Target = { ip: "151.101.0.1" };

/** The labels hubnet gives dask scheduler and worker pods, read from the gateway's rendered extraConfig. */
function daskPodLabels(values: Json): Record<string, string> {
  const py = values.gateway.extraConfig.hubnet as string;
  const m = /^HUBNET_POD_LABELS = json\.loads\((".*")\)$/m.exec(py);
  if (!m) throw new Error("no HUBNET_POD_LABELS in the gateway's extraConfig");
  return JSON.parse(JSON.parse(m[1]));
}

function daskPods(values: Json, ns: string) {
  const release = {
    "app.kubernetes.io/name": "dask-gateway",
    "app.kubernetes.io/instance": "dask-gateway",
    "gateway.dask.org/instance": "dask-gateway",
  };
  const pod = (name: string, labels: Record<string, string>, ports?: Pod["ports"]): Pod => ({
    name,
    namespace: ns,
    labels,
    ip: podIp(),
    ports,
  });
  const cluster = (component: string) => ({
    ...daskPodLabels(values),
    "gateway.dask.org/instance": "dask-gateway",
    "gateway.dask.org/cluster": `${ns}.alice1`,
    "app.kubernetes.io/component": component,
  });
  return {
    traefik: pod("traefik", { ...release, "app.kubernetes.io/component": "traefik" }),
    api: pod("api", {
      ...release,
      "app.kubernetes.io/component": "gateway",
      "hub.jupyter.org/network-access-hub": "true",
    }),
    scheduler: pod("dask-scheduler-alice1", cluster("dask-scheduler")),
    worker: pod("dask-worker-alice1-x", cluster("dask-worker")),
  };
}

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
      { cluster: community.cluster },
    );
    stacks.set(name, stack);
    policies.push(
      ...ofType(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
        (r) => r.inputs as unknown as NetworkPolicy,
      ),
    );
    for (const h of community.hubs) {
      const ns = hubNamespace(name, h.name);
      const nsObject = named(stack, "kubernetes:core/v1:Namespace", `${name}-${h.name}-ns`).inputs as Json;
      namespaces.push({
        name: ns,
        labels: { ...nsObject.metadata.labels, "kubernetes.io/metadata.name": ns },
      });
      const values = named(stack, RELEASE, `${name}-${h.name}-jupyterhub`).inputs.values as Json;
      policies.push(...z2jhNetworkPolicies(values, ns));
      const pods = z2jhPods(values, ns);
      const daskRelease = stack.resources.find(
        (r) => r.type === RELEASE && r.name === `${name}-${h.name}-dask-gateway`,
      );
      const b = community.storage.buckets;
      hubs.push({
        c: name,
        hub: h.name,
        ns,
        kind: {
          cloud: cluster.cloud,
          workloadIdentityMetadata: needsMetadataServer(cluster.cloud, Boolean(b.scratch || b.persistent)),
          dask: Boolean(daskRelease),
        },
        home: homeServerAddress(cluster),
        hubPod: pods.hub,
        proxy: pods.proxy,
        alice: pods.user("alice"),
        bob: pods.user("bob"),
        solver: {
          name: "cm-acme-http-solver",
          namespace: ns,
          labels: { "acme.cert-manager.io/http01-solver": "true" },
          ip: podIp(),
        },
        dask: daskRelease ? daskPods(daskRelease.inputs.values as Json, ns) : undefined,
      });
    }
  }
  world = { namespaces, policies };
}, 180_000);

function isolationAnswers(h: HubPods): Record<string, Answer | "n/a"> {
  const others = hubs.filter((o) => o !== h);
  const yes = (b: boolean): Answer => (b ? "yes" : "no");
  const reachesOtherNamespace = (from: Pod) =>
    others.some(
      (o) =>
        canConnect(world, from, { pod: o.alice }, 8888) ||
        canConnect(world, from, { pod: o.hubPod }, 8081) ||
        canConnect(world, from, { pod: o.proxy }, 8000) ||
        (o.dask !== undefined && canConnect(world, from, { pod: o.dask.worker }, 8786)),
    );
  const metadata = (from: Pod) =>
    canConnect(world, from, { ip: METADATA_IP }, 80) ||
    canConnect(world, from, { ip: GKE_METADATA_SERVER.cidr.split("/")[0] }, GKE_METADATA_SERVER.port);
  const home = (from: Pod): Answer | "n/a" =>
    h.home === undefined ? "n/a" : yes(canConnect(world, from, { ip: h.home }, 2049));
  const asks = (from: Pod | undefined, prefix: string): Record<string, Answer | "n/a"> =>
    from === undefined
      ? Object.fromEntries(
          Object.keys(ISOLATION)
            .filter((q) => q.startsWith(prefix))
            .map((q) => [q, "n/a"]),
        )
      : {
          [`${prefix} → another user's server`]: yes(
            canConnect(world, from, { pod: h.bob }, 8888) ||
              (prefix === "dask worker" && canConnect(world, from, { pod: h.alice }, 8888)),
          ),
          [`${prefix} → another hub's namespace`]: yes(reachesOtherNamespace(from)),
          [`${prefix} → the home file server`]: home(from),
          [`${prefix} → the cloud metadata endpoint`]: yes(metadata(from)),
          [`${prefix} → Prometheus`]: yes(canConnect(world, from, { pod: prometheus }, 9090)),
        };
  const fromOthers = others.flatMap((o) => [
    o.alice,
    o.hubPod,
    o.proxy,
    ...(o.dask ? [o.dask.worker, o.dask.scheduler] : []),
  ]);
  return {
    ...asks(h.alice, "user server"),
    ...asks(h.dask?.worker, "dask worker"),
    "another hub's pods → this hub's servers": yes(
      fromOthers.some((p) => canConnect(world, p, { pod: h.alice }, 8888)),
    ),
  };
}

function workingAnswers(h: HubPods): Record<string, Answer | "n/a"> {
  const yes = (b: boolean): Answer => (b ? "yes" : "no");
  const d = h.dask;
  const dask = (f: (d: NonNullable<HubPods["dask"]>) => boolean) => (d ? yes(f(d)) : "n/a");
  return {
    "user server → the internet": yes(canConnect(world, h.alice, INTERNET, 443)),
    "user server → its hub's API": yes(canConnect(world, h.alice, { pod: h.hubPod }, 8081)),
    "proxy → user server": yes(canConnect(world, h.proxy, { pod: h.alice }, 8888)),
    "Envoy → proxy": yes(canConnect(world, envoy, { pod: h.proxy }, 8000)),
    "Envoy → ACME solver": yes(canConnect(world, envoy, { pod: h.solver }, 8089)),
    "Prometheus → hub metrics": yes(canConnect(world, prometheus, { pod: h.hubPod }, 8081)),
    "user server → dask-gateway traefik": dask((x) => canConnect(world, h.alice, { pod: x.traefik }, 8000)),
    "proxy → dask-gateway traefik": dask((x) => canConnect(world, h.proxy, { pod: x.traefik }, 8000)),
    "traefik → dask scheduler": dask((x) => canConnect(world, x.traefik, { pod: x.scheduler }, 8786)),
    "dask worker → its scheduler": dask((x) => canConnect(world, x.worker, { pod: x.scheduler }, 8786)),
    "dask scheduler → its worker": dask((x) => canConnect(world, x.scheduler, { pod: x.worker }, 40123)),
    "dask worker → gateway API": dask((x) => canConnect(world, x.worker, { pod: x.api }, 8000)),
    "dask worker → the internet": dask((x) => canConnect(world, x.worker, INTERNET, 443)),
    "gateway API → hub": dask((x) => canConnect(world, x.api, { pod: h.hubPod }, 8081)),
  };
}

const expected = (table: Record<string, (k: HubKind) => Answer | "n/a">, h: HubPods) =>
  Object.fromEntries(
    Object.entries(table).map(([q, f]) => {
      const a = f(h.kind);
      const missing =
        (q.startsWith("dask worker") && !h.kind.dask) || (q.includes("home file server") && !h.home);
      return [q, missing ? "n/a" : a];
    }),
  );

describe("isolation of every hub of the example network", () => {
  it("renders hubs of every kind the table distinguishes", () => {
    expect(hubs.length).toBe([...network.communities.values()].reduce((n, c) => n + c.config.hubs.length, 0));
    expect(hubs.some((h) => h.kind.dask)).toBe(true);
    expect(hubs.some((h) => h.kind.workloadIdentityMetadata)).toBe(true);
  });

  it("answers the issue's questions as the table says, for every hub", () => {
    const got = Object.fromEntries(hubs.map((h) => [`${h.c}/${h.hub}`, isolationAnswers(h)]));
    const want = Object.fromEntries(hubs.map((h) => [`${h.c}/${h.hub}`, expected(ISOLATION, h)]));
    expect(got).toEqual(want);
  });

  it("keeps what hubs need working, for every hub", () => {
    const got = Object.fromEntries(hubs.map((h) => [`${h.c}/${h.hub}`, workingAnswers(h)]));
    const want = Object.fromEntries(hubs.map((h) => [`${h.c}/${h.hub}`, expected(WORKING, h)]));
    expect(got).toEqual(want);
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
