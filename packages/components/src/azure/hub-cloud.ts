/**
 * A hub's identity and buckets on Azure: a user-assigned managed identity per
 * hub, federated with the hub's Kubernetes service account through the
 * cluster's OIDC issuer (AKS workload identity), and blob containers in the
 * cluster's storage account that only that identity can use.
 *
 * Scratch expiry: an Azure storage account has exactly one lifecycle management
 * policy, owned by the cluster stack. Hubs do not write it (two communities
 * would overwrite each other's rules); the cluster's policy is expected to hold
 * one rule per `*-scratch` container prefix. Until it does, scratch containers
 * on Azure do not expire (docs/platform/hubs.md, "Known limits").
 */
import * as azure from "@pulumi/azure-native";
import * as pulumi from "@pulumi/pulumi";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "../cluster/contract";
import { bucketRetention } from "../cluster/retention";
import { type CommunityCloudContext, identityOf } from "../hub/cloud-context";
import { azureContainerName, azureIdentityName, type BucketKind, serviceAccountSubject } from "../hub/naming";

/** Built-in role "Storage Blob Data Contributor". */
export const STORAGE_BLOB_DATA_CONTRIBUTOR = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

/** The ARM ID of one blob container: the only scope a hub identity gets a role on. */
export function containerScope(
  subscriptionId: string,
  resourceGroup: string,
  storageAccount: string,
  container: string,
): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Storage/storageAccounts/${storageAccount}/blobServices/default/containers/${container}`;
}

export function roleDefinitionId(subscriptionId: string, role: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role}`;
}

export class AzureCommunityCloud implements CommunityCloud {
  constructor(private readonly cluster: CommunityCloudContext) {}

  createHubCloud(name: string, args: HubCloudArgs, opts: pulumi.ComponentResourceOptions): HubCloudResult {
    const identity = pulumi.output(this.cluster.identity).apply((i) => identityOf(i, "azure"));

    const uai = new azure.managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: azureIdentityName(args.community, args.hub),
        resourceGroupName: identity.resourceGroup,
        location: identity.location,
        tags: args.tags,
      },
      opts,
    );
    new azure.managedidentity.FederatedIdentityCredential(
      `${name}-federated`,
      {
        federatedIdentityCredentialResourceName: `${args.namespace}-${args.serviceAccountName}`.slice(0, 120),
        resourceGroupName: identity.resourceGroup,
        resourceName: uai.name,
        issuer: identity.oidcIssuerUrl,
        subject: serviceAccountSubject(args.namespace, args.serviceAccountName),
        audiences: ["api://AzureADTokenExchange"],
      },
      opts,
    );

    const container = (kind: BucketKind) => {
      const containerName = azureContainerName(args.community, args.hub, kind);
      const c = new azure.storage.BlobContainer(
        `${name}-${kind}`,
        {
          accountName: identity.storageAccountName,
          resourceGroupName: identity.resourceGroup,
          containerName,
          publicAccess: "None",
          metadata: Object.fromEntries(Object.entries(args.tags).map(([k, v]) => [k.replace(/-/g, "_"), v])),
        },
        { ...opts, ...bucketRetention(kind) },
      );
      new azure.authorization.RoleAssignment(
        `${name}-${kind}-blob-contributor`,
        {
          principalId: uai.principalId,
          principalType: "ServicePrincipal",
          roleDefinitionId: identity.subscriptionId.apply((s) =>
            roleDefinitionId(s, STORAGE_BLOB_DATA_CONTRIBUTOR),
          ),
          scope: identity.apply((i) =>
            containerScope(i.subscriptionId, i.resourceGroup, i.storageAccountName, containerName),
          ),
        },
        { ...opts, dependsOn: [c] },
      );
      return c.id.apply(() => `az://${containerName}`);
    };

    return {
      serviceAccountAnnotations: uai.clientId.apply(
        (id): Record<string, string> => ({ "azure.workload.identity/client-id": id }),
      ),
      podLabels: { "azure.workload.identity/use": "true" },
      scratchBucket: args.buckets.scratch ? container("scratch") : undefined,
      persistentBucket: args.buckets.persistent ? container("persistent") : undefined,
      env: identity.storageAccountName.apply(
        (a): Record<string, string> => ({ AZURE_STORAGE_ACCOUNT: a, AZURE_STORAGE_ACCOUNT_NAME: a }),
      ),
    };
  }
}
