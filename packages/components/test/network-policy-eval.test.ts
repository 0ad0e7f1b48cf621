/**
 * The NetworkPolicy evaluator against the documented examples of the Kubernetes NetworkPolicy page
 * (kubernetes.io/docs/concepts/services-networking/network-policies), each with the answer the
 * page gives.
 */
import { describe, expect, it } from "vitest";
import {
  canConnect,
  cidrContains,
  egressAllows,
  type NetworkPolicy,
  type Pod,
  selectorMatches,
  type World,
} from "./support/network-policy-eval";

const ns = (name: string, labels: Record<string, string> = {}) => ({
  name,
  labels: { "kubernetes.io/metadata.name": name, ...labels },
});
let ip = 10;
const pod = (name: string, namespace: string, labels: Record<string, string>, ports?: Pod["ports"]): Pod => ({
  name,
  namespace,
  labels,
  ip: `10.244.0.${ip++}`,
  ports,
});
const world = (policies: NetworkPolicy[]): World => ({
  namespaces: [
    ns("default"),
    ns("myproject", { project: "myproject" }),
    ns("other"),
    ns("alice", { user: "alice" }),
  ],
  policies,
});
const np = (namespace: string, spec: NetworkPolicy["spec"], name = "p"): NetworkPolicy => ({
  metadata: { name, namespace },
  spec,
});

describe("the docs' test-network-policy example", () => {
  // metadata: {name: test-network-policy, namespace: default}; selects role=db; both directions.
  const testNetworkPolicy = np("default", {
    podSelector: { matchLabels: { role: "db" } },
    policyTypes: ["Ingress", "Egress"],
    ingress: [
      {
        from: [
          { ipBlock: { cidr: "172.17.0.0/16", except: ["172.17.1.0/24"] } },
          { namespaceSelector: { matchLabels: { project: "myproject" } } },
          { podSelector: { matchLabels: { role: "frontend" } } },
        ],
        ports: [{ protocol: "TCP", port: 6379 }],
      },
    ],
    egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/24" } }], ports: [{ protocol: "TCP", port: 5978 }] }],
  });
  const w = world([testNetworkPolicy]);
  const db = pod("db", "default", { role: "db" });
  const frontend = pod("frontend", "default", { role: "frontend" });
  const inProject = pod("anything", "myproject", {});
  const backend = pod("backend", "default", { role: "backend" });
  const frontendElsewhere = pod("frontend", "other", { role: "frontend" });

  it("admits role=frontend pods of its namespace on TCP 6379 only", () => {
    expect(canConnect(w, frontend, { pod: db }, 6379)).toBe(true);
    expect(canConnect(w, frontend, { pod: db }, 80)).toBe(false);
    expect(canConnect(w, frontend, { pod: db }, 6379, "UDP")).toBe(false);
  });
  it("admits every pod of namespaces labelled project=myproject", () => {
    expect(canConnect(w, inProject, { pod: db }, 6379)).toBe(true);
  });
  it("a podSelector alone selects in the policy's own namespace only", () => {
    expect(canConnect(w, frontendElsewhere, { pod: db }, 6379)).toBe(false);
    expect(canConnect(w, backend, { pod: db }, 6379)).toBe(false);
  });
  it("admits 172.17.0.0/16 except 172.17.1.0/24", () => {
    const from = (address: string) => ({ ...pod("x", "other", {}), ip: address });
    expect(canConnect(w, from("172.17.0.5"), { pod: db }, 6379)).toBe(true);
    expect(canConnect(w, from("172.17.1.5"), { pod: db }, 6379)).toBe(false);
    expect(canConnect(w, from("172.18.0.5"), { pod: db }, 6379)).toBe(false);
  });
  it("lets role=db pods out to 10.0.0.0/24 on TCP 5978 only", () => {
    expect(canConnect(w, db, { ip: "10.0.0.7" }, 5978)).toBe(true);
    expect(canConnect(w, db, { ip: "10.0.0.7" }, 80)).toBe(false);
    expect(canConnect(w, db, { ip: "10.0.1.7" }, 5978)).toBe(false);
  });
  it("pods no policy selects are not isolated", () => {
    expect(canConnect(w, backend, { pod: frontend }, 1234)).toBe(true);
    expect(canConnect(w, backend, { ip: "8.8.8.8" }, 53, "UDP")).toBe(true);
  });
});

