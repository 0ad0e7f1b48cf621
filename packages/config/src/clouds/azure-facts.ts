/**
 * Azure (`@pulumi/azure-native` 3): what its resources mean to hubnet, in the form of ./facts.ts.
 * The provider replaces a resource when a parameter of its resource ID changes (resource group,
 * parent and own name) or a property whose REST API `x-ms-mutability` lacks `update` (location,
 * a storage account's kind, a file share's protocol).
 */
import type { ProviderFacts } from "./facts";

/**
 * The type tokens of this provider's user data and clusters, written here only: every other
 * module names them through this object (a test checks that no other source file spells them).
 */
export const AZURE_TYPES = {
  storageAccount: "azure-native:storage:StorageAccount",
  fileShare: "azure-native:storage:FileShare",
  blobContainer: "azure-native:storage:BlobContainer",
  disk: "azure-native:compute:Disk",
  aks: "azure-native:containerservice:ManagedCluster",
} as const;

const AZ =
  "pulumi/pulumi-azure-native (resource ID parameters and create-only properties, x-ms-mutability, of";
const az = (resource: string) => `${AZ} ${resource})`;

export const AZURE_FACTS: ProviderFacts = {
  package: "azure-native",
  // The subscription is part of every resource ID: a provider on another subscription manages
  // other resources (the old ones are replaced, created anew in it).
  relocating: ["subscriptionId", "tenantId"],
  budgetRecipients: {
    max: 50,
    source: "learn.microsoft.com/rest/api/consumption/budgets (notification contactEmails: at most 50)",
  },
  relocatingSource:
    "pulumi/pulumi-azure-native: every resource ID starts /subscriptions/{subscriptionId}, taken from the provider's configuration",
  types: {
    [AZURE_TYPES.storageAccount]: {
      holds: "volume",
      replaceOnChange: [
        "accountName",
        "resourceGroupName",
        "location",
        "kind",
        "isHnsEnabled",
        "enableNfsV3",
      ],
      source: az("storage.StorageAccount"),
    },
    [AZURE_TYPES.fileShare]: {
      holds: "home-storage",
      replaceOnChange: ["accountName", "resourceGroupName", "shareName", "enabledProtocols"],
      source: az("storage.FileShare"),
    },
    [AZURE_TYPES.blobContainer]: {
      holds: "bucket",
      replaceOnChange: ["accountName", "resourceGroupName", "containerName"],
      labels: ["metadata"],
      source: az("storage.BlobContainer"),
    },
    "azure-native:storage:ManagementPolicy": {
      replaceOnChange: ["accountName", "resourceGroupName", "managementPolicyName"],
      source: az("storage.ManagementPolicy"),
    },
    "azure-native:storage:BlobServiceProperties": {
      replaceOnChange: ["accountName", "resourceGroupName", "blobServicesName"],
      source: az("storage.BlobServiceProperties"),
    },
    [AZURE_TYPES.disk]: {
      holds: "volume",
      replaceOnChange: ["diskName", "resourceGroupName", "location", "creationData"],
      noShrink: [
        {
          path: "diskSizeGB",
          unit: "number",
          refusedBy: "Azure (a managed disk can grow, never shrink)",
          source: "learn.microsoft.com/azure/virtual-machines/linux/expand-disks",
        },
      ],
      source: az("compute.Disk"),
    },
    [AZURE_TYPES.aks]: {
      holds: "cluster",
      contains: "dependents",
      replaceOnChange: ["resourceName", "resourceGroupName", "location", "dnsPrefix"],
      source: az("containerservice.ManagedCluster"),
    },
    "azure-native:containerservice:AgentPool": {
      replaceOnChange: [
        "agentPoolName",
        "resourceName",
        "resourceGroupName",
        "vmSize",
        "osDiskSizeGB",
        "vnetSubnetID",
      ],
      source: az("containerservice.AgentPool"),
    },
    "azure-native:resources:ResourceGroup": {
      contains: "dependents",
      replaceOnChange: ["resourceGroupName", "location"],
      source: `${az("resources.ResourceGroup")}; deleting a resource group deletes every resource in it`,
    },
    "azure-native:managedidentity:UserAssignedIdentity": {
      replaceOnChange: ["resourceName", "resourceGroupName", "location"],
      source: az("managedidentity.UserAssignedIdentity"),
    },
    "azure-native:managedidentity:FederatedIdentityCredential": {
      replaceOnChange: ["federatedIdentityCredentialResourceName", "resourceName", "resourceGroupName"],
      source: az("managedidentity.FederatedIdentityCredential"),
    },
    "azure-native:network:VirtualNetwork": {
      replaceOnChange: ["virtualNetworkName", "resourceGroupName", "location"],
      source: az("network.VirtualNetwork"),
    },
    "azure-native:network:Subnet": {
      replaceOnChange: ["subnetName", "virtualNetworkName", "resourceGroupName"],
      source: az("network.Subnet"),
    },
    "azure-native:authorization:RoleAssignment": {
      replaceOnChange: ["roleAssignmentName", "scope", "principalId", "roleDefinitionId"],
      source: az("authorization.RoleAssignment"),
    },
  },
};
