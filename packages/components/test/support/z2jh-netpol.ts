/**
 * z2jh 4.4.0's own NetworkPolicies (hub, proxy, singleuser) as its templates render them from the
 * values (jupyterhub/templates/{hub,proxy,singleuser}/netpol.yaml and
 * _helpers-netpol.tpl `jupyterhub.networkPolicy.renderEgressRules` at tag 4.4.0), and the labels
 * the chart and KubeSpawner put on each pod, so the isolation tests evaluate what a cluster would
 * run. Values are merged over the chart's defaults first, as Helm does.
 */

import { jupyterhubReleaseLabel } from "../../src/hub/release-names";
import type { Labels, NetworkPolicy, Pod, PolicyPeer, PolicyPort } from "./network-policy-eval";
import type { Json } from "./resources";
import { helmMerge, z2jhDefaults } from "./z2jh-schema";

const APP = "jupyterhub";

/** `jupyterhub.matchLabels` of a component of the hub in `namespace` (its release: release-names.ts). */
export function matchLabels(namespace: string, component: string): Labels {
  return { component, app: APP, release: jupyterhubReleaseLabel(namespace) };
}
/** `jupyterhub.matchLabelsLegacyAndModern` of a component (what pod templates carry). */
function podLabels(namespace: string, component: string): Labels {
  return {
    ...matchLabels(namespace, component),
    "app.kubernetes.io/component": component,
    "app.kubernetes.io/name": APP,
    "app.kubernetes.io/instance": jupyterhubReleaseLabel(namespace),
  };
}

export function mergedValues(values: Json): Json {
  return helmMerge(z2jhDefaults(), values);
}

/** `jupyterhub.networkPolicy.renderEgressRules`. */
function renderEgressRules(netpol: Json, metadataIp: string) {
  const a = netpol.egressAllowRules;
  const rules: { to?: PolicyPeer[]; ports?: PolicyPort[] }[] = [];
  const privateBlocks = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((cidr) => ({
    ipBlock: { cidr },
  }));
  if (a.dnsPortsCloudMetadataServer || a.dnsPortsKubeSystemNamespace || a.dnsPortsPrivateIPs) {
    const to: PolicyPeer[] = [];
    if (a.dnsPortsCloudMetadataServer) to.push({ ipBlock: { cidr: `${metadataIp}/32` } });
    if (a.dnsPortsKubeSystemNamespace)
      to.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } } });
    if (a.dnsPortsPrivateIPs) to.push(...privateBlocks);
    rules.push({
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
      to,
    });
  }
  if (a.nonPrivateIPs)
    rules.push({
      to: [
        {
          ipBlock: {
            cidr: "0.0.0.0/0",
            except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", `${metadataIp}/32`],
          },
        },
      ],
    });
  if (a.privateIPs) rules.push({ to: privateBlocks });
  if (a.cloudMetadataServer) rules.push({ to: [{ ipBlock: { cidr: `${metadataIp}/32` } }] });
  rules.push(...(netpol.egress ?? []));
  return rules;
}

/** The "allowed pods (label) --> component" ingress rule, with interNamespaceAccessLabels. */
function labelledSources(netpol: Json, label: string): PolicyPeer[] {
  const accept = netpol.interNamespaceAccessLabels === "accept";
  return [
    {
      podSelector: { matchLabels: { [label]: "true" } },
      ...(accept ? { namespaceSelector: { matchLabels: {} } } : {}),
    },
    ...(accept ? [{ namespaceSelector: { matchLabels: { [label]: "true" } } }] : []),
  ];
}

function allowedPorts(netpol: Json) {
  const ports = netpol.allowedIngressPorts ?? [];
  return ports.length ? [{ ports: ports.map((port: string | number) => ({ port })) }] : [];
}