describe("the docs' default policies", () => {
  const a = pod("a", "default", { app: "a" });
  const b = pod("b", "default", { app: "b" });
  it("default-deny-ingress: nothing comes in, egress is untouched", () => {
    const w = world([np("default", { podSelector: {}, policyTypes: ["Ingress"] })]);
    expect(canConnect(w, a, { pod: b }, 80)).toBe(false);
    expect(egressAllows(w, a, { pod: b }, 80)).toBe(true);
    expect(canConnect(w, a, { ip: "1.1.1.1" }, 443)).toBe(true);
  });
  it("allow-all-ingress: one empty rule admits everything", () => {
    const w = world([
      np("default", { podSelector: {}, policyTypes: ["Ingress"] }, "deny"),
      np("default", { podSelector: {}, policyTypes: ["Ingress"], ingress: [{}] }, "allow"),
    ]);
    expect(canConnect(w, a, { pod: b }, 80)).toBe(true);
  });
  it("default-deny-egress: nothing goes out, not even to an unisolated pod", () => {
    const w = world([np("default", { podSelector: {}, policyTypes: ["Egress"] })]);
    expect(canConnect(w, a, { pod: b }, 80)).toBe(false);
    expect(canConnect(w, a, { ip: "1.1.1.1" }, 443)).toBe(false);
  });
  it("allow-all-egress", () => {
    const w = world([np("default", { podSelector: {}, policyTypes: ["Egress"], egress: [{}] })]);
    expect(canConnect(w, a, { ip: "1.1.1.1" }, 443)).toBe(true);
  });
  it("default-deny-all: both directions", () => {
    const w = world([np("default", { podSelector: {}, policyTypes: ["Ingress", "Egress"] })]);
    const outside = pod("o", "other", {});
    expect(canConnect(w, outside, { pod: a }, 80)).toBe(false);
    expect(canConnect(w, a, { pod: outside }, 80)).toBe(false);
  });
  it("policyTypes absent: Ingress, and Egress when egress rules are given", () => {
    const ingressOnly = world([np("default", { podSelector: {} })]);
    expect(canConnect(ingressOnly, a, { ip: "1.1.1.1" }, 443)).toBe(true);
    expect(canConnect(ingressOnly, a, { pod: b }, 80)).toBe(false);
    const both = world([np("default", { podSelector: {}, egress: [] })]);
    expect(canConnect(both, a, { ip: "1.1.1.1" }, 443)).toBe(false);
  });
});

describe("the docs' behaviour of to and from selectors", () => {
  const client = (namespace: string) => pod("client", namespace, { role: "client" });
  const target = pod("t", "default", { app: "t" });
  it("namespaceSelector and podSelector in one element: pods that match both", () => {
    const w = world([
      np("default", {
        podSelector: {},
        ingress: [
          {
            from: [
              {
                namespaceSelector: { matchLabels: { user: "alice" } },
                podSelector: { matchLabels: { role: "client" } },
              },
            ],
          },
        ],
      }),
    ]);
    expect(canConnect(w, client("alice"), { pod: target }, 80)).toBe(true);
    expect(canConnect(w, pod("x", "alice", {}), { pod: target }, 80)).toBe(false);
    expect(canConnect(w, client("default"), { pod: target }, 80)).toBe(false);
  });
  it("two elements: pods that match either", () => {
    const w = world([
      np("default", {
        podSelector: {},
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { user: "alice" } } },
              { podSelector: { matchLabels: { role: "client" } } },
            ],
          },
        ],
      }),
    ]);
    expect(canConnect(w, pod("x", "alice", {}), { pod: target }, 80)).toBe(true);
    expect(canConnect(w, client("default"), { pod: target }, 80)).toBe(true);
    expect(canConnect(w, client("other"), { pod: target }, 80)).toBe(false);
  });
  it("a namespace by name, through kubernetes.io/metadata.name", () => {
    const w = world([
      np("default", {
        podSelector: {},
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "other" } } }] },
        ],
      }),
    ]);
    expect(canConnect(w, pod("x", "other", {}), { pod: target }, 80)).toBe(true);
    expect(canConnect(w, pod("x", "myproject", {}), { pod: target }, 80)).toBe(false);
  });
});

describe("ports", () => {
  it("the docs' multi-port egress example: 32000 to 32768 with endPort", () => {
    const w = world([
      np("default", {
        podSelector: { matchLabels: { role: "db" } },
        policyTypes: ["Egress"],
        egress: [
          {
            to: [{ ipBlock: { cidr: "10.0.0.0/24" } }],
            ports: [{ protocol: "TCP", port: 32000, endPort: 32768 }],
          },
        ],
      }),
    ]);
    const db = pod("db", "default", { role: "db" });
    expect(canConnect(w, db, { ip: "10.0.0.1" }, 32000)).toBe(true);
    expect(canConnect(w, db, { ip: "10.0.0.1" }, 32768)).toBe(true);
    expect(canConnect(w, db, { ip: "10.0.0.1" }, 32769)).toBe(false);
  });
  it("a named port is the destination pod's container port of that name", () => {
    const server = pod("s", "default", { app: "s" }, [{ name: "http", port: 8081 }]);
    const w = world([
      np("default", { podSelector: { matchLabels: { app: "s" } }, ingress: [{ ports: [{ port: "http" }] }] }),
    ]);
    const c = pod("c", "default", {});
    expect(canConnect(w, c, { pod: server }, 8081)).toBe(true);
    expect(canConnect(w, c, { pod: server }, 8080)).toBe(false);
  });
});

