/**
 * The z2jh (jupyterhub chart 4.4.0) values of one hub, from the community
 * config, the cluster it runs on and platform defaults. Pure: secrets come in
 * as (secret) Inputs and stay nested where they are, so the rest of the values
 * stays readable in plans and only those leaves show as "[secret]".
 */

import {
  type Cloud,
  type Cluster,
  type Community,
  type CommunityHub,
  hasNodePools,
  lookupMachineType,
  poolForProfile,
} from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import type { HomeStorage } from "../cluster/contract";
import { CLIENT_SECRET_ENV } from "./auth";
import { exceptFromInternet, homeServerDenials } from "./home-server-egress";
import { chartHttpRoute } from "./https";
import { hubDatabaseValues } from "./hub-database";
import { CULL_EVERY_SECONDS, jupyterHubSettings } from "./jupyterhub-settings";
import { hubPodNetworkPolicy, proxyNetworkPolicy, singleuserNetworkPolicy } from "./network-policy";
import { profileGroupsHook, profileList } from "./profiles";
import { singleuserExtras } from "./singleuser";
import { homeLayout, ownershipInitContainer, sharedMountsHook, storageValues } from "./storage";

/** Platform defaults a community does not choose. */
export const HUB_DEFAULTS = {
  concurrentSpawnLimit: 30,
  activeServerLimit: 500,
  cullEverySeconds: CULL_EVERY_SECONDS,
  startTimeoutSeconds: 600,
} as const;

export const OAUTH_SECRET_KEY = "client_secret";

/** What the values need to know of the cluster (plain values of its outputs). */
export interface HubClusterInfo {
  name: string;
  cloud: Cloud;
  /** The cluster's operators output: per provider (bare names of older cluster stacks are refused). */
  operators: unknown;
  home: HomeStorage;
}

export interface HubSecrets {
  proxySecretToken: pulumi.Input<string>;
  cookieSecret: pulumi.Input<string>;
  cryptKey: pulumi.Input<string>;
  healthToken: pulumi.Input<string>;
  /** The token of the metrics service Prometheus scrapes with (`METRICS_SERVICE`). */
  metricsToken?: pulumi.Input<string>;
  daskToken?: pulumi.Input<string>;
  /** shared-password hubs: the password, and the admin password when there are admins. */
  sharedPassword?: pulumi.Input<string>;
  adminPassword?: pulumi.Input<string>;
}

export interface HubValuesArgs {
  /** The hub's community. Required. */
  community: Community;
  /** The cluster's config (node pools, for profile placement). Required. */
  clusterConfig: Cluster;
  /** Plain values of the cluster stack's outputs. Required. */
  cluster: HubClusterInfo;
  /** The hub. Required. */
  hub: CommunityHub;
  /**
   * The OAuth client ID when the community file has none (from the stack config `hubnet:clientIds`).
   * @default the community file's `hubs[].clientId`, else `auth.clientId`
   */
  clientId?: string;
  /** The hub's namespace. Required. */
  namespace: string;
  /** The Kubernetes service account user servers run as. Required. */
  serviceAccountName: string;
  /** The hub's generated secrets, kept nested so that only they show as "[secret]". Required. */
  secrets: HubSecrets;
  /**
   * The Kubernetes Secret holding the OAuth client secret.
   * @default none: dummy auth, which has no client secret
   */
  oauthSecretName?: string;
  /** Environment of user servers: buckets, cloud and dask variables. Required. */
  userEnv: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** Extra labels of user pods (cloud identity). Required. */
  podLabels: Record<string, string>;
  /** Whether the hub has buckets (on GKE, user pods then reach the metadata server for credentials). Required. */
  hasBuckets: boolean;
  /** The hub's labels, on every object of the chart. Required. */
  labels: Record<string, string>;
}

export function clientIdFor(community: Community, hub: CommunityHub): string | undefined {
  const auth = community.auth;
  return hub.clientId ?? ("clientId" in auth ? auth.clientId : undefined);
}

export function schedulingValues(cloud: Cloud) {
  // Local and existing clusters have nodes hubnet did not label: prefer, do not require, the node purpose there.
  const matchNodePurpose = hasNodePools(cloud) ? "require" : "prefer";
  return {
    userScheduler: { enabled: true },
    podPriority: { enabled: true },
    corePods: { nodeAffinity: { matchNodePurpose } },
    userPods: { nodeAffinity: { matchNodePurpose } },
  };
}

/**
 * The hub's planning data: where the hub is and what its community declared for it that the chart does
 * not act on: the home quota it asked for (enforced only where each user has a volume of their own),
 * its budget, and the node pools its profiles run on (`nodes`, profileNodes). It is the Hub component's
 * `planning` input, not part of the chart values: z2jh copies its values into the hub's Secret, whose
 * checksum restarts the hub, so a budget edit would restart every hub of the community. Plans, their
 * cost estimates and pull-request previews read it from the component (`releaseValuesWithPlanning` of
 * @hubnet/plan, which presents it as `custom.hubnet`).
 */
export function hubnetCustomValues(
  a: Pick<HubValuesArgs, "cluster" | "community" | "hub" | "clusterConfig">,
) {
  const { community } = a;
  return {
    cluster: a.cluster.name,
    community: community.name,
    hub: a.hub.name,
    homeQuota: community.storage.homeQuota.text,
    ...(community.budget
      ? { budget: { monthlyUsd: community.budget.monthlyUsd, alertEmails: community.budget.alertEmails } }
      : {}),
    nodes: profileNodes(community, a.clusterConfig),
  };
}

