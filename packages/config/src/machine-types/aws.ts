/**
 * EC2 instance types EKS node groups may use: every current x86_64 general-purpose, memory-optimised,
 * compute-optimised and NVIDIA GPU family, at every size (metal sizes and Graviton families are left out:
 * hubnet's node groups run the x86_64 AL2023 AMIs, and metal sizes are not what user pools need).
 *
 * Sizes follow EC2's ladder (`large` = 2 vCPUs, `xlarge` = 4, `Nxlarge` = 4N); memory is the family's
 * GiB-per-vCPU ratio. Pods per node follow the VPC CNI's formula, ENIs × (IPv4 addresses per ENI − 1) + 2,
 * with each family's network ladder. Sources, per family below: the EC2 instance type pages
 * https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose), co.html (compute
 * optimised), mo.html (memory optimised) and ac.html (accelerated computing), whose "Network
 * specifications" tables give the ENIs and IPv4 addresses per ENI.
 */
import { type Family, type GpuOffer, type MachineType, tableOf } from "./types";

/** vCPUs of each size name. */
const SIZE_VCPUS: Record<string, number> = {
  medium: 1,
  large: 2,
  xlarge: 4,
  "2xlarge": 8,
  "3xlarge": 12,
  "4xlarge": 16,
  "6xlarge": 24,
  "8xlarge": 32,
  "9xlarge": 36,
  "12xlarge": 48,
  "16xlarge": 64,
  "18xlarge": 72,
  "24xlarge": 96,
  "32xlarge": 128,
  "48xlarge": 192,
  "96xlarge": 384,
};

/** Network interfaces × IPv4 addresses per interface, by size, of the Nitro generations 5 to 7. */
const NET_GEN5: Record<string, [number, number]> = {
  medium: [2, 4],
  large: [3, 10],
  xlarge: [4, 15],
  "2xlarge": [4, 15],
  "4xlarge": [8, 30],
  "8xlarge": [8, 30],
  "9xlarge": [8, 30],
  "12xlarge": [8, 30],
  "16xlarge": [15, 50],
  "18xlarge": [15, 50],
  "24xlarge": [15, 50],
  "32xlarge": [15, 50],
  "48xlarge": [15, 50],
};
/** The 8th-generation Intel families (m8i, r8i, c8i and their flex sizes). */
const NET_GEN8I: Record<string, [number, number]> = {
  large: [3, 20],
  xlarge: [4, 30],
  "2xlarge": [4, 30],
  "4xlarge": [8, 50],
  "8xlarge": [10, 50],
  "12xlarge": [12, 50],
  "16xlarge": [16, 64],
  "24xlarge": [16, 64],
  "32xlarge": [24, 64],
  "48xlarge": [24, 64],
  "96xlarge": [24, 64],
};
/** The 8th-generation AMD families (m8a, r8a, c8a). */
const NET_GEN8A: Record<string, [number, number]> = {
  medium: [2, 4],
  large: [3, 20],
  xlarge: [4, 20],
  "2xlarge": [4, 40],
  "4xlarge": [8, 40],
  "8xlarge": [10, 40],
  "12xlarge": [12, 64],
  "16xlarge": [16, 64],
  "24xlarge": [16, 64],
  "48xlarge": [24, 64],
};

export function eksMaxPods(enis: number, ipsPerEni: number): number {
  return enis * (ipsPerEni - 1) + 2;
}

const UP_TO_24 = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"];
const UP_TO_32 = [...UP_TO_24, "32xlarge"];
const UP_TO_48 = [...UP_TO_32, "48xlarge"];
const GEN7I = [...UP_TO_24, "48xlarge"];
const FLEX = ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"];
const GEN8I = [...UP_TO_48, "96xlarge"];
const GEN8A = ["medium", ...UP_TO_24, "48xlarge"];

/** A family whose sizes all have `ratio` GiB of memory per vCPU. */
function family(
  kind: Family["kind"],
  name: string,
  ratio: number,
  sizes: string[],
  net: Record<string, [number, number]>,
  source: string,
): Family {
  const types: Record<string, MachineType> = {};
  for (const size of sizes) {
    const cpu = SIZE_VCPUS[size];
    const n = net[size];
    if (cpu === undefined || n === undefined) throw new Error(`no ladder entry for ${name}.${size}`);
    types[`${name}.${size}`] = { cpu, memoryGiB: cpu * ratio, maxPods: eksMaxPods(...n) };
  }
  return { kind, source, types };
}

const DOCS = "https://docs.aws.amazon.com/ec2/latest/instancetypes";
const gp = (name: string, ratio: number, sizes: string[], net = NET_GEN5) =>
  family("general", name, ratio, sizes, net, `${DOCS}/gp.html`);
const mo = (name: string, ratio: number, sizes: string[], net = NET_GEN5) =>
  family("memory", name, ratio, sizes, net, `${DOCS}/mo.html`);
