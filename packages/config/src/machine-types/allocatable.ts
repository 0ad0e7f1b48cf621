/**
 * What a node can give to user pods: its capacity less what the cloud's kubelet configuration keeps
 * (kube-reserved, system-reserved, the hard eviction threshold), each cloud by its published formula,
 * less an allowance for the daemonsets every hubnet node runs. This is what lets `hubnet validate`
 * refuse a profile that no node of its cluster could ever run, before anything is deployed.
 *
 * - GKE (https://cloud.google.com/kubernetes-engine/docs/concepts/plan-node-sizes#memory_and_cpu_reservations):
 *   memory 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112, 2% above
 *   128 GiB (255 MiB below 1 GiB); CPU 6% of the first core, 1% of the next, 0.5% of the next 2, 0.25%
 *   above 4; eviction at 100 MiB.
 * - EKS (the AL2023 AMI's nodeadm, `getMemoryMebibytesToReserve` and `getCPUMillicoresToReserve` in
 *   https://github.com/awslabs/amazon-eks-ami/blob/main/nodeadm/internal/kubelet/config.go): memory
 *   11 MiB per pod of the node's max pods + 255 MiB; CPU as GKE; eviction at 100 MiB.
 * - AKS 1.29+ (https://learn.microsoft.com/azure/aks/node-resource-reservations): memory the smaller of
 *   20 MB per max pod + 50 MB and 25% of the node's memory; CPU 60m for 1 core, 100m for 2, 140m for 4,
 *   180m for 8, 260m for 16, 420m for 32, 740m for 64 (linear between); eviction at 100 MiB.
 */
import type { MachineType } from "./types";

/**
 * An allowance for the daemonsets every hubnet node runs (network policy agent, CSI node drivers,
 * monitoring exporters), on top of the cloud's own reservation.
 */
export const DAEMONSET_RESERVE = { cpu: 0.2, memoryGiB: 0.5 };

/** The kubelet's hard eviction threshold (`memory.available<100Mi`) on every cloud. */
export const EVICTION_HARD_GIB = 100 / 1024;

/** Pods per AKS node: Azure CNI Overlay's default (AksCluster sets no maxPods). */
export const AKS_MAX_PODS = 250;

/** The clouds whose reservations are modelled, and nodes declared by hand (local and existing clusters). */
export type NodeModel = "gcp" | "aws" | "azure" | "declared";

export interface Resources {
  cpu: number;
  memoryGiB: number;
}

/** Tiered reservation: `rates[i]` of the part of `total` between `bounds[i]` and `bounds[i + 1]`. */
function tiered(total: number, bounds: number[], rates: number[]): number {
  let reserved = 0;
  for (let i = 0; i < rates.length; i++) {
    const lo = bounds[i];
    const hi = bounds[i + 1] ?? Number.POSITIVE_INFINITY;
    if (total > lo) reserved += (Math.min(total, hi) - lo) * rates[i];
  }
  return reserved;
}

/** GKE's and EKS's CPU reservation, in cores. */
export function tieredCpuReserve(cores: number): number {
  return tiered(cores, [0, 1, 2, 4], [0.06, 0.01, 0.005, 0.0025]);
}

/** GKE's memory reservation (without the eviction threshold), in GiB. */
export function gkeMemoryReserve(memoryGiB: number): number {
  if (memoryGiB < 1) return 255 / 1024;
  return tiered(memoryGiB, [0, 4, 8, 16, 128], [0.25, 0.2, 0.1, 0.06, 0.02]);
}

/** EKS's memory reservation (without the eviction threshold), in GiB. */
export function eksMemoryReserve(maxPods: number): number {
  return (11 * maxPods + 255) / 1024;
}

/** AKS's CPU reservation, in cores: the published table, linear between its points. */
export function aksCpuReserve(cores: number): number {
  const m = cores <= 1 ? 60 : cores <= 2 ? 20 + 40 * cores : cores <= 4 ? 60 + 20 * cores : 100 + 10 * cores;
  return m / 1000;
}

/** AKS's memory reservation (without the eviction threshold), in GiB. */
export function aksMemoryReserve(memoryGiB: number, maxPods = AKS_MAX_PODS): number {
  return Math.min((20 * maxPods + 50) / 1024, 0.25 * memoryGiB);
}

/** What the kubelet reports as allocatable on a node of this cloud (before hubnet's daemonsets). */
export function kubeletAllocatable(model: NodeModel, machine: MachineType | Resources): Resources {
  const { cpu, memoryGiB } = machine;
  switch (model) {
    case "gcp":
      return {
        cpu: cpu - tieredCpuReserve(cpu),
        memoryGiB: memoryGiB - gkeMemoryReserve(memoryGiB) - EVICTION_HARD_GIB,
      };
    case "aws": {
      const maxPods = (machine as MachineType).maxPods ?? 110;
      return {
        cpu: cpu - tieredCpuReserve(cpu),
        memoryGiB: memoryGiB - eksMemoryReserve(maxPods) - EVICTION_HARD_GIB,
      };
    }
    case "azure":
      return {
        cpu: cpu - aksCpuReserve(cpu),
        memoryGiB: memoryGiB - aksMemoryReserve(memoryGiB) - EVICTION_HARD_GIB,
      };
    case "declared":
      return { cpu, memoryGiB };
  }
}

/** What user pods can have of a node: the kubelet's allocatable less hubnet's daemonsets. */
export function allocatable(model: NodeModel, machine: MachineType | Resources): Resources {
  const a = kubeletAllocatable(model, machine);
  return {
    cpu: round(a.cpu - DAEMONSET_RESERVE.cpu),
    memoryGiB: round(a.memoryGiB - DAEMONSET_RESERVE.memoryGiB),
  };
}

function round(v: number) {
  return Math.floor(v * 1000) / 1000;
}