/** The chart's NetworkPolicies in `namespace` for these values. */
export function z2jhNetworkPolicies(values: Json, namespace: string): NetworkPolicy[] {
  const v = mergedValues(values);
  const metadataIp = v.singleuser.cloudMetadata.ip;
  const out: NetworkPolicy[] = [];
  const policy = (
    name: string,
    component: string,
    spec: Omit<NetworkPolicy["spec"], "podSelector" | "policyTypes">,
  ) =>
    out.push({
      metadata: { name, namespace },
      spec: {
        podSelector: { matchLabels: matchLabels(namespace, component) },
        policyTypes: ["Ingress", "Egress"],
        ...spec,
      },
    });
  const to = (component: string, ports: number[]) => ({
    to: [{ podSelector: { matchLabels: matchLabels(namespace, component) } }],
    ports: ports.map((port) => ({ port })),
  });

  if (v.hub.networkPolicy.enabled) {
    const np = v.hub.networkPolicy;
    policy("hub", "hub", {
      ingress: [
        ...allowedPorts(np),
        { ports: [{ port: "http" }], from: labelledSources(np, "hub.jupyter.org/network-access-hub") },
        ...(np.ingress ?? []),
      ],
      egress: [to("proxy", [8001]), to("singleuser-server", [8888]), ...renderEgressRules(np, metadataIp)],
    });
  }
  if (v.proxy.chp.networkPolicy.enabled) {
    const np = v.proxy.chp.networkPolicy;
    const manualHttps = v.proxy.https.enabled && ["manual", "secret"].includes(v.proxy.https.type);
    policy("proxy", "proxy", {
      ingress: [
        ...allowedPorts(np),
        {
          ports: [{ port: "http" }, ...(manualHttps ? [{ port: "https" }] : [])],
          from: labelledSources(np, "hub.jupyter.org/network-access-proxy-http"),
        },
        { ports: [{ port: "api" }], from: labelledSources(np, "hub.jupyter.org/network-access-proxy-api") },
        ...(np.ingress ?? []),
      ],
      egress: [to("hub", [8081]), to("singleuser-server", [8888]), ...renderEgressRules(np, metadataIp)],
    });
  }
  if (v.singleuser.networkPolicy.enabled) {
    const np = v.singleuser.networkPolicy;
    policy("singleuser", "singleuser-server", {
      ingress: [
        ...allowedPorts(np),
        {
          ports: [{ port: "notebook-port" }],
          from: labelledSources(np, "hub.jupyter.org/network-access-singleuser"),
        },
        ...(np.ingress ?? []),
      ],
      egress: [
        to("hub", [8081]),
        to("proxy", [8000]),
        to("autohttps", [8080, 8443]),
        ...renderEgressRules(np, metadataIp),
      ],
    });
  }
  return out;
}

let nextIp = 1;
/** A fresh pod IP in the pod range every cloud's pods use here (10.x). */
export function podIp(): string {
  const n = nextIp++;
  return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** The chart's pods of one hub, labelled as the chart and KubeSpawner label them, with their named ports. */
export function z2jhPods(values: Json, namespace: string) {
  const v = mergedValues(values);
  const userLabels = (user: string): Labels => ({
    ...podLabels(namespace, "singleuser-server"),
    "app.kubernetes.io/managed-by": "kubespawner",
    "hub.jupyter.org/username": user,
    ...v.singleuser.extraLabels,
  });
  const pod = (name: string, labels: Labels, ports?: Pod["ports"]): Pod => ({
    name,
    namespace,
    labels,
    ip: podIp(),
    ports,
  });
  return {
    hub: pod(
      "hub",
      {
        ...podLabels(namespace, "hub"),
        "hub.jupyter.org/network-access-proxy-api": "true",
        "hub.jupyter.org/network-access-proxy-http": "true",
        "hub.jupyter.org/network-access-singleuser": "true",
        ...v.hub.labels,
      },
      [{ name: "http", port: 8081 }],
    ),
    proxy: pod(
      "proxy",
      {
        ...podLabels(namespace, "proxy"),
        "hub.jupyter.org/network-access-hub": "true",
        "hub.jupyter.org/network-access-singleuser": "true",
        ...v.proxy.labels,
      },
      [
        { name: "http", port: 8000 },
        { name: "api", port: 8001 },
      ],
    ),
    userScheduler: pod("user-scheduler", podLabels(namespace, "user-scheduler")),
    user: (name: string) => pod(`jupyter-${name}`, userLabels(name), [{ name: "notebook-port", port: 8888 }]),
  };
}
