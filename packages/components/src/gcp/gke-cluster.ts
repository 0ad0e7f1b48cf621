/**
 * A GKE cluster: VPC-native, private nodes behind Cloud NAT, Dataplane V2
 * (network policy enforced), Workload Identity with the GKE metadata server
 * (pods never see the node's credentials), shielded nodes with secure boot,
 * a release channel with node auto-upgrade, native autoscaling per pool and
 * a Filestore share for homes.
 */
import type { GcpClusterConfig } from "@hubnet/config";
import * as gcp from "@pulumi/gcp";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type {
  ClusterOutputsInput,
  DefaultStorageClass,
  HomeStorage,
  HubnetCluster,
} from "../cluster/contract";
import { gcpLabels } from "../cluster/naming";
import { GKE_DATAPATH_PROVIDER } from "../cluster/network-policy-engine";
import { clusterOutputs, clusterProvider, execKubeconfig } from "../cluster/outputs";
import { clusterTags, gib, type PoolSpec, poolSpecs, type Taint } from "../cluster/pools";
import { retention } from "../cluster/retention";
import { enableGcpApis } from "./apis";
import { filestoreBackups } from "./filestore-backups";

/** The node subnet's primary range: node addresses, the only clients the home share accepts. */
export const GKE_NODE_RANGE = "10.10.0.0/20";
/** Pod addresses (VPC-native secondary range): never allowed by the home share's export options. */
export const GKE_POD_RANGE = "10.16.0.0/14";
export const GKE_SERVICE_RANGE = "10.20.0.0/20";
/** Where Filestore puts the home share's address (a /29 of its own, outside nodes, pods and services). */
export const FILESTORE_RANGE = "10.30.0.0/29";

/**
 * Who may mount the home share: the nodes' addresses only, read-write, root not squashed (the
 * kubelet mounts as root and the hub sets each home's owner). Pods have addresses of their own
 * (VPC-native), so a pod running an NFS client is refused by the share itself.
 */
export function filestoreExportOptions() {
  return [{ ipRanges: [GKE_NODE_RANGE], accessMode: "READ_WRITE", squashMode: "NO_ROOT_SQUASH" }];
}

export interface GkeClusterArgs {
  /** The cluster's config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`, loaded and checked by @hubnet/config. Required. */
  config: GcpClusterConfig;
}

/** The provider a GKE cluster stack uses: project and region from the config, cost labels by default. */
export function gcpProvider(name: string, config: GcpClusterConfig): gcp.Provider {
  return new gcp.Provider(`${name}-gcp`, {
    project: config.project,
    region: config.region,
    ...(config.zone ? { zone: config.zone } : {}),
    defaultLabels: gcpLabels(clusterTags(name, config.tags)),
  });
}

export function gkeTaints(taints: Taint[]): { key: string; value: string; effect: string }[] {
  return taints.map((t) => ({ key: t.key, value: t.value, effect: "NO_SCHEDULE" }));
}

/** The node config of one pool: labels, taints, GPUs with drivers, spot, hardening. */
export function gkeNodeConfig(
  pool: PoolSpec,
  labels: Record<string, string>,
  serviceAccount: pulumi.Input<string>,
): gcp.types.input.container.NodePoolNodeConfig {
  return {
    machineType: pool.machineType,
    labels: pool.labels,
    taints: gkeTaints(pool.taints),
    resourceLabels: labels,
    spot: pool.spot,
    serviceAccount,
    oauthScopes: ["https://www.googleapis.com/auth/cloud-platform"],
    diskType: "pd-balanced",
    diskSizeGb: pool.kind === "core" ? 100 : 200,
    imageType: "COS_CONTAINERD",
    workloadMetadataConfig: { mode: "GKE_METADATA" },
    shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
    metadata: { "disable-legacy-endpoints": "true" },
    ...(pool.accelerator
      ? {
          guestAccelerators: [
            {
              type: pool.accelerator.type,
              count: pool.accelerator.count,
              gpuDriverInstallationConfig: { gpuDriverVersion: "LATEST" },
            },
          ],
        }
      : {}),
  };
}

