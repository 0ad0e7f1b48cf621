/**
 * Azure VM sizes AKS node pools may use: every current x86 general-purpose (Dv5, Dv6),
 * memory-optimised (Ev5, Ev6), compute-optimised (Fsv2, Fv6) and NVIDIA GPU (NCasT4_v3,
 * NC A100 v4, NVadsA10 v5, NC H100 v5, ND H100 v5) series, at every size with whole GPUs.
 *
 * A size is `Standard_<series letter><vCPUs><features>_<version>`, the features (`a` AMD, `d` local
 * disk, `l` low memory, `s` premium storage) sharing the series' GiB-per-vCPU ratio. Sources, per
 * series below: https://learn.microsoft.com/azure/virtual-machines/sizes/overview and each series'
 * page under .../sizes/general-purpose/, .../memory-optimized/, .../compute-optimized/ and
 * .../gpu-accelerated/.
 */
import { type Family, type GpuOffer, type MachineType, tableOf } from "./types";

const DOCS = "https://learn.microsoft.com/azure/virtual-machines/sizes";

/** `Standard_<letter><n><features>_<version>` for every n and feature set, `ratio` GiB per vCPU. */
function series(
  kind: Family["kind"],
  letter: string,
  featureSets: string[],
  version: string,
  ratio: number,
  vcpus: number[],
  page: string,
  memoryOverride: Record<number, number> = {},
): Family {
  const types: Record<string, MachineType> = {};
  for (const features of featureSets) {
    for (const n of vcpus) {
      types[`Standard_${letter}${n}${features}_${version}`] = {
        cpu: n,
        memoryGiB: memoryOverride[n] ?? n * ratio,
      };
    }
  }
  return { kind, source: `${DOCS}/${page}`, types };
}

function gpus(rows: [string, number, number, number][], page: string, gpuType: string): Family {
  const types: Record<string, MachineType> = {};
  for (const [name, cpu, memoryGiB, count] of rows)
    types[name] = { cpu, memoryGiB, gpu: { type: gpuType, count } };
  return { kind: "gpu", source: `${DOCS}/${page}`, types };
}

const DV5 = [2, 4, 8, 16, 32, 48, 64, 96];
const DV6 = [2, 4, 8, 16, 32, 48, 64, 96, 128];
const EV5 = [2, 4, 8, 16, 20, 32, 48, 64, 96];
const EV6 = [2, 4, 8, 16, 20, 32, 48, 64];
const F = [2, 4, 8, 16, 32, 48, 64];

export const AZURE_FAMILIES: Family[] = [
  // General purpose: 4 GiB per vCPU; l (low memory) 2 GiB.
  series("general", "D", ["s", "ds", "", "d"], "v5", 4, DV5, "general-purpose/dv5-series"),
  series("general", "D", ["as", "ads"], "v5", 4, DV5, "general-purpose/dasv5-series"),
  series("general", "D", ["ls", "lds"], "v5", 2, DV5, "general-purpose/dlsv5-series"),
  series("general", "D", ["s", "ds"], "v6", 4, [...DV6, 192], "general-purpose/dsv6-series"),
  series("general", "D", ["ls", "lds"], "v6", 2, DV6, "general-purpose/dlsv6-series"),
  series("general", "D", ["as", "ads"], "v6", 4, DV5, "general-purpose/dasv6-series"),
  series("general", "D", ["als", "alds"], "v6", 2, DV5, "general-purpose/dalsv6-series"),
  // Memory optimised: 8 GiB per vCPU (the 96-vCPU v5 sizes have 672 GiB).
  series("memory", "E", ["s", "ds", "", "d"], "v5", 8, EV5, "memory-optimized/ev5-series", { 96: 672 }),
  series("memory", "E", ["as", "ads"], "v5", 8, EV5, "memory-optimized/easv5-series", { 96: 672 }),
  series("memory", "E", ["s", "ds"], "v6", 8, EV6, "memory-optimized/esv6-series"),
  series("memory", "E", ["as", "ads"], "v6", 8, EV6, "memory-optimized/easv6-series"),
  // Compute optimised: Fsv2 2 GiB per vCPU; Fasv6 4, Falsv6 2, Famsv6 8.
  series("compute", "F", ["s"], "v2", 2, [...F, 72], "compute-optimized/fsv2-series"),
  series("compute", "F", ["as"], "v6", 4, F, "compute-optimized/fasv6-series"),
  series("compute", "F", ["als"], "v6", 2, F, "compute-optimized/falsv6-series"),
  series("compute", "F", ["ams"], "v6", 8, F, "compute-optimized/famsv6-series"),
  // NVIDIA GPUs, whole GPUs only (fractional NVadsA10 sizes cannot be requested through the device plugin).
  gpus(
    [
      ["Standard_NC4as_T4_v3", 4, 28, 1],
      ["Standard_NC8as_T4_v3", 8, 56, 1],
      ["Standard_NC16as_T4_v3", 16, 110, 1],
      ["Standard_NC64as_T4_v3", 64, 440, 4],
    ],
    "gpu-accelerated/ncast4v3-series",
    "nvidia-t4",
  ),
  gpus(
    [
      ["Standard_NC24ads_A100_v4", 24, 220, 1],
      ["Standard_NC48ads_A100_v4", 48, 440, 2],
      ["Standard_NC96ads_A100_v4", 96, 880, 4],
    ],
    "gpu-accelerated/nca100v4-series",
    "nvidia-a100",
  ),
  gpus(
    [
      ["Standard_NV36ads_A10_v5", 36, 440, 1],
      ["Standard_NV72ads_A10_v5", 72, 880, 2],
    ],
    "gpu-accelerated/nvadsa10v5-series",
    "nvidia-a10",
  ),
  gpus(
    [
      ["Standard_NC40ads_H100_v5", 40, 320, 1],
      ["Standard_NC80adis_H100_v5", 80, 640, 2],
      ["Standard_ND96isr_H100_v5", 96, 1900, 8],
    ],
    "gpu-accelerated/ncadsh100v5-series",
    "nvidia-h100",
  ),
];

export const AZURE_MACHINE_TYPES: Record<string, MachineType> = tableOf(AZURE_FAMILIES);

/**
 * NVIDIA GPUs on Azure and the regions known to offer them (https://azure.microsoft.com/explore/global-infrastructure/products-by-region/).
 * GPUs without a region list are not checked offline.
 */
export const AZURE_GPUS: Record<string, GpuOffer> = {
  "nvidia-t4": {
    regions: ["eastus", "eastus2", "westus2", "southcentralus", "westeurope", "northeurope", "uksouth"],
  },
  "nvidia-a100": { regions: ["eastus", "eastus2", "westus2", "southcentralus", "westeurope"] },
  "nvidia-a10": {},
  "nvidia-h100": {},
};
