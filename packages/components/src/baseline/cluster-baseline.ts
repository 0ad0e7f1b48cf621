/**
 * What every hubnet cluster runs besides its hubs: Envoy Gateway with the
 * shared `hubnet` GatewayClass, cert-manager (with Gateway API support),
 * kube-prometheus-stack, and per cloud the cluster-autoscaler (EKS) and the
 * NVIDIA device plugin (EKS, AKS with GPU pools).
 *
 * Hubs bring their own Gateway and cert-manager Issuer in their namespace;
 * adding a hub never changes this component.
 */
import type { Cloud } from "@hubnet/config";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { userError } from "../cluster/cloud-context";
import { type BaselineNeeds, GATEWAY_CLASS_NAME } from "../cluster/contract";
import { CERT_MANAGER_NAMESPACE, ENVOY_GATEWAY_NAMESPACE, MONITORING_NAMESPACE } from "../cluster/namespaces";
import { ATTRIBUTION } from "../cluster/naming";
import { gateway, httpsRedirectRoute, issuer } from "../hub/https";
import { CHARTS, type ChartPin } from "../versions";
import {
  GRAFANA_ADMIN_SECRET,
  GRAFANA_ADMIN_USER,
  grafanaHost,
  grafanaRoute,
  grafanaValues,
  monitoringNetworkPolicies,
} from "./monitoring";
import { systemNamespacePolicies } from "./system-policies";
import {
  certManagerValues,
  clusterAutoscalerValues,
  ENVOY_PROXY_NAME,
  envoyGatewayValues,
  envoyProxySpec,
  gatewayClassSpec,
  kubePrometheusStackValues,
  nvidiaDevicePluginValues,
} from "./values";

/** The cluster's provider, name and cloud, and what its cloud's cluster component says the baseline needs. */
export interface ClusterBaselineArgs extends BaselineNeeds {
  /** The cluster's Kubernetes provider: every chart and object of the baseline is deployed through it. */
  provider: k8s.Provider;
  /** The cluster's name (its stack name), on every object's `hubnet-cluster` label. */
  clusterName: string;
  /** The cluster's cloud: local clusters get one replica and no node selectors. */
  cloud: Cloud;
  /** The cluster's base domain: Grafana is served at `grafana.<domain>`. */
  domain: string;
  /** The ACME contact of Grafana's certificate. */
  certificateEmail: string;
}

/** Labels on every Kubernetes object of the baseline. */
export function baselineLabels(cluster: string): Record<string, string> {
  return {
    [ATTRIBUTION.cluster]: cluster,
    "app.kubernetes.io/managed-by": "pulumi",
    "app.kubernetes.io/part-of": "hubnet",
  };
}

/** Helm release args for a pinned chart. */
export function chartArgs(pin: ChartPin, namespace: string, values: pulumi.Inputs): k8s.helm.v3.ReleaseArgs {
  return {
    chart: pin.chart,
    version: pin.version,
    ...(pin.repo ? { repositoryOpts: { repo: pin.repo } } : {}),
    namespace,
    values,
    atomic: true,
    cleanupOnFail: true,
    timeout: 900,
  };
}

export class ClusterBaseline extends pulumi.ComponentResource {
  readonly gatewayClassName = GATEWAY_CLASS_NAME;
  readonly envoyGateway: k8s.helm.v3.Release;
  readonly certManager: k8s.helm.v3.Release;
  readonly monitoring: k8s.helm.v3.Release;
  readonly gatewayClass: k8s.apiextensions.CustomResource;
  /** Grafana's generated admin password (user `admin`), a secret. */
  readonly grafanaAdminPassword: pulumi.Output<string>;
  /** Where Grafana is served (HTTPS only). */
  readonly grafanaUrl: string;

