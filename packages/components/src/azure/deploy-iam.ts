/**
 * The Azure roles the deploy identity needs, per resource type (cluster/deploy-iam.ts). The cluster
 * stack creates its resource group, so its roles are on the subscription (or on a resource group made
 * beforehand and named in `resourceGroup`, with `Microsoft.Resources/subscriptions/resourceGroups/write`
 * on it); role assignments need an RBAC administrator role as well as Contributor.
 */
import { AZURE_TYPES } from "@hubnet/config";
import type { DeployIamFacts } from "../cluster/deploy-iam";

const CONTRIBUTOR = { grant: "Contributor", scope: "subscription" };

export const AZURE_DEPLOY_IAM: DeployIamFacts = {
  cloud: "azure",
  table: {
    "azure-native:resources:ResourceGroup": [CONTRIBUTOR],
    "azure-native:network:VirtualNetwork": [CONTRIBUTOR],
    "azure-native:network:Subnet": [CONTRIBUTOR],
    "azure-native:network:PublicIPAddress": [CONTRIBUTOR],
    "azure-native:network:PrivateEndpoint": [CONTRIBUTOR],
    "azure-native:network:PrivateDnsZoneGroup": [CONTRIBUTOR],
    "azure-native:privatedns:PrivateZone": [CONTRIBUTOR],
    "azure-native:privatedns:VirtualNetworkLink": [CONTRIBUTOR],
    [AZURE_TYPES.aks]: [CONTRIBUTOR],
    "azure-native:containerservice:AgentPool": [CONTRIBUTOR],
    [AZURE_TYPES.storageAccount]: [CONTRIBUTOR],
    [AZURE_TYPES.fileShare]: [CONTRIBUTOR],
    [AZURE_TYPES.blobContainer]: [CONTRIBUTOR],
    "azure-native:storage:BlobServiceProperties": [CONTRIBUTOR],
    "azure-native:storage:ManagementPolicy": [CONTRIBUTOR],
    "azure-native:managedidentity:UserAssignedIdentity": [CONTRIBUTOR],
    "azure-native:managedidentity:FederatedIdentityCredential": [CONTRIBUTOR],
    "azure-native:consumption:Budget": [CONTRIBUTOR],
    "azure-native:authorization:RoleAssignment": [
      { grant: "Role Based Access Control Administrator", scope: "subscription" },
    ],
  },
  // Contributor covers reading the cluster's kubeconfig (listClusterUserCredential) as well.
  always: [],
};
