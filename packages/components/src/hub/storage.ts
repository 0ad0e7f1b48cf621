/**
 * Home directories and shared directories of a hub, from the cluster's `HomeStorage`:
 *
 * - nfs: one cluster-wide share. Each hub gets a PersistentVolume of its own directory of the share
 *   (`<share path>/<namespace>`, as 2i2c's basehub scopes each hub's volume: helm-charts/basehub/
 *   templates/nfs.yaml, `nfs.pv.baseShareName` + the release), never of the share's root, and a claim
 *   `home-nfs` in its namespace: a pod of one hub's namespace (whatever its service account creates)
 *   can mount that hub's directory only. Homes are `<username>` and a shared directory `<name>` is
 *   `_<name>` in it (`_` never starts a KubeSpawner username slug, so no user can own it): on the
 *   share, `<namespace>/<username>` and `<namespace>/_<name>`, where they always were. A Job
 *   (`nfsHomeDirectoryJob`) creates the hub's directory before the volume is used (an NFS mount of a
 *   missing directory fails), as basehub's nfs-share-creator does.
 * - storageClass: one ReadWriteMany claim `home` per hub (EFS access points, Azure Files, CephFS);
 *   homes are `<username>`, shared directories `_<name>` on that claim.
 * - perUserClaims: one dynamic claim per user of `homeQuota` (local clusters); no shared directories
 *   (the claims are ReadWriteOnce).
 *
 * `storage.homes: false` gives servers no home volume (ephemeral hubs); shared directories are still
 * mounted from the hub's claim.
 *
 * Who sees a shared directory is decided per spawn: everyone's mounts are in the chart values; the
 * mounts of admins and of groups are added by a pre_spawn_hook (`sharedMountsHook`, hub.extraConfig),
 * which knows `spawner.user.admin` and the user's groups. A directory everyone writes is mounted
 * read-write at `~/<name>`; otherwise readers get `~/<name>` read-only and writers `~/<name>-readwrite`
 * (the built-in `shared`: everyone reads, admins write).
 *
 * The kubelet creates missing sub-path directories owned by root, which user servers (uid 1000) cannot
 * write: an init container (`ownershipInitContainer`), given only the user's home and the writable
 * shared directories, makes their top directory the user's before the server starts.
 */
import type { Community } from "@hubnet/config";
import type { HomeStorage } from "../cluster/contract";
import { CHARTS } from "../versions";

export const HOME_MOUNT = "/home/jovyan";
export const NFS_CLAIM = "home-nfs";
export const RWX_CLAIM = "home";
/** The volume name z2jh gives the home volume of static storage. */
export const HOME_VOLUME = "home";
/** The volume of the hub's claim when servers have no home (`storage.homes: false`). */
export const SHARE_VOLUME = "hubnet-share";
/** The uid and gid user servers run as (z2jh's `singleuser.uid` and `fsGid` defaults, the Jupyter images' jovyan). */
export const USER_UID = 1000;
export const USER_GID = 100;
/** The image of the ownership init container: z2jh's own network tools image (a shell and chown), already on every node. */
export const OWNERSHIP_IMAGE = {
  name: "quay.io/jupyterhub/k8s-network-tools",
  tag: CHARTS.jupyterhub.version,
};

/** Who a mount is for: everyone, admins, or members of groups. */
export type MountAudience = "everyone" | "admins" | { groups: string[] };

export interface SharedMount {
  /** The directory's name (`shared`, or one of `storage.sharedDirectories`). */
  name: string;
  subPath: string;
  mountPath: string;
  readOnly: boolean;
  who: MountAudience;
}

export interface HomeLayout {
  /** The claim in the hub namespace, for static storage. */
  claim?: string;
  /** Sub-path of a user's home on the claim (`{username}` is expanded by KubeSpawner); none without homes. */
  homeSubPath?: string;
  /** The volume shared directories are mounted from. */
  volume: string;
  /** Sub-path of each shared directory on the claim, by name. */
  sharedDirs: { name: string; subPath: string; writable: boolean }[];
  mounts: SharedMount[];
}

