/**
 * Which NetworkPolicy implementation enforces a cluster's policies, as far as it changes what a
 * policy means: on Cilium an `ipBlock` never matches a pod's or a node's own address
 * (cilium/cilium#9209; z2jh 4.4.0 values.schema.yaml warns of it for `egressAllowRules.privateIPs`),
 * so a path to a pod must be allowed by a pod or namespace selector (decision 0020).
 *
 * - GKE: Dataplane V2 (`datapathProvider: ADVANCED_DATAPATH`, gcp/gke-cluster.ts) is Cilium.
 * - AKS: Azure CNI powered by Cilium (`networkDataplane: cilium`, azure/aks-cluster.ts).
 * - EKS: the VPC CNI's network policy agent (`enableNetworkPolicy`, aws/eks-cluster.ts), standard.
 * - existing and local clusters: unknown (Calico, Cilium, kindnet, ...): both must hold.
 */
import type { Cloud } from "@hubnet/config";

/** What GkeCluster sets as `datapathProvider`: Dataplane V2, enforced by Cilium. */
export const GKE_DATAPATH_PROVIDER = "ADVANCED_DATAPATH";
/** What AksCluster sets as `networkDataplane` and `networkPolicy`. */
export const AKS_NETWORK_DATAPLANE = "cilium";

export type PolicySemantics = "standard" | "cilium";

/** The semantics a cluster's policies may be enforced with: every one of them must give the same answers. */
export function policySemantics(cloud: Cloud): readonly PolicySemantics[] {
  switch (cloud) {
    case "gcp":
      return [GKE_DATAPATH_PROVIDER === "ADVANCED_DATAPATH" ? "cilium" : "standard"];
    case "azure":
      return [AKS_NETWORK_DATAPLANE === "cilium" ? "cilium" : "standard"];
    case "aws":
      return ["standard"];
    default:
      return ["standard", "cilium"];
  }
}
