/**
 * Dask Gateway next to a hub: its own Helm release in the hub namespace,
 * authenticated by the hub (JupyterHub auth with a service token), reached by
 * users through the hub's proxy at /services/dask-gateway, with schedulers
 * and workers on user pools.
 */
import type { Cluster } from "@hubnet/config";
import { userNodeShapes } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import { POOL_LABEL, USER_TOLERATION } from "./profiles";

export const DASK_RELEASE = "dask-gateway";
export const DASK_SERVICE = "dask-gateway";
/** The chart's traefik Service, `traefik-<release fullname>`. */
export const DASK_TRAEFIK_SERVICE = `traefik-${DASK_RELEASE}`;

/** The pool dask workers go to: one named for dask, else the smallest non-GPU user pool. */
export function daskWorkerPool(cluster: Cluster): string | undefined {
  if (cluster.cloud === "local") return undefined;
  const shapes = userNodeShapes(cluster).filter((s) => s.kind === "user");
  return (
    shapes.find((s) => s.pool.includes("dask")) ?? [...shapes].sort((a, b) => a.memoryGiB - b.memoryGiB)[0]
  )?.pool;
}

export function daskUserEnv(domain: string, namespace: string): Record<string, string> {
  return {
    DASK_GATEWAY__ADDRESS: `https://${domain}/services/${DASK_SERVICE}`,
    DASK_GATEWAY__PROXY_ADDRESS: `gateway://${DASK_TRAEFIK_SERVICE}.${namespace}:80`,
    DASK_GATEWAY__AUTH__TYPE: "jupyterhub",
  };
}

/** The hub.services entry that puts the gateway behind the hub's proxy. */
export function daskHubService(namespace: string, apiToken: pulumi.Input<string>) {
  return { url: `http://${DASK_TRAEFIK_SERVICE}.${namespace}`, apiToken, display: false };
}

export function daskGatewayValues(args: {
  namespace: string;
  apiToken: pulumi.Input<string>;
  workerPool?: string;
  labels: Record<string, string>;
}) {
  const placement = {
    nodeSelector: {
      "hub.jupyter.org/node-purpose": "user",
      ...(args.workerPool ? { [POOL_LABEL]: args.workerPool } : {}),
    },
    tolerations: [USER_TOLERATION],
  };
  const core = { nodeSelector: { "hub.jupyter.org/node-purpose": "core" } };
  return {
    gateway: {
      prefix: `/services/${DASK_SERVICE}`,
      auth: {
        type: "jupyterhub",
        jupyterhub: { apiToken: args.apiToken, apiUrl: `http://hub.${args.namespace}:8081/hub/api` },
      },
      backend: {
        scheduler: { extraPodConfig: placement, extraPodLabels: args.labels },
        worker: { extraPodConfig: placement, extraPodLabels: args.labels },
      },
      ...core,
    },
    controller: { ...core },
    traefik: { service: { type: "ClusterIP" }, ...core },
  };
}
