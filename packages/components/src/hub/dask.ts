/**
 * Dask Gateway next to a hub: its own Helm release (dask-gateway 2026.3.0) in the hub namespace,
 * authenticated by the hub (JupyterHub auth with a service token). Notebooks reach the gateway's
 * API at its traefik Service directly (not through the hub's proxy, whose ingress admits no user
 * pod); browsers reach dashboards through the hub's proxy at /services/dask-gateway (decision
 * 0020). traefik watches its own namespace only. Schedulers and workers:
 *
 * - workers on the dask worker pool (a user pool), schedulers on an on-demand user pool, never on
 *   spot nodes (a reclaimed scheduler loses the whole cluster), both tolerating the user-pool taint;
 * - on the image the user's server runs (`JUPYTER_IMAGE_SPEC`, passed as the `image` cluster option
 *   by the client's `DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE`), one of the images the hub offers;
 * - under the hub's user service account, so they have the hub's cloud identity (its buckets);
 * - labelled with the hub's labels and the cloud identity's pod labels.
 *
 * The chart's schema has no place for pod labels or cluster options (`additionalProperties: false`
 * on `gateway.backend.scheduler` and `worker`): they are set in `gateway.extraConfig`, the Python
 * the gateway runs, through KubeClusterConfig's own traits.
 */
import type { Cluster } from "@hubnet/config";
import { userNodeShapes } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import { daskRbacValues, daskTraefikScopeArguments } from "./dask-rbac";
import { POOL_LABEL, USER_TOLERATION } from "./profiles";
import { daskGatewayNames } from "./release-names";

/**
 * Labels each cloud (and Karpenter) puts on spot / preemptible nodes by itself: GKE Spot VMs and
 * preemptible VMs, EKS managed node groups with capacityType SPOT, AKS spot pools, Karpenter.
 */
export const SPOT_NODE_LABELS: readonly { key: string; value: string }[] = [
  { key: "cloud.google.com/gke-spot", value: "true" },
  { key: "cloud.google.com/gke-preemptible", value: "true" },
  { key: "eks.amazonaws.com/capacityType", value: "SPOT" },
  { key: "kubernetes.azure.com/scalesetpriority", value: "spot" },
  { key: "karpenter.sh/capacity-type", value: "spot" },
];

/** A required node affinity that keeps a pod off every node `SPOT_NODE_LABELS` marks as spot. */
export function notOnSpotAffinity() {
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchExpressions: SPOT_NODE_LABELS.map((l) => ({
              key: l.key,
              operator: "NotIn",
              values: [l.value],
            })),
          },
        ],
      },
    },
  };
}

/** The hub service (`hub.services`) the gateway is behind: `/services/dask-gateway` on the proxy. */
export const DASK_SERVICE = "dask-gateway";
/** The port traefik's pods listen on (its `web` entrypoint; the chart's default tcp port is "web"). */
export const DASK_TRAEFIK_PORT = 8000;
/** The gateway's API pods (`api-<release>` Service) listen on 8000. */
export const DASK_API_PORT = 8000;
/** Ports of a dask scheduler pod: scheduler (TLS), dashboard and its API. */
export const DASK_SCHEDULER_PORTS = { scheduler: 8786, dashboard: 8787, api: 8788 } as const;
/** The extraConfig key of hubnet's Python for the gateway. */
export const DASK_EXTRA_CONFIG_KEY = "hubnet";

/** The pool dask workers go to: one named for dask, else the smallest non-GPU user pool. */
export function daskWorkerPool(cluster: Cluster): string | undefined {
  if (cluster.cloud === "local") return undefined;
  const shapes = userNodeShapes(cluster).filter((s) => s.kind === "user");
  return (
    shapes.find((s) => s.pool.includes("dask")) ?? [...shapes].sort((a, b) => a.memoryGiB - b.memoryGiB)[0]
  )?.pool;
}

/**
 * The pool dask schedulers go to: an on-demand (not spot) user pool, one named for dask first, else
 * the smallest. None on clusters without pools (local, existing: the spot affinity still applies)
 * or without an on-demand user pool (the network checks refuse dask there).
 */
export function daskSchedulerPool(cluster: Cluster): string | undefined {
  if (cluster.cloud === "local" || cluster.cloud === "existing") return undefined;
  const shapes = userNodeShapes(cluster).filter((s) => s.kind === "user" && !s.spot);
  return (
    shapes.find((s) => s.pool.includes("dask")) ?? [...shapes].sort((a, b) => a.memoryGiB - b.memoryGiB)[0]
  )?.pool;
}

/**
 * Environment of user servers for `dask_gateway.Gateway()`: the API at the hub's own traefik
 * Service (in-cluster; the hub's proxy admits no user pod, decision 0020), dashboard links on the
 * public domain (through the hub's proxy), the scheduler proxy through the same traefik, JupyterHub auth, and the user's image as the default `image`
 * option: the client fills `{JUPYTER_IMAGE_SPEC}` in from the environment KubeSpawner sets (dask-gateway
 * 2026.3.0 `dask_gateway/utils.py` `format_template`: `str.format(**os.environ)`). The braces
 * are doubled because KubeSpawner 7.0.0 formats every environment value with the user's properties
 * first (kubespawner/spawner.py `get_env` → `_expand_env` → `str.format`): a single `{JUPYTER_IMAGE_SPEC}`
 * is a KeyError there and no server of the hub starts; `{{…}}` reaches the pod as `{JUPYTER_IMAGE_SPEC}`.
 */
