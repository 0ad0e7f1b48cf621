/**
 * Dask Gateway next to a hub: its own Helm release (dask-gateway 2026.3.0) in the hub namespace,
 * authenticated by the hub (JupyterHub auth with a service token), reached by users through the
 * hub's proxy at /services/dask-gateway, with schedulers and workers:
 *
 * - on the dask worker pool (a user pool), tolerating the user-pool taint;
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
import { POOL_LABEL, USER_TOLERATION } from "./profiles";

export const DASK_RELEASE = "dask-gateway";
export const DASK_SERVICE = "dask-gateway";
/** The chart's traefik Service, `traefik-<release fullname>`: port 80 to the pods' port 8000. */
export const DASK_TRAEFIK_SERVICE = `traefik-${DASK_RELEASE}`;
/** The port traefik's pods listen on (its `web` entrypoint; the chart's default tcp port is "web"). */
export const DASK_TRAEFIK_PORT = 8000;
/** The gateway's API pods (`api-<release>` Service) listen on 8000. */
export const DASK_API_PORT = 8000;
/** Ports of a dask scheduler pod: scheduler (TLS), dashboard and its API. */
export const DASK_SCHEDULER_PORTS = { scheduler: 8786, dashboard: 8787, api: 8788 } as const;
/** The z2jh proxy's Service in the hub namespace (port 80 to the proxy's http port 8000). */
export const PROXY_PUBLIC_SERVICE = "proxy-public";
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
 * Environment of user servers for `dask_gateway.Gateway()`: the API through the hub's own proxy
 * (in-cluster, no hairpin through the load balancer), dashboard links on the public domain, the
 * scheduler proxy through traefik, JupyterHub auth, and the user's image as the default `image`
 * option: the client fills `{JUPYTER_IMAGE_SPEC}` in from the environment KubeSpawner sets (dask-gateway
 * 2026.3.0 `dask_gateway/utils.py` `format_template`: `str.format(**os.environ)`). The braces
 * are doubled because KubeSpawner 7.0.0 formats every environment value with the user's properties
 * first (kubespawner/spawner.py `get_env` → `_expand_env` → `str.format`): a single `{JUPYTER_IMAGE_SPEC}`
 * is a KeyError there and no server of the hub starts; `{{…}}` reaches the pod as `{JUPYTER_IMAGE_SPEC}`.
 */
export function daskUserEnv(domain: string, namespace: string): Record<string, string> {
  return {
    DASK_GATEWAY__ADDRESS: `http://${PROXY_PUBLIC_SERVICE}.${namespace}/services/${DASK_SERVICE}`,
    DASK_GATEWAY__PUBLIC_ADDRESS: `https://${domain}/services/${DASK_SERVICE}`,
    DASK_GATEWAY__PROXY_ADDRESS: `gateway://${DASK_TRAEFIK_SERVICE}.${namespace}:80`,
    DASK_GATEWAY__AUTH__TYPE: "jupyterhub",
    DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: "{{JUPYTER_IMAGE_SPEC}}",
  };
}

/** The hub.services entry that puts the gateway behind the hub's proxy. */
export function daskHubService(namespace: string, apiToken: pulumi.Input<string>) {
  return { url: `http://${DASK_TRAEFIK_SERVICE}.${namespace}`, apiToken, display: false };
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
   * The pool workers and schedulers go to (`daskWorkerPool`).
   * @default any user node (local clusters)
   */
  workerPool?: string;
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
  const podConfig = {
    serviceAccountName: args.serviceAccountName,
    ...(args.pools
      ? {
          nodeSelector: {
            "hub.jupyter.org/node-purpose": "user",
            ...(args.workerPool ? { [POOL_LABEL]: args.workerPool } : {}),
          },
        }
      : {}),
    tolerations: [USER_TOLERATION],
  };
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
        scheduler: { extraPodConfig: podConfig },
        worker: { extraPodConfig: podConfig },
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
    traefik: { service: { type: "ClusterIP" }, ...core },
  };
}
