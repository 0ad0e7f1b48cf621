/**
 * `singleuser.profileList` from the community's profiles: KubeSpawner
 * profiles with resources, the node pool, tolerations and image choices.
 */
import type { Cluster, Community, CommunityProfile } from "@hubnet/config";
import { poolForProfile } from "@hubnet/config";

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

export function profileEntry(
  profile: CommunityProfile,
  community: Community,
  cluster: Cluster,
): KubeSpawnerProfile {
  const override: Record<string, unknown> = {
    cpu_guarantee: profile.cpu.cores,
    cpu_limit: profile.cpu.cores,
    mem_guarantee: profile.memory.text,
    mem_limit: profile.memory.text,
    // Replaces the chart's default tolerations, so the user-pool toleration is repeated here.
    tolerations: profile.gpu ? [USER_TOLERATION, GPU_TOLERATION] : [USER_TOLERATION],
  };
  if (cluster.cloud !== "local") {
    const pool = poolForProfile(cluster, profile);
    if (!pool) throw new Error(`profile "${profile.name}" fits no node pool of cluster ${community.cluster}`);
    override.node_selector = { [POOL_LABEL]: pool.pool };
  }
  if (profile.gpu) override.extra_resource_limits = { "nvidia.com/gpu": String(profile.gpu.count) };

  const entry: KubeSpawnerProfile = {
    display_name: profile.displayName,
    slug: profile.name,
    ...(profile.description ? { description: profile.description } : {}),
    ...(profile.default ? { default: true } : {}),
    kubespawner_override: override,
  };
  if (profile.images && profile.images.length > 0) {
    const hasDefault = profile.images.some((i) => i.default);
    entry.profile_options = {
      image: {
        display_name: "Image",
        unlisted_choice: { enabled: false },
        choices: Object.fromEntries(
          profile.images.map((img, i) => [
            img.name,
            {
              display_name: img.displayName,
              ...(img.default || (!hasDefault && i === 0) ? { default: true } : {}),
              kubespawner_override: { image: imageRef(img.image) },
            },
          ]),
        ),
      },
    };
  }
  return entry;
}

export function profileList(community: Community, cluster: Cluster): KubeSpawnerProfile[] {
  return community.profiles.map((p) => profileEntry(p, community, cluster));
}

/** Every image a hub's users can start, for the continuous pre-puller and tests. */
export function allImages(community: Community): string[] {
  const images = [imageRef(community.image)];
  for (const p of community.profiles) for (const i of p.images ?? []) images.push(imageRef(i.image));
  return [...new Set(images)];
}
