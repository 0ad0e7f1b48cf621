/**
 * A hub's namespace is `<community>-<hub>`: no community and hub may join to a namespace that
 * Kubernetes, the cluster's cloud or the cluster baseline uses (issue 21). Checked by validate over
 * the whole network, also for community files with problems of their own.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as components from "../../components/src/cluster/namespaces";
import {
  BASELINE_NAMESPACES,
  CERT_MANAGER_NAMESPACE,
  ENVOY_GATEWAY_NAMESPACE,
  formatProblem,
  loadNetwork,
  MONITORING_NAMESPACE,
  reservedNamespace,
} from "../src";

const CLUSTER = `config:
  hubnet:cluster:
    cloud: local
    context: kind
    domain: test.localhost
    certificateEmail: ops@test.localhost
`;
const community = (name: string, hub: string, extra = "") => `name: ${name}
displayName: ${name}
owners: [someone]
cluster: kind
hubs:
  - { name: ${hub}, domain: ${name}.test.localhost }
auth: { provider: dummy, allowedUsers: [alice] }
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 1Gi, default: true }
${extra}`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function validate(communities: [string, string, string?][]): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-reserved-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
  fs.writeFileSync(path.join(root, "stacks", "cluster", "Pulumi.kind.yaml"), CLUSTER);
  for (const [name, hub, extra] of communities) {
    fs.mkdirSync(path.join(root, "communities", name), { recursive: true });
    fs.writeFileSync(path.join(root, "communities", name, "community.yaml"), community(name, hub, extra));
  }
  return loadNetwork(root).problems.map((p) => formatProblem(p, root));
}

/** Every way to cut `namespace` at a dash into a community name and a hub name. */
function splits(namespace: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 1; i < namespace.length - 1; i++)
    if (namespace[i] === "-" && namespace[i - 1] !== "-" && namespace[i + 1] !== "-")
      out.push([namespace.slice(0, i), namespace.slice(i + 1)]);
  return out;
}

describe("reserved namespaces", () => {
  it("the baseline's namespaces are defined once, in @hubnet/config, and components use that definition", () => {
    expect(components.ENVOY_GATEWAY_NAMESPACE).toBe(ENVOY_GATEWAY_NAMESPACE);
    expect(components.CERT_MANAGER_NAMESPACE).toBe(CERT_MANAGER_NAMESPACE);
    expect(components.MONITORING_NAMESPACE).toBe(MONITORING_NAMESPACE);
    const source = fs.readFileSync(
      path.join(__dirname, "../../components/src/cluster/namespaces.ts"),
      "utf8",
    );
    expect(source).not.toMatch(/=\s*"/);
  });

  const reserved = [
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "kube-anything",
    ...BASELINE_NAMESPACES,
    "gke-managed-system",
    "gmp-public",
    "calico-system",
    "local-path-storage",
    "hubnet-cluster",
  ];
  for (const ns of reserved) {
    it(`no community and hub name join to ${ns}`, () => {
      expect(reservedNamespace(ns)).toBeDefined();
      const cuts = splits(ns);
      // A hub's namespace always holds a dash: a name without one (monitoring) cannot be produced.
      if (!ns.includes("-")) expect(cuts).toEqual([]);
      for (const [c, h] of cuts) {
        const problems = validate([[c, h]]);
        expect(problems, `${c} + ${h}`).toEqual([
          expect.stringMatching(
            new RegExp(
              `^communities/${c}/community\\.yaml:6:13: hubs\\[0\\]\\.name: hub "${h}" of community "${c}" would get the namespace ${ns}, and .*: rename this hub`,
            ),
          ),
        ]);
      }
    });
  }

  it("is checked for a community file that has problems of its own too", () => {
    const problems = validate([["kube", "system", "unknownField: 1\n"]]);
    expect(problems.some((p) => p.includes("would get the namespace kube-system"))).toBe(true);
    expect(problems.some((p) => p.includes('unknown field "unknownField"'))).toBe(true);
  });

  it("ordinary names pass: a word containing kube or system is not a reserved namespace", () => {
    for (const ns of [
      "physics-dev",
      "kubernetes-course-prod",
      "systems-lab-dev",
      "cube-system2",
      "monitoring-lab",
    ])
      expect(reservedNamespace(ns), ns).toBeUndefined();
    expect(
      validate([
        ["systems", "dev"],
        ["kubeflow", "prod"],
      ]),
    ).toEqual([]);
  });
});
