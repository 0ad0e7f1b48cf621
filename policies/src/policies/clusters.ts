/**
 * Clusters and their node pools: network policy enforcement, workload identity, upgrades, bounded
 * pools, GPU pools that scale to zero. Messages point at the cluster file where a field there decides.
 */

import { AWS_TYPES, AZURE_TYPES, GCP_TYPES } from "@hubnet/config";
import type { ResourceValidation } from "@pulumi/policy";
import { clusterOfUrn, type PolicyContext } from "../context";
import { type HubnetPolicy, meta, stackResources } from "../define";
import { inConfig, placeIn } from "../messages";
import { asArray, asStrings, at, resolved, UNKNOWN } from "../values";

/** Default of the pack's `maxNodesPerPool` (node-pool-bounded). */
export const DEFAULT_MAX_NODES_PER_POOL = 100;

const AKS = AZURE_TYPES.aks;
const AKS_POOL = "azure-native:containerservice:AgentPool";

/** A node pool as the policies see it, whatever the cloud. */
interface Pool {
  name: string;
  min: unknown;
  max: unknown;
  autoscaling: boolean;
  gpu: boolean;
}

function poolsOf(type: string, name: string, p: unknown): Pool[] {
  switch (type) {
    case "gcp:container/nodePool:NodePool":
      return [
        {
          name: String(at(p, "name") ?? name),
          min: at(p, "autoscaling", "minNodeCount") ?? at(p, "autoscaling", "totalMinNodeCount"),
          max:
            at(p, "autoscaling", "maxNodeCount") ??
            at(p, "autoscaling", "totalMaxNodeCount") ??
            at(p, "nodeCount"),
          autoscaling: at(p, "autoscaling") !== undefined,
          gpu: asArray(at(p, "nodeConfig", "guestAccelerators")).length > 0,
        },
      ];
    case "aws:eks/nodeGroup:NodeGroup":
      return [
        {
          name: String(at(p, "nodeGroupName") ?? name),
          min: at(p, "scalingConfig", "minSize"),
          max: at(p, "scalingConfig", "maxSize"),
          autoscaling: true,
          gpu:
            /NVIDIA|GPU/i.test(String(at(p, "amiType") ?? "")) ||
            asArray(at(p, "taints")).some((t) => at(t, "key") === "nvidia.com/gpu"),
        },
      ];
    case AKS_POOL:
      return [aksPool(p, String(at(p, "agentPoolName") ?? name))];
    case AKS:
      return asArray(at(p, "agentPoolProfiles")).map((a) => aksPool(a, String(at(a, "name"))));
    default:
      return [];
  }
}

function aksPool(p: unknown, name: string): Pool {
  const auto = at(p, "enableAutoScaling") === true;
  return {
    name,
    min: auto ? at(p, "minCount") : at(p, "count"),
    max: auto ? at(p, "maxCount") : at(p, "count"),
    autoscaling: auto,
    gpu: asStrings(at(p, "nodeTaints")).some((t) => t.startsWith("nvidia.com/gpu")),
  };
}

const POOL_TYPES = ["gcp:container/nodePool:NodePool", "aws:eks/nodeGroup:NodeGroup", AKS_POOL, AKS];

/** A validation of every node pool of any cloud. */
function onPools(
  check: (pool: Pool, label: string, report: (m: string) => void, config: Record<string, unknown>) => void,
): ResourceValidation {
  return (args, report) => {
    if (!POOL_TYPES.includes(args.type)) return;
    const props = resolved(args.props);
    if (props === UNKNOWN)
      return report(
        `${args.name}: its inputs are not known before deploy, so its node pools cannot be checked`,
      );
    for (const pool of poolsOf(args.type, args.name, props))
      check(
        pool,
        `node pool ${pool.name} of ${args.name}`,
        report,
        args.getConfig<Record<string, unknown>>(),
      );
  };
}