/**
 * `custom.hubnet.nodes`: the node pools the community's profiles run on, with their machine type, spot
 * capacity and GPUs, so that a plan prices each profile from the chart values alone (plan's cost
 * estimate). z2jh carries `custom` to the hub untouched; nothing in the chart acts on it.
 */
export function profileNodes(community: Community, cluster: Cluster): Record<string, ProfileNode> {
  if (!hasNodePools(cluster.cloud) || !("nodePools" in cluster)) return {};
  const pools = [...cluster.nodePools.user, ...cluster.nodePools.gpu];
  const out: Record<string, ProfileNode> = {};
  for (const profile of community.profiles) {
    const name = poolForProfile(cluster, profile)?.pool;
    const pool = pools.find((p) => p.name === name);
    if (!name || !pool) continue;
    const accelerator =
      "accelerator" in pool ? (pool.accelerator as { type: string; count: number }) : undefined;
    const builtIn = lookupMachineType(cluster.cloud, pool.machineType)?.gpu;
    out[name] = {
      machineType: pool.machineType,
      spot: pool.spot,
      ...(builtIn ? { gpu: builtIn } : {}),
      ...(accelerator && !builtIn
        ? { attachedGpu: { type: accelerator.type, count: accelerator.count } }
        : {}),
    };
  }
  return out;
}

/** A node pool as `custom.hubnet.nodes` describes it. */
export interface ProfileNode {
  machineType: string;
  spot: boolean;
  /** GPUs that come with the machine type. */
  gpu?: { type: string; count: number };
  /** GPUs attached to the machine (GCP N1), priced on top of it. */
  attachedGpu?: { type: string; count: number };
}

export function hubValues(a: HubValuesArgs): Record<string, unknown> {
  const { community, hub, namespace } = a;
  const layout = homeLayout(a.cluster.home, namespace, community);
  const settings = jupyterHubSettings({
    community,
    hub,
    clientId: clientIdFor(community, hub) ?? a.clientId,
    operators: a.cluster.operators,
    cloud: a.cluster.cloud,
    namespace,
    secrets: a.secrets,
  });

  const extraConfig: Record<string, string> = {
    ...settings.extraConfig,
    ...profileGroupsHook(community),
    ...sharedMountsHook(layout),
  };
  const extras = singleuserExtras(community, a.userEnv);

  return {
    hub: {
      cookieSecret: a.secrets.cookieSecret,
      config: settings.config,
      concurrentSpawnLimit: HUB_DEFAULTS.concurrentSpawnLimit,
      activeServerLimit: HUB_DEFAULTS.activeServerLimit,
      networkPolicy: hubPodNetworkPolicy(),
      extraEnv: a.oauthSecretName
        ? {
            [CLIENT_SECRET_ENV]: {
              valueFrom: { secretKeyRef: { name: a.oauthSecretName, key: OAUTH_SECRET_KEY } },
            },
          }
        : {},
      services: settings.services,
      loadRoles: settings.loadRoles,
      extraConfig,
      ...hubDatabaseValues(),
      extraFiles: settings.templateFiles,
      templatePaths: settings.templatePaths,
      templateVars: settings.templateVars,
      labels: a.labels,
    },
    proxy: {
      secretToken: a.secrets.proxySecretToken,
      service: { type: "ClusterIP" },
      https: { enabled: false },
      chp: { networkPolicy: proxyNetworkPolicy(namespace, community.features.dask) },
      labels: a.labels,
    },
    singleuser: {
      image: { name: community.image.name, tag: community.image.tag },
      defaultUrl: community.defaultUrl,
      startTimeout: HUB_DEFAULTS.startTimeoutSeconds,
      serviceAccountName: a.serviceAccountName,
      extraEnv: extras.extraEnv,
      ...(extras.lifecycleHooks ? { lifecycleHooks: extras.lifecycleHooks } : {}),
      initContainers: ownershipInitContainer(layout),
      extraLabels: { "hub.jupyter.org/network-access-hub": "true", ...a.labels, ...a.podLabels },
      storage: storageValues(a.cluster.home, namespace, community),
      profileList: profileList(community, a.clusterConfig),
      ...withoutHomeServer(
        singleuserNetworkPolicy(a.cluster.cloud, a.hasBuckets, namespace, community.features.dask),
        a.cluster.home,
      ),
    },
    scheduling: schedulingValues(a.cluster.cloud),
    prePuller: { hook: { enabled: false }, continuous: { enabled: true }, pullProfileListImages: true },
    cull: settings.cull,
    httpRoute: chartHttpRoute(namespace, hub.domain),
  };
}

/** z2jh's singleuser network policy values with the home server denied (`homeServerDenials`). */
function withoutHomeServer<T extends { networkPolicy: { egress: unknown[] } }>(
  values: T,
  home: HomeStorage,
): T {
  const denied = homeServerDenials(home);
  return {
    ...values,
    networkPolicy: {
      ...values.networkPolicy,
      egress: exceptFromInternet(values.networkPolicy.egress, denied),
    },
  };
}
