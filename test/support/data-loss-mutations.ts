/**
 * The mutation suite of the data-loss guard (issue 19, decision 0022): realistic changes to a
 * network (its configs and hubnet's code), each with the verdict `hubnet diff` must give and the
 * reason it must name. Edits apply to the test network (test/fixtures/network) in a repository of
 * support/git-network.ts; `reason` must match one finding of the verdict (a data loss's kind, type,
 * name and consequence, or a refused change's line).
 *
 * Verdicts: 4 (data loss blocked: deleted, replaced, carried away or hidden), 1 (a change the cloud
 * or Kubernetes refuses: an error before deploy), 0 (harmless).
 */
import { type FileEdit, replace } from "./git-network";

export interface Mutation {
  id: string;
  /** What an engineer or a community changes, in words. */
  change: string;
  edits: Record<string, FileEdit>;
  expect: 0 | 1 | 4;
  /** Why: what the verdict must name (data-losing and refused changes). */
  reason?: RegExp;
  /** A change of hubnet's code (the head renders with its own build). */
  code?: boolean;
}

const C = (name: string) => `communities/${name}/community.yaml`;
const K = (name: string) => `stacks/cluster/Pulumi.${name}.yaml`;
const GKE = "packages/components/src/gcp/gke-cluster.ts";
const STORAGE = "packages/components/src/hub/storage.ts";
const HUB_DB = "packages/components/src/hub/hub-database.ts";

/**
 * The mutations, given `read` (a file of the test network, relative to it): edits that add a file
 * start from one of the network's own (a second cluster, a new community).
 */
