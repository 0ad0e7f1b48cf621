/**
 * When Pulumi replaces a resource instead of updating it in place: the input properties whose change
 * makes the provider answer "replace" to the engine's Diff call, for the resource types hubnet
 * creates. A replacement creates a new resource and deletes the old one: for anything that holds
 * user data, the data goes with the old one.
 *
 * Sources (docs/platform/pull-requests.md#replacements lists them for readers):
 * - Kubernetes (`@pulumi/kubernetes` 4.x): `provider/pkg/provider/diff.go` (`forceNew`,
 *   `metadataForceNewProperties`) and `helm_release.go` (`.name`, `.namespace`) of
 *   pulumi/pulumi-kubernetes at 94977969d64112b04e19945818a7d5d5f38f631d: `.metadata.name` and
 *   `.metadata.namespace` of every object, and per kind the fields listed below.
 * - GCP and AWS (bridged from the Terraform providers): the attributes the Terraform providers mark
 *   `ForceNew` ("Changing this forces a new resource to be created" in their documentation) for
 *   google 6.x/7.x and aws 6.x, the versions `@pulumi/gcp` 9 and `@pulumi/aws` 7 bridge.
 * - Azure (`@pulumi/azure-native` 3): the provider replaces a resource when a parameter of its
 *   resource ID changes (resource group, parent and own name) or a property whose REST API
 *   `x-ms-mutability` lacks `update` (location, a storage account's kind, a file share's protocol).
 * - `@pulumi/random`: every input of the random resources forces a new value.
 *
 * Types not listed: a change of their URN (a new name or type without an alias) is a delete and a
 * create, which the diff reports as such; other changes are reported as updates, and
 * `pulumi preview` in credentialed CI is the final word.
 */

