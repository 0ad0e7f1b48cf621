/**
 * The Google Cloud APIs a hubnet project needs, derived from the resource types its stacks create:
 * one fact per type (`GCP_API_OF_TYPE`), so a type added to a stack without its API fails a test
 * (packages/components/test/gcp-apis.test.ts renders the cluster and a community stack and checks every
 * type against this table). The cluster stack enables them all (`gcp.projects.Service`, left enabled on
 * destroy: other stacks and clusters of the project use them), before anything that calls them;
 * community stacks run after it, in the same project.
 *
 * Only the Service Usage API itself cannot be enabled this way: the deploy guide enables it once
 * (docs/platform/deploying.md, "Google Cloud").
 */
import { GCP_TYPES } from "@hubnet/config";
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";

/** The API that serves each Google resource type hubnet creates (cluster and community stacks). */
export const GCP_API_OF_TYPE: Readonly<Record<string, string>> = {
  "gcp:compute/network:Network": "compute.googleapis.com",
  "gcp:compute/subnetwork:Subnetwork": "compute.googleapis.com",
  "gcp:compute/router:Router": "compute.googleapis.com",
  "gcp:compute/routerNat:RouterNat": "compute.googleapis.com",
  "gcp:compute/address:Address": "compute.googleapis.com",
  [GCP_TYPES.cluster]: "container.googleapis.com",
  "gcp:container/nodePool:NodePool": "container.googleapis.com",
  [GCP_TYPES.filestore]: "file.googleapis.com",
  "gcp:serviceaccount/account:Account": "iam.googleapis.com",
  "gcp:serviceaccount/iAMMember:IAMMember": "iam.googleapis.com",
  "gcp:projects/iAMMember:IAMMember": "cloudresourcemanager.googleapis.com",
  "gcp:projects/iAMCustomRole:IAMCustomRole": "iam.googleapis.com",
  "gcp:projects/service:Service": "serviceusage.googleapis.com",
  "gcp:workflows/workflow:Workflow": "workflows.googleapis.com",
  "gcp:cloudscheduler/job:Job": "cloudscheduler.googleapis.com",
  [GCP_TYPES.bucket]: "storage.googleapis.com",
  "gcp:storage/bucketIAMMember:BucketIAMMember": "storage.googleapis.com",
  "gcp:monitoring/notificationChannel:NotificationChannel": "monitoring.googleapis.com",
  "gcp:billing/budget:Budget": "billingbudgets.googleapis.com",
};

/**
 * APIs that running hubs call rather than the deploy: Workload Identity's token exchange for a hub's
 * service account (iamcredentials), the scheduler's call that starts the backup workflow
 * (workflowexecutions), the file API the workflow calls, and GKE's logging and monitoring.
 */
export const GCP_RUNTIME_APIS = [
  "iamcredentials.googleapis.com",
  "workflowexecutions.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
] as const;

/** Enabled by hand once, before the first deploy: the API that enables the others. */
export const GCP_BOOTSTRAP_API = "serviceusage.googleapis.com";

/** Every API the cluster stack enables: those of the types above and the runtime ones, sorted, each once. */
export function gcpApis(): string[] {
  return [...new Set([...Object.values(GCP_API_OF_TYPE), ...GCP_RUNTIME_APIS])]
    .filter((a) => a !== GCP_BOOTSTRAP_API)
    .sort();
}

/** The API of resource type `type`, or undefined when the table has none (a test refuses that). */
export function apiOfType(type: string): string | undefined {
  return GCP_API_OF_TYPE[type];
}

/** The `gcp.projects.Service` of each API in `project`; `child` makes them the cluster's children. */
export function enableGcpApis(
  name: string,
  project: string,
  child: pulumi.CustomResourceOptions,
): gcp.projects.Service[] {
  return gcpApis().map(
    (service) =>
      new gcp.projects.Service(
        `${name}-api-${service.split(".")[0]}`,
        { project, service, disableOnDestroy: false, disableDependentServices: false },
        child,
      ),
  );
}
