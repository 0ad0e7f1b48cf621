/**
 * A hub's identity and buckets on AWS: an IAM role per hub that only the hub's
 * Kubernetes service account can assume (IRSA, through the cluster's OIDC
 * provider), and S3 buckets that only that role can use.
 */
import * as aws from "@pulumi/aws";
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
import { awsRoleName, awsTags, type BucketKind, bucketName, communityTags } from "../cluster/naming";
import { bucketRetention } from "../cluster/retention";
import { irsaTrust } from "./eks-policies";

/** The trust policy of a hub role: only `system:serviceaccount:<ns>:<ksa>`, through the cluster's OIDC provider. */
export const irsaTrustPolicy = irsaTrust;

/** The inline policy of a hub role: read, write and list of this hub's buckets, nothing else. */
export function bucketAccessPolicy(bucketArns: string[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetBucketLocation", "s3:ListBucketMultipartUploads"],
        Resource: bucketArns,
      },
      {
        Effect: "Allow",
        Action: [
          "s3:GetObject",
          "s3:PutObject",
          "s3:DeleteObject",
          "s3:AbortMultipartUpload",
          "s3:ListMultipartUploadParts",
        ],
        Resource: bucketArns.map((a) => `${a}/*`),
      },
    ],
  };
}

/**
 * The AWS Budgets budget of a community: the account's monthly cost filtered by the community's
 * cost-allocation tag (`user:hubnet-community`, active once an operator activates the tag in the
 * billing console: docs/platform/costs.md), alerting each threshold by e-mail.
 */
export function awsBudgetArgs(args: BudgetArgs, account: string): aws.budgets.BudgetArgs {
  const tag = budgetFilterTag(args.community);
  return {
    accountId: account,
    name: budgetName(args.cluster, args.community, 100),
    budgetType: "COST",
    limitAmount: args.monthlyUsd.toFixed(2),
    limitUnit: "USD",
    timeUnit: "MONTHLY",
    costFilters: [{ name: "TagKeyValue", values: [`user:${tag.key}$${tag.value}`] }],
    notifications: BUDGET_THRESHOLDS.map((t) => ({
      comparisonOperator: "GREATER_THAN",
      threshold: t.percent,
      thresholdType: "PERCENTAGE",
      notificationType: t.basis === "actual" ? "ACTUAL" : "FORECASTED",
      subscriberEmailAddresses: args.recipients.slice(0, MAX_BUDGET_RECIPIENTS.aws),
    })),
    tags: awsTags(args.tags),
  };
}

export class AwsCommunityCloud implements CommunityCloud {
  #provider?: aws.Provider;

  constructor(private readonly cluster: CommunityCloudContext) {}

  /**
   * The community's aws provider, from the cluster stack's `cloudProvider` output (created once,
   * owned by the Community): hubs' cloud resources never use the deploying machine's settings.
   */
  private provider(parent?: pulumi.Resource): aws.Provider {
    if (!this.#provider) {
      const s = providerSettingsOf(this.cluster.cloudProvider, "aws", parent);
      this.#provider = new aws.Provider(
        `${this.cluster.name}-aws`,
        {
          region: s.region as aws.Region,
          allowedAccountIds: [s.account],
          // Every tagged resource of the community carries its attribution; hub resources add hubnet-hub.
          defaultTags: {
            tags: awsTags(communityTags(this.cluster.name, this.cluster.community, this.cluster.tags)),
          },
        },
        { parent: this.cluster.parent ?? parent },
      );
    }
    return this.#provider;
  }

  createHubCloud(name: string, args: HubCloudArgs, hubOpts: pulumi.ComponentResourceOptions): HubCloudResult {
    const opts = { ...hubOpts, provider: this.provider(hubOpts.parent) };
    const identity = pulumi.output(this.cluster.identity).apply((i) => identityOf(i, "aws", opts.parent));
    const tags = awsTags(args.tags);

    const role = new aws.iam.Role(
      `${name}-role`,
      {
        name: awsRoleName(this.cluster.name, args.community, args.hub),
        description: `User servers of hub ${args.hub} of community ${args.community}`,
        assumeRolePolicy: identity.apply((i) =>
          JSON.stringify(
            irsaTrustPolicy(i.oidcProviderArn, i.oidcProviderUrl, args.namespace, args.serviceAccountName),
          ),
        ),
        tags,
      },
      opts,
    );

    const arns: pulumi.Output<string>[] = [];
    const bucket = (kind: BucketKind, expireAfterDays?: number) => {
      const persistent = kind === "persistent";
      const b = new aws.s3.Bucket(
        `${name}-${kind}`,
        {
          bucket: bucketName(this.cluster.name, args.community, args.hub, kind),
          forceDestroy: false,
          tags,
        },
        { ...opts, ...bucketRetention(kind) },
      );
      const child = { ...opts, dependsOn: [b] };
      new aws.s3.BucketPublicAccessBlock(
        `${name}-${kind}-public-access-block`,
        {
          bucket: b.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        child,
      );
      new aws.s3.BucketServerSideEncryptionConfiguration(
        `${name}-${kind}-sse`,
        {
          bucket: b.id,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
        },
        child,
      );
      if (kind === "scratch" && expireAfterDays) {
        new aws.s3.BucketLifecycleConfiguration(
          `${name}-${kind}-lifecycle`,
          {
            bucket: b.id,
            rules: [
              { id: "expire-scratch", status: "Enabled", filter: {}, expiration: { days: expireAfterDays } },
              {
                id: "abort-uploads",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
              },
            ],
          },
          child,
        );
      }
      if (persistent) {
        new aws.s3.BucketVersioning(
          `${name}-${kind}-versioning`,
          { bucket: b.id, versioningConfiguration: { status: "Enabled" } },
          child,
        );
      }
      arns.push(b.arn);
      return pulumi.interpolate`s3://${b.bucket}`;
    };

    const scratchBucket = args.buckets.scratch
      ? bucket("scratch", args.buckets.scratch.expireAfterDays)
      : undefined;
    const persistentBucket = args.buckets.persistent ? bucket("persistent") : undefined;
    if (arns.length > 0) {
      new aws.iam.RolePolicy(
        `${name}-buckets`,
        { role: role.name, policy: pulumi.all(arns).apply((a) => JSON.stringify(bucketAccessPolicy(a))) },
        opts,
      );
    }

    return {
      serviceAccountAnnotations: role.arn.apply(
        (arn): Record<string, string> => ({ "eks.amazonaws.com/role-arn": arn }),
      ),
      podLabels: {},
      scratchBucket,
      persistentBucket,
      env: pulumi
        .output(this.cluster.region)
        .apply((region): Record<string, string> => ({ AWS_REGION: region, AWS_DEFAULT_REGION: region })),
    };
  }

  createBudget(name: string, args: BudgetArgs, budgetOpts: pulumi.ComponentResourceOptions) {
    const s = providerSettingsOf(this.cluster.cloudProvider, "aws", budgetOpts.parent);
    const opts = { ...budgetOpts, provider: this.provider(budgetOpts.parent) };
    return new aws.budgets.Budget(`${name}-budget`, awsBudgetArgs(args, s.account), opts);
  }
}
