/**
 * A small network of this test suite's own (not the example network): one cluster per cloud and
 * communities written by each test, in a temporary tree removed after the file's tests.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll } from "vitest";
import { formatProblem, loadNetwork } from "../src";

const header =
  "# yaml-language-server: $schema=../../packages/config/schemas/cluster-stack.schema.json\nconfig:\n  hubnet:cluster:\n";
const indent = (yaml: string) =>
  yaml
    .trim()
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");

/** Cluster files by name: `hubnet:cluster` bodies. */
export const FIXTURE_CLUSTERS: Record<string, string> = {
  gke: `
cloud: gcp
project: fixture-project
region: us-central1
domain: gke.example.org
certificateEmail: ops@example.org
operators: { github: [op-gh], google: [op@example.org] }
nodePools:
  core: { machineType: e2-standard-2 }
  user:
    - { name: highmem, machineType: n2-highmem-4, max: 10 }
    - { name: big, machineType: n2-highmem-64, max: 2 }
    - { name: cheap, machineType: n2-standard-8, max: 10, spot: true }
  gpu:
    - { name: t4, machineType: n1-standard-8, accelerator: { type: nvidia-tesla-t4, count: 1 }, max: 2 }
    - { name: l4, machineType: g2-standard-4, accelerator: { type: nvidia-l4, count: 1 }, max: 2 }
`,
  eks: `
cloud: aws
account: "123456789012"
region: us-west-2
domain: eks.example.org
certificateEmail: ops@example.org
nodePools:
  core: { machineType: r5.large }
  user:
    - { name: memory, machineType: r8i-flex.xlarge, max: 10 }
  gpu:
    - { name: t4, machineType: g4dn.xlarge, accelerator: { type: nvidia-t4, count: 1 }, max: 4 }
`,
  aks: `
cloud: azure
subscriptionId: 3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f
location: westeurope
domain: aks.example.org
certificateEmail: ops@example.org
nodePools:
  core: { machineType: Standard_D2s_v5 }
  user:
    - { name: spotty, machineType: Standard_E8s_v5, max: 10, spot: true }
    - { name: steady, machineType: Standard_E8s_v5, max: 10 }
`,
  lab: `
cloud: local
context: kind-lab
node: { cpu: 4, memory: 8Gi }
domain: lab.localhost
certificateEmail: dev@lab.localhost
`,
  campus: `
cloud: existing
node: { cpu: 30, memory: 120Gi }
storage:
  home: { kind: nfs, server: nfs.campus.example.edu, addresses: [192.0.2.10], path: /export/hubs }
  defaultStorageClass: { name: ceph-rbd, provisioner: rook-ceph.rbd.csi.ceph.com }
domain: campus.example.edu
certificateEmail: ops@campus.example.edu
operators: { github: [op-gh] }
`,
};

/** A valid community on `cluster` (github auth, one profile), with `extra` YAML appended at the top level. */
export function communityYaml(name: string, cluster: string, body: string): string {
  const domain = {
    gke: "gke.example.org",
    eks: "eks.example.org",
    aks: "aks.example.org",
    lab: "lab.localhost",
    campus: "campus.example.edu",
  }[cluster];
  return [
    "# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json",
    `name: ${name}`,
    `displayName: ${name}`,
    "owners: [someone]",
    `cluster: ${cluster}`,
    "hubs:",
    `  - { name: prod, domain: ${name}.${domain} }`,
    'image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }',
    body.trim(),
    "",
  ].join("\n");
}

export const GITHUB_AUTH = "auth: { provider: github, orgs: [fixture-org] }";
export const SMALL_PROFILE =
  "profiles:\n  - { name: small, displayName: Small, cpu: 1, memory: 2G, default: true }";

/** A tree per call, removed after the file's tests: every fixture cluster and the given communities. */
export function fixtureTrees() {
  const roots: string[] = [];
  afterAll(() => {
    for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
  });
  return (communities: Record<string, string>, clusters: Record<string, string> = FIXTURE_CLUSTERS) => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-fixture-"));
    roots.push(root);
    fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
    for (const [name, body] of Object.entries(clusters))
      fs.writeFileSync(
        path.join(root, "stacks", "cluster", `Pulumi.${name}.yaml`),
        header + indent(body) + "\n",
      );
    for (const [name, text] of Object.entries(communities)) {
      fs.mkdirSync(path.join(root, "communities", name), { recursive: true });
      fs.writeFileSync(path.join(root, "communities", name, "community.yaml"), text);
    }
    return root;
  };
}

/** The problems of a fixture network, as `hubnet validate` prints them (paths relative to the tree). */
export function problemsOf(root: string): string[] {
  return loadNetwork(root).problems.map((p) => formatProblem(p, root));
}
