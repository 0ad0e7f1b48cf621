/**
 * `singleuser.profileList` from the community's profiles: KubeSpawner 7 profiles with resources,
 * the node pool, tolerations, sizes (node shares), image choices (and another image of the user's),
 * landing paths; and the hub.extraConfig hook that shows a profile only to its groups. Every key is
 * one KubeSpawner reads (checked against the traits oracle in the tests).
 */
import {
  type ByteQuantity,
  type Cluster,
  type Community,
  type CommunityProfile,
  hasNodePools,
  isBinary,
  OTHER_IMAGE_REGEX,
  poolForProfile,
  type ServerShape,
} from "@hubnet/config";

export const POOL_LABEL = "hubnet.org/pool";

export const USER_TOLERATION = {
  key: "hub.jupyter.org/dedicated",
  operator: "Equal",
  value: "user",
  effect: "NoSchedule",
};
export const GPU_TOLERATION = {
  key: "nvidia.com/gpu",
  operator: "Equal",
  value: "present",
  effect: "NoSchedule",
};
/** The taint AKS puts on spot nodes; profiles that ask for spot tolerate it (GKE and EKS spot nodes have none). */
export const AKS_SPOT_TOLERATION = {
  key: "kubernetes.azure.com/scalesetpriority",
  operator: "Equal",
  value: "spot",
  effect: "NoSchedule",
};

export function imageRef(image: { name: string; tag: string }): string {
  return `${image.name}:${image.tag}`;
}

export interface KubeSpawnerProfile {
  display_name: string;
  slug: string;
  description?: string;
  default?: boolean;
  kubespawner_override: Record<string, unknown>;
  profile_options?: Record<string, unknown>;
}

const SUFFIXES: [string, number][] = [
  ["T", 2 ** 40],
  ["G", 2 ** 30],
  ["M", 2 ** 20],
  ["K", 2 ** 10],
];

/**
 * A size as JupyterHub's ByteSpecification (KubeSpawner's `mem_limit`, `mem_guarantee`) takes it: its
 * K, M, G and T suffixes are powers of 1024, so a size written in binary units keeps a suffix (1Gi is
 * "1G", 1.5Gi "1536M"), any other is the exact number of bytes (4G, 4·10⁹ bytes, is 4000000000). Never the config's own
 * spelling: "1Gi" is refused at spawn and "4G" would mean 4·2³⁰.
 */
export function byteSpecification(q: ByteQuantity): string | number {
  const bytes = Math.round(q.bytes);
  if (isBinary(q))
    for (const [suffix, size] of SUFFIXES) if (bytes % size === 0) return `${bytes / size}${suffix}`;
  return bytes;
}

/** The KubeSpawner traits of one server shape: cpu and memory guarantees and limits. */
export function resourceOverride(s: ServerShape): Record<string, unknown> {
  return {
    cpu_guarantee: s.cpu.guarantee.cores,
    cpu_limit: s.cpu.limit.cores,
    mem_guarantee: byteSpecification(s.memory.guarantee),
    mem_limit: byteSpecification(s.memory.limit),
  };
}

/** The tolerations of a profile's servers (they replace the chart's, so the user-pool one is repeated). */
export function profileTolerations(profile: CommunityProfile, cluster: Cluster) {
  return [
    USER_TOLERATION,
    ...(profile.gpu ? [GPU_TOLERATION] : []),
    ...(profile.spot && cluster.cloud === "azure" ? [AKS_SPOT_TOLERATION] : []),
  ];
}

