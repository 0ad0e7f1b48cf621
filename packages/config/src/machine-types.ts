/**
 * Machine types per cloud, the GPUs they carry, and what a node of each type
 * can give to user pods (its allocatable cpu and memory).
 *
 * This table is what lets `hubnet validate` reject a profile that no node of its
 * cluster could ever run, before anything is deployed. Add a type here when a
 * cluster needs one; the table is deliberately small and reviewed.
 */
import type { Cloud } from "./schema/common";

export interface MachineType {
  cpu: number;
  memoryGiB: number;
  /** A GPU that comes with the machine type (AWS, Azure, GCP G2/A2). */
  gpu?: { type: string; count: number };
  /** GPUs that can be attached to this machine type (GCP N1). */
  attachableGpus?: string[];
}

const gcp: Record<string, MachineType> = {
  "e2-standard-2": { cpu: 2, memoryGiB: 8 },
  "e2-standard-4": { cpu: 4, memoryGiB: 16 },
  "e2-standard-8": { cpu: 8, memoryGiB: 32 },
  "n2-standard-2": { cpu: 2, memoryGiB: 8 },
  "n2-standard-4": { cpu: 4, memoryGiB: 16 },
  "n2-standard-8": { cpu: 8, memoryGiB: 32 },
  "n2-standard-16": { cpu: 16, memoryGiB: 64 },
  "n2-highmem-2": { cpu: 2, memoryGiB: 16 },
  "n2-highmem-4": { cpu: 4, memoryGiB: 32 },
  "n2-highmem-8": { cpu: 8, memoryGiB: 64 },
  "n2-highmem-16": { cpu: 16, memoryGiB: 128 },
  "n2-highmem-32": { cpu: 32, memoryGiB: 256 },
  "n1-standard-4": { cpu: 4, memoryGiB: 15, attachableGpus: ["nvidia-tesla-t4", "nvidia-tesla-v100"] },
  "n1-standard-8": { cpu: 8, memoryGiB: 30, attachableGpus: ["nvidia-tesla-t4", "nvidia-tesla-v100"] },
  "n1-highmem-8": { cpu: 8, memoryGiB: 52, attachableGpus: ["nvidia-tesla-t4", "nvidia-tesla-v100"] },
  "g2-standard-4": { cpu: 4, memoryGiB: 16, gpu: { type: "nvidia-l4", count: 1 } },
  "g2-standard-8": { cpu: 8, memoryGiB: 32, gpu: { type: "nvidia-l4", count: 1 } },
  "g2-standard-16": { cpu: 16, memoryGiB: 64, gpu: { type: "nvidia-l4", count: 1 } },
  "a2-highgpu-1g": { cpu: 12, memoryGiB: 85, gpu: { type: "nvidia-tesla-a100", count: 1 } },
};

const aws: Record<string, MachineType> = {
  "t3.large": { cpu: 2, memoryGiB: 8 },
  "t3.xlarge": { cpu: 4, memoryGiB: 16 },
  "m6i.large": { cpu: 2, memoryGiB: 8 },
  "m6i.xlarge": { cpu: 4, memoryGiB: 16 },
  "m6i.2xlarge": { cpu: 8, memoryGiB: 32 },
  "m6i.4xlarge": { cpu: 16, memoryGiB: 64 },
  "r6i.large": { cpu: 2, memoryGiB: 16 },
  "r6i.xlarge": { cpu: 4, memoryGiB: 32 },
  "r6i.2xlarge": { cpu: 8, memoryGiB: 64 },
  "r6i.4xlarge": { cpu: 16, memoryGiB: 128 },
  "r6i.8xlarge": { cpu: 32, memoryGiB: 256 },
  "g4dn.xlarge": { cpu: 4, memoryGiB: 16, gpu: { type: "nvidia-t4", count: 1 } },
  "g4dn.2xlarge": { cpu: 8, memoryGiB: 32, gpu: { type: "nvidia-t4", count: 1 } },
  "g4dn.4xlarge": { cpu: 16, memoryGiB: 64, gpu: { type: "nvidia-t4", count: 1 } },
  "g5.xlarge": { cpu: 4, memoryGiB: 16, gpu: { type: "nvidia-a10g", count: 1 } },
  "g5.2xlarge": { cpu: 8, memoryGiB: 32, gpu: { type: "nvidia-a10g", count: 1 } },
  "p3.2xlarge": { cpu: 8, memoryGiB: 61, gpu: { type: "nvidia-v100", count: 1 } },
};

