/**
 * A hub's identity and buckets on GCP: one Google service account per hub,
 * bound to the hub's Kubernetes service account by Workload Identity, and GCS
 * buckets that only that service account can use.
 */
import * as gcp from "@pulumi/gcp";
import * as pulumi from "@pulumi/pulumi";
import {
  BUDGET_THRESHOLDS,
  type BudgetArgs,
  budgetFilterTag,
  budgetName,
  MAX_BUDGET_RECIPIENTS,
  moneyOf,
} from "../cluster/budget";
import { type CommunityCloudContext, identityOf, providerSettingsOf } from "../cluster/cloud-context";
import type { CommunityCloud, HubCloudArgs, HubCloudResult } from "../cluster/contract";
import {
  type BucketKind,
  bucketName,
  communityTags,
  gcpLabels,
  gcpServiceAccountId,
} from "../cluster/naming";

export { gcpLabels } from "../cluster/naming";

import { bucketRetention } from "../cluster/retention";

/** The Workload Identity member that lets one Kubernetes service account act as a Google service account. */
export function workloadIdentityMember(workloadPool: string, namespace: string, ksa: string): string {
  return `serviceAccount:${workloadPool}[${namespace}/${ksa}]`;
}

/** Lifecycle rules of a bucket: scratch objects are deleted after `expireAfterDays`. */
export function gcsLifecycleRules(kind: BucketKind, expireAfterDays?: number) {
  return kind === "scratch" && expireAfterDays
    ? [{ action: { type: "Delete" }, condition: { age: expireAfterDays } }]
    : [];
}

/**
 * The Cloud Billing budget of a community: the cluster's project, filtered by the community's label,
 * in the project's billing account, alerting each threshold to `channels` (Cloud Monitoring e-mail
 * channels) and the billing account's admins. The filter names the project by its number
 * (`projects/{number}`): the Billing Budgets API stores and returns it so, and a project ID there reads
 * back as a number, a diff on every `up` (Billing Budgets API v1, `Filter.projects`;
 * terraform-provider-google `google_billing_budget` docs, `budget_filter.projects`).
 */
export function gcpBudgetArgs(
  args: BudgetArgs,
  projectNumber: pulumi.Input<string>,
  billingAccount: string,
  channels: pulumi.Input<string>[],
): gcp.billing.BudgetArgs {
  const tag = budgetFilterTag(args.community);
  return {
    billingAccount,
    displayName: budgetName(args.cluster, args.community, 60),
    budgetFilter: {
      projects: [pulumi.interpolate`projects/${projectNumber}`],
      labels: { [tag.key]: tag.value },
      calendarPeriod: "MONTH",
      creditTypesTreatment: "INCLUDE_ALL_CREDITS",
    },
    amount: { specifiedAmount: { currencyCode: "USD", ...moneyOf(args.monthlyUsd) } },
    thresholdRules: BUDGET_THRESHOLDS.map((t) => ({
      thresholdPercent: t.percent / 100,
      spendBasis: t.basis === "actual" ? "CURRENT_SPEND" : "FORECASTED_SPEND",
    })),
    allUpdatesRule: { monitoringNotificationChannels: channels, disableDefaultIamRecipients: false },
  };
}

export class GcpCommunityCloud implements CommunityCloud {
  #provider?: gcp.Provider;

  constructor(private readonly cluster: CommunityCloudContext) {}

