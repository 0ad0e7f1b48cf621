/**
 * A small evaluator of Kubernetes NetworkPolicy semantics (networking.k8s.io/v1), written from the
 * API reference and the concepts page (kubernetes.io/docs/concepts/services-networking/network-policies),
 * to answer "can this pod open a connection to that pod (or address) on that port?" from rendered
 * objects. Decision 0011 says why it is hand-written and what it leaves out.
 *
 * What it models:
 * - a pod is isolated for a direction when any policy in its namespace selects it (`podSelector`)
 *   with that direction in `policyTypes` (absent: Ingress, plus Egress when `egress` is present);
 *   a pod no policy isolates allows that direction entirely;
 * - an isolated pod allows what the union of every selecting policy's rules allows (policies add
 *   up, none subtracts);
 * - a rule with no `from`/`to` (or an empty list) matches every peer, with no `ports` every port;
 * - peers: `podSelector` alone (pods of the policy's namespace), `namespaceSelector` alone (every
 *   pod of the selected namespaces), both in one element (pods matching both: AND), `ipBlock`
 *   with `except`; selectors with `matchLabels` and `matchExpressions` (In, NotIn, Exists,
 *   DoesNotExist); an empty selector selects everything;
 * - ports: number or name (a name resolves against the destination pod's named container ports),
 *   `endPort` ranges, protocol (default TCP);
 * - a connection between two pods needs the source's egress and the destination's ingress; a
 *   connection to an address outside the pod network needs the source's egress only.
 *
 * Two modes where implementations differ (`World.engine`):
 * - "standard" (Calico, the EKS VPC CNI's network policy agent, kube-router): `ipBlock` is also
 *   matched against pod IPs (the API says it is meant for addresses outside the cluster; these
 *   implementations match pod IPs too). Matching them can only allow more, so an answer of "no"
 *   here holds for every engine.
 * - "cilium" (GKE Dataplane V2, Azure CNI powered by Cilium): `ipBlock` never matches a pod, nor a
 *   node's own addresses (Cilium gives them identities, not CIDRs: cilium/cilium#9209, which z2jh
 *   4.4.0's values.schema.yaml cites for `egressAllowRules.privateIPs`). A path that needs an
 *   ipBlock to reach a pod is open on "standard" and closed here, so what must work is asked in
 *   both modes.
 * Addresses outside the cluster (the internet, a file server, the link-local metadata addresses,
 * which GKE documents as reachable through ipBlock on Dataplane V2) match ipBlocks in both modes.
 */

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist";
    values?: string[];
  }[];
}

export interface PolicyPort {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}

export interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicy {
  metadata: { name: string; namespace: string };
  spec: {
    podSelector: LabelSelector;
    policyTypes?: ("Ingress" | "Egress")[];
    ingress?: { from?: PolicyPeer[]; ports?: PolicyPort[] }[];
    egress?: { to?: PolicyPeer[]; ports?: PolicyPort[] }[];
  };
}

export interface Namespace {
  name: string;
  labels: Labels;
}

export interface Pod {
  name: string;
  namespace: string;
  labels: Labels;
  ip: string;
  /** Container ports, for named ports in policies. */
  ports?: { name?: string; port: number; protocol?: string }[];
}

/**
 * Where a connection goes: a pod, or an address outside the pod network (a file server, the
 * metadata endpoint), `node: true` for a node's own address (which Cilium's ipBlock never matches).
 */
export type Target = { pod: Pod } | { ip: string; node?: boolean };

/** How an engine matches `ipBlock` peers (see the file's comment). */
export type PolicyEngine = "standard" | "cilium";
export const POLICY_ENGINES: readonly PolicyEngine[] = ["standard", "cilium"];