const azure: Record<string, MachineType> = {
  Standard_D2s_v5: { cpu: 2, memoryGiB: 8 },
  Standard_D4s_v5: { cpu: 4, memoryGiB: 16 },
  Standard_D8s_v5: { cpu: 8, memoryGiB: 32 },
  Standard_D16s_v5: { cpu: 16, memoryGiB: 64 },
  Standard_E4s_v5: { cpu: 4, memoryGiB: 32 },
  Standard_E8s_v5: { cpu: 8, memoryGiB: 64 },
  Standard_E16s_v5: { cpu: 16, memoryGiB: 128 },
  Standard_NC4as_T4_v3: { cpu: 4, memoryGiB: 28, gpu: { type: "nvidia-t4", count: 1 } },
  Standard_NC8as_T4_v3: { cpu: 8, memoryGiB: 56, gpu: { type: "nvidia-t4", count: 1 } },
  Standard_NC16as_T4_v3: { cpu: 16, memoryGiB: 110, gpu: { type: "nvidia-t4", count: 1 } },
  Standard_NC24ads_A100_v4: { cpu: 24, memoryGiB: 220, gpu: { type: "nvidia-a100", count: 1 } },
};

export const MACHINE_TYPES: Record<Exclude<Cloud, "local">, Record<string, MachineType>> = {
  gcp,
  aws,
  azure,
};

/** GPU accelerators per cloud and the regions that offer them. */
export const GPU_REGIONS: Record<Exclude<Cloud, "local">, Record<string, string[]>> = {
  gcp: {
    "nvidia-tesla-t4": [
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west1",
      "europe-west1",
      "europe-west4",
      "asia-east1",
    ],
    "nvidia-tesla-v100": ["us-central1", "us-west1", "europe-west4", "asia-east1"],
    "nvidia-l4": [
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west1",
      "europe-west1",
      "europe-west4",
      "asia-east1",
    ],
    "nvidia-tesla-a100": ["us-central1", "us-east1", "us-west1", "europe-west4", "asia-northeast1"],
  },
  aws: {
    "nvidia-t4": [
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-2",
      "ca-central-1",
    ],
    "nvidia-a10g": ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ca-central-1"],
    "nvidia-v100": ["us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1"],
  },
  azure: {
    "nvidia-t4": ["eastus", "eastus2", "westus2", "southcentralus", "westeurope", "northeurope", "uksouth"],
    "nvidia-a100": ["eastus", "eastus2", "westus2", "southcentralus", "westeurope"],
  },
};

export function lookupMachineType(cloud: Cloud, machineType: string): MachineType | undefined {
  if (cloud === "local") return undefined;
  return Object.hasOwn(MACHINE_TYPES[cloud], machineType) ? MACHINE_TYPES[cloud][machineType] : undefined;
}

/**
 * What a node keeps for the kubelet, the system and the platform's daemonsets,
 * following the reservation formula GKE publishes (AKS and EKS reserve
 * similar amounts), plus a fixed allowance for the daemonsets every hubnet
 * node runs (network policy agent, monitoring exporters, log shipping).
 */
export const DAEMONSET_RESERVE = { cpu: 0.2, memoryGiB: 0.5 };

export function allocatable(machine: { cpu: number; memoryGiB: number }): { cpu: number; memoryGiB: number } {
  const cpuReserved =
    0.06 * Math.min(machine.cpu, 1) +
    0.01 * clamp(machine.cpu - 1, 0, 1) +
    0.005 * clamp(machine.cpu - 2, 0, 2) +
    0.0025 * Math.max(machine.cpu - 4, 0);
  const m = machine.memoryGiB;
  const memReserved =
    0.25 * Math.min(m, 4) +
    0.2 * clamp(m - 4, 0, 4) +
    0.1 * clamp(m - 8, 0, 8) +
    0.06 * clamp(m - 16, 0, 112) +
    0.02 * Math.max(m - 128, 0) +
    0.1; // hard eviction threshold (100Mi)
  return {
    cpu: round(machine.cpu - cpuReserved - DAEMONSET_RESERVE.cpu),
    memoryGiB: round(m - memReserved - DAEMONSET_RESERVE.memoryGiB),
  };
}

function clamp(v: number, lo: number, hi: number) {
  return Math.min(Math.max(v, lo), hi);
}
function round(v: number) {
  return Math.floor(v * 1000) / 1000;
}