export function profileEntry(
  profile: CommunityProfile,
  community: Community,
  cluster: Cluster,
): KubeSpawnerProfile {
  const override: Record<string, unknown> = {
    ...(profile.sizes
      ? {}
      : profile.cpu && profile.memory
        ? resourceOverride({ cpu: profile.cpu, memory: profile.memory })
        : {}),
    tolerations: profileTolerations(profile, cluster),
  };
  if (hasNodePools(cluster.cloud)) {
    const pool = poolForProfile(cluster, profile);
    if (!pool) throw new Error(`profile "${profile.name}" fits no node pool of cluster ${community.cluster}`);
    override.node_selector = { [POOL_LABEL]: pool.pool };
  }
  if (profile.gpu) override.extra_resource_limits = { "nvidia.com/gpu": String(profile.gpu.count) };
  if (profile.defaultUrl) override.default_url = profile.defaultUrl;

  const options: Record<string, unknown> = {};
  if (profile.sizes) {
    const hasDefault = profile.sizes.some((s) => s.default);
    options.resources = {
      display_name: "Size",
      choices: Object.fromEntries(
        profile.sizes.map((s, i) => [
          s.name,
          {
            display_name: s.displayName,
            ...(s.default || (!hasDefault && i === 0) ? { default: true } : {}),
            kubespawner_override: resourceOverride(s),
          },
        ]),
      ),
    };
  }
  const images = profile.images ?? [];
  if (images.length > 0 || profile.otherImage) {
    // Another image needs a listed choice to fall back on: the community's image when none is listed.
    const listed =
      images.length > 0
        ? images
        : [
            {
              name: "default",
              displayName: imageRef(community.image),
              image: community.image,
              default: true,
              defaultUrl: undefined,
            },
          ];
    const hasDefault = listed.some((i) => i.default);
    options.image = {
      display_name: "Image",
      unlisted_choice: profile.otherImage
        ? {
            enabled: true,
            display_name: "Other image (name:tag)",
            validation_regex: OTHER_IMAGE_REGEX,
            validation_message:
              "Write an image name with a pinned tag, such as quay.io/jupyter/scipy-notebook:2025-11-03 (not latest).",
            kubespawner_override: { image: "{value}" },
          }
        : { enabled: false },
      choices: Object.fromEntries(
        listed.map((img, i) => [
          img.name,
          {
            display_name: img.displayName,
            ...(img.default || (!hasDefault && i === 0) ? { default: true } : {}),
            kubespawner_override: {
              image: imageRef(img.image),
              ...(img.defaultUrl ? { default_url: img.defaultUrl } : {}),
            },
          },
        ]),
      ),
    };
  }

  return {
    display_name: profile.displayName,
    slug: profile.name,
    ...(profile.description ? { description: profile.description } : {}),
    ...(profile.default ? { default: true } : {}),
    kubespawner_override: override,
    ...(Object.keys(options).length > 0 ? { profile_options: options } : {}),
  };
}

export function profileList(community: Community, cluster: Cluster): KubeSpawnerProfile[] {
  return community.profiles.map((p) => profileEntry(p, community, cluster));
}

/**
 * The hub.extraConfig snippet that shows profiles with `allowedGroups` only to members of those
 * groups. KubeSpawner calls a callable `profile_list` with the spawner, both to draw the form and to
 * check the profile a user starts, so a hidden profile cannot be started either. The full list stays
 * in `singleuser.profileList` (the pre-puller reads its images). Empty when no profile has groups.
 */
export function profileGroupsHook(community: Community): Record<string, string> {
  const limited = Object.fromEntries(
    community.profiles
      .filter((p) => p.allowedGroups.length > 0)
      .map((p) => [p.name, [...p.allowedGroups].sort()]),
  );
  if (Object.keys(limited).length === 0) return {};
  return {
    "hubnet-profile-groups": [
      "import json",
      `hubnet_profile_groups = json.loads(${JSON.stringify(JSON.stringify(limited))})`,
      "hubnet_profile_list = c.KubeSpawner.profile_list",
      "def hubnet_profiles_for(spawner):",
      "    # A profile with groups is offered (and can be started) only by members of one of them.",
      "    mine = {g.name for g in spawner.user.groups}",
      "    return [p for p in hubnet_profile_list if mine.intersection(hubnet_profile_groups.get(p['slug'], [])) or p['slug'] not in hubnet_profile_groups]",
      "c.KubeSpawner.profile_list = hubnet_profiles_for",
      "",
    ].join("\n"),
  };
}

/** Every image a hub's users can start from a list, for the continuous pre-puller and tests. */
export function allImages(community: Community): string[] {
  const images = [imageRef(community.image)];
  for (const p of community.profiles) for (const i of p.images ?? []) images.push(imageRef(i.image));
  return [...new Set(images)];
}