/** The shared directories of a community: the built-in `shared` (when on) and `sharedDirectories`. */
function sharedDirectories(community: Community) {
  const dirs: { name: string; read: string | { groups: string[] }; write: string | { groups: string[] } }[] =
    [];
  if (community.storage.shared) dirs.push({ name: "shared", read: "everyone", write: "admins" });
  dirs.push(...community.storage.sharedDirectories);
  return dirs;
}

/**
 * Where a hub's homes and shared directories are on its volume. Every kind of home storage gives the
 * hub a volume of its own (an NFS hub's is its directory of the share), so the paths are the same for
 * every hub; `_namespace` is kept for the callers that pass it.
 */
export function homeLayout(home: HomeStorage, _namespace: string, community: Community): HomeLayout {
  const homes = community.storage.homes;
  if (home.kind === "perUserClaims") return { volume: HOME_VOLUME, sharedDirs: [], mounts: [] };
  const volume = homes ? HOME_VOLUME : SHARE_VOLUME;
  const sharedDirs: HomeLayout["sharedDirs"] = [];
  const mounts: SharedMount[] = [];
  for (const d of sharedDirectories(community)) {
    const subPath = `_${d.name}`;
    sharedDirs.push({ name: d.name, subPath, writable: d.write !== "nobody" });
    const at = (suffix: string, readOnly: boolean, who: MountAudience) =>
      mounts.push({ name: d.name, subPath, mountPath: `${HOME_MOUNT}/${d.name}${suffix}`, readOnly, who });
    if (d.write === "everyone") {
      at("", false, "everyone");
      continue;
    }
    if (d.read !== "nobody") at("", true, d.read as MountAudience);
    if (d.write !== "nobody") at("-readwrite", false, d.write as MountAudience);
  }
  return {
    claim: home.kind === "nfs" ? NFS_CLAIM : RWX_CLAIM,
    homeSubPath: homes ? "{username}" : undefined,
    volume,
    sharedDirs,
    mounts,
  };
}

/** `singleuser.storage` values. */
export function storageValues(
  home: HomeStorage,
  namespace: string,
  community: Community,
): Record<string, unknown> {
  const layout = homeLayout(home, namespace, community);
  if (home.kind === "perUserClaims") {
    if (!community.storage.homes) return { type: "none" };
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
  const everyone = layout.mounts
    .filter((m) => m.who === "everyone")
    .map((m) => ({ name: layout.volume, mountPath: m.mountPath, subPath: m.subPath, readOnly: m.readOnly }));
  if (!community.storage.homes) {
    return {
      type: "none",
      ...(layout.sharedDirs.length > 0
        ? { extraVolumes: [{ name: SHARE_VOLUME, persistentVolumeClaim: { claimName: layout.claim } }] }
        : {}),
      extraVolumeMounts: everyone,
    };
  }
  return {
    type: "static",
    homeMountPath: HOME_MOUNT,
    static: { pvcName: layout.claim, subPath: layout.homeSubPath },
    extraVolumeMounts: everyone,
  };
}

/**
 * The hub.extraConfig snippet that adds the mounts of admins and of groups at each spawn (the chart
 * values hold everyone's). KubeSpawner's `volume_mounts` is a dict in z2jh 4 (a list elsewhere):
 * both are extended, never replaced. Empty when every mount is everyone's.
 */
export function sharedMountsHook(layout: HomeLayout): Record<string, string> {
  const chosen = layout.mounts
    .filter((m) => m.who !== "everyone")
    .map((m) => ({
      key: `hubnet-${m.name}${m.readOnly ? "" : "-readwrite"}`,
      mount: { name: layout.volume, mountPath: m.mountPath, subPath: m.subPath, readOnly: m.readOnly },
      who: m.who,
    }));
  if (chosen.length === 0) return {};
  return {
    "hubnet-shared-mounts": [
      "import json",
      `hubnet_shared_mounts = json.loads(${JSON.stringify(JSON.stringify(chosen))})`,
      "def hubnet_mount_shared(spawner):",
      "    # Shared directories of admins (community admins and platform operators) and of groups.",
      "    mine = {g.name for g in spawner.user.groups}",
      "    def member(who):",
      '        return (who == "admins" and spawner.user.admin) or (isinstance(who, dict) and bool(mine.intersection(who["groups"])))',
      "    extra = [m for m in hubnet_shared_mounts if member(m['who'])]",
      "    mounts = spawner.volume_mounts",
      "    if isinstance(mounts, dict):",
      "        spawner.volume_mounts = {**mounts, **{m['key']: m['mount'] for m in extra}}",
      "    else:",
      "        spawner.volume_mounts = list(mounts) + [m['mount'] for m in extra]",
      "c.KubeSpawner.pre_spawn_hook = hubnet_mount_shared",
      "",
    ].join("\n"),
  };
}

/**
 * `singleuser.initContainers`: one container that makes the user's home and the writable shared
 * directories (their top directory only, not what is inside) owned by the user before the server
 * starts. It sees only those directories, runs no user code and keeps only the CHOWN capability.
 */
export function ownershipInitContainer(layout: HomeLayout): Record<string, unknown>[] {
  const dirs = [
    ...(layout.homeSubPath ? [{ path: "/hubnet/home", subPath: layout.homeSubPath }] : []),
    ...layout.sharedDirs
      .filter((d) => d.writable)
      .map((d) => ({ path: `/hubnet/${d.name}`, subPath: d.subPath })),
  ];
  if (!layout.claim || dirs.length === 0) return [];
  return [
    {
      name: "hubnet-home-owner",
      image: `${OWNERSHIP_IMAGE.name}:${OWNERSHIP_IMAGE.tag}`,
      command: [
        "sh",
        "-c",
        `for d in "$@"; do [ "$(stat -c %u:%g "$d")" = "${USER_UID}:${USER_GID}" ] || chown ${USER_UID}:${USER_GID} "$d" || exit 1; done`,
        "hubnet-home-owner",
        ...dirs.map((d) => d.path),
      ],
      securityContext: {
        runAsUser: 0,
        runAsGroup: 0,
        runAsNonRoot: false,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ["ALL"], add: ["CHOWN"] },
      },
      resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "100m", memory: "32Mi" } },
      volumeMounts: dirs.map((d) => ({ name: layout.volume, mountPath: d.path, subPath: d.subPath })),
    },
  ];
}

