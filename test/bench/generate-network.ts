/**
 * A generated network for benchmarks: the clusters of the test network (test/fixtures/network) and
 * N communities spread over them, each with a staging and a prod hub.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { FIXTURE_NETWORK } from "../fixtures";

const CLUSTERS = [
  // gpuSpot: the cluster's GPU pool is a spot pool, which a profile must ask for (spot: true).
  {
    name: "gcp-shared",
    domain: "edu.hubnet.cloud",
    auth: "github",
    gpu: "nvidia-tesla-t4",
    gpuSpot: true,
    buckets: true,
  },
  { name: "aws-research", domain: "climate.hubnet.cloud", auth: "cilogon", gpu: "nvidia-t4", buckets: true },
  { name: "azure-eu", domain: "eu.hubnet.cloud", auth: "google", gpu: "nvidia-t4", buckets: true },
  { name: "local-dev", domain: "hubnet.localhost", auth: "dummy", gpu: undefined, buckets: false },
] as const;

function authBlock(kind: string, name: string): string {
  switch (kind) {
    case "github":
      return `auth:\n  provider: github\n  orgs: [${name}]\n  admins: [${name}-admin]\n`;
    case "cilogon":
      return `auth:\n  provider: cilogon\n  identityProviders:\n    - { entityId: "https://idp.${name}.example.edu/idp/shibboleth", allowedDomains: [${name}.example.edu] }\n  admins: [admin@${name}.example.edu]\n`;
    case "google":
      return `auth:\n  provider: google\n  domains: [${name}.example.org]\n  allowAll: true\n  admins: [admin@${name}.example.org]\n`;
    default:
      return `auth:\n  provider: dummy\n  allowedUsers: [alice]\n  admins: [admin]\n`;
  }
}

export function communityYaml(i: number): { name: string; text: string } {
  const c = CLUSTERS[i % CLUSTERS.length];
  const name = `community-${String(i).padStart(4, "0")}`;
  const gpu =
    c.gpu && i % 5 === 0
      ? `  - { name: gpu, displayName: GPU, cpu: 3, memory: 12G, gpu: { type: ${c.gpu} }${"gpuSpot" in c ? ", spot: true" : ""} }\n`
      : "";
  const buckets =
    c.buckets && i % 3 === 0
      ? "storage:\n  buckets:\n    scratch: { expireAfterDays: 7 }\n    persistent: true\n"
      : "";
  const dask = i % 4 === 0 && c.name !== "local-dev";
  // A dask hub's image must have dask-gateway (validate's dask-gateway image check).
  const image = dask
    ? '{ name: pangeo/pangeo-notebook, tag: "2026.01.30" }'
    : '{ name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }';
  const text = `# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json
name: ${name}
displayName: Generated community ${i}
owners: [owner-${i}]
cluster: ${c.name}
hubs:
  - { name: staging, domain: staging.${name}.${c.domain} }
  - { name: prod, domain: ${name}.${c.domain} }
${authBlock(c.auth, name)}image: ${image}
profiles:
  - { name: small, displayName: "Small", cpu: 1, memory: 2G, default: true }
  - { name: medium, displayName: "Medium", cpu: 2, memory: ${c.name === "local-dev" ? "4G" : "8G"} }
${gpu}${buckets}features:
  dask: ${dask}
`;
  return { name, text };
}

/** Writes a network of `n` communities into a new temporary folder and returns its path. */
export function generateNetwork(n: number): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-bench-${n}-`));
  const clusterDir = path.join(root, "stacks", "cluster");
  fs.mkdirSync(clusterDir, { recursive: true });
  for (const c of CLUSTERS) {
    fs.copyFileSync(
      path.join(FIXTURE_NETWORK, "stacks", "cluster", `Pulumi.${c.name}.yaml`),
      path.join(clusterDir, `Pulumi.${c.name}.yaml`),
    );
  }
  for (let i = 0; i < n; i++) {
    const { name, text } = communityYaml(i);
    fs.mkdirSync(path.join(root, "communities", name), { recursive: true });
    fs.writeFileSync(path.join(root, "communities", name, "community.yaml"), text);
  }
  return root;
}
