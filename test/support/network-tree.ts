/** A small network of its own for tests that need a checkout: one local cluster, given communities. */
import * as fs from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { tmpDir } from "./cli";

export const LOCAL_CLUSTER_YAML = `config:
  hubnet:cluster:
    cloud: local
    context: kind-fixture
    node: { cpu: 4, memory: 8Gi }
    domain: fixture.localhost
    certificateEmail: dev@fixture.localhost
    operators: { local: [fixture-operator] }
`;

export function networkTree(
  communities: Record<string, unknown>[],
  clusters: Record<string, string> = {},
): string {
  const root = tmpDir("tree");
  fs.writeFileSync(path.join(root, "pnpm-workspace.yaml"), "packages: []\n");
  const clusterDir = path.join(root, "stacks", "cluster");
  fs.mkdirSync(clusterDir, { recursive: true });
  for (const [name, text] of Object.entries({ "local-dev": LOCAL_CLUSTER_YAML, ...clusters }))
    fs.writeFileSync(path.join(clusterDir, `Pulumi.${name}.yaml`), text);
  for (const c of communities) {
    const dir = path.join(root, "communities", String(c.name));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "community.yaml"), stringify(c));
  }
  return root;
}
