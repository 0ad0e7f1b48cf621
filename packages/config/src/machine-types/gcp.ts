/**
 * Compute Engine machine types GKE node pools may use: every current x86 general-purpose,
 * memory-optimised, compute-optimised and NVIDIA GPU series, at every predefined size. Shared-core,
 * Arm (Tau T2A, C4A, N4A) and custom types are left out.
 *
 * A predefined type is `<series>-<shape>-<vCPUs>`; its memory is the shape's GB-per-vCPU ratio in that
 * series (Compute Engine's GB are GiB). Sources, per series below: the machine family pages
 * https://cloud.google.com/compute/docs/general-purpose-machines,
 * .../compute-optimized-machines, .../memory-optimized-machines and .../accelerator-optimized-machines,
 * and https://cloud.google.com/compute/docs/gpus (GPUs that attach to N1).
 */
import { type Family, type GpuOffer, type MachineType, tableOf } from "./types";

const DOCS = "https://cloud.google.com/compute/docs";

/** `<series>-<shape>-<n>` for each n, with `ratio` GiB per vCPU. */
function series(
  kind: Family["kind"],
  prefix: string,
  ratio: number,
  vcpus: number[],
  page: string,
  extra: Partial<MachineType> = {},
): Family {
  const types: Record<string, MachineType> = {};
  for (const n of vcpus) types[`${prefix}-${n}`] = { cpu: n, memoryGiB: round(n * ratio), ...extra };
  return { kind, source: `${DOCS}/${page}`, types };
}

/** A series listed size by size: [name, vCPUs, memory GiB, GPUs]. */
function listed(
  kind: Family["kind"],
  rows: [string, number, number, number?][],
  page: string,
  gpuType?: string,
): Family {
  const types: Record<string, MachineType> = {};
  for (const [name, cpu, memoryGiB, gpus] of rows) {
    types[name] = { cpu, memoryGiB, ...(gpuType && gpus ? { gpu: { type: gpuType, count: gpus } } : {}) };
  }
  return { kind, source: `${DOCS}/${page}`, types };
}

function round(v: number) {
  return Math.round(v * 100) / 100;
}

const GP = "general-purpose-machines";
const CO = "compute-optimized-machines";
const MO = "memory-optimized-machines";
const AO = "accelerator-optimized-machines";

/** GPUs that attach to N1 machine types (https://cloud.google.com/compute/docs/gpus). */
const N1_GPUS = {
  attachableGpus: ["nvidia-tesla-t4", "nvidia-tesla-v100", "nvidia-tesla-p4", "nvidia-tesla-p100"],
};

const N1 = [1, 2, 4, 8, 16, 32, 64, 96];
const N2 = [2, 4, 8, 16, 32, 48, 64, 80, 96];
const N2D = [2, 4, 8, 16, 32, 48, 64, 80, 96];
const N4 = [2, 4, 8, 16, 32, 48, 64, 80];
const C2D = [2, 4, 8, 16, 32, 56, 112];
const C3 = [4, 8, 22, 44, 88, 176];
const C3D = [4, 8, 16, 30, 60, 90, 180, 360];
const C4 = [2, 4, 8, 16, 24, 32, 48, 96, 144, 192, 288];

