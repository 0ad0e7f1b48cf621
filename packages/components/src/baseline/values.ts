/**
 * Values and specs of the cluster baseline, as small pure functions so tests
 * (and reviewers) can read every decision without rendering a stack.
 */

import { type Cloud, hasNodePools } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";
import { ENVOY_GATEWAY_NAMESPACE } from "../cluster/namespaces";
import { GPU_LABEL, NODE_PURPOSE } from "../cluster/pools";
import { CLUSTER_AUTOSCALER_IMAGES, clusterAutoscalerImageTag } from "../versions";

export const ENVOY_GATEWAY_CONTROLLER = "gateway.envoyproxy.io/gatewayclass-controller";
export const ENVOY_PROXY_NAME = "hubnet-merged";

/** Where system pods run: core nodes where hubnet made the node pools, anywhere on local and existing clusters (no pool labels there). */
export function systemNodeSelector(cloud: Cloud): Record<string, string> | undefined {
  return hasNodePools(cloud) ? { [NODE_PURPOSE]: "core" } : undefined;
}

/** Envoy Gateway chart values: the controller; Gateway API CRDs come with the chart. */
export function envoyGatewayValues(cloud: Cloud): Record<string, unknown> {
  const nodeSelector = systemNodeSelector(cloud);
  return {
    deployment: { replicas: cloud === "local" ? 1 : 2, ...(nodeSelector ? { pod: { nodeSelector } } : {}) },
    config: { envoyGateway: { logging: { level: { default: "info" } } } },
  };
}

/**
 * The EnvoyProxy behind the `hubnet` GatewayClass. `mergeGateways: true` makes every hub's
 * Gateway (one per hub namespace) share one Envoy deployment and one load balancer, whose
 * Service carries the cloud's `loadBalancerAnnotations` (each cloud's entry says which) and asks
 * for the cluster's reserved address (`loadBalancerIP`, on clouds that take it that way).
 */
export function envoyProxySpec(
  cloud: Cloud,
  loadBalancerAnnotations: Record<string, pulumi.Input<string>> = {},
  loadBalancerIP?: pulumi.Input<string>,
): Record<string, unknown> {
  const nodeSelector = systemNodeSelector(cloud);
  return {
    mergeGateways: true,
    provider: {
      type: "Kubernetes",
      kubernetes: {
        envoyDeployment: {
          replicas: cloud === "local" ? 1 : 2,
          ...(nodeSelector ? { pod: { nodeSelector } } : {}),
        },
        envoyService: {
          type: "LoadBalancer",
          externalTrafficPolicy: "Local",
          annotations: loadBalancerAnnotations,
          ...(loadBalancerIP ? { loadBalancerIP } : {}),
        },
      },
    },
  };
}

/** The GatewayClass hubs attach their Gateways to. */
export function gatewayClassSpec(): Record<string, unknown> {
  return {
    controllerName: ENVOY_GATEWAY_CONTROLLER,
    parametersRef: {
      group: "gateway.envoyproxy.io",
      kind: "EnvoyProxy",
      name: ENVOY_PROXY_NAME,
      namespace: ENVOY_GATEWAY_NAMESPACE,
    },
    description: "hubnet: one merged Envoy load balancer for every hub's Gateway",
  };
}

/** cert-manager with its CRDs and Gateway API support (HTTP-01 through each hub's Gateway). */
export function certManagerValues(cloud: Cloud): Record<string, unknown> {
  const base = {
    crds: { enabled: true, keep: true },
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      enableGatewayAPI: true,
    },
  };
  const nodeSelector = systemNodeSelector(cloud);
  if (!nodeSelector) return base;
  return {
    ...base,
    nodeSelector,
    webhook: { nodeSelector },
    cainjector: { nodeSelector },
    startupapicheck: { nodeSelector },
  };
}

/**
 * Prometheus and Grafana, on core nodes, with modest retention; Grafana behind its generated admin
 * password at `grafana.<domain>` (monitoring.ts).
 */
export function kubePrometheusStackValues(
  cloud: Cloud,
  cluster: string,
  grafana: Record<string, unknown> = {},
): Record<string, unknown> {
  const nodeSelector = systemNodeSelector(cloud);
  const sel = nodeSelector ? { nodeSelector } : {};
  return {
    prometheus: {
      prometheusSpec: {
        ...sel,
        retention: "15d",
        externalLabels: { "hubnet-cluster": cluster },
        // Pick up ServiceMonitors and PodMonitors from every namespace (each hub ships its own).
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
      },
    },
    alertmanager: { alertmanagerSpec: { ...sel } },
    grafana: { ...sel, defaultDashboardsTimezone: "utc", ...grafana },
    prometheusOperator: { ...sel },
    kubeStateMetrics: { ...sel },
    "kube-state-metrics": { ...sel },
  };
}

export const CLUSTER_AUTOSCALER_SA = "cluster-autoscaler";

/** cluster-autoscaler on EKS: auto-discovers node groups by tag, scales to zero, balances similar groups. */
export function clusterAutoscalerValues(a: {
  /** The EKS cluster whose node groups it discovers (by their `k8s.io/cluster-autoscaler/<name>` tag). */
  clusterName: string;
  region: string;
  /** IAM role (IRSA) the autoscaler's service account assumes. */
  roleArn: unknown;
  /** The cluster's Kubernetes minor: the autoscaler image must be of the same minor. */
  kubernetesVersion: string;
}): Record<string, unknown> {
  const tag = clusterAutoscalerImageTag(a.kubernetesVersion);
  if (!tag) {
    throw new Error(
      `no cluster-autoscaler image is known for Kubernetes ${a.kubernetesVersion} (known: ${Object.keys(CLUSTER_AUTOSCALER_IMAGES).join(", ")}): add it to CLUSTER_AUTOSCALER_IMAGES in packages/components/src/versions.ts`,
    );
  }
  return {
    cloudProvider: "aws",
    image: { tag },
    awsRegion: a.region,
    autoDiscovery: { clusterName: a.clusterName },
    rbac: {
      serviceAccount: {
        create: true,
        name: CLUSTER_AUTOSCALER_SA,
        annotations: { "eks.amazonaws.com/role-arn": a.roleArn },
      },
    },
    nodeSelector: { [NODE_PURPOSE]: "core" },
    extraArgs: {
      "balance-similar-node-groups": true,
      "skip-nodes-with-system-pods": false,
      "scale-down-unneeded-time": "10m",
      expander: "least-waste",
    },
  };
}

/** The NVIDIA device plugin, only on GPU nodes (they carry the GPU taint). */
export function nvidiaDevicePluginValues(): Record<string, unknown> {
  return {
    tolerations: [
      { key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" },
      { key: "hub.jupyter.org/dedicated", operator: "Equal", value: "user", effect: "NoSchedule" },
    ],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: GPU_LABEL, operator: "Exists" }] }],
        },
      },
    },
  };
}
