/**
 * Storage of an AKS cluster: an NFS 4.1 Azure Files share on a premium
 * FileStorage account for homes. The account has no public endpoint at all: it
 * is reached through a private endpoint on the node subnet, whose address the
 * account's name resolves to inside the cluster's network (a private DNS zone
 * linked to the VNet). Pods that run user code are kept from that private
 * address by the hub namespaces' NetworkPolicies (pod traffic leaving a node
 * carries the node's address). Root is not squashed: the kubelet mounts as
 * root and the hub sets each home's owner. It holds user data: protected and
 * retained. Hub buckets are not here: each hub has a storage account of its
 * own, created by its community stack (hub-cloud.ts).
 *
 * Azure Backup cannot back up NFS shares (its support matrix for Azure Files,
 * 2026-02), so `storage.home.backups` is refused on AKS by `hubnet validate`.
 */
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import * as storage from "@pulumi/azure-native/storage";
import type * as pulumi from "@pulumi/pulumi";
import type { HomeStorage } from "../cluster/contract";
import { gib } from "../cluster/pools";
import { retention } from "../cluster/retention";

/** A storage account name (3-24 lower-case letters and digits, globally unique) derived from the cluster. */
export function storageAccountName(cluster: string, purpose: "home", subscriptionId: string): string {
  let h = 0;
  for (const ch of `${subscriptionId}/${cluster}/${purpose}`) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const suffix = h.toString(36).padStart(7, "0").slice(-7);
  return `hn${cluster.replace(/[^a-z0-9]/g, "").slice(0, 11)}${purpose}${suffix}`.slice(0, 24);
}

/** How hubs mount the home share of account `homeAccountName` (NFS 4.1). */
export function azureFilesHome(homeAccountName: string): HomeStorage {
  return {
    kind: "nfs",
    server: `${homeAccountName}.file.core.windows.net`,
    path: `/${homeAccountName}/homes`,
    mountOptions: ["vers=4", "minorversion=1", "sec=sys", "nconnect=4"],
  };
}

export interface AksStorageArgs {
  /** The cluster's resource group. Required. */
  resourceGroupName: pulumi.Input<string>;
  /** The cluster's location. Required. */
  location: string;
  /** The node subnet: the home share's private endpoint is there. Required. */
  subnetId: pulumi.Input<string>;
  /** The cluster's VNet, linked to the private DNS zone that resolves the account to its endpoint. Required. */
  vnetId: pulumi.Input<string>;
  /** The home storage account's name (`storageAccountName`), unique across Azure. Required. */
  homeAccountName: string;
  /** Provisioned size of the home share, in bytes (at least 100 GiB is provisioned). Required. */
  homeCapacityBytes: number;
  /** The cluster's cost tags. Required. */
  tags: Record<string, string>;
}

/** The home account and share of cluster `name`; `child` makes them children of the cluster. */
export function aksStorage(
  name: string,
  args: AksStorageArgs,
  child: pulumi.CustomResourceOptions,
): { homeShare: storage.FileShare } {
  const { tags } = args;
  const homeAccount = new storage.StorageAccount(
    `${name}-home`,
    {
      accountName: args.homeAccountName,
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      kind: "FileStorage",
      sku: { name: "Premium_LRS" },
      // NFS shares require secure transfer off; the account is reachable through its private endpoint only.
      enableHttpsTrafficOnly: false,
      allowBlobPublicAccess: false,
      minimumTlsVersion: "TLS1_2",
      publicNetworkAccess: "Disabled",
      networkRuleSet: { defaultAction: "Deny", bypass: "None" },
      tags,
    },
    { ...child, ...retention("userData") },
  );
  const homeShare = new storage.FileShare(
    `${name}-home`,
    {
      accountName: homeAccount.name,
      resourceGroupName: args.resourceGroupName,
      shareName: "homes",
      enabledProtocols: "NFS",
      rootSquash: "NoRootSquash",
      shareQuota: Math.max(100, gib(args.homeCapacityBytes)),
    },
    { ...child, ...retention("userData") },
  );
  const zone = new privatedns.PrivateZone(
    `${name}-file-dns`,
    {
      privateZoneName: FILE_PRIVATE_DNS_ZONE,
      resourceGroupName: args.resourceGroupName,
      location: "global",
      tags,
    },
    child,
  );
  new privatedns.VirtualNetworkLink(
    `${name}-file-dns`,
    {
      privateZoneName: zone.name,
      resourceGroupName: args.resourceGroupName,
      location: "global",
      virtualNetwork: { id: args.vnetId },
      registrationEnabled: false,
      tags,
    },
    child,
  );
  const endpoint = new network.PrivateEndpoint(
    `${name}-home`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      subnet: { id: args.subnetId },
      privateLinkServiceConnections: [
        { name: "home-file", privateLinkServiceId: homeAccount.id, groupIds: ["file"] },
      ],
      tags,
    },
    child,
  );
  new network.PrivateDnsZoneGroup(
    `${name}-home`,
    {
      resourceGroupName: args.resourceGroupName,
      privateEndpointName: endpoint.name,
      privateDnsZoneGroupName: "default",
      privateDnsZoneConfigs: [{ name: "file", privateDnsZoneId: zone.id }],
    },
    child,
  );
  return { homeShare };
}

/** The private DNS zone Azure Files' private endpoints answer in. */
export const FILE_PRIVATE_DNS_ZONE = "privatelink.file.core.windows.net";
