/**
 * An AKS cluster: Azure CNI overlay with Cilium (network policy enforced),
 * OIDC issuer + workload identity, automatic patch and node-image upgrades,
 * encryption at host, nodes without public IPs, autoscaling pools (spot where
 * asked, GPU pools with drivers) and an NFS Azure Files share for homes
 * (aks-storage.ts). Hub buckets live in per-hub storage accounts that
 * community stacks create (hub-cloud.ts).
 *
 * Instance metadata (169.254.169.254) is reachable from pods on AKS; hubs
 * block it for user pods with their NetworkPolicy (enforced by Cilium).
 */
import type { AzureClusterConfig } from "@hubnet/config";
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerservice from "@pulumi/azure-native/containerservice";
import * as network from "@pulumi/azure-native/network";
import { Provider as AzureProvider } from "@pulumi/azure-native/provider";
import * as resources from "@pulumi/azure-native/resources";
import type * as storage from "@pulumi/azure-native/storage";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputsInput, DefaultStorageClass, HubnetCluster } from "../cluster/contract";
import { AKS_NETWORK_DATAPLANE } from "../cluster/network-policy-engine";
import { clusterOutputs, clusterProvider } from "../cluster/outputs";
import { clusterTags, type PoolSpec, poolSpecs } from "../cluster/pools";
import { aksStorage, azureFilesHome, storageAccountName } from "./aks-storage";

export interface AksClusterArgs {
  /** The cluster's config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`, loaded and checked by @hubnet/config. Required. */
  config: AzureClusterConfig;
}

/** The provider an AKS cluster stack uses: subscription and location from the config. */
export function azureProvider(name: string, config: AzureClusterConfig): AzureProvider {
  return new AzureProvider(`${name}-azure`, {
    subscriptionId: config.subscriptionId,
    location: config.location,
  });
}

const NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7";

/** Where the cluster identity holds Network Contributor for the load balancer: the address's resource group. */
export function loadBalancerRoleScope(subscriptionId: string, resourceGroup: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
}

/** The node subnet: node addresses and the home share's private endpoint (pods use the overlay 10.244.0.0/16). */
export const AKS_NODE_SUBNET = "10.1.0.0/18";

/** One AKS agent pool: labels, taints, autoscaling, spot, GPU drivers, hardening. */
export function aksPoolProfile(pool: PoolSpec, subnetId: pulumi.Input<string>, tags: Record<string, string>) {
  return {
    vmSize: pool.machineType,
    mode: pool.kind === "core" ? "System" : "User",
    osType: "Linux",
    osSKU: "AzureLinux",
    type: "VirtualMachineScaleSets",
    enableAutoScaling: true,
    minCount: pool.min,
    maxCount: pool.max,
    count: pool.min,
    nodeLabels: pool.labels,
    nodeTaints: pool.taints.map((t) => `${t.key}=${t.value}:${t.effect}`),
    enableEncryptionAtHost: true,
    enableNodePublicIP: false,
    osDiskType: "Managed",
    osDiskSizeGB: pool.kind === "core" ? 128 : 200,
    vnetSubnetID: subnetId,
    ...(pool.spot ? { scaleSetPriority: "Spot", scaleSetEvictionPolicy: "Delete", spotMaxPrice: -1 } : {}),
    ...(pool.accelerator ? { gpuProfile: { driver: "Install" } } : {}),
    upgradeSettings: pool.kind === "core" ? { maxSurge: "33%" } : { maxSurge: "1" },
    tags,
  };
}

/** AKS's own default class, on the Azure Disk CSI driver (storageProfile below). */
export const AKS_DEFAULT_STORAGE_CLASS: DefaultStorageClass = {
  name: "default",
  provisioner: "disk.csi.azure.com",
  createdBy: "cloud",
};

export class AksCluster extends pulumi.ComponentResource implements HubnetCluster {
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
  readonly cluster: containerservice.ManagedCluster;
  readonly agentPools: containerservice.AgentPool[];
  readonly homeShare: storage.FileShare;
  readonly hasGpuPools: boolean;
  /** The load balancer's reserved public IP (in the cluster's resource group): DNS records point here. */
  readonly loadBalancerIp: network.PublicIPAddress;
  /** The resource group of the cluster, its network, home storage and load balancer address. */
  readonly resourceGroupName: string;
  /** The name of `loadBalancerIp`, which the load balancer Service names in an annotation. */
  readonly loadBalancerIpName: string;
  readonly defaultStorageClass: DefaultStorageClass = AKS_DEFAULT_STORAGE_CLASS;

