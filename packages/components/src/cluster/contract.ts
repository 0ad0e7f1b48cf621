/**
 * The one cluster interface every cloud implements.
 *
 * A cluster stack (stacks/cluster) creates a `HubnetCluster` and exports its
 * `ClusterOutputs`; a community stack (stacks/community) reads those outputs
 * through a StackReference and asks the cloud's `CommunityCloud` for each
 * hub's identity and buckets. Nothing cloud-specific leaks above this file:
 * hubs see a Kubernetes provider, annotations for a service account, bucket
 * URLs and a home volume.
 */

import type { Cloud, Operators } from "@hubnet/config";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { BudgetArgs } from "./budget";

/**
 * The Gateway API GatewayClass the cluster baseline creates (Envoy Gateway, one merged load
 * balancer) and every hub's Gateway attaches to.
 */
export const GATEWAY_CLASS_NAME = "hubnet";

/** How hubs mount home directories. */
export type HomeStorage =
  /** A managed NFS share (Filestore, EFS, Azure Files NFS): hubs mount `path` with a sub-path per hub and user. */
  | {
      kind: "nfs";
      server: string;
      path: string;
      mountOptions: string[];
      /**
       * The server's addresses, which user pods are denied (only the kubelet mounts the share), where
       * they may be public: an existing cluster's declared server. Managed shares have private
       * addresses, which user pods never reach anyway.
       */
      serverAddresses?: string[];
    }
  /** A CSI-provisioned share with a StorageClass (EFS access points, Azure Files): one RWX claim per hub. */
  | { kind: "storageClass"; storageClass: string; accessMode: "ReadWriteMany" }
  /** The cluster's default StorageClass: one dynamic claim per user (local clusters). */
  | { kind: "perUserClaims"; storageClass?: string };

/** Cloud identity details that community stacks need to bind hub service accounts. */
export type ClusterIdentity =
  | { cloud: "gcp"; project: string; workloadPool: string }
  | { cloud: "aws"; account: string; oidcProviderArn: string; oidcProviderUrl: string }
  | {
      cloud: "azure";
      subscriptionId: string;
      resourceGroup: string;
      location: string;
      oidcIssuerUrl: string;
    }
  | { cloud: "local" }
  | { cloud: "existing" };

/**
 * Where a cluster's cloud resources live, for the explicit provider a community stack creates its
 * hubs' cloud resources through (never the deploying machine's ambient settings): project and
 * region (GCP), region and account (AWS), subscription, location and resource group (Azure).
 */
export type CloudProviderSettings =
  | {
      cloud: "gcp";
      project: string;
      region: string;
      /** The Cloud Billing account the project is billed to (community budgets live there). */
      billingAccount?: string;
    }
  | { cloud: "aws"; region: string; account: string }
  | { cloud: "azure"; subscriptionId: string; location: string; resourceGroup: string }
  | { cloud: "local" }
  | { cloud: "existing" };

/**
 * What the cluster stack exports (plain values once resolved) and community
 * stacks read through a StackReference. `kubeconfig` is a secret.
 */
export interface ClusterOutputs {
  name: string;
  cloud: Cloud;
  region: string;
  kubeconfig: string;
  domain: string;
  extraDomains: string[];
  certificateEmail: string;
  /** Platform operators per identity provider (`hubnet:cluster` operators). */
  operators: Operators;
  /** E-mail addresses of the platform operators: told of every community budget alert on this cluster. */
  operatorEmails: string[];
  /** The Gateway API GatewayClass hubs attach their Gateways to (`GATEWAY_CLASS_NAME`). */
  gatewayClassName: string;
  home: HomeStorage;
  buckets: boolean;
  identity: ClusterIdentity;
  /** Where the cluster's cloud resources live: community stacks build their cloud provider from it. */
  cloudProvider: CloudProviderSettings;
  tags: Record<string, string>;
  /**
   * The addresses of the cluster's one load balancer, reserved by the cluster stack so they outlive
   * the load balancer: every hub domain's DNS A record points here (docs/platform/deploying.md).
   * Empty on local clusters (their domains resolve to the machine itself).
   */
  loadBalancerAddresses: string[];
}

