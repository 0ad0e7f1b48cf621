/**
 * A hub's identity and buckets on Azure: a user-assigned managed identity per
 * hub, federated with the hub's Kubernetes service account through the
 * cluster's OIDC issuer (AKS workload identity), and, when the hub has
 * buckets, a StorageV2 account of its own whose blob containers (`scratch`,
 * `persistent`) only that identity can use.
 *
 * One account per hub because an Azure storage account has exactly one
 * lifecycle management policy: the hub's own account lets the community stack
 * own the policy that expires scratch blobs, with no rules shared between
 * communities or stacks.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as consumption from "@pulumi/azure-native/consumption";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import {
  BUDGET_THRESHOLDS,
  type BudgetArgs,
  budgetFilterTag,
  budgetName,
  MAX_BUDGET_RECIPIENTS,
} from "../cluster/budget";
import { type CommunityCloudContext, identityOf, providerSettingsOf } from "../cluster/cloud-context";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "../cluster/contract";
import {
  azureIdentityName,
  azureStorageAccountName,
  azureTags,
  type BucketKind,
  serviceAccountSubject,
} from "../cluster/naming";
import { bucketRetention, retention } from "../cluster/retention";

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

/** The blob container of a bucket kind inside the hub's own account. */
export function hubContainerName(kind: BucketKind): string {
  return kind;
}

/**
 * The hub account's lifecycle policy (the account's only one, always named "default"): blobs of the
 * scratch container are deleted `expireAfterDays` days after their last modification (snapshots too).
 */
export function scratchLifecyclePolicy(expireAfterDays: number) {
  return {
    rules: [
      {
        name: "expire-scratch",
        enabled: true,
        type: "Lifecycle",
        definition: {
          filters: {
            blobTypes: ["blockBlob", "appendBlob"],
            prefixMatch: [`${hubContainerName("scratch")}/`],
          },
          actions: {
            baseBlob: { delete: { daysAfterModificationGreaterThan: expireAfterDays } },
            snapshot: { delete: { daysAfterCreationGreaterThan: expireAfterDays } },
          },
        },
      },
    ],
  };
}

/**
 * Settings of a hub's storage account: blobs over HTTPS with TLS 1.2 or newer, no anonymous access, no
 * account keys (the hub's identity authenticates with Entra ID through workload identity).
 */
export function hubStorageAccountSettings() {
  return {
    kind: "StorageV2",
    sku: { name: "Standard_LRS" },
    accessTier: "Hot",
    enableHttpsTrafficOnly: true,
    minimumTlsVersion: "TLS1_2",
    allowBlobPublicAccess: false,
    allowSharedKeyAccess: false,
    defaultToOAuthAuthentication: true,
    allowCrossTenantReplication: false,
  } as const;
}

/**
 * Retention of a hub's storage account: it holds user data when it holds a persistent container
 * (protected and retained); a scratch-only account is retained like its scratch container.
 */
export function hubAccountRetention(buckets: HubCloudArgs["buckets"]) {
  return bucketRetention(buckets.persistent ? "persistent" : "scratch");
}

/**
 * The first day of `now`'s month (UTC), the budget's start. Azure refuses a monthly budget whose start
 * lies before the current month ("Past start date should be selected within the timegrain period",
 * Microsoft.Consumption budgets: `timePeriod.startDate` must be the first of a month, not before the
 * current one), so a fixed date breaks every community created after that month. The budget ignores
 * later changes of its start (`ignoreChanges`), so the date a budget was created with stays.
 */
export function budgetStartDate(now: Date = new Date()): string {
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, "0")}-01T00:00:00Z`;
}

/** The budget inputs a deploy never updates: its start, set once at creation. */
export const BUDGET_IGNORED_CHANGES = ["timePeriod.startDate"];

/**
 * The Cost Management budget of a community: the cluster's resource group (where every hub's
 * identity and storage account live), filtered by the community's tag, alerting each threshold by e-mail.
 */
export function azureBudgetArgs(
  args: BudgetArgs,
  subscriptionId: string,
  resourceGroup: string,
  now: Date = new Date(),
) {
  const tag = budgetFilterTag(args.community);
  return {
    budgetName: budgetName(args.cluster, args.community, 63),
    scope: `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
    amount: args.monthlyUsd,
    category: "Cost",
    timeGrain: "Monthly",
    timePeriod: { startDate: budgetStartDate(now) },
    filter: { tags: { name: tag.key, operator: "In", values: [tag.value] } },
    notifications: Object.fromEntries(
      BUDGET_THRESHOLDS.map((t) => [
        `${t.basis}${t.percent}`,
        {
          enabled: true,
          operator: "GreaterThanOrEqualTo",
          threshold: t.percent,
          thresholdType: t.basis === "actual" ? "Actual" : "Forecasted",
          contactEmails: args.recipients.slice(0, MAX_BUDGET_RECIPIENTS.azure),
        },
      ]),
    ),
  };
}

export class AzureCommunityCloud implements CommunityCloud {
  #provider?: AzureProvider;

  constructor(private readonly cluster: CommunityCloudContext) {}