/** The hub's directory of an NFS share: `<path>/<namespace>` (the share's path is absolute). */
export function hubShareDirectory(path: string, namespace: string): string {
  return `${path.replace(/\/+$/, "")}/${namespace}`;
}

/** The Job that creates the hub's directory on an NFS share (see the file's comment). */
export const HOME_DIRECTORY_JOB = "hubnet-home-directory";

/**
 * The Job that creates `<path>/<namespace>` on the share before the hub's volume mounts it: one pod,
 * run by the Job controller, that mounts the share's root inline (only this pod, never a volume a hub's
 * pods could claim), makes the directory and exits. No service account token, no capabilities.
 */
export function nfsHomeDirectoryJob(
  home: Extract<HomeStorage, { kind: "nfs" }>,
  namespace: string,
  labels: Record<string, string>,
) {
  const dir = `/share/${namespace}`;
  return {
    apiVersion: "batch/v1" as const,
    kind: "Job" as const,
    metadata: { name: HOME_DIRECTORY_JOB, namespace, labels },
    spec: {
      backoffLimit: 4,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          automountServiceAccountToken: false,
          containers: [
            {
              name: "mkdir",
              image: `${OWNERSHIP_IMAGE.name}:${OWNERSHIP_IMAGE.tag}`,
              command: ["sh", "-c", 'mkdir -p "$1" && chmod 0755 "$1"', "hubnet-home-directory", dir],
              securityContext: {
                runAsUser: 0,
                runAsGroup: 0,
                runAsNonRoot: false,
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              resources: {
                requests: { cpu: "10m", memory: "16Mi" },
                limits: { cpu: "100m", memory: "32Mi" },
              },
              volumeMounts: [{ name: "share", mountPath: "/share" }],
            },
          ],
          volumes: [{ name: "share", nfs: { server: home.server, path: home.path } }],
        },
      },
    },
  };
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
      nfs: { server: home.server, path: hubShareDirectory(home.path, namespace) },
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
