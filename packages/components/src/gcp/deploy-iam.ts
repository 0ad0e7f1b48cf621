/**
 * The roles the deploy identity needs on Google Cloud, per resource type (cluster/deploy-iam.ts).
 * Predefined roles (GCP IAM, "IAM basic and predefined roles reference"); the project's, except
 * budgets, whose role is on the billing account.
 */
import { GCP_TYPES } from "@hubnet/config";
import type { DeployIamFacts } from "../cluster/deploy-iam";

const project = (grant: string) => ({ grant, scope: "project" });

export const GCP_DEPLOY_IAM: DeployIamFacts = {
  cloud: "gcp",
  table: {
    "gcp:compute/network:Network": [project("roles/compute.networkAdmin")],
    "gcp:compute/subnetwork:Subnetwork": [project("roles/compute.networkAdmin")],
    "gcp:compute/router:Router": [project("roles/compute.networkAdmin")],
    "gcp:compute/routerNat:RouterNat": [project("roles/compute.networkAdmin")],
    "gcp:compute/address:Address": [project("roles/compute.networkAdmin")],
    [GCP_TYPES.cluster]: [project("roles/container.admin")],
    "gcp:container/nodePool:NodePool": [project("roles/container.admin")],
    [GCP_TYPES.filestore]: [project("roles/file.editor")],
    "gcp:serviceaccount/account:Account": [project("roles/iam.serviceAccountAdmin")],
    "gcp:serviceaccount/iAMMember:IAMMember": [project("roles/iam.serviceAccountAdmin")],
    "gcp:projects/iAMMember:IAMMember": [project("roles/resourcemanager.projectIamAdmin")],
    "gcp:projects/iAMCustomRole:IAMCustomRole": [project("roles/iam.roleAdmin")],
    "gcp:projects/service:Service": [project("roles/serviceusage.serviceUsageAdmin")],
    "gcp:workflows/workflow:Workflow": [project("roles/workflows.editor")],
    "gcp:cloudscheduler/job:Job": [project("roles/cloudscheduler.admin")],
    [GCP_TYPES.bucket]: [project("roles/storage.admin")],
    "gcp:storage/bucketIAMMember:BucketIAMMember": [project("roles/storage.admin")],
    "gcp:monitoring/notificationChannel:NotificationChannel": [
      project("roles/monitoring.notificationChannelEditor"),
    ],
    "gcp:billing/budget:Budget": [{ grant: "roles/billing.costsManager", scope: "billing account" }],
  },
  always: [
    {
      ...project("roles/iam.serviceAccountUser"),
      why: "running node pools, the backup workflow and its schedule as their service accounts (actAs)",
    },
    {
      ...project("roles/serviceusage.serviceUsageConsumer"),
      why: "billing budgets and APIs are called with the cluster's project as the quota project",
    },
  ],
};