  constructor(name: string, args: AksClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:AksCluster", name, {}, opts);
    const c = args.config;
    const tags = clusterTags(name, c.tags);
    const child = { parent: this };
    const pools = poolSpecs(c.nodePools);
    this.hasGpuPools = pools.some((p) => p.accelerator);

    const resourceGroup = c.resourceGroup ?? `hubnet-${name}`;
    this.resourceGroupName = resourceGroup;
    const rg = new resources.ResourceGroup(
      `${name}-rg`,
      { resourceGroupName: resourceGroup, location: c.location, tags },
      child,
    );
    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: rg.name,
        location: c.location,
        addressSpace: { addressPrefixes: ["10.1.0.0/16"] },
        tags,
      },
      { ...child, ignoreChanges: ["subnets"] },
    );
    const subnet = new network.Subnet(
      `${name}-nodes`,
      {
        resourceGroupName: rg.name,
        virtualNetworkName: vnet.name,
        subnetName: "nodes",
        addressPrefix: AKS_NODE_SUBNET,
      },
      child,
    );

    const [core, ...others] = pools;
    this.cluster = new containerservice.ManagedCluster(
      name,
      {
        resourceName: name,
        resourceGroupName: rg.name,
        location: c.location,
        dnsPrefix: name,
        kubernetesVersion: c.kubernetesVersion,
        identity: { type: "SystemAssigned" },
        sku: { name: "Base", tier: "Standard" },
        agentPoolProfiles: [{ name: "core", ...aksPoolProfile(core, subnet.id, tags) }],
        networkProfile: {
          networkPlugin: "azure",
          networkPluginMode: "overlay",
          networkDataplane: AKS_NETWORK_DATAPLANE,
          networkPolicy: AKS_NETWORK_DATAPLANE,
          podCidr: "10.244.0.0/16",
          serviceCidr: "10.2.0.0/16",
          dnsServiceIP: "10.2.0.10",
          loadBalancerSku: "standard",
          outboundType: "loadBalancer",
        },
        oidcIssuerProfile: { enabled: true },
        securityProfile: {
          workloadIdentity: { enabled: true },
          imageCleaner: { enabled: true, intervalHours: 168 },
        },
        autoUpgradeProfile: { upgradeChannel: "patch", nodeOSUpgradeChannel: "NodeImage" },
        autoScalerProfile: {
          expander: "least-waste",
          scaleDownUnneededTime: "10m",
          balanceSimilarNodeGroups: "true",
        },
        storageProfile: { fileCSIDriver: { enabled: true }, diskCSIDriver: { enabled: true } },
        enableRBAC: true,
        tags,
      },
      { ...child, ignoreChanges: ["agentPoolProfiles[0].count"] },
    );
    new authorization.RoleAssignment(
      `${name}-subnet-network-contributor`,
      {
        principalId: this.cluster.identity.apply((i) => i?.principalId ?? ""),
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${c.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${NETWORK_CONTRIBUTOR}`,
        scope: subnet.id,
      },
      child,
    );

    // Reserved apart from the load balancer, so a new Service (or cluster baseline) keeps the address
    // DNS points at. It lives in the cluster's resource group, not the node resource group AKS manages.
    this.loadBalancerIpName = `${name}-lb`;
    this.loadBalancerIp = new network.PublicIPAddress(
      `${name}-lb`,
      {
        publicIpAddressName: this.loadBalancerIpName,
        resourceGroupName: rg.name,
        location: c.location,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        publicIPAddressVersion: "IPv4",
        tags,
      },
      child,
    );
    // The cloud provider lists the public IPs of the group the Service names
    // (`service.beta.kubernetes.io/azure-load-balancer-resource-group`) before it takes one, so the
    // cluster identity needs Network Contributor on that group, not on the address alone (AKS docs,
    // "Use a static public IP address and DNS label with the AKS load balancer": the role's scope is the
    // resource group; kubernetes-sigs/cloud-provider-azure pkg/provider/azure_publicip_repo.go lists the
    // group's addresses). The former assignment on the address moves here (same resource, new scope).
    new authorization.RoleAssignment(
      `${name}-lb-network-contributor`,
      {
        principalId: this.cluster.identity.apply((i) => i?.principalId ?? ""),
        principalType: "ServicePrincipal",
        roleDefinitionId: `/subscriptions/${c.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${NETWORK_CONTRIBUTOR}`,
        scope: loadBalancerRoleScope(c.subscriptionId, resourceGroup),
      },
      { ...child, dependsOn: [rg] },
    );

    this.agentPools = others.map(
      (pool) =>
        new containerservice.AgentPool(
          `${name}-${pool.name}`,
          {
            agentPoolName: pool.name,
            resourceGroupName: rg.name,
            resourceName: this.cluster.name,
            ...aksPoolProfile(pool, subnet.id, tags),
          },
          { ...child, ignoreChanges: ["count"] },
        ),
    );

    // Homes: an NFS 4.1 share on a premium FileStorage account, reachable from the node subnet only.
    const homeAccountName = storageAccountName(name, "home", c.subscriptionId);
    const { homeShare } = aksStorage(
      name,
      {
        resourceGroupName: rg.name,
        location: c.location,
        subnetId: subnet.id,
        vnetId: vnet.id,
        homeAccountName,
        homeCapacityBytes: c.storage.home.capacity.bytes,
        tags,
      },
      child,
    );
    this.homeShare = homeShare;

    const creds = containerservice.listManagedClusterUserCredentialsOutput(
      { resourceGroupName: rg.name, resourceName: this.cluster.name },
      child,
    );
    this.kubeconfig = pulumi.secret(
      creds.apply((r) => {
        const v = r.kubeconfigs?.[0]?.value;
        return v ? Buffer.from(v, "base64").toString("utf8") : "";
      }),
    );
    this.provider = clusterProvider(name, this.kubeconfig, { ...child, dependsOn: this.agentPools });

    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: c.location,
      home: azureFilesHome(homeAccountName),
      identity: this.cluster.oidcIssuerProfile.apply((oidc) => ({
        cloud: "azure" as const,
        subscriptionId: c.subscriptionId,
        resourceGroup,
        location: c.location,
        oidcIssuerUrl: oidc?.issuerURL ?? "",
      })),
      loadBalancerAddresses: this.loadBalancerIp.ipAddress.apply((ip) => (ip ? [ip] : [])),
      cloudProvider: {
        cloud: "azure",
        subscriptionId: c.subscriptionId,
        location: c.location,
        resourceGroup,
      },
    });
    this.registerOutputs({
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      outputs: this.outputs,
      cluster: this.cluster,
      agentPools: this.agentPools,
      homeShare: this.homeShare,
      hasGpuPools: this.hasGpuPools,
      loadBalancerIp: this.loadBalancerIp,
      resourceGroupName: this.resourceGroupName,
      loadBalancerIpName: this.loadBalancerIpName,
      defaultStorageClass: this.defaultStorageClass,
    });
  }
}