export function mutations(read: (rel: string) => string): Mutation[] {
  /** A second cluster like `gcp-shared` (same cloud and project, another region), to move a community to. */
  const gcpEast = () =>
    replace(
      "region: us-central1",
      "region: us-east1",
    )(replace("zone: us-central1-b", "zone: us-east1-b")(read(K("gcp-shared"))));
  const awsSecond = () => read(K("aws-research"));
  return [
    // ---- provider changes: the engine replaces what a changed provider manages
    {
      id: "move-community-gcp",
      change: "physics-101 moves to another GKE cluster on the same cloud",
      edits: {
        [K("gcp-east")]: gcpEast(),
        [C("physics-101")]: replace("cluster: gcp-shared", "cluster: gcp-east"),
      },
      expect: 4,
      reason: /replace .*physics-101-prod-home-pvc .*provider gcp-shared-k8s → gcp-east-k8s/,
    },
    {
      id: "move-community-aws",
      change: "ocean-climate moves to a second EKS cluster",
      edits: {
        [K("aws-second")]: awsSecond(),
        [C("ocean-climate")]: replace("cluster: aws-research", "cluster: aws-second"),
      },
      expect: 4,
      reason: /replace .*ocean-climate-.*-ns .*provider aws-research-k8s → aws-second-k8s/,
    },
    {
      id: "gcp-project",
      change: "the GKE cluster's project changes",
      edits: { [K("gcp-shared")]: replace("project: hubnet-shared-edu", "project: hubnet-shared-edu2") },
      expect: 4,
      reason:
        /replace gcp:filestore\/instance:Instance gcp-shared-home .*provider gcp-shared-gcp: project "hubnet-shared-edu" → "hubnet-shared-edu2"/,
    },
    {
      id: "gcp-region",
      change: "the GKE cluster moves to another region and zone",
      edits: { [K("gcp-shared")]: gcpEast },
      expect: 4,
      reason: /gcp:filestore\/instance:Instance gcp-shared-home .*(region|zone|location)/,
    },
    {
      id: "aws-region",
      change: "the EKS cluster moves to another region",
      edits: { [K("aws-research")]: (t) => t.replaceAll("us-west-2", "us-east-1") },
      expect: 4,
      reason: /replace aws:efs\/fileSystem:FileSystem aws-research-home .*region "us-west-2" → "us-east-1"/,
    },
    {
      id: "azure-subscription",
      change: "the AKS cluster's subscription changes",
      edits: {
        [K("azure-eu")]: replace(
          "subscriptionId: 3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
          "subscriptionId: 4f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
        ),
      },
      expect: 4,
      reason: /azure-native:storage:FileShare azure-eu-home .*subscriptionId/,
    },
    {
      id: "azure-location",
      change: "the AKS cluster moves to another location",
      edits: { [K("azure-eu")]: replace("location: westeurope", "location: northeurope") },
      expect: 4,
      reason: /azure-native:containerservice:ManagedCluster azure-eu .*location/,
    },
    // ---- a replaced cluster takes everything on it
    {
      id: "gke-master-range",
      change: "the GKE control plane's private range changes (code)",
      code: true,
      edits: {
        [GKE]: replace('masterIpv4CidrBlock: "172.16.0.0/28"', 'masterIpv4CidrBlock: "172.16.1.0/28"'),
      },
      expect: 4,
      reason: /replace gcp:container\/cluster:Cluster gcp-shared .*every hub on the cluster/,
    },
    {
      id: "gke-services-range",
      change: "the GKE services secondary range is renamed (code)",
      code: true,
      edits: {
        [GKE]: (t) =>
          replace(
            'servicesSecondaryRangeName: "services"',
            'servicesSecondaryRangeName: "svc"',
          )(replace('{ rangeName: "services",', '{ rangeName: "svc",')(t)),
      },
      expect: 4,
      reason: /gcp:container\/cluster:Cluster gcp-shared .*ipAllocationPolicy/,
    },
    {
      id: "remove-cluster",
      change: "the EKS cluster and its communities are removed",
      edits: {
        [K("aws-research")]: null,
        "communities/genomics-lab": null,
        "communities/ocean-climate": null,
      },
      expect: 4,
      reason: /delete aws:eks\/cluster:Cluster aws-research/,
    },
    // ---- deletions and replacements of what holds data
    {
      id: "delete-community",
      change: "a community is removed",
      edits: { "communities/open-geo": null },
      expect: 4,
      reason: /delete kubernetes:core\/v1:PersistentVolumeClaim open-geo-prod-hubnet-hub-db/,
    },
    {
      id: "remove-hub",
      change: "a community removes its staging hub",
      edits: {
        [C("physics-101")]: replace(
          "  - { name: staging, domain: staging.physics-101.edu.hubnet.cloud }\n",
          "",
        ),
      },
      expect: 4,
      reason: /delete kubernetes:core\/v1:Namespace physics-101-staging-ns/,
    },
    {
      id: "rename-hub",
      change: "a hub is renamed",
      edits: { [C("physics-101")]: replace("{ name: staging,", "{ name: stage,") },
      expect: 4,
      reason: /delete kubernetes:core\/v1:PersistentVolumeClaim physics-101-staging-home-pvc/,
    },
    {
      id: "rename-community",
      change: "a community's folder and name change",
      edits: {
        "communities/open-geo": null,
        [C("geo-open")]: replace("name: open-geo", "name: geo-open")(read(C("open-geo"))),
      },
      expect: 4,
      reason: /delete .*open-geo-prod-ns/,
    },
    {
      id: "efs-unprotect",
      change: "home storage loses protect (code)",
      code: true,
      edits: {
        "packages/components/src/aws/eks-home.ts": replace(
          '{ ...child, ...retention("userData") },',
          "{ ...child, retainOnDelete: true },",
        ),
      },
      expect: 4,
      reason: /unprotect aws:efs\/fileSystem:FileSystem aws-research-home/,
    },
    {
      id: "filestore-tier",
      change: "the Filestore tier changes (code)",
      code: true,
      edits: { [GKE]: replace('tier: "BASIC_HDD"', 'tier: "BASIC_SSD"') },
      expect: 4,
      reason: /replace gcp:filestore\/instance:Instance gcp-shared-home .*tier/,
    },
    {
      id: "hub-db-class",
      change: "the hub database claim gets a storage class (code)",
      code: true,
      edits: {
        [HUB_DB]: replace(
          'spec: { accessModes: ["ReadWriteOnce"], resources',
          'spec: { storageClassName: "premium", accessModes: ["ReadWriteOnce"], resources',
        ),
      },
      expect: 4,
      reason: /replace kubernetes:core\/v1:PersistentVolumeClaim .*-hubnet-hub-db .*storageClassName/,
    },
    // ---- data hidden, not deleted
    {
      id: "home-subpath",
      change: "the home sub-path layout changes (code)",
      code: true,
      edits: {
        // The code's own template literal, as text.
        [STORAGE]: replace(
          'homeSubPath: homes ? "{username}" : undefined,',
          'homeSubPath: homes ? "home-{username}" : undefined,',
        ),
      },
      expect: 4,
      reason: /hidden .*every user's home: it stays at claim home-nfs, sub-path \{username\}/,
    },
    {
      id: "hub-db-file",
      change: "the hub database's file name changes (code)",
      code: true,
      edits: { [HUB_DB]: replace("/jupyterhub.sqlite`", "/hub.sqlite`") },
      expect: 4,
      reason: /hidden .*the hub database/,
    },
    {
      id: "shared-dir-renamed",
      change: "a shared directory is renamed",
      edits: { [C("genomics-lab")]: replace("name: reference-genomes", "name: refgenomes") },
      expect: 4,
      reason: /hidden .*a shared directory: it stays at sub-path _reference-genomes/,
    },
    {
      id: "shared-dir-removed",
      change: "a shared directory is removed",
      edits: {
        [C("genomics-lab")]: replace(
          '  sharedDirectories:\n    - { name: reference-genomes, read: everyone, write: { groups: ["coastal-genomics:data-stewards"] } }\n',
          "",
        ),
      },
      expect: 4,
      reason: /hidden .*sub-path _reference-genomes/,
    },
    {
      id: "shared-off",
      change: "the hub-wide shared directory is turned off",
      edits: {
        [C("physics-101")]: replace(
          "storage: { homeQuota: 5G }",
          "storage: { homeQuota: 5G, shared: false }",
        ),
      },
      expect: 4,
      reason: /hidden .*sub-path _shared/,
    },
    {
      id: "homes-off",
      change: "homes: false on a hub that had homes",
      edits: {
        [C("physics-101")]: replace("storage: { homeQuota: 5G }", "storage: { homeQuota: 5G, homes: false }"),
      },
      expect: 4,
      reason: /hidden .*every user's home/,
    },
    {
      id: "homes-off-aws",
      change: "homes: false on an AWS hub",
      edits: { [C("genomics-lab")]: replace("  homeQuota: 50G\n", "  homeQuota: 50G\n  homes: false\n") },
      expect: 4,
      reason: /hidden .*every user's home/,
    },
    // ---- changes the cloud or Kubernetes refuses
    {
      id: "filestore-shrink",
      change: "the Filestore share shrinks (BASIC_HDD cannot)",
      edits: { [K("gcp-shared")]: replace("capacity: 2Ti", "capacity: 1Ti") },
      expect: 1,
      reason: /gcp-shared-home: fileShares.capacityGb 2048 → 1024 is refused by Filestore/,
    },
    {
      id: "hub-db-shrink",
      change: "the hub database claim shrinks (code)",
      code: true,
      edits: { [HUB_DB]: replace('HUB_DB_SIZE = "1Gi"', 'HUB_DB_SIZE = "512Mi"') },
      expect: 1,
      reason: /hubnet-hub-db: spec.resources.requests.storage "1Gi" → "512Mi" is refused by Kubernetes/,
    },
    // ---- harmless
    {
      id: "homes-off-azure",
      change: "homes: false on an Azure hub",
      edits: { [C("neuro-imaging")]: replace("  homeQuota: 100G\n", "  homeQuota: 100G\n  homes: false\n") },
      expect: 4,
      reason: /hidden .*every user's home/,
    },
    {
      id: "remove-hub-azure",
      change: "an Azure community removes its staging hub",
      edits: {
        [C("neuro-imaging")]: replace("  - { name: staging, domain: staging.hub.neuro.example.eu }\n", ""),
      },
      expect: 4,
      reason: /delete kubernetes:core\/v1:Namespace neuro-imaging-staging-ns/,
    },
    {
      id: "display-name",
      change: "a community's display name",
      edits: {
        [C("physics-101")]: replace(
          "displayName: Physics 101 at Lakeside Community College",
          "displayName: Physics at Lakeside",
        ),
      },
      expect: 0,
    },
    {
      id: "add-profile",
      change: "a new profile",
      edits: {
        [C("physics-101")]: replace(
          "  - { name: medium,",
          '  - { name: large, displayName: "Large (4 CPU, 16G)", cpu: 4, memory: 16G }\n  - { name: medium,',
        ),
      },
      expect: 0,
    },
    {
      id: "profile-memory",
      change: "a profile's memory",
      edits: { [C("physics-101")]: replace("cpu: 2, memory: 8G", "cpu: 2, memory: 6G") },
      expect: 0,
    },
    {
      id: "image-tag",
      change: "a new image tag",
      edits: { [C("physics-101")]: replace('tag: "2025-11-03"', 'tag: "2026-01-05"') },
      expect: 0,
    },
    {
      id: "admin",
      change: "another admin",
      edits: { [C("physics-101")]: replace("admins: [mrivera]", "admins: [mrivera, lakeside-it]") },
      expect: 0,
    },
    {
      id: "budget",
      change: "a bigger budget",
      edits: { [C("physics-101")]: replace("monthlyUsd: 300", "monthlyUsd: 400") },
      expect: 0,
    },
    {
      id: "announcement",
      change: "a new announcement",
      edits: { [C("physics-101")]: replace("Lab 4 is due Friday.", "Lab 5 is due Monday.") },
      expect: 0,
    },
    {
      id: "home-quota",
      change: "a larger home quota",
      edits: { [C("physics-101")]: replace("storage: { homeQuota: 5G }", "storage: { homeQuota: 8G }") },
      expect: 0,
    },
    {
      id: "add-hub",
      change: "a community adds a hub",
      edits: {
        [C("physics-101")]: replace(
          "  - { name: prod,",
          "  - { name: dev, domain: dev.physics-101.edu.hubnet.cloud }\n  - { name: prod,",
        ),
      },
      expect: 0,
    },
    {
      id: "add-shared-dir",
      change: "a new shared directory",
      edits: {
        [C("genomics-lab")]: replace(
          "  sharedDirectories:\n",
          '  sharedDirectories:\n    - { name: protocols, read: everyone, write: { groups: ["coastal-genomics:data-stewards"] } }\n',
        ),
      },
      expect: 0,
    },
    {
      id: "shared-dir-writers",
      change: "who may write a shared directory",
      edits: {
        [C("genomics-lab")]: replace(
          'write: { groups: ["coastal-genomics:data-stewards"] }',
          "write: everyone",
        ),
      },
      expect: 0,
    },
    {
      id: "named-servers",
      change: "more named servers",
      edits: { [C("genomics-lab")]: replace("namedServers: { limit: 3 }", "namedServers: { limit: 5 }") },
      expect: 0,
    },
    {
      id: "new-community",
      change: "a new community on an existing cluster",
      edits: {
        [C("physics-102")]: (_t) =>
          read(C("physics-101"))
            .replace("name: physics-101", "name: physics-102")
            .replaceAll("physics-101.edu", "physics-102.edu"),
      },
      expect: 0,
    },
    {
      id: "new-cluster",
      change: "a new cluster beside the others",
      edits: { [K("gcp-east")]: gcpEast() },
      expect: 0,
    },
    {
      id: "pool-max",
      change: "a node pool may grow larger",
      edits: {
        [K("gcp-shared")]: replace(
          "{ name: small, machineType: n2-highmem-4, min: 0, max: 30 }",
          "{ name: small, machineType: n2-highmem-4, min: 0, max: 40 }",
        ),
      },
      expect: 0,
    },
    {
      id: "filestore-grow",
      change: "the Filestore share grows",
      edits: { [K("gcp-shared")]: replace("capacity: 2Ti", "capacity: 3Ti") },
      expect: 0,
    },
    {
      id: "aws-tags",
      change: "a cost tag changes",
      edits: { [K("aws-research")]: replace("funding: nsf-2026-0417", "funding: nsf-2027-0001") },
      expect: 0,
    },
    {
      id: "release-channel",
      change: "the GKE release channel",
      edits: { [K("gcp-shared")]: replace("releaseChannel: REGULAR", "releaseChannel: STABLE") },
      expect: 0,
    },
    {
      id: "image-tag-existing",
      change: "a new image tag on an existing cluster someone else runs",
      edits: { [C("carpentry-workshop")]: replace('tag: "2025-11-03"', 'tag: "2026-01-05"') },
      expect: 0,
    },
    {
      id: "image-tag-local",
      change: "a new image tag on a local cluster",
      edits: { [C("dev-sandbox")]: replace('tag: "2025-11-03"', 'tag: "2026-01-05"') },
      expect: 0,
    },
    {
      id: "home-quota-existing",
      change: "a smaller home quota on an existing cluster",
      edits: { [C("carpentry-workshop")]: replace("  homeQuota: 2G\n", "  homeQuota: 1G\n") },
      expect: 0,
    },
    {
      id: "hub-db-grow",
      change: "the hub database claim grows (code)",
      code: true,
      edits: { [HUB_DB]: replace('HUB_DB_SIZE = "1Gi"', 'HUB_DB_SIZE = "2Gi"') },
      expect: 0,
    },
  ];
}
