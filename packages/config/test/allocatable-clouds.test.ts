/** Each cloud's published reservation formula, against the published examples, and the generated tables. */
import { describe, expect, it } from "vitest";
import {
  AKS_MAX_PODS,
  AWS_FAMILIES,
  AZURE_FAMILIES,
  aksCpuReserve,
  aksMemoryReserve,
  allocatable,
  EVICTION_HARD_GIB,
  eksMaxPods,
  eksMemoryReserve,
  GCP_FAMILIES,
  gkeMemoryReserve,
  kubeletAllocatable,
  lookupMachineType,
  tieredCpuReserve,
} from "../src";

const MIB = 1 / 1024;

describe("reservations by each cloud's published formula", () => {
  it("GKE: the documented memory tiers (150 GiB reserves 9.8577 GiB with eviction), CPU tiers", () => {
    // 25% of 4 + 20% of 4 + 10% of 8 + 6% of 112 + 2% of 22 = 9.76 GiB, + 100 MiB eviction.
    expect(gkeMemoryReserve(150) + EVICTION_HARD_GIB).toBeCloseTo(9.8577, 4);
    expect(kubeletAllocatable("gcp", { cpu: 4, memoryGiB: 150 }).memoryGiB).toBeCloseTo(140.1423, 4);
    expect(gkeMemoryReserve(0.6)).toBeCloseTo(255 * MIB, 6);
    // 6% of the first core, 1% of the second, 0.5% of the next two: 80m on 4 cores (e2-standard-4: 3920m).
    expect(tieredCpuReserve(4)).toBeCloseTo(0.08, 6);
    expect(kubeletAllocatable("gcp", { cpu: 4, memoryGiB: 16 }).cpu).toBeCloseTo(3.92, 6);
    expect(tieredCpuReserve(64)).toBeCloseTo(0.08 + 60 * 0.0025, 6);
  });

  it("EKS: 11 MiB per max pod + 255 MiB, max pods from the ENIs (m5.large: 29 pods, 574Mi)", () => {
    expect(eksMaxPods(3, 10)).toBe(29);
    expect(lookupMachineType("aws", "m5.large")?.maxPods).toBe(29);
    expect(eksMemoryReserve(29) / MIB).toBeCloseTo(574, 6);
    // nodeadm's CPU: 600, 100, 50 and 25 basis points of the ranges 0-1, 1-2, 2-4 and above 4 cores.
    expect(tieredCpuReserve(2)).toBeCloseTo(0.07, 6);
    const g4 = lookupMachineType("aws", "g4dn.xlarge")!;
    expect(kubeletAllocatable("aws", g4).memoryGiB).toBeCloseTo(16 - 574 * MIB - EVICTION_HARD_GIB, 6);
    // Eighth-generation sizes have more addresses per interface: more pods, a larger reservation.
    expect(lookupMachineType("aws", "r8i-flex.large")?.maxPods).toBe(59);
  });

  it("AKS: the published table of CPU and the examples of memory (8 GB and 30 pods reserve 650 MB)", () => {
    const table: [number, number][] = [
      [1, 60],
      [2, 100],
      [4, 140],
      [8, 180],
      [16, 260],
      [32, 420],
      [64, 740],
    ];
    for (const [cores, milli] of table) expect(aksCpuReserve(cores) * 1000).toBeCloseTo(milli, 6);
    // 20 MB × 30 pods + 50 MB = 650 MB (AKS's MB are the kubelet's Mi).
    expect(aksMemoryReserve(8, 30) * 1024).toBeCloseTo(650, 6);
    // 4 GB and 70 pods: 25% (1000 MB) is less than 20 × 70 + 50 = 1450 MB.
    expect(aksMemoryReserve(4, 70)).toBeCloseTo(1, 6);
    // hubnet's AKS pools keep Azure CNI Overlay's 250 pods: 5050 MB unless 25% is less.
    expect(aksMemoryReserve(32) * 1024).toBeCloseTo(20 * AKS_MAX_PODS + 50, 6);
  });

  it("leaves hubnet's daemonsets their allowance on every cloud", () => {
    for (const cloud of ["gcp", "aws", "azure"] as const) {
      const k = kubeletAllocatable(cloud, { cpu: 8, memoryGiB: 32, maxPods: 58 });
      const a = allocatable(cloud, { cpu: 8, memoryGiB: 32, maxPods: 58 });
      expect(k.cpu - a.cpu).toBeGreaterThanOrEqual(0.2 - 1e-9);
      expect(k.memoryGiB - a.memoryGiB).toBeGreaterThanOrEqual(0.5 - 1e-9);
    }
  });
});

