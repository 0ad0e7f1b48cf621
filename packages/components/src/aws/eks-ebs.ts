/**
 * Block storage on EKS: EKS creates no working default StorageClass (its `gp2` class is not the
 * default since Kubernetes 1.30, and the in-tree EBS provisioner is gone), so the hub database's
 * claim would stay Pending. EksCluster installs the EBS CSI driver as an EKS add-on with its own
 * IRSA role, and this StorageClass: gp3, encrypted, the cluster's default, volumes retained when a
 * claim is deleted (they can hold user data), bound where the pod is scheduled (an EBS volume lives
 * in one availability zone).
 */

/** The EBS CSI controller's service account (its IRSA role trusts this one). */
export const EBS_CSI_SA = "ebs-csi-controller-sa";
export const EBS_STORAGE_CLASS = "gp3";
export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";

export function ebsStorageClass(labels: Record<string, string>) {
  return {
    apiVersion: "storage.k8s.io/v1" as const,
    kind: "StorageClass" as const,
    metadata: { name: EBS_STORAGE_CLASS, labels, annotations: { [DEFAULT_CLASS_ANNOTATION]: "true" } },
    provisioner: "ebs.csi.aws.com",
    parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
    reclaimPolicy: "Retain",
    volumeBindingMode: "WaitForFirstConsumer",
    allowVolumeExpansion: true,
  };
}