/** Input property paths (dotted; array indices left out) whose change replaces a resource, by type. */
export const REPLACE_ON_CHANGE: Record<string, readonly string[]> = {
  // Kubernetes: every object's identity, then per kind (diff.go `forceNew`).
  "kubernetes:*": ["metadata.name", "metadata.namespace"],
  "kubernetes:core/v1:PersistentVolume": [
    "spec.awsElasticBlockStore",
    "spec.azureDisk",
    "spec.azureFile",
    "spec.cephfs",
    "spec.cinder",
    "spec.csi",
    "spec.fc",
    "spec.flexVolume",
    "spec.flocker",
    "spec.gcePersistentDisk",
    "spec.glusterfs",
    "spec.hostPath",
    "spec.iscsi",
    "spec.local",
    "spec.nfs",
    "spec.photonPersistentDisk",
    "spec.portworxVolume",
    "spec.quobyte",
    "spec.rbd",
    "spec.scaleIO",
    "spec.storageos",
    "spec.vsphereVolume",
  ],
  "kubernetes:core/v1:PersistentVolumeClaim": [
    "spec.accessModes",
    "spec.selector",
    "spec.storageClassName",
    "spec.volumeName",
  ],
  "kubernetes:core/v1:Secret": ["type"],
  "kubernetes:core/v1:Service": ["spec.clusterIP"],
  "kubernetes:core/v1:ResourceQuota": ["spec.scopes"],
  "kubernetes:storage.k8s.io/v1:StorageClass": ["parameters", "provisioner"],
  "kubernetes:apps/v1:Deployment": ["spec.selector"],
  "kubernetes:apps/v1:DaemonSet": ["spec.selector"],
  "kubernetes:apps/v1:StatefulSet": [
    "spec.podManagementPolicy",
    "spec.revisionHistoryLimit",
    "spec.selector",
    "spec.serviceName",
    "spec.volumeClaimTemplates",
  ],
  "kubernetes:batch/v1:Job": ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": ["roleRef"],
  "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": ["roleRef"],
  // A Helm release is replaced when its release name or namespace changes (helm_release.go), not
  // when its chart, version or values do: those upgrade it in place.
  "kubernetes:helm.sh/v3:Release": ["name", "namespace"],

  // GCP (terraform-provider-google).
  "gcp:filestore/instance:Instance": [
    "name",
    "location",
    "zone",
    "project",
    "tier",
    "fileShares.name",
    "fileShares.sourceBackup",
    "networks",
    "kmsKeyName",
    "protocol",
  ],
  "gcp:storage/bucket:Bucket": ["name", "location", "project"],
  "gcp:compute/disk:Disk": ["name", "zone", "project", "type", "image", "snapshot", "diskEncryptionKey"],
  "gcp:container/cluster:Cluster": [
    "name",
    "location",
    "project",
    "network",
    "ipAllocationPolicy",
    "privateClusterConfig.enablePrivateEndpoint",
  ],
  "gcp:container/nodePool:NodePool": ["name", "cluster", "location", "project"],
  "gcp:serviceaccount/account:Account": ["accountId", "project"],
  "gcp:compute/network:Network": ["name", "project", "autoCreateSubnetworks"],
  "gcp:compute/subnetwork:Subnetwork": ["name", "network", "region", "project"],
  "gcp:compute/router:Router": ["name", "network", "region", "project"],
  "gcp:compute/routerNat:RouterNat": ["name", "router", "region", "project"],
  "gcp:storage/bucketIAMMember:BucketIAMMember": ["bucket", "role", "member", "condition"],
  "gcp:projects/iAMMember:IAMMember": ["project", "role", "member", "condition"],
  "gcp:serviceaccount/iAMMember:IAMMember": ["serviceAccountId", "role", "member", "condition"],

  // AWS (terraform-provider-aws).
  "aws:efs/fileSystem:FileSystem": [
    "creationToken",
    "encrypted",
    "kmsKeyId",
    "performanceMode",
    "availabilityZoneName",
  ],
  "aws:efs/mountTarget:MountTarget": ["fileSystemId", "subnetId", "ipAddress"],
  "aws:s3/bucket:Bucket": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:s3/bucketV2:BucketV2": ["bucket", "bucketPrefix", "objectLockEnabled"],
  "aws:ebs/volume:Volume": ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "outpostArn"],
  "aws:eks/cluster:Cluster": [
    "name",
    "kubernetesNetworkConfig",
    "outpostConfig",
    "bootstrapSelfManagedAddons",
  ],
  "aws:eks/nodeGroup:NodeGroup": [
    "clusterName",
    "nodeGroupName",
    "nodeGroupNamePrefix",
    "nodeRoleArn",
    "subnetIds",
    "amiType",
    "capacityType",
    "diskSize",
    "instanceTypes",
    "remoteAccess",
  ],
  "aws:iam/role:Role": ["name", "namePrefix", "path"],
  "aws:iam/rolePolicy:RolePolicy": ["name", "namePrefix", "role"],
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": ["role", "policyArn"],
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ["url"],
  "aws:ec2/vpc:Vpc": ["cidrBlock", "instanceTenancy"],
  "aws:ec2/subnet:Subnet": ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"],
  "aws:ec2/securityGroup:SecurityGroup": ["name", "namePrefix", "vpcId", "description"],
  "aws:ec2/natGateway:NatGateway": ["allocationId", "subnetId", "connectivityType"],
  "aws:kms/key:Key": ["customerMasterKeySpec", "keySpec", "multiRegion", "xksKeyId"],

  // Azure (azure-native: resource ID parameters and create-only properties).
  "azure-native:storage:StorageAccount": [
    "accountName",
    "resourceGroupName",
    "location",
    "kind",
    "isHnsEnabled",
    "enableNfsV3",
  ],
  "azure-native:storage:FileShare": ["accountName", "resourceGroupName", "shareName", "enabledProtocols"],
  "azure-native:storage:BlobContainer": ["accountName", "resourceGroupName", "containerName"],
  "azure-native:storage:ManagementPolicy": ["accountName", "resourceGroupName", "managementPolicyName"],
  "azure-native:storage:BlobServiceProperties": ["accountName", "resourceGroupName", "blobServicesName"],
  "azure-native:compute:Disk": ["diskName", "resourceGroupName", "location", "creationData"],
  "azure-native:containerservice:ManagedCluster": [
    "resourceName",
    "resourceGroupName",
    "location",
    "dnsPrefix",
  ],
  "azure-native:containerservice:AgentPool": [
    "agentPoolName",
    "resourceName",
    "resourceGroupName",
    "vmSize",
    "osDiskSizeGB",
    "vnetSubnetID",
  ],
  "azure-native:resources:ResourceGroup": ["resourceGroupName", "location"],
  "azure-native:managedidentity:UserAssignedIdentity": ["resourceName", "resourceGroupName", "location"],
  "azure-native:managedidentity:FederatedIdentityCredential": [
    "federatedIdentityCredentialResourceName",
    "resourceName",
    "resourceGroupName",
  ],
  "azure-native:network:VirtualNetwork": ["virtualNetworkName", "resourceGroupName", "location"],
  "azure-native:network:Subnet": ["subnetName", "virtualNetworkName", "resourceGroupName"],
  "azure-native:authorization:RoleAssignment": [
    "roleAssignmentName",
    "scope",
    "principalId",
    "roleDefinitionId",
  ],

  // Random values: any input change draws a new value (a new cookie secret logs every user out).
  "random:*": ["*"],
};

/** A changed path with array positions left out: `fileShares[0].name` → `fileShares.name`. */
export function normalizePath(p: string): string {
  return p.replace(/\[[^\]]*\]/g, "");
}

/** The table's entries for `type`: its own, and those of its provider's wildcard. */
export function replaceFields(type: string): readonly string[] {
  const provider = type.split(":")[0];
  return [...(REPLACE_ON_CHANGE[`${provider}:*`] ?? []), ...(REPLACE_ON_CHANGE[type] ?? [])];
}

/**
 * The changed input paths (of a resource of `type`) that make Pulumi replace it: a changed path
 * at, under or above a field of the table (a whole `spec` replaced covers `spec.accessModes`).
 */
export function replacementCauses(type: string, changedPaths: readonly string[]): string[] {
  const fields = replaceFields(type);
  if (fields.includes("*")) return [...changedPaths];
  return changedPaths.filter((p) => {
    const n = normalizePath(p);
    return fields.some((f) => n === f || n.startsWith(`${f}.`) || f.startsWith(`${n}.`));
  });
}

/** Whether the table knows `type` (otherwise a replacement can only come from a new URN). */
export function knowsType(type: string): boolean {
  return REPLACE_ON_CHANGE[type] !== undefined || REPLACE_ON_CHANGE[`${type.split(":")[0]}:*`] !== undefined;
}