describe("machine types generated per family", () => {
  const all = [
    ["aws", AWS_FAMILIES],
    ["gcp", GCP_FAMILIES],
    ["azure", AZURE_FAMILIES],
  ] as const;

  it("knows the types real hubs use that the hand-kept tables refused", () => {
    for (const [cloud, type] of [
      ["aws", "r5.xlarge"],
      ["aws", "r5.4xlarge"],
      ["aws", "r8i-flex.large"],
      ["aws", "r8i-flex.16xlarge"],
      ["gcp", "n2-highmem-64"],
      ["gcp", "n2-standard-64"],
    ] as const)
      expect(lookupMachineType(cloud, type), `${cloud} ${type}`).toBeDefined();
  });

  it("has each family's sizes as the clouds list them", () => {
    expect(lookupMachineType("gcp", "n1-standard-8")).toMatchObject({ cpu: 8, memoryGiB: 30 });
    expect(lookupMachineType("gcp", "n2-highmem-128")).toMatchObject({ cpu: 128, memoryGiB: 864 });
    expect(lookupMachineType("gcp", "c4-highmem-8")).toMatchObject({ cpu: 8, memoryGiB: 62 });
    expect(lookupMachineType("gcp", "a3-highgpu-8g")).toMatchObject({
      cpu: 208,
      gpu: { type: "nvidia-h100-80gb", count: 8 },
    });
    expect(lookupMachineType("aws", "c5n.9xlarge")).toMatchObject({ cpu: 36, memoryGiB: 96 });
    expect(lookupMachineType("aws", "x2iedn.xlarge")).toMatchObject({ cpu: 4, memoryGiB: 128 });
    expect(lookupMachineType("aws", "g6e.xlarge")).toMatchObject({
      memoryGiB: 32,
      gpu: { type: "nvidia-l40s", count: 1 },
    });
    expect(lookupMachineType("aws", "g5.12xlarge")?.gpu).toEqual({ type: "nvidia-a10g", count: 4 });
    expect(lookupMachineType("azure", "Standard_E96s_v5")).toMatchObject({ cpu: 96, memoryGiB: 672 });
    expect(lookupMachineType("azure", "Standard_E16s_v5")).toMatchObject({ cpu: 16, memoryGiB: 128 });
    expect(lookupMachineType("azure", "Standard_F72s_v2")).toMatchObject({ cpu: 72, memoryGiB: 144 });
    expect(lookupMachineType("azure", "Standard_NC64as_T4_v3")?.gpu).toEqual({ type: "nvidia-t4", count: 4 });
  });

  it("covers general-purpose, memory-optimised, compute-optimised and GPU families on every cloud, each with its source", () => {
    for (const [cloud, families] of all) {
      expect(new Set(families.map((f) => f.kind)), cloud).toEqual(
        new Set(["general", "memory", "compute", "gpu"]),
      );
      for (const f of families) {
        expect(f.source, cloud).toMatch(
          /^https:\/\/(docs\.aws\.amazon\.com|cloud\.google\.com|learn\.microsoft\.com)\//,
        );
        for (const [name, mt] of Object.entries(f.types)) {
          expect(mt.cpu, name).toBeGreaterThan(0);
          expect(mt.memoryGiB, name).toBeGreaterThan(0);
          expect(f.kind === "gpu", name).toBe(Boolean(mt.gpu));
          if (cloud === "aws") expect(mt.maxPods, name).toBeGreaterThanOrEqual(8);
        }
      }
    }
  });

  it("keeps each family's memory ratio across its sizes", () => {
    const ratios = (prefix: RegExp, cloud: "aws" | "gcp" | "azure") => {
      const families = { aws: AWS_FAMILIES, gcp: GCP_FAMILIES, azure: AZURE_FAMILIES }[cloud];
      return new Set(
        families.flatMap((f) =>
          Object.entries(f.types)
            .filter(([n]) => prefix.test(n))
            .map(([, m]) => m.memoryGiB / m.cpu),
        ),
      );
    };
    expect(ratios(/^r5\./, "aws")).toEqual(new Set([8]));
    expect(ratios(/^m7i\./, "aws")).toEqual(new Set([4]));
    expect(ratios(/^c6a\./, "aws")).toEqual(new Set([2]));
    expect(ratios(/^n2-highmem-(?!128)/, "gcp")).toEqual(new Set([8]));
    expect(ratios(/^n1-standard-/, "gcp")).toEqual(new Set([3.75]));
    expect(ratios(/^Standard_D\d+s_v5$/, "azure")).toEqual(new Set([4]));
  });
});
