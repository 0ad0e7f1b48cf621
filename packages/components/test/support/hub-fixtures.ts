/** A community of this suite's own, rendered into chart values by `hubValues` (no Pulumi runtime). */
import { type Cluster, ClusterSchema, type Community, CommunitySchema } from "@hubnet/config";
import type { HomeStorage } from "../../src/cluster/contract";
import { hubValues } from "../../src/hub/values";

// biome-ignore lint/suspicious/noExplicitAny: chart values are free-form JSON here
export type Json = any;

export const OPERATORS = {
  github: ["op-gh"],
  google: ["op@example.org"],
  oidc: { "https://login.example.org": ["op"] },
  local: [],
};

export const CLUSTERS: Record<string, unknown> = {
  gcp: {
    cloud: "gcp",
    project: "fixture-project",
    region: "us-central1",
    domain: "example.org",
    certificateEmail: "ops@example.org",
    operators: OPERATORS,
    nodePools: {
      core: { machineType: "e2-standard-2" },
      user: [
        { name: "small", machineType: "n2-highmem-4", max: 5 },
        { name: "spotty", machineType: "n2-highmem-4", max: 5, spot: true },
      ],
      gpu: [{ name: "t4", machineType: "n1-standard-8", accelerator: { type: "nvidia-tesla-t4" }, max: 2 }],
    },
  },
  azure: {
    cloud: "azure",
    subscriptionId: "3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
    location: "westeurope",
    domain: "example.org",
    certificateEmail: "ops@example.org",
    operators: OPERATORS,
    nodePools: {
      core: { machineType: "Standard_D2s_v5" },
      user: [
        { name: "steady", machineType: "Standard_E8s_v5", max: 5 },
        { name: "spotty", machineType: "Standard_E8s_v5", max: 5, spot: true },
      ],
    },
  },
};

export const NFS: HomeStorage = { kind: "nfs", server: "10.0.0.2", path: "/homes", mountOptions: ["vers=3"] };

export const BASE = {
  name: "fix",
  displayName: "Fixture",
  owners: ["someone"],
  cluster: "fixture",
  hubs: [{ name: "prod", domain: "fix.example.org" }],
  auth: { provider: "github", orgs: ["fixture-org"] },
  image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
  profiles: [{ name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true }],
};

export function render(over: Record<string, unknown>, cloud = "gcp", home: HomeStorage = NFS) {
  const community: Community = CommunitySchema.parse({ ...BASE, ...over });
  const cluster: Cluster = ClusterSchema.parse(CLUSTERS[cloud]);
  const values = hubValues({
    community,
    clusterConfig: cluster,
    cluster: { name: "fixture", cloud: cluster.cloud, operators: OPERATORS, home },
    hub: community.hubs[0],
    clientId: "client-id",
    namespace: "fix-prod",
    serviceAccountName: "user",
    secrets: {
      proxySecretToken: "[secret]",
      cookieSecret: "[secret]",
      cryptKey: "[secret]",
      healthToken: "[secret]",
      ...(community.auth.provider === "shared-password"
        ? { sharedPassword: "[secret]", adminPassword: "[secret]" }
        : {}),
    },
    oauthSecretName: "hubnet-oauth",
    userEnv: { SCRATCH_BUCKET: "gs://platform", COURSE: "from-the-platform" },
    podLabels: {},
    hasBuckets: false,
    labels: { "hubnet-community": "fix", "hubnet-hub": "prod" },
  }) as Json;
  return { community, values };
}