describe("policies add up", () => {
  it("a pod admits what any policy selecting it allows", () => {
    const s = pod("s", "default", { app: "s" });
    const w = world([
      np(
        "default",
        { podSelector: { matchLabels: { app: "s" } }, ingress: [{ ports: [{ port: 80 }] }] },
        "web",
      ),
      np("default", { podSelector: {}, ingress: [{ ports: [{ port: 22 }] }] }, "ssh"),
    ]);
    const c = pod("c", "other", {});
    expect([80, 22, 443].map((p) => canConnect(w, c, { pod: s }, p))).toEqual([true, true, false]);
  });
});

describe("selectors and addresses", () => {
  it("matchExpressions: In, NotIn, Exists, DoesNotExist", () => {
    const labels = { tier: "frontend", env: "prod" };
    const sel = (operator: "In" | "NotIn" | "Exists" | "DoesNotExist", key: string, values?: string[]) =>
      selectorMatches({ matchExpressions: [{ key, operator, values }] }, labels);
    expect([
      sel("In", "tier", ["frontend", "x"]),
      sel("In", "tier", ["x"]),
      sel("In", "nope", ["x"]),
    ]).toEqual([true, false, false]);
    expect([
      sel("NotIn", "tier", ["x"]),
      sel("NotIn", "tier", ["frontend"]),
      sel("NotIn", "nope", ["x"]),
    ]).toEqual([true, false, true]);
    expect([
      sel("Exists", "env"),
      sel("Exists", "nope"),
      sel("DoesNotExist", "nope"),
      sel("DoesNotExist", "env"),
    ]).toEqual([true, false, true, false]);
    expect(selectorMatches({}, labels)).toBe(true);
    expect(
      selectorMatches(
        {
          matchLabels: { tier: "frontend" },
          matchExpressions: [{ key: "env", operator: "In", values: ["dev"] }],
        },
        labels,
      ),
    ).toBe(false);
  });
  it("CIDR arithmetic", () => {
    expect(cidrContains("0.0.0.0/0", "203.0.113.9")).toBe(true);
    expect(cidrContains("10.0.0.0/8", "10.255.1.2")).toBe(true);
    expect(cidrContains("10.0.0.0/8", "11.0.0.1")).toBe(false);
    expect(cidrContains("169.254.169.254/32", "169.254.169.254")).toBe(true);
    expect(cidrContains("169.254.169.254/32", "169.254.169.253")).toBe(false);
    expect(cidrContains("172.16.0.0/12", "172.31.255.255")).toBe(true);
    expect(cidrContains("172.16.0.0/12", "172.32.0.1")).toBe(false);
  });
});

describe("Cilium's ipBlock semantics (engine: cilium)", () => {
  // z2jh's privateIPs rule: egress to 10.0.0.0/8 (the chart's _helpers-netpol.tpl).
  const privateIPs = np("default", {
    podSelector: { matchLabels: { role: "proxy" } },
    policyTypes: ["Egress"],
    egress: [{ to: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
  });
  const proxy = pod("proxy", "default", { role: "proxy" });
  const backend = pod("backend", "default", { role: "backend" });

  it("an ipBlock that covers a pod's address lets it through on standard engines only", () => {
    expect(canConnect(world([privateIPs]), proxy, { pod: backend }, 8000)).toBe(true);
    expect(canConnect({ ...world([privateIPs]), engine: "cilium" }, proxy, { pod: backend }, 8000)).toBe(
      false,
    );
  });

  it("nor a node's own address, while an address outside the cluster still matches", () => {
    const w: World = { ...world([privateIPs]), engine: "cilium" };
    expect(canConnect(w, proxy, { ip: "10.128.0.5", node: true }, 10250)).toBe(false);
    expect(canConnect({ ...w, engine: "standard" }, proxy, { ip: "10.128.0.5", node: true }, 10250)).toBe(
      true,
    );
    expect(canConnect(w, proxy, { ip: "10.0.0.2" }, 2049)).toBe(true);
  });

  it("ingress from an ipBlock admits no pod either", () => {
    const admit = np("default", {
      podSelector: { matchLabels: { role: "backend" } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ ipBlock: { cidr: "10.0.0.0/8" } }] }],
    });
    expect(canConnect(world([admit]), proxy, { pod: backend }, 80)).toBe(true);
    expect(canConnect({ ...world([admit]), engine: "cilium" }, proxy, { pod: backend }, 80)).toBe(false);
  });

  it("selectors work alike in both modes", () => {
    const bySelector = np("default", {
      podSelector: { matchLabels: { role: "proxy" } },
      policyTypes: ["Egress"],
      egress: [{ to: [{ podSelector: { matchLabels: { role: "backend" } } }] }],
    });
    for (const engine of ["standard", "cilium"] as const)
      expect(canConnect({ ...world([bySelector]), engine }, proxy, { pod: backend }, 8000)).toBe(true);
  });
});