const co = (name: string, ratio: number, sizes: string[], net = NET_GEN5) =>
  family("compute", name, ratio, sizes, net, `${DOCS}/co.html`);

/** A family listed size by size: [size, vCPUs, memory GiB, ENIs, IPv4 per ENI, GPUs]. */
function listed(
  kind: Family["kind"],
  name: string,
  rows: [string, number, number, number, number, number?][],
  source: string,
  gpuType?: string,
): Family {
  const types: Record<string, MachineType> = {};
  for (const [size, cpu, memoryGiB, enis, ips, gpus] of rows) {
    types[`${name}.${size}`] = {
      cpu,
      memoryGiB,
      maxPods: eksMaxPods(enis, ips),
      ...(gpuType && gpus ? { gpu: { type: gpuType, count: gpus } } : {}),
    };
  }
  return { kind, source, types };
}

const GPU_DOCS = `${DOCS}/ac.html`;

export const AWS_FAMILIES: Family[] = [
  // Burstable general purpose: 2 vCPUs up to large, memory doubling with each size.
  listed(
    "general",
    "t3",
    [
      ["medium", 2, 4, 3, 6],
      ["large", 2, 8, 3, 12],
      ["xlarge", 4, 16, 4, 15],
      ["2xlarge", 8, 32, 4, 15],
    ],
    `${DOCS}/gp.html`,
  ),
  listed(
    "general",
    "t3a",
    [
      ["medium", 2, 4, 3, 6],
      ["large", 2, 8, 3, 12],
      ["xlarge", 4, 16, 4, 15],
      ["2xlarge", 8, 32, 4, 15],
    ],
    `${DOCS}/gp.html`,
  ),
  // General purpose: 4 GiB per vCPU.
  gp("m5", 4, UP_TO_24),
  gp("m5a", 4, UP_TO_24),
  gp("m5n", 4, UP_TO_24),
  gp("m6i", 4, UP_TO_32),
  gp("m6a", 4, UP_TO_48),
  gp("m7i", 4, GEN7I),
  gp("m7i-flex", 4, FLEX),
  gp("m7a", 4, ["medium", ...UP_TO_48]),
  gp("m8i", 4, GEN8I, NET_GEN8I),
  gp("m8i-flex", 4, FLEX, NET_GEN8I),
  gp("m8a", 4, GEN8A, NET_GEN8A),
  // Memory optimised: 8 GiB per vCPU (x2idn 16, x2iedn 32).
  mo("r5", 8, UP_TO_24),
  mo("r5a", 8, UP_TO_24),
  mo("r5b", 8, UP_TO_24),
  mo("r5n", 8, UP_TO_24),
  mo("r6i", 8, UP_TO_32),
  mo("r6a", 8, UP_TO_48),
  mo("r7i", 8, GEN7I),
  mo("r7iz", 8, ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "32xlarge"]),
  mo("r7a", 8, ["medium", ...UP_TO_48]),
  mo("r8i", 8, GEN8I, NET_GEN8I),
  mo("r8i-flex", 8, FLEX, NET_GEN8I),
  mo("r8a", 8, GEN8A, NET_GEN8A),
  mo("x2idn", 16, ["16xlarge", "24xlarge", "32xlarge"]),
  mo("x2iedn", 32, ["xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge", "24xlarge", "32xlarge"]),
  listed(
    "memory",
    "z1d",
    [
      ["large", 2, 16, 3, 10],
      ["xlarge", 4, 32, 4, 15],
      ["2xlarge", 8, 64, 4, 15],
      ["3xlarge", 12, 96, 8, 30],
      ["6xlarge", 24, 192, 8, 30],
      ["12xlarge", 48, 384, 15, 50],
    ],
    `${DOCS}/mo.html`,
  ),
  // Compute optimised: 2 GiB per vCPU (c5n more).
  co("c5", 2, ["large", "xlarge", "2xlarge", "4xlarge", "9xlarge", "12xlarge", "18xlarge", "24xlarge"]),
  co("c5a", 2, UP_TO_24),
  listed(
    "compute",
    "c5n",
    [
      ["large", 2, 5.25, 3, 10],
      ["xlarge", 4, 10.5, 4, 15],
      ["2xlarge", 8, 21, 4, 15],
      ["4xlarge", 16, 42, 8, 30],
      ["9xlarge", 36, 96, 8, 30],
      ["18xlarge", 72, 192, 15, 50],
    ],
    `${DOCS}/co.html`,
  ),
  co("c6i", 2, UP_TO_32),
  co("c6a", 2, UP_TO_48),
  co("c7i", 2, GEN7I),
  co("c7i-flex", 2, FLEX),
  co("c7a", 2, ["medium", ...UP_TO_48]),
  co("c8i", 2, GEN8I, NET_GEN8I),
  co("c8i-flex", 2, FLEX, NET_GEN8I),
  co("c8a", 2, GEN8A, NET_GEN8A),
  // NVIDIA GPUs: sizes, memory and GPU counts as listed (not a ratio).
  listed(
    "gpu",
    "g4dn",
    [
      ["xlarge", 4, 16, 3, 10, 1],
      ["2xlarge", 8, 32, 3, 10, 1],
      ["4xlarge", 16, 64, 3, 10, 1],
      ["8xlarge", 32, 128, 4, 15, 1],
      ["12xlarge", 48, 192, 8, 30, 4],
      ["16xlarge", 64, 256, 4, 15, 1],
    ],
    GPU_DOCS,
    "nvidia-t4",
  ),
  listed(
    "gpu",
    "g5",
    [
      ["xlarge", 4, 16, 4, 15, 1],
      ["2xlarge", 8, 32, 4, 15, 1],
      ["4xlarge", 16, 64, 8, 30, 1],
      ["8xlarge", 32, 128, 8, 30, 1],
      ["12xlarge", 48, 192, 15, 50, 4],
      ["16xlarge", 64, 256, 8, 30, 1],
      ["24xlarge", 96, 384, 15, 50, 4],
      ["48xlarge", 192, 768, 7, 50, 8],
    ],
    GPU_DOCS,
    "nvidia-a10g",
  ),
  listed(
    "gpu",
    "g6",
    [
      ["xlarge", 4, 16, 4, 15, 1],
      ["2xlarge", 8, 32, 4, 15, 1],
      ["4xlarge", 16, 64, 8, 30, 1],
      ["8xlarge", 32, 128, 8, 30, 1],
      ["12xlarge", 48, 192, 8, 30, 4],
      ["16xlarge", 64, 256, 15, 50, 1],
      ["24xlarge", 96, 384, 15, 50, 4],
      ["48xlarge", 192, 768, 15, 50, 8],
    ],
    GPU_DOCS,
    "nvidia-l4",
  ),
  listed(
    "gpu",
    "gr6",
    [
      ["4xlarge", 16, 128, 8, 30, 1],
      ["8xlarge", 32, 256, 8, 30, 1],
    ],
    GPU_DOCS,
    "nvidia-l4",
  ),
  listed(
    "gpu",
    "g6e",
    [
      ["xlarge", 4, 32, 4, 15, 1],
      ["2xlarge", 8, 64, 4, 15, 1],
      ["4xlarge", 16, 128, 8, 30, 1],
      ["8xlarge", 32, 256, 8, 30, 1],
      ["12xlarge", 48, 384, 10, 30, 4],
      ["16xlarge", 64, 512, 15, 50, 1],
      ["24xlarge", 96, 768, 10, 50, 4],
      ["48xlarge", 192, 1536, 10, 50, 8],
    ],
    GPU_DOCS,
    "nvidia-l40s",
  ),
  listed("gpu", "p3dn", [["24xlarge", 96, 768, 15, 50, 8]], GPU_DOCS, "nvidia-v100"),
  listed("gpu", "p4d", [["24xlarge", 96, 1152, 15, 50, 8]], GPU_DOCS, "nvidia-a100"),
  listed("gpu", "p4de", [["24xlarge", 96, 1152, 15, 50, 8]], GPU_DOCS, "nvidia-a100-80gb"),
  listed(
    "gpu",
    "p5",
    [
      ["4xlarge", 16, 256, 4, 30, 1],
      ["48xlarge", 192, 2048, 2, 50, 8],
    ],
    GPU_DOCS,
    "nvidia-h100",
  ),
  listed("gpu", "p5e", [["48xlarge", 192, 2048, 2, 50, 8]], GPU_DOCS, "nvidia-h200"),
  listed("gpu", "p5en", [["48xlarge", 192, 2048, 4, 50, 8]], GPU_DOCS, "nvidia-h200"),
  listed("gpu", "p6-b200", [["48xlarge", 192, 2048, 4, 50, 8]], GPU_DOCS, "nvidia-b200"),
];

export const AWS_MACHINE_TYPES: Record<string, MachineType> = tableOf(AWS_FAMILIES);

/**
 * NVIDIA GPUs on EC2 and the regions known to offer them (https://aws.amazon.com/ec2/instance-types/,
 * "Regional availability" of each type). GPUs without a region list are not checked offline:
 * `pulumi preview` reports a type a region lacks.
 */
export const AWS_GPUS: Record<string, GpuOffer> = {
  "nvidia-t4": {
    regions: [
      "us-east-1",
      "us-east-2",
      "us-west-2",
      "eu-west-1",
      "eu-central-1",
      "ap-southeast-2",
      "ca-central-1",
    ],
  },
  "nvidia-a10g": {
    regions: ["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ca-central-1"],
  },
  "nvidia-l4": {},
  "nvidia-l40s": {},
  "nvidia-v100": {},
  "nvidia-a100": {},
  "nvidia-a100-80gb": {},
  "nvidia-h100": {},
  "nvidia-h200": {},
  "nvidia-b200": {},
};