export const GCP_FAMILIES: Family[] = [
  // E2: cost-optimised general purpose.
  series("general", "e2-standard", 4, [2, 4, 8, 16, 32], GP),
  series("memory", "e2-highmem", 8, [2, 4, 8, 16], GP),
  series("compute", "e2-highcpu", 1, [2, 4, 8, 16, 32], GP),
  // N1: the series GPUs (T4, V100, P4, P100) attach to.
  series("general", "n1-standard", 3.75, N1, GP, N1_GPUS),
  series("memory", "n1-highmem", 6.5, N1.slice(1), GP, N1_GPUS),
  series("compute", "n1-highcpu", 0.9, N1.slice(1), GP, N1_GPUS),
  // N2, N2D, N4.
  series("general", "n2-standard", 4, [...N2, 128], GP),
  series("memory", "n2-highmem", 8, N2, GP),
  listed("memory", [["n2-highmem-128", 128, 864]], GP),
  series("compute", "n2-highcpu", 1, N2, GP),
  series("general", "n2d-standard", 4, [...N2D, 128, 224], GP),
  series("memory", "n2d-highmem", 8, N2D, GP),
  series("compute", "n2d-highcpu", 1, [...N2D, 128, 224], GP),
  series("general", "n4-standard", 4, N4, GP),
  series("memory", "n4-highmem", 8, N4, GP),
  series("compute", "n4-highcpu", 2, N4, GP),
  // Tau T2D (x86, one thread per core).
  series("general", "t2d-standard", 4, [1, 2, 4, 8, 16, 32, 48, 60], GP),
  // Compute optimised: C2, C2D, C3, C3D, C4.
  series("compute", "c2-standard", 4, [4, 8, 16, 30, 60], CO),
  series("compute", "c2d-standard", 4, C2D, CO),
  series("memory", "c2d-highmem", 8, C2D, CO),
  series("compute", "c2d-highcpu", 2, C2D, CO),
  series("general", "c3-standard", 4, C3, GP),
  series("memory", "c3-highmem", 8, C3, GP),
  series("compute", "c3-highcpu", 2, C3, GP),
  series("general", "c3d-standard", 4, C3D, GP),
  series("memory", "c3d-highmem", 8, C3D, GP),
  series("compute", "c3d-highcpu", 2, C3D, GP),
  series("general", "c4-standard", 3.75, C4, GP),
  series("memory", "c4-highmem", 7.75, C4, GP),
  series("compute", "c4-highcpu", 2, C4, GP),
  // Memory optimised: M1, M3.
  listed(
    "memory",
    [
      ["m1-ultramem-40", 40, 961],
      ["m1-ultramem-80", 80, 1922],
      ["m1-ultramem-160", 160, 3844],
      ["m1-megamem-96", 96, 1433.6],
      ["m3-ultramem-32", 32, 976],
      ["m3-ultramem-64", 64, 1952],
      ["m3-ultramem-128", 128, 3904],
      ["m3-megamem-64", 64, 976],
      ["m3-megamem-128", 128, 1952],
    ],
    MO,
  ),
  // Accelerator optimised: G2 (L4), A2 (A100 40GB and 80GB), A3 (H100, H200).
  listed(
    "gpu",
    [
      ["g2-standard-4", 4, 16, 1],
      ["g2-standard-8", 8, 32, 1],
      ["g2-standard-12", 12, 48, 1],
      ["g2-standard-16", 16, 64, 1],
      ["g2-standard-24", 24, 96, 2],
      ["g2-standard-32", 32, 128, 1],
      ["g2-standard-48", 48, 192, 4],
      ["g2-standard-96", 96, 384, 8],
    ],
    AO,
    "nvidia-l4",
  ),
  listed(
    "gpu",
    [
      ["a2-highgpu-1g", 12, 85, 1],
      ["a2-highgpu-2g", 24, 170, 2],
      ["a2-highgpu-4g", 48, 340, 4],
      ["a2-highgpu-8g", 96, 680, 8],
    ],
    AO,
    "nvidia-tesla-a100",
  ),
  listed(
    "gpu",
    [
      ["a2-ultragpu-1g", 12, 170, 1],
      ["a2-ultragpu-2g", 24, 340, 2],
      ["a2-ultragpu-4g", 48, 680, 4],
      ["a2-ultragpu-8g", 96, 1360, 8],
    ],
    AO,
    "nvidia-a100-80gb",
  ),
  listed(
    "gpu",
    [
      ["a3-highgpu-1g", 26, 234, 1],
      ["a3-highgpu-2g", 52, 468, 2],
      ["a3-highgpu-4g", 104, 936, 4],
      ["a3-highgpu-8g", 208, 1872, 8],
    ],
    AO,
    "nvidia-h100-80gb",
  ),
  listed("gpu", [["a3-megagpu-8g", 208, 1872, 8]], AO, "nvidia-h100-mega-80gb"),
  listed("gpu", [["a3-ultragpu-8g", 224, 2952, 8]], AO, "nvidia-h200-141gb"),
];

export const GCP_MACHINE_TYPES: Record<string, MachineType> = tableOf(GCP_FAMILIES);

/**
 * GKE accelerator types and the regions known to offer them (https://cloud.google.com/compute/docs/gpus/gpu-regions-zones).
 * GPUs without a region list are not checked offline.
 */
export const GCP_GPUS: Record<string, GpuOffer> = {
  "nvidia-tesla-t4": {
    regions: [
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west1",
      "europe-west1",
      "europe-west4",
      "asia-east1",
    ],
  },
  "nvidia-tesla-v100": { regions: ["us-central1", "us-west1", "europe-west4", "asia-east1"] },
  "nvidia-tesla-p4": {},
  "nvidia-tesla-p100": {},
  "nvidia-l4": {
    regions: [
      "us-central1",
      "us-east1",
      "us-east4",
      "us-west1",
      "europe-west1",
      "europe-west4",
      "asia-east1",
    ],
  },
  "nvidia-tesla-a100": {
    regions: ["us-central1", "us-east1", "us-west1", "europe-west4", "asia-northeast1"],
  },
  "nvidia-a100-80gb": {},
  "nvidia-h100-80gb": {},
  "nvidia-h100-mega-80gb": {},
  "nvidia-h200-141gb": {},
};