export interface World {
  namespaces: Namespace[];
  policies: NetworkPolicy[];
  /** @default "standard" */
  engine?: PolicyEngine;
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case "In":
        if (!has || !values.includes(labels[e.key])) return false;
        break;
      case "NotIn":
        if (has && values.includes(labels[e.key])) return false;
        break;
      case "Exists":
        if (!has) return false;
        break;
      case "DoesNotExist":
        if (has) return false;
        break;
      default:
        throw new Error(`unknown selector operator ${String((e as { operator: unknown }).operator)}`);
    }
  }
  return true;
}

function ipToInt(ip: string): number {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255))
    throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split("/");
  const n = Number(bits ?? 32);
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (ipToInt(base) & mask) >>> 0 === (ipToInt(ip) & mask) >>> 0;
}

function policyTypes(p: NetworkPolicy): ("Ingress" | "Egress")[] {
  if (p.spec.policyTypes) return p.spec.policyTypes;
  return p.spec.egress ? ["Ingress", "Egress"] : ["Ingress"];
}

function peerMatches(peer: PolicyPeer, policyNamespace: string, target: Target, world: World): boolean {
  if (peer.ipBlock) {
    if (world.engine === "cilium" && ("pod" in target || target.node)) return false;
    const ip = "pod" in target ? target.pod.ip : target.ip;
    return (
      cidrContains(peer.ipBlock.cidr, ip) && !(peer.ipBlock.except ?? []).some((c) => cidrContains(c, ip))
    );
  }
  if (!("pod" in target)) return false; // selectors select pods only
  const pod = target.pod;
  if (peer.namespaceSelector) {
    const ns = world.namespaces.find((n) => n.name === pod.namespace);
    if (!ns) throw new Error(`pod ${pod.name}: no namespace ${pod.namespace} in the world`);
    if (!selectorMatches(peer.namespaceSelector, ns.labels)) return false;
  } else if (pod.namespace !== policyNamespace) return false;
  return peer.podSelector ? selectorMatches(peer.podSelector, pod.labels) : true;
}

function portMatches(
  ports: PolicyPort[] | undefined,
  port: number,
  protocol: string,
  target: Target,
): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? "TCP") !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === "number") return p.endPort ? port >= p.port && port <= p.endPort : port === p.port;
    if (!("pod" in target)) return false; // a named port needs a pod to name it
    return (target.pod.ports ?? []).some(
      (cp) => cp.name === p.port && cp.port === port && (cp.protocol ?? "TCP") === protocol,
    );
  });
}

/** Whether `from`'s egress policies let it open `port` on `to`. */
export function egressAllows(world: World, from: Pod, to: Target, port: number, protocol = "TCP"): boolean {
  const selecting = world.policies.filter(
    (p) =>
      p.metadata.namespace === from.namespace &&
      policyTypes(p).includes("Egress") &&
      selectorMatches(p.spec.podSelector, from.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (p.spec.egress ?? []).some(
      (rule) =>
        (!rule.to ||
          rule.to.length === 0 ||
          rule.to.some((peer) => peerMatches(peer, p.metadata.namespace, to, world))) &&
        portMatches(rule.ports, port, protocol, to),
    ),
  );
}

/** Whether `to`'s ingress policies accept a connection from `from` on `port`. */
export function ingressAllows(world: World, from: Pod, to: Pod, port: number, protocol = "TCP"): boolean {
  const selecting = world.policies.filter(
    (p) =>
      p.metadata.namespace === to.namespace &&
      policyTypes(p).includes("Ingress") &&
      selectorMatches(p.spec.podSelector, to.labels),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) =>
    (p.spec.ingress ?? []).some(
      (rule) =>
        (!rule.from ||
          rule.from.length === 0 ||
          rule.from.some((peer) => peerMatches(peer, p.metadata.namespace, { pod: from }, world))) &&
        portMatches(rule.ports, port, protocol, { pod: to }),
    ),
  );
}

/** Whether `from` can open a connection to `to` on `port`. */
export function canConnect(world: World, from: Pod, to: Target, port: number, protocol = "TCP"): boolean {
  if (!egressAllows(world, from, to, port, protocol)) return false;
  return "pod" in to ? ingressAllows(world, from, to.pod, port, protocol) : true;
}
