/**
 * Hubs whose names join to another hub's: `<community>-<hub>` is the
 * namespace, `<cluster>-<community>-<hub>` is in bucket and role names, and
 * dashes make different names join alike. The second such hub is refused.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatProblem, loadNetwork } from "../src";

const cluster = (context: string) => `config:
  hubnet:cluster:
    cloud: local
    context: ${context}
    domain: test.localhost
    certificateEmail: ops@test.localhost
`;
const community = (name: string, clusterName: string, hubs: [string, string][]) => `name: ${name}
displayName: ${name}
owners: [someone]
cluster: ${clusterName}
hubs:
${hubs.map(([hub, domain]) => `  - { name: ${hub}, domain: ${domain} }`).join("\n")}
auth: { provider: dummy, allowedUsers: [alice] }
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 1Gi, default: true }
`;

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function network(clusters: string[], communities: [string, string, [string, string][]][]): string[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-names-"));
  roots.push(root);
  fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
  for (const c of clusters)
    fs.writeFileSync(path.join(root, "stacks", "cluster", `Pulumi.${c}.yaml`), cluster(c));
  for (const [name, on, hubs] of communities) {
    fs.mkdirSync(path.join(root, "communities", name), { recursive: true });
    fs.writeFileSync(path.join(root, "communities", name, "community.yaml"), community(name, on, hubs));
  }
  return loadNetwork(root).problems.map((p) => formatProblem(p, root));
}

describe("hub names that join alike", () => {
  it("refuses a second hub with the same namespace", () => {
    expect(
      network(
        ["kind"],
        [
          ["a-b", "kind", [["c", "one.test.localhost"]]],
          ["a", "kind", [["b-c", "two.test.localhost"]]],
        ],
      ),
    ).toEqual([
      'communities/a/community.yaml:6:13: hubs[0].name: hub "b-c" of community "a" would share the namespace a-b-c with hub "c" of community "a-b" (communities/a-b/community.yaml:6:13): rename this hub',
    ]);
  });

  it("refuses a second hub whose cluster, community and hub names join like another's", () => {
    expect(
      network(
        ["p", "p-q"],
        [
          ["r", "p-q", [["h", "one.test.localhost"]]],
          ["q-r", "p", [["h", "two.test.localhost"]]],
        ],
      ),
    ).toEqual([
      'communities/r/community.yaml:6:13: hubs[0].name: hub "h" of community "r" would share its bucket and IAM role names (hubnet-p-q-r-h-…) with hub "h" of community "q-r" (communities/q-r/community.yaml:6:13): rename this hub',
    ]);
  });

  it("accepts names that only look alike", () => {
    expect(
      network(
        ["kind"],
        [
          ["a-b", "kind", [["c", "one.test.localhost"]]],
          ["a", "kind", [["b-cd", "two.test.localhost"]]],
          ["ab", "kind", [["c", "three.test.localhost"]]],
        ],
      ),
    ).toEqual([]);
  });
});
