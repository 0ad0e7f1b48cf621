/**
 * Network isolation of a hub.
 *
 * Egress of user servers (z2jh singleuser.networkPolicy): the internet yes,
 * private IPs (other pods, nodes, other namespaces) no, DNS yes, and the cloud
 * metadata endpoint 169.254.169.254 no (egress rule and z2jh's iptables
 * init container). One exception: on GKE with a bucket, Workload Identity
 * hands out the hub's Google credentials through the GKE metadata server at
 * that address, so there it stays reachable; GKE_METADATA mode on the node
 * pools conceals the node's own identity.
 *
 * Ingress: the extra `NetworkPolicy` selects every pod of the namespace and
 * allows ingress only from the namespace itself and the gateway and monitoring
 * namespaces. NetworkPolicies add up (a pod admits what any policy selecting it
 * allows), so z2jh's own policies can only narrow this further for hub, proxy
 * and user pods; pods without a chart policy (dask) get exactly this one.
 */
import type { Cloud } from "@hubnet/config";

export const METADATA_CIDR = "169.254.169.254/32";
/** Namespaces allowed into every hub namespace: the Gateway API data plane and monitoring. */
export const GATEWAY_NAMESPACE = "envoy-gateway-system";
export const MONITORING_NAMESPACE = "monitoring";

/** Whether user servers need the metadata endpoint to get cloud credentials. */
export function needsMetadataServer(cloud: Cloud, hasBuckets: boolean): boolean {
  return cloud === "gcp" && hasBuckets;
}

export function singleuserNetworkPolicy(cloud: Cloud, hasBuckets: boolean) {
  const metadata = needsMetadataServer(cloud, hasBuckets);
  return {
    networkPolicy: {
      enabled: true,
      egressAllowRules: {
        cloudMetadataServer: metadata,
        dnsPortsCloudMetadataServer: metadata,
        dnsPortsKubeSystemNamespace: true,
        dnsPortsPrivateIPs: true,
        nonPrivateIPs: true,
        privateIPs: false,
      },
      interNamespaceAccessLabels: "ignore",
    },
    cloudMetadata: { blockWithIptables: !metadata, ip: "169.254.169.254" },
  };
}

/** The namespace-wide ingress policy. */
export function namespaceIngressPolicy(namespace: string, labels: Record<string, string>) {
  return {
    apiVersion: "networking.k8s.io/v1" as const,
    kind: "NetworkPolicy" as const,
    metadata: { name: "hubnet-namespace-ingress", namespace, labels },
    spec: {
      podSelector: {},
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { podSelector: {} },
            {
              namespaceSelector: {
                matchExpressions: [
                  {
                    key: "kubernetes.io/metadata.name",
                    operator: "In",
                    values: [GATEWAY_NAMESPACE, MONITORING_NAMESPACE],
                  },
                ],
              },
            },
          ],
        },
      ],
    },
  };
}