  constructor(name: string, args: ClusterBaselineArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:baseline:ClusterBaseline", name, {}, opts);
    const labels = baselineLabels(args.clusterName);
    const child = { parent: this, provider: args.provider, dependsOn: args.dependsOn };

    const ns = (n: string) =>
      new k8s.core.v1.Namespace(`${name}-${n}`, { metadata: { name: n, labels } }, child);

    // Under a strict CNI the system namespaces' pods need policies before they start.
    const opened = (n: string, nsResource?: k8s.core.v1.Namespace): pulumi.Resource[] =>
      args.strictNetworkPolicy
        ? systemNamespacePolicies(labels)
            .filter((p) => p.metadata.namespace === n)
            .map(
              (p) =>
                new k8s.networking.v1.NetworkPolicy(`${name}-${n}-${p.metadata.name}`, p, {
                  ...child,
                  ...(nsResource ? { dependsOn: [nsResource] } : {}),
                }),
            )
        : [];
    opened("kube-system");

    const egNs = ns(ENVOY_GATEWAY_NAMESPACE);
    const egOpen = opened(ENVOY_GATEWAY_NAMESPACE, egNs);
    this.envoyGateway = new k8s.helm.v3.Release(
      `${name}-envoy-gateway`,
      {
        ...chartArgs(CHARTS.envoyGateway, ENVOY_GATEWAY_NAMESPACE, envoyGatewayValues(args.cloud)),
        name: "eg",
      },
      { ...child, dependsOn: [egNs, ...egOpen] },
    );
    const envoyProxy = new k8s.apiextensions.CustomResource(
      `${name}-envoy-proxy`,
      {
        apiVersion: "gateway.envoyproxy.io/v1alpha1",
        kind: "EnvoyProxy",
        metadata: { name: ENVOY_PROXY_NAME, namespace: ENVOY_GATEWAY_NAMESPACE, labels },
        spec: envoyProxySpec(args.cloud, args.loadBalancerAnnotations, args.loadBalancerIP),
      },
      { ...child, dependsOn: [this.envoyGateway] },
    );
    this.gatewayClass = new k8s.apiextensions.CustomResource(
      `${name}-gateway-class`,
      {
        apiVersion: "gateway.networking.k8s.io/v1",
        kind: "GatewayClass",
        metadata: { name: GATEWAY_CLASS_NAME, labels },
        spec: gatewayClassSpec(),
      },
      { ...child, dependsOn: [this.envoyGateway, envoyProxy] },
    );

    // cert-manager starts its Gateway API controller only if the Gateway API CRDs exist: after Envoy Gateway.
    const cmNs = ns(CERT_MANAGER_NAMESPACE);
    const cmOpen = opened(CERT_MANAGER_NAMESPACE, cmNs);
    this.certManager = new k8s.helm.v3.Release(
      `${name}-cert-manager`,
      {
        ...chartArgs(CHARTS.certManager, CERT_MANAGER_NAMESPACE, certManagerValues(args.cloud)),
        name: "cert-manager",
      },
      { ...child, dependsOn: [cmNs, this.envoyGateway, ...cmOpen] },
    );

    const monNs = ns(MONITORING_NAMESPACE);
    const monOpen = opened(MONITORING_NAMESPACE, monNs);
    const inMonitoring = { ...child, dependsOn: [monNs] };
    // Grafana's admin password: generated, kept in Pulumi state as a secret, given to the chart by name.
    const grafanaPassword = new random.RandomPassword(
      `${name}-grafana-admin`,
      { length: 32, special: false },
      { parent: this },
    );
    const grafanaSecret = new k8s.core.v1.Secret(
      `${name}-grafana-admin`,
      {
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: MONITORING_NAMESPACE, labels },
        type: "Opaque",
        stringData: {
          "admin-user": GRAFANA_ADMIN_USER,
          "admin-password": pulumi.secret(grafanaPassword.result),
        },
      },
      inMonitoring,
    );
    this.grafanaAdminPassword = pulumi.secret(grafanaPassword.result);
    this.grafanaUrl = `https://${grafanaHost(args.domain)}`;
    for (const p of monitoringNetworkPolicies(labels)) {
      new k8s.networking.v1.NetworkPolicy(`${name}-${p.metadata.name}`, p, inMonitoring);
    }
    const grafanaGateway = new k8s.apiextensions.CustomResource(
      `${name}-grafana-gateway`,
      gateway({
        namespace: MONITORING_NAMESPACE,
        hub: "grafana",
        domain: grafanaHost(args.domain),
        gatewayClassName: GATEWAY_CLASS_NAME,
        labels,
      }),
      { ...child, dependsOn: [monNs, this.gatewayClass] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-grafana-issuer`,
      issuer({ namespace: MONITORING_NAMESPACE, email: args.certificateEmail, labels }),
      { ...child, dependsOn: [monNs, this.certManager] },
    );
    new k8s.apiextensions.CustomResource(
      `${name}-grafana-https-redirect`,
      httpsRedirectRoute({ namespace: MONITORING_NAMESPACE, domain: grafanaHost(args.domain), labels }),
      { ...child, dependsOn: [grafanaGateway] },
    );
    new k8s.apiextensions.CustomResource(`${name}-grafana-route`, grafanaRoute(args.domain, labels), {
      ...child,
      dependsOn: [grafanaGateway],
    });
    this.monitoring = new k8s.helm.v3.Release(
      `${name}-kube-prometheus-stack`,
      {
        ...chartArgs(
          CHARTS.kubePrometheusStack,
          MONITORING_NAMESPACE,
          kubePrometheusStackValues(args.cloud, args.clusterName, grafanaValues(args.domain)),
        ),
        name: "kube-prometheus-stack",
      },
      { ...child, dependsOn: [monNs, grafanaSecret, ...monOpen] },
    );

    if (args.clusterAutoscaler) {
      const ca = args.clusterAutoscaler;
      new k8s.helm.v3.Release(
        `${name}-cluster-autoscaler`,
        {
          ...chartArgs(
            CHARTS.clusterAutoscaler,
            "kube-system",
            this.decide(() =>
              clusterAutoscalerValues({
                clusterName: args.clusterName,
                region: ca.region,
                roleArn: ca.roleArn,
                kubernetesVersion: ca.kubernetesVersion,
              }),
            ),
          ),
          name: "cluster-autoscaler",
        },
        child,
      );
    }
    if (args.nvidiaDevicePlugin) {
      new k8s.helm.v3.Release(
        `${name}-nvidia-device-plugin`,
        {
          ...chartArgs(CHARTS.nvidiaDevicePlugin, "kube-system", nvidiaDevicePluginValues()),
          name: "nvidia-device-plugin",
        },
        child,
      );
    }

    this.registerOutputs({
      gatewayClassName: this.gatewayClassName,
      envoyGateway: this.envoyGateway,
      certManager: this.certManager,
      monitoring: this.monitoring,
      gatewayClass: this.gatewayClass,
      grafanaAdminPassword: this.grafanaAdminPassword,
      grafanaUrl: this.grafanaUrl,
    });
  }

  /** A decision of the pure value builders that refuses what it cannot honour, as this component's ResourceError. */
  private decide<T>(build: () => T): T {
    try {
      return build();
    } catch (e) {
      throw userError((e as Error).message, this);
    }
  }
}
