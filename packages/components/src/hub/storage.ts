/**
 * Home directories and the shared directory of a hub, from the cluster's
 * `HomeStorage`:
 *
 * - nfs: one cluster-wide share. Each hub gets a PersistentVolume for it and a
 *   claim `home-nfs` in its namespace; homes are `<namespace>/<username>` and
 *   the shared directory is `<namespace>/_shared` on the share (`_` never
 *   starts a KubeSpawner username slug, so no user can own it).
 * - storageClass: one ReadWriteMany claim `home` per hub (EFS access points,
 *   Azure Files); homes are `<username>`, shared is `_shared` on that claim.
 * - perUserClaims: one dynamic claim per user of `homeQuota` (local clusters);
 *   no shared directory (the claims are ReadWriteOnce).
 *
 * The shared directory is mounted read-only at ~/shared for everyone, and
 * read-write at ~/shared-readwrite for admins only, by a pre_spawn_hook
 * (`ADMIN_SHARED_HOOK`) in hub.extraConfig: KubeSpawner evaluates it per spawn
 * with `spawner.user.admin`, which profiles cannot express.
 */
import type { Community } from "@hubnet/config";
import type { HomeStorage } from "../cluster/contract";

export const HOME_MOUNT = "/home/jovyan";
export const NFS_CLAIM = "home-nfs";
export const RWX_CLAIM = "home";
/** The volume name z2jh gives the home volume of static storage. */
export const HOME_VOLUME = "home";
export const SHARED_DIR = "_shared";

export interface HomeLayout {
  /** The claim in the hub namespace, for static storage. */
  claim?: string;
  /** Sub-path of a user's home on the claim (`{username}` is expanded by KubeSpawner). */
  homeSubPath?: string;
  /** Sub-path of the shared directory on the claim, when there is one. */
  sharedSubPath?: string;
}

export function homeLayout(home: HomeStorage, namespace: string, community: Community): HomeLayout {
  const shared = community.storage.shared;
  switch (home.kind) {
    case "nfs":
      return {
        claim: NFS_CLAIM,
        homeSubPath: `${namespace}/{username}`,
        sharedSubPath: shared ? `${namespace}/${SHARED_DIR}` : undefined,
      };
    case "storageClass":
      return { claim: RWX_CLAIM, homeSubPath: "{username}", sharedSubPath: shared ? SHARED_DIR : undefined };
    case "perUserClaims":
      return {};
  }
}

/** `singleuser.storage` values. */
export function storageValues(
  home: HomeStorage,
  namespace: string,
  community: Community,
): Record<string, unknown> {
  const layout = homeLayout(home, namespace, community);
  if (home.kind === "perUserClaims") {
    return {
      type: "dynamic",
      capacity: community.storage.homeQuota.text,
      homeMountPath: HOME_MOUNT,
      dynamic: {
        ...(home.storageClass ? { storageClass: home.storageClass } : {}),
        storageAccessModes: ["ReadWriteOnce"],
      },
    };
  }
  return {
    type: "static",
    homeMountPath: HOME_MOUNT,
    static: { pvcName: layout.claim, subPath: layout.homeSubPath },
    extraVolumeMounts: layout.sharedSubPath
      ? [
          {
            name: HOME_VOLUME,
            mountPath: `${HOME_MOUNT}/shared`,
            subPath: layout.sharedSubPath,
            readOnly: true,
          },
        ]
      : [],
  };
}

/** The hub.extraConfig snippet that gives admins a read-write mount of the shared directory. */
export function adminSharedHook(sharedSubPath: string): string {
  return [
    "def hubnet_admin_shared_readwrite(spawner):",
    "    # Admins (community admins and platform operators) write the shared directory.",
    "    if spawner.user.admin:",
    "        spawner.volume_mounts = list(spawner.volume_mounts) + [",
    `        {"name": ${JSON.stringify(HOME_VOLUME)}, "mountPath": ${JSON.stringify(`${HOME_MOUNT}/shared-readwrite`)}, "subPath": ${JSON.stringify(sharedSubPath)}}`,
    "        ]",
    "c.KubeSpawner.pre_spawn_hook = hubnet_admin_shared_readwrite",
    "",
  ].join("\n");
}

/** The PersistentVolume of an NFS home share for one hub (cluster-scoped, so named after the namespace). */
export function nfsPersistentVolume(
  home: Extract<HomeStorage, { kind: "nfs" }>,
  namespace: string,
  labels: Record<string, string>,
) {
  return {
    apiVersion: "v1" as const,
    kind: "PersistentVolume" as const,
    metadata: { name: `${namespace}-home-nfs`, labels },
    spec: {
      capacity: { storage: "1Mi" },
      accessModes: ["ReadWriteMany"],
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "",
      mountOptions: home.mountOptions,
      nfs: { server: home.server, path: home.path },
      claimRef: { namespace, name: NFS_CLAIM },
    },
  };
}

export function nfsClaim(namespace: string, labels: Record<string, string>) {
  return {
    apiVersion: "v1" as const,
    kind: "PersistentVolumeClaim" as const,
    metadata: { name: NFS_CLAIM, namespace, labels },
    spec: {
      accessModes: ["ReadWriteMany"],
      storageClassName: "",
      volumeName: `${namespace}-home-nfs`,
      resources: { requests: { storage: "1Mi" } },
    },
  };
}

/** The hub's ReadWriteMany claim on a CSI StorageClass. Capacity is a quota only where the driver enforces one. */
export function rwxClaim(
  home: Extract<HomeStorage, { kind: "storageClass" }>,
  namespace: string,
  labels: Record<string, string>,
  capacity = "1Ti",
) {
  return {
    apiVersion: "v1" as const,
    kind: "PersistentVolumeClaim" as const,
    metadata: { name: RWX_CLAIM, namespace, labels },
    spec: {
      accessModes: [home.accessMode],
      storageClassName: home.storageClass,
      resources: { requests: { storage: capacity } },
    },
  };
}
