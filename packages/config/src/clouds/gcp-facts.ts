/**
 * Google Cloud (`@pulumi/gcp` 9, bridged from terraform-provider-google 6.x/7.x): what its
 * resources mean to hubnet, in the form of ./facts.ts. `replaceOnChange` lists the attributes the
 * Terraform provider marks `ForceNew` ("Changing this forces a new resource to be created" in
 * its documentation, generated from the same schema).
 */
import type { ProviderFacts } from "./facts";

/**
 * The type tokens of this provider's user data and clusters, written here only: every other
 * module names them through this object (a test checks that no other source file spells them).
 */
export const GCP_TYPES = {
  filestore: "gcp:filestore/instance:Instance",
  disk: "gcp:compute/disk:Disk",
  bucket: "gcp:storage/bucket:Bucket",
  cluster: "gcp:container/cluster:Cluster",
} as const;

const TPG = "hashicorp/terraform-provider-google (ForceNew attributes of";
const tpg = (resource: string) => `${TPG} ${resource})`;

export const GCP_FACTS: ProviderFacts = {
  package: "gcp",
  // Every resource's `project` (and `region`/`zone` where it has one) is ForceNew and defaults to
  // the provider's through the resource's CustomizeDiff (tpgresource.DefaultProviderProject /
  // DefaultProviderRegion / DefaultProviderZone): a provider pointed elsewhere replaces them.
  relocating: ["project", "region", "zone"],
  budgetRecipients: {
    max: 5,
    source:
      "cloud.google.com/billing/docs/how-to/budgets-notification-recipients (up to 5 Cloud Monitoring channels per budget)",
  },
  relocatingSource:
    "hashicorp/terraform-provider-google google/tpgresource/utils.go (DefaultProviderProject, DefaultProviderRegion, DefaultProviderZone) with each resource's ForceNew `project`",
  types: {
    [GCP_TYPES.filestore]: {
      holds: "home-storage",
      replaceOnChange: [
        "name",
        "location",
        "zone",
        "project",
        "tier",
        "fileShares.name",
        "fileShares.sourceBackup",
        "networks",
        "kmsKeyName",
        "protocol",
      ],
      noShrink: [
        {
          path: "fileShares.capacityGb",
          unit: "number",
          allowedWhen: { path: "tier", values: ["HIGH_SCALE_SSD", "ZONAL", "REGIONAL", "ENTERPRISE"] },
          refusedBy: "Filestore (a BASIC_HDD or BASIC_SSD share can grow, never shrink)",
          source:
            "cloud.google.com/filestore/docs/edit-instances (capacity can be decreased only on zonal, regional, enterprise and high-scale tiers)",
        },
      ],
      labels: ["labels"],
      source: tpg("google_filestore_instance"),
    },
    [GCP_TYPES.disk]: {
      holds: "volume",
      replaceOnChange: ["name", "zone", "project", "type", "image", "snapshot", "diskEncryptionKey"],
      noShrink: [
        {
          path: "size",
          unit: "number",
          refusedBy: "Compute Engine (a persistent disk can grow, never shrink)",
          source: "cloud.google.com/compute/docs/disks/resize-persistent-disk",
        },
      ],
      source: tpg("google_compute_disk"),
    },
    [GCP_TYPES.bucket]: {
      holds: "bucket",
      replaceOnChange: ["name", "location", "project"],
      labels: ["labels"],
      source: tpg("google_storage_bucket"),
    },
    [GCP_TYPES.cluster]: {
      holds: "cluster",
      contains: "dependents",
      replaceOnChange: [
        "name",
        "location",
        "project",
        "network",
        "subnetwork",
        "ipAllocationPolicy",
        "privateClusterConfig.enablePrivateEndpoint",
        "privateClusterConfig.masterIpv4CidrBlock",
        "privateClusterConfig.enablePrivateNodes",
        "clusterIpv4Cidr",
      ],
      source: tpg(
        "google_container_cluster: ip_allocation_policy, private_cluster_config.master_ipv4_cidr_block",
      ),
    },
    "gcp:container/nodePool:NodePool": {
      replaceOnChange: ["name", "cluster", "location", "project"],
      labels: ["nodeConfig", "resourceLabels"],
      source: tpg("google_container_node_pool"),
    },
    "gcp:workflows/workflow:Workflow": {
      labels: ["labels"],
      source: tpg("google_workflows_workflow"),
    },
    "gcp:serviceaccount/account:Account": {
      replaceOnChange: ["accountId", "project"],
      source: tpg("google_service_account"),
    },
    "gcp:compute/network:Network": {
      replaceOnChange: ["name", "project", "autoCreateSubnetworks"],
      source: tpg("google_compute_network"),
    },
    "gcp:compute/subnetwork:Subnetwork": {
      replaceOnChange: ["name", "network", "region", "project"],
      source: tpg("google_compute_subnetwork"),
    },
    "gcp:compute/router:Router": {
      replaceOnChange: ["name", "network", "region", "project"],
      source: tpg("google_compute_router"),
    },
    "gcp:compute/routerNat:RouterNat": {
      replaceOnChange: ["name", "router", "region", "project"],
      source: tpg("google_compute_router_nat"),
    },
    "gcp:storage/bucketIAMMember:BucketIAMMember": {
      replaceOnChange: ["bucket", "role", "member", "condition"],
      source: tpg("google_storage_bucket_iam_member"),
    },
    "gcp:projects/iAMMember:IAMMember": {
      replaceOnChange: ["project", "role", "member", "condition"],
      source: tpg("google_project_iam_member"),
    },
    "gcp:serviceaccount/iAMMember:IAMMember": {
      replaceOnChange: ["serviceAccountId", "role", "member", "condition"],
      source: tpg("google_service_account_iam_member"),
    },
  },
};
