/**
 * Waves of a deploy, from the stacks a change affects (affected.ts) and the platform's rollout file
 * (`stacks/rollout.yaml`): a platform change reaches every hub in safe steps, not all at once.
 *
 * 1. clusters: every affected cluster stack, each a batch of its own;
 * 2. canaries: the canary communities the file names, one at a time, whole (staging hub first);
 * 3. staging: every other community's staging hub (an `up` of the stack without its other hubs);
 * 4. production: every other community, whole, in batches of one cluster's communities.
 *
 * A wave starts when the one before it succeeded, health checks included; a failed batch stops its
 * wave and every later one. Each wave is one job matrix, so no wave has more than
 * MAX_MATRIX_JOBS batches (GitHub's limit on a matrix): batches grow to fit any number of
 * communities. Removed stacks and stacks on local clusters are never deployed by CI (`skipped`).
 */
import type { Rollout } from "@hubnet/config";
import type { AffectedStack } from "./affected";

/** GitHub Actions: "A matrix can generate a maximum of 256 jobs per workflow run." */
export const MAX_MATRIX_JOBS = 256;

export type WaveKind = "clusters" | "canaries" | "staging" | "production";
/** What an `up` of the stack covers: all of it, only its staging hubs, or all but them (they went first). */
export type Target = "all" | "staging" | "production";

export interface RolloutStack {
  project: "cluster" | "community";
  stack: string;
  cloud?: string;
  cluster?: string;
  target: Target;
  /** The hubs this `up` changes, for the health checks after it. */
  hubs: { name: string; url: string }[];
}

export interface Batch {
  name: string;
  cluster?: string;
  stacks: RolloutStack[];
}

export interface Wave {
  kind: WaveKind;
  /** Batches deployed at once (1 for canaries). */
  maxParallel: number;
  batches: Batch[];
}

export interface RolloutPlan {
  waves: Wave[];
  skipped: { project: string; stack: string; reason: string }[];
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Batches of each cluster's stacks, of that cluster's size, grown in step until the wave has at
 * most `limit` batches.
 */
export function clusterBatches(
  byCluster: Map<string, RolloutStack[]>,
  sizeOf: (cluster: string) => number,
  limit = MAX_MATRIX_JOBS,
): RolloutStack[][] {
  const clusters = [...byCluster.keys()].sort();
  if (clusters.length > limit) throw new Error(`${clusters.length} clusters in one wave: more than ${limit}`);
  for (let scale = 1; ; scale++) {
    const batches = clusters.flatMap((c) => chunk(byCluster.get(c) ?? [], sizeOf(c) * scale));
    if (batches.length <= limit) return batches;
  }
}

export function rolloutPlan(stacks: readonly AffectedStack[], config: Rollout): RolloutPlan {
  const skipped: RolloutPlan["skipped"] = [];
  const deployed = stacks.filter((s) => {
    if (s.change === "removed") {
      skipped.push({
        project: s.project,
        stack: s.stack,
        reason:
          "removed from the network: not destroyed by a deploy (stacks/removed.yaml, docs/platform/deploying.md)",
      });
      return false;
    }
    if (s.cloud === "local") {
      skipped.push({
        project: s.project,
        stack: s.stack,
        reason: "runs on a local cluster: deploy it from the machine that reaches it",
      });
      return false;
    }
    return true;
  });
  const hubsOf = (s: AffectedStack, staging?: boolean) =>
    (s.hubs ?? [])
      .filter((h) => staging === undefined || h.staging === staging)
      .map(({ name, url }) => ({ name, url }));
  const canaries = new Set(config.canaries);
  const waves: Wave[] = [];

  const clusters = deployed
    .filter((s) => s.project === "cluster")
    .sort((a, b) => a.stack.localeCompare(b.stack));
  if (clusters.length)
    waves.push({
      kind: "clusters",
      maxParallel: Math.min(MAX_MATRIX_JOBS, clusters.length),
      batches: clusters.map((s) => ({
        name: `cluster ${s.stack}`,
        cluster: s.stack,
        stacks: [{ project: "cluster", stack: s.stack, cloud: s.cloud, target: "all", hubs: [] }],
      })),
    });

  const communities = deployed
    .filter((s) => s.project === "community")
    .sort((a, b) => a.stack.localeCompare(b.stack));
  const canaryStacks = communities.filter((s) => canaries.has(s.stack));
  if (canaryStacks.length)
    waves.push({
      kind: "canaries",
      maxParallel: 1,
      batches: canaryStacks.map((s) => ({
        name: `canary ${s.stack}`,
        cluster: s.cluster,
        stacks: [
          {
            project: "community",
            stack: s.stack,
            cloud: s.cloud,
            cluster: s.cluster,
            target: "all",
            hubs: hubsOf(s),
          },
        ],
      })),
    });

  const rest = communities.filter((s) => !canaries.has(s.stack));
  const sizeOf = (cluster: string) => config.clusters[cluster]?.batchSize ?? config.batchSize;
  const group = (items: RolloutStack[]) => {
    const m = new Map<string, RolloutStack[]>();
    for (const s of items) m.set(s.cluster ?? "", [...(m.get(s.cluster ?? "") ?? []), s]);
    return m;
  };
  const named = (kind: WaveKind, batches: RolloutStack[][]): Batch[] => {
    const perCluster = new Map<string, number>();
    return batches.map((stacks) => {
      const cluster = stacks[0]?.cluster ?? "";
      const n = (perCluster.get(cluster) ?? 0) + 1;
      perCluster.set(cluster, n);
      return { name: `${kind} ${cluster} ${n}`, cluster, stacks };
    });
  };

  const staging = rest
    .filter((s) => (s.stagingHubs ?? []).length > 0)
    .map(
      (s): RolloutStack => ({
        project: "community",
        stack: s.stack,
        cloud: s.cloud,
        cluster: s.cluster,
        target: "staging",
        hubs: hubsOf(s, true),
      }),
    );
  if (staging.length)
    waves.push({
      kind: "staging",
      maxParallel: config.maxParallel,
      batches: named("staging", clusterBatches(group(staging), sizeOf)),
    });

  const production = rest.map(
    (s): RolloutStack => ({
      project: "community",
      stack: s.stack,
      cloud: s.cloud,
      cluster: s.cluster,
      target: (s.stagingHubs ?? []).length > 0 ? "production" : "all",
      hubs: hubsOf(s, (s.stagingHubs ?? []).length > 0 ? false : undefined),
    }),
  );
  if (production.length)
    waves.push({
      kind: "production",
      maxParallel: config.maxParallel,
      batches: named("production", clusterBatches(group(production), sizeOf)),
    });

  return { waves, skipped };
}
