/**
 * Kubernetes (`@pulumi/kubernetes` 4.x), shared by every cloud: each cluster's hubs are Kubernetes
 * objects. Facts in the form of ./facts.ts.
 */
import type { ProviderFacts } from "./facts";

/**
 * The type tokens of this provider's user data and clusters, written here only: every other
 * module names them through this object (a test checks that no other source file spells them).
 */
export const KUBERNETES_TYPES = {
  pv: "kubernetes:core/v1:PersistentVolume",
  pvc: "kubernetes:core/v1:PersistentVolumeClaim",
} as const;

const K8S = "pulumi/pulumi-kubernetes@94977969d64112b04e19945818a7d5d5f38f631d";
const DIFF = `${K8S} provider/pkg/provider/diff.go (forceNew, metadataForceNewProperties)`;

export const KUBERNETES_FACTS: ProviderFacts = {
  package: "kubernetes",
  // DiffConfig plans a replacement of the provider, and so of every object it manages, when the
  // kubeconfig's active cluster changes (or `clusterIdentifier`, when set).
  relocating: ["kubeconfig", "context", "cluster", "clusterIdentifier"],
  relocatingSource: `${K8S} provider/pkg/provider/provider.go (DiffConfig: getActiveClusterFromConfig, clusterIdentifier)`,
  everyType: ["metadata.name", "metadata.namespace"],
  types: {
    "kubernetes:core/v1:Namespace": {
      contains: "namespace",
      source: `${DIFF}; deleting a namespace deletes every object in it (Kubernetes namespace controller)`,
    },
    [KUBERNETES_TYPES.pv]: {
      holds: "volume",
      replaceOnChange: [
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
      source: DIFF,
    },
    [KUBERNETES_TYPES.pvc]: {
      holds: "volume",
      replaceOnChange: ["spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName"],
      noShrink: [
        {
          path: "spec.resources.requests.storage",
          unit: "quantity",
          refusedBy: "Kubernetes (a claim's requested storage can grow, never shrink)",
          source:
            "kubernetes/kubernetes pkg/apis/core/validation/validation.go ValidatePersistentVolumeClaimUpdate: `field can not be less than previous value`",
        },
      ],
      source: DIFF,
    },
    "kubernetes:core/v1:Secret": { replaceOnChange: ["type"], source: DIFF },
    "kubernetes:core/v1:Service": { replaceOnChange: ["spec.clusterIP"], source: DIFF },
    "kubernetes:core/v1:ResourceQuota": { replaceOnChange: ["spec.scopes"], source: DIFF },
    "kubernetes:storage.k8s.io/v1:StorageClass": {
      replaceOnChange: ["parameters", "provisioner"],
      source: DIFF,
    },
    "kubernetes:apps/v1:Deployment": { replaceOnChange: ["spec.selector"], source: DIFF },
    "kubernetes:apps/v1:DaemonSet": { replaceOnChange: ["spec.selector"], source: DIFF },
    "kubernetes:apps/v1:StatefulSet": {
      replaceOnChange: [
        "spec.podManagementPolicy",
        "spec.revisionHistoryLimit",
        "spec.selector",
        "spec.serviceName",
        "spec.volumeClaimTemplates",
      ],
      source: DIFF,
    },
    "kubernetes:batch/v1:Job": {
      replaceOnChange: ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
      source: DIFF,
    },
    "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": { replaceOnChange: ["roleRef"], source: DIFF },
    "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding": {
      replaceOnChange: ["roleRef"],
      source: DIFF,
    },
    // A release is replaced when its name or namespace changes, not when its chart, version or
    // values do (those upgrade it in place); replacing or deleting it uninstalls what its chart made.
    "kubernetes:helm.sh/v3:Release": {
      contains: "release",
      replaceOnChange: ["name", "namespace"],
      source: `${K8S} provider/pkg/provider/helm_release.go (.name, .namespace)`,
    },
  },
};

/** `@pulumi/random`: any input change draws a new value (a new cookie secret logs every user out). */
export const RANDOM_FACTS: ProviderFacts = {
  package: "random",
  relocating: [],
  relocatingSource:
    "pulumi/pulumi-random: every input of its resources is ForceNew (terraform-provider-random)",
  everyType: ["*"],
  types: {},
};