/** A kubeconfig that authenticates with gke-gcloud-auth-plugin (no static credentials). */
export function gkeKubeconfig(name: string, endpoint: string, caData: string): string {
  return execKubeconfig(name, `https://${endpoint}`, caData, {
    command: "gke-gcloud-auth-plugin",
    provideClusterInfo: true,
    installHint: "Install gke-gcloud-auth-plugin: gcloud components install gke-gcloud-auth-plugin",
  });
}

/** GKE's own default class, on the Compute Engine persistent disk CSI driver (enabled below). */
export const GKE_DEFAULT_STORAGE_CLASS: DefaultStorageClass = {
  name: "standard-rwo",
  provisioner: "pd.csi.storage.gke.io",
  createdBy: "cloud",
};

export class GkeCluster extends pulumi.ComponentResource implements HubnetCluster {
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
  readonly cluster: gcp.container.Cluster;
  readonly nodePools: gcp.container.NodePool[];
  readonly filestore: gcp.filestore.Instance;
  /** The load balancer's reserved external address (a regional static IP): DNS records point here. */
  readonly loadBalancerAddress: gcp.compute.Address;
  readonly defaultStorageClass: DefaultStorageClass = GKE_DEFAULT_STORAGE_CLASS;

  constructor(name: string, args: GkeClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:GkeCluster", name, {}, opts);
    const c = args.config;
    const labels = gcpLabels(clusterTags(name, c.tags));
    const location = c.zone ?? c.region;
    // The project's APIs first: every resource below waits for them (a new project has none enabled).
    const apis = enableGcpApis(name, c.project, { parent: this });
    const child = { parent: this, dependsOn: apis };

    const network = new gcp.compute.Network(
      `${name}-vpc`,
      { name: `${name}-vpc`, autoCreateSubnetworks: false },
      child,
    );
    const subnet = new gcp.compute.Subnetwork(
      `${name}-nodes`,
      {
        name: `${name}-nodes`,
        network: network.id,
        region: c.region,
        ipCidrRange: GKE_NODE_RANGE,
        privateIpGoogleAccess: true,
        secondaryIpRanges: [
          { rangeName: "pods", ipCidrRange: GKE_POD_RANGE },
          { rangeName: "services", ipCidrRange: GKE_SERVICE_RANGE },
        ],
      },
      child,
    );
    const router = new gcp.compute.Router(
      `${name}-router`,
      { name: `${name}-router`, network: network.id, region: c.region },
      child,
    );
    new gcp.compute.RouterNat(
      `${name}-nat`,
      {
        name: `${name}-nat`,
        router: router.name,
        region: c.region,
        natIpAllocateOption: "AUTO_ONLY",
        sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      },
      child,
    );

    const nodeSa = new gcp.serviceaccount.Account(
      `${name}-nodes`,
      { accountId: `${name}-nodes`.slice(0, 30), displayName: `hubnet ${name} GKE nodes` },
      child,
    );
    for (const role of ["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"]) {
      new gcp.projects.IAMMember(
        `${name}-nodes-${role.split("/")[1].replace(/\./g, "-")}`,
        { project: c.project, role, member: nodeSa.member },
        child,
      );
    }

    const workloadPool = `${c.project}.svc.id.goog`;
    this.cluster = new gcp.container.Cluster(
      name,
      {
        name,
        location,
        network: network.id,
        subnetwork: subnet.id,
        removeDefaultNodePool: true,
        initialNodeCount: 1,
        deletionProtection: c.deletionProtection,
        resourceLabels: labels,
        releaseChannel: { channel: c.releaseChannel },
        datapathProvider: GKE_DATAPATH_PROVIDER,
        networkingMode: "VPC_NATIVE",
        ipAllocationPolicy: { clusterSecondaryRangeName: "pods", servicesSecondaryRangeName: "services" },
        privateClusterConfig: {
          enablePrivateNodes: true,
          enablePrivateEndpoint: false,
          masterIpv4CidrBlock: "172.16.0.0/28",
        },
        workloadIdentityConfig: { workloadPool },
        enableShieldedNodes: true,
        enableLegacyAbac: false,
        addonsConfig: {
          gcpFilestoreCsiDriverConfig: { enabled: true },
          gcePersistentDiskCsiDriverConfig: { enabled: true },
          httpLoadBalancing: { disabled: false },
        },
        maintenancePolicy: { dailyMaintenanceWindow: { startTime: "03:00" } },
        // GKE cost allocation: each namespace's and Kubernetes label's share of the nodes in the billing
        // export (user pods carry hubnet-community and hubnet-hub), beyond what resource labels attribute.
        costManagementConfig: { enabled: true },
        loggingService: "logging.googleapis.com/kubernetes",
        monitoringService: "monitoring.googleapis.com/kubernetes",
      },
      { ...child, ignoreChanges: ["initialNodeCount"] },
    );

    this.nodePools = poolSpecs(c.nodePools).map(
      (pool) =>
        new gcp.container.NodePool(
          `${name}-${pool.name}`,
          {
            name: pool.name,
            cluster: this.cluster.name,
            location,
            initialNodeCount: pool.min,
            autoscaling: { minNodeCount: pool.min, maxNodeCount: pool.max },
            management: { autoUpgrade: true, autoRepair: true },
            nodeConfig: gkeNodeConfig(pool, labels, nodeSa.email),
          },
          { ...child, ignoreChanges: ["initialNodeCount"] },
        ),
    );

    // Homes: a Filestore share (BASIC_HDD holds 1 TiB at least) that only node addresses may mount.
    const capacityGb = Math.max(1024, gib(c.storage.home.capacity.bytes));
    const filestoreZone = c.zone ?? `${c.region}-b`;
    this.filestore = new gcp.filestore.Instance(
      `${name}-home`,
      {
        name: `${name}-home`,
        location: filestoreZone,
        tier: "BASIC_HDD",
        fileShares: { name: "homes", capacityGb, nfsExportOptions: filestoreExportOptions() },
        networks: [
          {
            network: network.name,
            modes: ["MODE_IPV4"],
            connectMode: "DIRECT_PEERING",
            reservedIpRange: FILESTORE_RANGE,
          },
        ],
        labels,
        deletionProtectionEnabled: c.deletionProtection,
        deletionProtectionReason: "hubnet: the homes of every hub of the cluster",
      },
      // After the cluster: Filestore's DIRECT_PEERING and the private control plane's peering are both
      // VPC peerings of this network, and GCP refuses a second peering operation while one is in
      // progress ("There is a peering operation in progress"; terraform-provider-google #3069, #6361).
      { ...child, ...retention("userData"), dependsOn: [...apis, this.cluster] },
    );
    if (c.storage.home.backups) {
      filestoreBackups(
        name,
        {
          project: c.project,
          region: c.region,
          instance: `projects/${c.project}/locations/${filestoreZone}/instances/${name}-home`,
          share: "homes",
          labels,
        },
        { ...child, dependsOn: [...apis, this.filestore] },
      );
    }

    const home: pulumi.Output<HomeStorage> = this.filestore.networks.apply((n) => ({
      kind: "nfs" as const,
      server: n?.[0]?.ipAddresses?.[0] ?? "",
      path: "/homes",
      mountOptions: ["vers=3", "hard", "noatime", "nolock"],
    }));

    // Reserved apart from the load balancer, so a new Service (or cluster baseline) keeps the address DNS points at.
    this.loadBalancerAddress = new gcp.compute.Address(
      `${name}-lb`,
      { name: `${name}-lb`, region: c.region, addressType: "EXTERNAL", networkTier: "PREMIUM", labels },
      child,
    );

    this.kubeconfig = pulumi.secret(
      pulumi
        .all([this.cluster.name, this.cluster.endpoint, this.cluster.masterAuth])
        .apply(([n, endpoint, auth]) => gkeKubeconfig(n, endpoint, auth?.clusterCaCertificate ?? "")),
    );
    this.provider = clusterProvider(name, this.kubeconfig, { ...child, dependsOn: this.nodePools });
    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: c.region,
      home,
      identity: { cloud: "gcp", project: c.project, workloadPool },
      loadBalancerAddresses: pulumi.all([this.loadBalancerAddress.address]),
      cloudProvider: {
        cloud: "gcp",
        project: c.project,
        region: c.region,
        ...(c.billingAccount ? { billingAccount: c.billingAccount } : {}),
      },
    });
    this.registerOutputs({
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      outputs: this.outputs,
      cluster: this.cluster,
      nodePools: this.nodePools,
      filestore: this.filestore,
      loadBalancerAddress: this.loadBalancerAddress,
      defaultStorageClass: this.defaultStorageClass,
    });
  }
}
