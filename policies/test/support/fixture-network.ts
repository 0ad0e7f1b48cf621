/**
 * A network of the policy tests' own (never the example network): a cluster on each cloud and a
 * community on each, with what the policies look at (buckets, home storage, dask, GPUs, several
 * identity providers), rendered once by the real stack programs under Pulumi's mock runtime.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planNetwork } from "@hubnet/plan";
import { stringify } from "yaml";
import { type PlannedStack, type PlanRow, type PolicyContext, treeContext } from "../../src";

const CLUSTERS: Record<string, Record<string, unknown>> = {
  "fx-gcp": {
    cloud: "gcp",
    project: "fx-project",
    region: "us-central1",
    zone: "us-central1-b",
    releaseChannel: "REGULAR",
    domain: "gcp.fixture.example",
    certificateEmail: "ops@fixture.example",
    operators: { github: ["fx-operator"], google: ["ops@fixture.example"], local: ["fx-operator"] },
    nodePools: {
      core: { machineType: "n2-highmem-2", min: 1, max: 3 },
      user: [{ name: "small", machineType: "n2-highmem-4", min: 0, max: 10 }],
      gpu: [
        {
          name: "t4",
          machineType: "n1-standard-8",
          accelerator: { type: "nvidia-tesla-t4", count: 1 },
          min: 0,
          max: 2,
        },
      ],
    },
    storage: { home: { kind: "filestore", capacity: "1Ti", backups: false }, buckets: true },
  },
  "fx-aws": {
    cloud: "aws",
    account: "123456789012",
    region: "us-west-2",
    kubernetesVersion: "1.36",
    domain: "aws.fixture.example",
    certificateEmail: "ops@fixture.example",
    operators: { github: ["fx-operator"], google: ["ops@fixture.example"], local: ["fx-operator"] },
    nodePools: {
      core: { machineType: "r6i.large", min: 1, max: 3 },
      user: [{ name: "medium", machineType: "r6i.xlarge", min: 0, max: 10 }],
    },
    storage: { home: { kind: "efs", capacity: "1Ti", backups: true }, buckets: true },
  },
  "fx-azure": {
    cloud: "azure",
    subscriptionId: "3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
    location: "westeurope",
    resourceGroup: "fx-rg",
    kubernetesVersion: "1.36",
    domain: "azure.fixture.example",
    certificateEmail: "ops@fixture.example",
    operators: { github: ["fx-operator"], google: ["ops@fixture.example"], local: ["fx-operator"] },
    nodePools: {
      core: { machineType: "Standard_E4s_v5", min: 1, max: 3 },
      user: [{ name: "medium", machineType: "Standard_E4s_v5", min: 0, max: 10 }],
    },
    storage: { home: { kind: "azure-files", capacity: "1Ti", backups: false }, buckets: true },
  },
  "fx-local": {
    cloud: "local",
    context: "kind-fixture",
    node: { cpu: 8, memory: "32Gi" },
    domain: "fixture.localhost",
    certificateEmail: "dev@fixture.localhost",
    operators: { github: ["fx-operator"], google: ["ops@fixture.example"], local: ["fx-operator"] },
  },
};

const base = (name: string, cluster: string, hubs: string[], extra: Record<string, unknown>) => ({
  name,
  displayName: `Fixture ${name}`,
  owners: ["fx-owner"],
  cluster,
  hubs: hubs.map((h) => ({
    name: h,
    domain: `${name}-${h}.${String(CLUSTERS[cluster].domain)}`,
    clientId: `${name}-${h}-client`,
  })),
  image: { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" },
  profiles: [
    { name: "small", displayName: "Small", cpu: 1, memory: "4G", default: true },
    { name: "large", displayName: "Large", cpu: 2, memory: "8G" },
  ],
  ...extra,
});

export const COMMUNITIES: Record<string, unknown>[] = [
  base("fx-geo", "fx-gcp", ["staging", "prod"], {
    auth: { provider: "github", orgs: ["fx-org"], admins: ["fx-admin"] },
    storage: { buckets: { scratch: { expireAfterDays: 3 }, persistent: true } },
    // The fixture's image has no dask-gateway: the community vouches (validate's dask-gateway image check).
    features: { dask: true, daskImagesHaveGateway: true },
  }),
  base("fx-climate", "fx-aws", ["prod"], {
    auth: {
      provider: "cilogon",
      identityProviders: [
        { entityId: "https://idp.fixture.example/idp", allowedDomains: ["fixture.example"] },
      ],
      admins: ["ada@fixture.example"],
    },
    storage: { buckets: { scratch: { expireAfterDays: 7 }, persistent: true } },
  }),
  base("fx-neuro", "fx-azure", ["prod"], {
    auth: {
      provider: "google",
      domains: ["fixture.example"],
      allowAll: true,
      admins: ["bob@fixture.example"],
    },
    storage: { buckets: { scratch: { expireAfterDays: 7 }, persistent: true } },
  }),
  {
    ...base("fx-dev", "fx-local", ["dev"], {
      auth: { provider: "dummy", allowedUsers: ["alice", "carol"], admins: ["alice"] },
    }),
    profiles: [
      { name: "small", displayName: "Small", cpu: 1, memory: "4G", default: true },
      { name: "large", displayName: "Large", cpu: 2, memory: "8G" },
      {
        name: "shared",
        displayName: "Share of a node",
        sizes: [
          {
            name: "quarter",
            displayName: "1/4 node",
            cpu: { guarantee: 1, limit: 2 },
            memory: { guarantee: "2G", limit: "4G" },
            default: true,
          },
          { name: "half", displayName: "1/2 node", cpu: 2, memory: "8G" },
        ],
      },
    ],
  },
];

/** Writes the fixture network (optionally changed) into a new temporary checkout. */
export function writeFixtureNetwork(communities: Record<string, unknown>[] = COMMUNITIES): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-policy-"));
  fs.writeFileSync(path.join(root, "pnpm-workspace.yaml"), "packages: []\n");
  fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
  for (const [name, cluster] of Object.entries(CLUSTERS))
    fs.writeFileSync(
      path.join(root, "stacks", "cluster", `Pulumi.${name}.yaml`),
      stringify({ config: { "hubnet:cluster": cluster } }),
    );
  for (const c of communities) {
    const dir = path.join(root, "communities", String(c.name));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "community.yaml"), stringify(c));
  }
  return root;
}

export interface RenderedFixture {
  root: string;
  stacks: PlannedStack[];
  ctx: PolicyContext;
}

/** Renders a fixture checkout with the real stack programs; throws on any config problem. */
export async function renderFixture(root: string): Promise<RenderedFixture> {
  const result = await planNetwork({ root, communities: "all" });
  if (result.problems.length > 0)
    throw new Error(`fixture network: ${JSON.stringify(result.problems, null, 2)}`);
  return { root, stacks: [...result.clusters, ...result.communities], ctx: treeContext(root) };
}

/** A deep copy of a stack's rows, to break. */
export function rowsOf(f: RenderedFixture, stack: string): PlanRow[] {
  const s = f.stacks.find((x) => x.stack === stack);
  if (!s) throw new Error(`no stack ${stack} in the fixture`);
  return structuredClone(s.resources);
}