  /**
   * The community's azure provider, from the cluster stack's `cloudProvider` output (created once,
   * owned by the Community): hubs' cloud resources never use the deploying machine's settings.
   */
  private provider(parent?: pulumi.Resource): AzureProvider {
    if (!this.#provider) {
      const s = providerSettingsOf(this.cluster.cloudProvider, "azure", parent);
      this.#provider = new AzureProvider(
        `${this.cluster.name}-azure`,
        { subscriptionId: s.subscriptionId, location: s.location },
        { parent: this.cluster.parent ?? parent },
      );
    }
    return this.#provider;
  }

  createHubCloud(name: string, args: HubCloudArgs, hubOpts: pulumi.ComponentResourceOptions): HubCloudResult {
    const opts = { ...hubOpts, provider: this.provider(hubOpts.parent) };
    const identity = pulumi.output(this.cluster.identity).apply((i) => identityOf(i, "azure", opts.parent));
    const uai = new managedidentity.UserAssignedIdentity(
      `${name}-identity`,
      {
        resourceName: azureIdentityName(args.community, args.hub),
        resourceGroupName: identity.resourceGroup,
        location: identity.location,
        tags: azureTags(args.tags),
      },
      opts,
    );
    new managedidentity.FederatedIdentityCredential(
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

    const result = {
      serviceAccountAnnotations: uai.clientId.apply(
        (id): Record<string, string> => ({ "azure.workload.identity/client-id": id }),
      ),
      podLabels: { "azure.workload.identity/use": "true" },
    };
    const { scratch, persistent } = args.buckets;
    if (!scratch && !persistent) return { ...result, env: pulumi.output<Record<string, string>>({}) };

    const accountName = azureStorageAccountName(this.cluster.name, args.community, args.hub);
    const account = new storage.StorageAccount(
      `${name}-storage`,
      {
        accountName,
        resourceGroupName: identity.resourceGroup,
        location: identity.location,
        ...hubStorageAccountSettings(),
        tags: azureTags(args.tags),
      },
      { ...opts, ...hubAccountRetention(args.buckets) },
    );
    const inAccount = { accountName: account.name, resourceGroupName: identity.resourceGroup };
    new storage.BlobServiceProperties(
      `${name}-storage`,
      {
        ...inAccount,
        blobServicesName: "default",
        deleteRetentionPolicy: { enabled: true, days: 7 },
        containerDeleteRetentionPolicy: { enabled: true, days: 7 },
      },
      opts,
    );
    if (scratch) {
      // Retained with the scratch container, so that a scratch bucket left behind still empties itself.
      new storage.ManagementPolicy(
        `${name}-scratch-lifecycle`,
        {
          ...inAccount,
          managementPolicyName: "default",
          policy: scratchLifecyclePolicy(scratch.expireAfterDays),
        },
        { ...opts, ...retention("scratch") },
      );
    }

    const container = (kind: BucketKind) => {
      const containerName = hubContainerName(kind);
      const c = new storage.BlobContainer(
        `${name}-${kind}`,
        {
          ...inAccount,
          containerName,
          publicAccess: "None",
          metadata: Object.fromEntries(Object.entries(args.tags).map(([k, v]) => [k.replace(/-/g, "_"), v])),
        },
        { ...opts, ...bucketRetention(kind) },
      );
      // Scoped to the container although the account is the hub's own: every blob operation in the bucket
      // works, but the identity cannot create containers the stack and the lifecycle rule do not know of.
      new authorization.RoleAssignment(
        `${name}-${kind}-blob-contributor`,
        {
          principalId: uai.principalId,
          principalType: "ServicePrincipal",
          roleDefinitionId: identity.subscriptionId.apply((s) =>
            roleDefinitionId(s, STORAGE_BLOB_DATA_CONTRIBUTOR),
          ),
          scope: identity.apply((i) =>
            containerScope(i.subscriptionId, i.resourceGroup, accountName, containerName),
          ),
        },
        { ...opts, dependsOn: [c] },
      );
      return c.id.apply(() => `az://${containerName}`);
    };

    return {
      ...result,
      scratchBucket: scratch ? container("scratch") : undefined,
      persistentBucket: persistent ? container("persistent") : undefined,
      // adlfs / the Azure SDKs find the account here; the bucket URLs name only the container.
      env: account.name.apply(
        (a): Record<string, string> => ({ AZURE_STORAGE_ACCOUNT: a, AZURE_STORAGE_ACCOUNT_NAME: a }),
      ),
    };
  }

  createBudget(name: string, args: BudgetArgs, budgetOpts: pulumi.ComponentResourceOptions) {
    const s = providerSettingsOf(this.cluster.cloudProvider, "azure", budgetOpts.parent);
    const opts = { ...budgetOpts, provider: this.provider(budgetOpts.parent) };
    return new consumption.Budget(
      `${name}-budget`,
      azureBudgetArgs(args, s.subscriptionId, s.resourceGroup),
      {
        ...opts,
        ignoreChanges: BUDGET_IGNORED_CHANGES,
      },
    );
  }
}