export function daskUserEnv(domain: string, namespace: string): Record<string, string> {
  // The hub's traefik Service (`traefik-<fullname>`): port 80 to the pods' 8000, which serves the
  // API under the gateway's prefix and the schedulers' TLS connections (`tcp.port: web`).
  const traefikService = daskGatewayNames(namespace).traefikService;
  return {
    DASK_GATEWAY__ADDRESS: `http://${traefikService}.${namespace}/services/${DASK_SERVICE}`,
    DASK_GATEWAY__PUBLIC_ADDRESS: `https://${domain}/services/${DASK_SERVICE}`,
    DASK_GATEWAY__PROXY_ADDRESS: `gateway://${traefikService}.${namespace}:80`,
    DASK_GATEWAY__AUTH__TYPE: "jupyterhub",
    DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: "{{JUPYTER_IMAGE_SPEC}}",
  };
}

/** The hub.services entry that puts the gateway behind the hub's proxy. */
export function daskHubService(namespace: string, apiToken: pulumi.Input<string>) {
  return {
    url: `http://${daskGatewayNames(namespace).traefikService}.${namespace}`,
    apiToken,
    display: false,
  };
}

/** A Python string literal of `value` as JSON (JSON escapes are valid Python escapes). */
function pyJson(value: unknown): string {
  return `json.loads(${JSON.stringify(JSON.stringify(value))})`;
}

/**
 * The gateway's extraConfig: the `image` cluster option (default: the hub's image; only images the
 * hub offers are accepted) and the labels of scheduler and worker pods.
 */
export function daskGatewayExtraConfig(args: {
  images: string[];
  defaultImage: string;
  podLabels: Record<string, string>;
}): string {
  return [
    "import json",
    "from dask_gateway_server.options import Options, String",
    "",
    `HUBNET_IMAGES = ${pyJson(args.images)}`,
    `HUBNET_POD_LABELS = ${pyJson(args.podLabels)}`,
    "",
    "def hubnet_cluster_options(options):",
    "    # Workers run the user's own image (the client sends JUPYTER_IMAGE_SPEC), one the hub offers.",
    "    if options.image not in HUBNET_IMAGES:",
    '        raise ValueError("image %r is not one of this hub\'s images: %s" % (options.image, ", ".join(HUBNET_IMAGES)))',
    '    return {"image": options.image}',
    "",
    "c.Backend.cluster_options = Options(",
    `    String("image", default=${JSON.stringify(args.defaultImage)}, label="Image"),`,
    "    handler=hubnet_cluster_options,",
    ")",
    "c.KubeClusterConfig.scheduler_extra_pod_labels = HUBNET_POD_LABELS",
    "c.KubeClusterConfig.worker_extra_pod_labels = HUBNET_POD_LABELS",
    "",
  ].join("\n");
}

export interface DaskGatewayValuesArgs {
  /** The hub namespace (the release's). Required. */
  namespace: string;
  /** The hub's service token for the gateway (a secret). Required. */
  apiToken: pulumi.Input<string>;
  /**
   * The pool workers go to (`daskWorkerPool`).
   * @default any user node (local clusters)
   */
  workerPool?: string;
  /**
   * The on-demand pool schedulers go to (`daskSchedulerPool`).
   * @default any user node that is not spot
   */
  schedulerPool?: string;
  /** The service account schedulers and workers run as: the hub's user account, with its cloud identity. Required. */
  serviceAccountName: string;
  /** Labels of scheduler and worker pods: the hub's labels and the cloud identity's pod labels. Required. */
  podLabels: Record<string, string>;
  /** Every image the hub offers (`allImages`): the images workers may run. Required. */
  images: string[];
  /** The hub's default image, for clients that send none. Required. */
  defaultImage: { name: string; tag: string };
  /** Whether the cluster has labelled core and user pools. Required. */
  pools: boolean;
}

export function daskGatewayValues(args: DaskGatewayValuesArgs) {
  const podConfig = (pool: string | undefined) => ({
    serviceAccountName: args.serviceAccountName,
    ...(args.pools
      ? { nodeSelector: { "hub.jupyter.org/node-purpose": "user", ...(pool ? { [POOL_LABEL]: pool } : {}) } }
      : {}),
    tolerations: [USER_TOLERATION],
  });
  const core = args.pools ? { nodeSelector: { "hub.jupyter.org/node-purpose": "core" } } : {};
  return {
    gateway: {
      prefix: `/services/${DASK_SERVICE}`,
      auth: {
        type: "jupyterhub",
        jupyterhub: { apiToken: args.apiToken, apiUrl: `http://hub.${args.namespace}:8081/hub/api` },
      },
      backend: {
        image: { name: args.defaultImage.name, tag: args.defaultImage.tag },
        // KubeClusterConfig.scheduler_extra_pod_config is merged into the pod spec
        // (dask-gateway 2026.3.0 backends/kubernetes/controller.py make_pod).
        scheduler: { extraPodConfig: { ...podConfig(args.schedulerPool), affinity: notOnSpotAffinity() } },
        worker: { extraPodConfig: podConfig(args.workerPool) },
      },
      extraConfig: {
        [DASK_EXTRA_CONFIG_KEY]: daskGatewayExtraConfig({
          images: args.images,
          defaultImage: `${args.defaultImage.name}:${args.defaultImage.tag}`,
          podLabels: args.podLabels,
        }),
      },
      ...core,
    },
    controller: { ...core },
    // traefik reads its own namespace only (the chart's default watches every namespace,
    // `allowcrossnamespace`), and no cluster-scoped object: it runs under a namespaced Role.
    traefik: {
      service: { type: "ClusterIP" },
      additionalArguments: daskTraefikScopeArguments(args.namespace),
      ...core,
    },
    // Each component under hubnet's service account with namespaced rules (dask-rbac.ts), not the
    // chart's ClusterRoles.
    rbac: daskRbacValues(),
  };
}
