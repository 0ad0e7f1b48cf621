/**
 * Node pool decisions shared by every cloud: labels, taints and cost tags.
 * Each cloud translates these into its own node pool spelling.
 */
import type { Cluster } from "@hubnet/config";

export const NODE_PURPOSE = "hub.jupyter.org/node-purpose";
export const POOL_LABEL = "hubnet.org/pool";
/** On GPU pools only: the accelerator type (the NVIDIA device plugin runs where this label is). */
export const GPU_LABEL = "hubnet.org/gpu";
export const USER_TAINT = { key: "hub.jupyter.org/dedicated", value: "user", effect: "NoSchedule" } as const;
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

export type Taint = { key: string; value: string; effect: "NoSchedule" };
export type PoolKind = "core" | "user" | "gpu";

export interface PoolSpec {
  /** Pool name: "core" or the configured user/GPU pool name. */
  name: string;
  kind: PoolKind;
  machineType: string;
  min: number;
  max: number;
  spot: boolean;
  accelerator?: { type: string; count: number };
  labels: Record<string, string>;
  taints: Taint[];
}

export function poolLabels(kind: PoolKind, name: string): Record<string, string> {
  return { [NODE_PURPOSE]: kind === "core" ? "core" : "user", [POOL_LABEL]: kind === "core" ? "core" : name };
}

export function poolTaints(kind: PoolKind): Taint[] {
  if (kind === "core") return [];
  return kind === "gpu" ? [{ ...USER_TAINT }, { ...GPU_TAINT }] : [{ ...USER_TAINT }];
}

type CloudPools = Extract<Cluster, { nodePools: unknown }>["nodePools"];

/** Every pool of a cloud cluster, core first, with its labels and taints. */
export function poolSpecs(pools: CloudPools): PoolSpec[] {
  const core: PoolSpec = {
    name: "core",
    kind: "core",
    machineType: pools.core.machineType,
    min: pools.core.min,
    max: pools.core.max,
    spot: false,
    labels: poolLabels("core", "core"),
    taints: poolTaints("core"),
  };
  const user = pools.user.map<PoolSpec>((p) => ({
    name: p.name,
    kind: "user",
    machineType: p.machineType,
    min: p.min,
    max: p.max,
    spot: p.spot,
    labels: poolLabels("user", p.name),
    taints: poolTaints("user"),
  }));
  const gpu = pools.gpu.map<PoolSpec>((p) => ({
    name: p.name,
    kind: "gpu",
    machineType: p.machineType,
    min: p.min,
    max: p.max,
    spot: p.spot,
    accelerator: { type: p.accelerator.type, count: p.accelerator.count },
    labels: { ...poolLabels("gpu", p.name), [GPU_LABEL]: p.accelerator.type },
    taints: poolTaints("gpu"),
  }));
  return [core, ...user, ...gpu];
}

/** Cost-attribution tags of a cluster's resources: derived in naming.ts with every other attribution key. */
export { clusterTags } from "./naming";

/** Bytes to whole GiB, rounded up. */
export function gib(bytes: number): number {
  return Math.ceil(bytes / 2 ** 30);
}