/** What the cluster baseline (ClusterBaseline) needs to know of a cloud's cluster component. */
export interface BaselineNeeds {
  /**
   * Install cluster-autoscaler for this region with this IRSA role (clouds whose node groups do not
   * scale themselves: EKS).
   * @default not installed
   */
  clusterAutoscaler?: { region: string; roleArn: pulumi.Input<string>; kubernetesVersion: string };
  /**
   * Install the NVIDIA device plugin (clouds that do not install it themselves, with GPU pools).
   * @default false
   */
  nvidiaDevicePlugin?: boolean;
  /**
   * Annotations of the one shared load balancer Service (the Envoy proxy's) that this cloud's load
   * balancer controller reads.
   * @default {}
   */
  loadBalancerAnnotations?: Record<string, pulumi.Input<string>>;
  /**
   * The reserved address the load balancer Service asks for (`spec.loadBalancerIP`), on clouds that
   * take it that way (GKE).
   * @default the cloud picks one
   */
  loadBalancerIP?: pulumi.Input<string>;
  /**
   * The cluster's CNI denies pods that no NetworkPolicy selects (the VPC CNI in strict mode): the
   * baseline opens the system namespaces with policies of their own (`systemNamespacePolicies`).
   * @default false
   */
  strictNetworkPolicy?: boolean;
  /**
   * Resources the baseline waits for (the node pools, so its charts have nodes to run on).
   * @default []
   */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Pulumi outputs of a cluster component, before they are exported. */
export type ClusterOutputsInput = { [K in keyof ClusterOutputs]: pulumi.Input<ClusterOutputs[K]> };

/**
 * The cluster's default StorageClass, which claims that name none use: the hub database's claim
 * (hub/hub-database.ts). Some clouds provide it, EKS does not (hubnet installs the EBS CSI driver and
 * creates it there).
 */
export interface DefaultStorageClass {
  /** The StorageClass's name. */
  name: string;
  /** Its CSI provisioner. */
  provisioner: string;
  /** Who creates it: the cloud when the cluster is created, or hubnet's cluster component. */
  createdBy: "cloud" | "hubnet";
}

/** Every cluster component (GkeCluster, EksCluster, AksCluster, LocalCluster) implements this. */
export interface HubnetCluster {
  readonly provider: k8s.Provider;
  /** The default StorageClass the cluster has once this component is deployed. */
  readonly defaultStorageClass: DefaultStorageClass;
  /** The kubeconfig, as a secret output. */
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
}

export interface HubCloudArgs {
  /** The community's name. Required. */
  community: string;
  /** The hub's name. Required. */
  hub: string;
  /** The hub's namespace (`hubNamespace`). Required. */
  namespace: string;
  /** The Kubernetes service account user pods run as, bound to the hub's cloud identity. Required. */
  serviceAccountName: string;
  /** Which buckets the hub has: scratch (emptied after `expireAfterDays`) and persistent. Required. */
  buckets: { scratch?: { expireAfterDays: number }; persistent: boolean };
  /** Cost-attribution labels: hubnet-cluster, hubnet-community, hubnet-hub and the cluster's tags. Required. */
  tags: Record<string, string>;
}

export interface HubCloudResult {
  /** Annotations for the user service account (workload identity binding). */
  serviceAccountAnnotations: pulumi.Output<Record<string, string>>;
  /** Labels user pods need for their identity (AKS workload identity). */
  podLabels: Record<string, string>;
  /** Bucket URLs (gs://, s3://, az://) handed to users as SCRATCH_BUCKET / PERSISTENT_BUCKET. */
  scratchBucket?: pulumi.Output<string>;
  persistentBucket?: pulumi.Output<string>;
  /** Extra environment for user servers (e.g. AWS_REGION, AZURE_STORAGE_ACCOUNT). */
  env: pulumi.Output<Record<string, string>>;
}

/**
 * Creates a hub's cloud identity and buckets. One implementation per cloud,
 * created in the community stack from the cluster's outputs.
 */
export interface CommunityCloud {
  createHubCloud(name: string, args: HubCloudArgs, opts: pulumi.ComponentResourceOptions): HubCloudResult;
  /**
   * The community's budget alert on this cloud (cluster/budget.ts says what it is), or undefined where
   * the cloud has no bill (local clusters) or the cluster lacks what the budget needs (a GCP billing account).
   */
  createBudget(
    name: string,
    args: BudgetArgs,
    opts: pulumi.ComponentResourceOptions,
  ): pulumi.Resource | undefined;
}