export function clusterPolicies(ctx: PolicyContext): HubnetPolicy[] {
  const clusterPlace = (urn: string, ...p: string[]) => placeIn(ctx, clusterOfUrn(ctx, urn), p);
  return [
    {
      ...meta("cluster-network-policy"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const c of rs.filter((r) => r.type === GCP_TYPES.cluster)) {
          const dataplane2 = c.props.datapathProvider === "ADVANCED_DATAPATH";
          const calico = at(c.props, "networkPolicy", "enabled") === true;
          if (!dataplane2 && !calico)
            report(
              `GKE cluster ${c.name} enforces no network policy: use datapathProvider ADVANCED_DATAPATH (Dataplane V2) or networkPolicy.enabled`,
              c.urn,
            );
        }
        for (const c of rs.filter((r) => r.type === AWS_TYPES.eks)) {
          const cni = rs.find((r) => r.type === "aws:eks/addon:Addon" && r.props.addonName === "vpc-cni");
          const values =
            typeof cni?.props.configurationValues === "string"
              ? safeJson(cni.props.configurationValues)
              : undefined;
          if (!cni || String(at(values, "enableNetworkPolicy")) !== "true")
            report(
              `EKS cluster ${c.name} enforces no network policy: install the vpc-cni add-on with configurationValues {"enableNetworkPolicy": "true"}`,
              c.urn,
            );
        }
        for (const c of rs.filter((r) => r.type === AKS)) {
          const np = at(c.props, "networkProfile", "networkPolicy");
          if (typeof np !== "string" || np === "none")
            report(
              `AKS cluster ${c.name} enforces no network policy: set networkProfile.networkPolicy (cilium, calico or azure)`,
              c.urn,
            );
        }
      },
    },
    {
      ...meta("cluster-workload-identity"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const c of rs.filter((r) => r.type === GCP_TYPES.cluster)) {
          if (typeof at(c.props, "workloadIdentityConfig", "workloadPool") !== "string")
            report(
              `GKE cluster ${c.name} has no Workload Identity: set workloadIdentityConfig.workloadPool`,
              c.urn,
            );
        }
        for (const p of rs.filter((r) => r.type === "gcp:container/nodePool:NodePool")) {
          if (at(p.props, "nodeConfig", "workloadMetadataConfig", "mode") !== "GKE_METADATA")
            report(
              `GKE node pool ${p.name} exposes the node's metadata to pods: set nodeConfig.workloadMetadataConfig.mode GKE_METADATA`,
              p.urn,
            );
        }
        for (const c of rs.filter((r) => r.type === AWS_TYPES.eks)) {
          if (!rs.some((r) => r.type === "aws:iam/openIdConnectProvider:OpenIdConnectProvider"))
            report(
              `EKS cluster ${c.name} has no IAM OIDC provider, so pods have no IRSA identity: create one for the cluster's issuer`,
              c.urn,
            );
        }
        for (const t of rs.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate")) {
          const hops = at(t.props, "metadataOptions", "httpPutResponseHopLimit");
          if (
            at(t.props, "metadataOptions", "httpTokens") !== "required" ||
            (typeof hops === "number" && hops > 1)
          )
            report(
              `launch template ${t.name} lets pods reach the node's instance metadata (and its role): require IMDSv2 tokens with httpPutResponseHopLimit 1`,
              t.urn,
            );
        }
        for (const c of rs.filter((r) => r.type === AKS)) {
          if (
            at(c.props, "securityProfile", "workloadIdentity", "enabled") !== true ||
            at(c.props, "oidcIssuerProfile", "enabled") !== true
          )
            report(
              `AKS cluster ${c.name} has no Workload Identity: enable securityProfile.workloadIdentity and oidcIssuerProfile`,
              c.urn,
            );
        }
      },
    },
    {
      ...meta("cluster-auto-upgrade"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const c of rs.filter((r) => r.type === GCP_TYPES.cluster)) {
          const channel = at(c.props, "releaseChannel", "channel");
          if (typeof channel !== "string" || channel === "UNSPECIFIED")
            report(
              `GKE cluster ${c.name} follows no release channel: set releaseChannel.channel (REGULAR or STABLE)`,
              c.urn,
            );
        }
        for (const p of rs.filter((r) => r.type === "gcp:container/nodePool:NodePool"))
          if (at(p.props, "management", "autoUpgrade") !== true)
            report(`GKE node pool ${p.name} does not upgrade itself: set management.autoUpgrade true`, p.urn);
        for (const c of rs.filter((r) => r.type === AWS_TYPES.eks))
          if (at(c.props, "upgradePolicy", "supportType") !== "STANDARD")
            report(
              inConfig(
                clusterPlace(c.urn, "kubernetesVersion"),
                `EKS cluster ${c.name} may fall into extended support: set upgradePolicy.supportType STANDARD and keep kubernetesVersion in standard support`,
              ),
              c.urn,
            );
        for (const c of rs.filter((r) => r.type === AKS)) {
          const channel = at(c.props, "autoUpgradeProfile", "upgradeChannel");
          const os = at(c.props, "autoUpgradeProfile", "nodeOSUpgradeChannel");
          if (typeof channel !== "string" || channel === "none")
            report(
              `AKS cluster ${c.name} has no upgrade channel: set autoUpgradeProfile.upgradeChannel (patch or stable)`,
              c.urn,
            );
          if (typeof os !== "string" || os === "None" || os === "Unmanaged")
            report(
              `AKS cluster ${c.name}'s nodes get no OS upgrades: set autoUpgradeProfile.nodeOSUpgradeChannel (NodeImage or SecurityPatch)`,
              c.urn,
            );
        }
      },
    },
    {
      ...meta("node-pool-bounded"),
      configSchema: {
        properties: {
          maxNodesPerPool: {
            type: "integer",
            minimum: 1,
            default: DEFAULT_MAX_NODES_PER_POOL,
            description: "The most nodes one node pool may scale to.",
          },
        },
      },
      validateResource: onPools((pool, label, report, config) => {
        const ceiling = Number(config.maxNodesPerPool ?? DEFAULT_MAX_NODES_PER_POOL);
        if (pool.max === UNKNOWN)
          return report(
            `${label}: its largest size is not known before deploy, so its bound cannot be checked`,
          );
        if (typeof pool.max !== "number")
          return report(
            `${label} has no upper bound: give it a maximum node count (max in the cluster file)`,
          );
        if (pool.max > ceiling)
          report(
            `${label} may grow to ${pool.max} nodes, more than the platform's ceiling of ${ceiling} (maxNodesPerPool): lower its max`,
          );
      }),
    },
    {
      ...meta("gpu-pool-scales-to-zero"),
      validateResource: onPools((pool, label, report) => {
        if (!pool.gpu) return;
        if (pool.min === UNKNOWN) return report(`${label}: its smallest size is not known before deploy`);
        if (pool.min !== 0)
          report(
            `${label} has GPUs and keeps ${String(pool.min)} node(s) when idle: set its min to 0 so GPUs cost nothing while no GPU server runs`,
          );
      }),
    },
  ];
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