  /**
   * The community's gcp provider, from the cluster stack's `cloudProvider` output (created once,
   * owned by the Community): hubs' cloud resources never use the deploying machine's settings.
   */
  private provider(parent?: pulumi.Resource): gcp.Provider {
    if (!this.#provider) {
      const s = providerSettingsOf(this.cluster.cloudProvider, "gcp", parent);
      this.#provider = new gcp.Provider(
        `${this.cluster.name}-gcp`,
        {
          project: s.project,
          region: s.region,
          // Every labelled resource of the community carries its attribution; hub resources add hubnet-hub.
          defaultLabels: gcpLabels(
            communityTags(this.cluster.name, this.cluster.community, this.cluster.tags),
          ),
          // Billing budgets are billed to (and quota-checked in) the cluster's project, not the caller's.
          billingProject: s.project,
          userProjectOverride: true,
        },
        { parent: this.cluster.parent ?? parent },
      );
    }
    return this.#provider;
  }

  createHubCloud(name: string, args: HubCloudArgs, hubOpts: pulumi.ComponentResourceOptions): HubCloudResult {
    const opts = { ...hubOpts, provider: this.provider(hubOpts.parent) };
    const identity = pulumi.output(this.cluster.identity).apply((i) => identityOf(i, "gcp", opts.parent));
    const project = identity.project;
    const labels = gcpLabels(args.tags);

    const account = new gcp.serviceaccount.Account(
      `${name}-sa`,
      {
        accountId: gcpServiceAccountId(args.community, args.hub),
        project,
        displayName: `hubnet ${args.community}/${args.hub} users`,
        description: `User servers of hub ${args.hub} of community ${args.community} on cluster ${this.cluster.name}`,
      },
      opts,
    );
    new gcp.serviceaccount.IAMMember(
      `${name}-workload-identity`,
      {
        serviceAccountId: account.name,
        role: "roles/iam.workloadIdentityUser",
        member: identity.workloadPool.apply((p) =>
          workloadIdentityMember(p, args.namespace, args.serviceAccountName),
        ),
      },
      opts,
    );

    const bucket = (kind: BucketKind, expireAfterDays?: number) => {
      const persistent = kind === "persistent";
      const b = new gcp.storage.Bucket(
        `${name}-${kind}`,
        {
          name: bucketName(this.cluster.name, args.community, args.hub, kind),
          project,
          location: pulumi.output(this.cluster.region).apply((r) => r.toUpperCase()),
          uniformBucketLevelAccess: true,
          publicAccessPrevention: "enforced",
          lifecycleRules: gcsLifecycleRules(kind, expireAfterDays),
          versioning: { enabled: persistent },
          labels,
          forceDestroy: false,
        },
        { ...opts, ...bucketRetention(kind) },
      );
      new gcp.storage.BucketIAMMember(
        `${name}-${kind}-object-admin`,
        { bucket: b.name, role: "roles/storage.objectAdmin", member: account.member },
        opts,
      );
      return pulumi.interpolate`gs://${b.name}`;
    };

    return {
      serviceAccountAnnotations: account.email.apply(
        (email): Record<string, string> => ({ "iam.gke.io/gcp-service-account": email }),
      ),
      podLabels: {},
      scratchBucket: args.buckets.scratch
        ? bucket("scratch", args.buckets.scratch.expireAfterDays)
        : undefined,
      persistentBucket: args.buckets.persistent ? bucket("persistent") : undefined,
      env: pulumi.output<Record<string, string>>({}),
    };
  }

  createBudget(name: string, args: BudgetArgs, budgetOpts: pulumi.ComponentResourceOptions) {
    const s = providerSettingsOf(this.cluster.cloudProvider, "gcp", budgetOpts.parent);
    if (!s.billingAccount) return undefined; // hubnet validate warns: the cluster names no billing account
    const opts = { ...budgetOpts, provider: this.provider(budgetOpts.parent) };
    const channels = args.recipients.slice(0, MAX_BUDGET_RECIPIENTS.gcp).map(
      (email, i) =>
        new gcp.monitoring.NotificationChannel(
          `${name}-budget-email-${i}`,
          {
            project: s.project,
            type: "email",
            displayName: `hubnet budget ${args.community}: ${email}`,
            labels: { email_address: email },
            userLabels: gcpLabels(args.tags),
          },
          opts,
        ).id,
    );
    const projectNumber = gcp.organizations.getProjectOutput(
      { projectId: s.project },
      { provider: opts.provider, parent: opts.parent },
    ).number;
    return new gcp.billing.Budget(
      `${name}-budget`,
      gcpBudgetArgs(args, projectNumber, s.billingAccount, channels),
      opts,
    );
  }
}
