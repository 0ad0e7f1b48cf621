/**
 * What every cluster component (GkeCluster, EksCluster, AksCluster,
 * LocalCluster) builds the same way: its Kubernetes provider and the
 * cloud-neutral part of its `ClusterOutputs`. Each cloud supplies only what
 * it alone knows: the region, where homes live and the identity details.
 */
import type { Cluster } from "@hubnet/config";
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { type ClusterOutputsInput, GATEWAY_CLASS_NAME } from "./contract";
import { clusterTags } from "./pools";

/** The outputs only the cloud implementation knows. */
export type CloudClusterOutputs = Pick<
  ClusterOutputsInput,
  "region" | "home" | "identity" | "cloudProvider" | "loadBalancerAddresses"
>;

/**
 * A cluster's outputs: name, cloud, domains, operators, storage flags and tags come from the
 * config; the GatewayClass is the one the cluster baseline creates.
 */
export function clusterOutputs(
  name: string,
  config: Cluster,
  kubeconfig: pulumi.Output<string>,
  cloud: CloudClusterOutputs,
): ClusterOutputsInput {
  return {
    name,
    cloud: config.cloud,
    region: cloud.region,
    kubeconfig,
    domain: config.domain,
    extraDomains: config.extraDomains,
    certificateEmail: config.certificateEmail,
    operators: config.operators,
    operatorEmails: config.operatorEmails,
    gatewayClassName: GATEWAY_CLASS_NAME,
    home: cloud.home,
    buckets: config.storage.buckets,
    identity: cloud.identity,
    cloudProvider: cloud.cloudProvider,
    tags: clusterTags(name, config.tags),
    loadBalancerAddresses: cloud.loadBalancerAddresses,
  };
}

/**
 * The cluster's Kubernetes provider, `<cluster>-k8s`, with server-side apply. The cluster
 * baseline and every hub deploy through it; `opts` says what it waits for (the node pools).
 */
export function clusterProvider(
  name: string,
  kubeconfig: pulumi.Output<string>,
  opts: pulumi.CustomResourceOptions,
  context?: string,
): k8s.Provider {
  return new k8s.Provider(
    `${name}-k8s`,
    { kubeconfig, ...(context ? { context } : {}), enableServerSideApply: true },
    opts,
  );
}

/**
 * A kubeconfig's text with `current-context` set to `context`, so that whatever reads only the
 * exported kubeconfig (a community stack's provider) reaches the cluster the cluster stack's own
 * provider reaches through its `context`. YAML, the usual form, is edited line by line (comments
 * kept); a JSON kubeconfig (`kubectl config view -o json`) stays JSON.
 */
export function withCurrentContext(text: string, context: string): string {
  if (text.trimStart().startsWith("{")) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed && typeof parsed === "object" && !Array.isArray(parsed))
        return JSON.stringify({ ...parsed, "current-context": context });
    } catch {
      // Not JSON: a YAML flow mapping, edited below like any YAML.
    }
  }
  if (/^current-context:/m.test(text))
    return text.replace(/^current-context:.*$/m, `current-context: ${context}`);
  return `${text.trimEnd()}\ncurrent-context: ${context}\n`;
}

/**
 * A kubeconfig with one cluster, context and user, whose user gets its credentials from an
 * exec credential plugin (no static credentials in the kubeconfig).
 */
export function execKubeconfig(
  name: string,
  server: string,
  caData: string,
  exec: { command: string } & Record<string, unknown>,
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name, cluster: { server, "certificate-authority-data": caData } }],
    contexts: [{ name, context: { cluster: name, user: name } }],
    "current-context": name,
    users: [{ name, user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", ...exec } } }],
  });
}
