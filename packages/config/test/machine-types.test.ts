import { describe, expect, it } from "vitest";
import { allocatable, DAEMONSET_RESERVE, lookupMachineType, MACHINE_TYPES, type NodeModel } from "../src";

describe("allocatable on GKE", () => {
  // Reserved by the GKE formula, plus the daemonset allowance (0.2 cpu, 0.5Gi), worked by hand:
  // 2 cpu / 8Gi: cpu 2 - (0.06 + 0.01) - 0.2 = 1.73; memory 8 - (1 + 0.8 + 0.1 eviction) - 0.5 = 5.6.
  it.each([
    [
      { cpu: 2, memoryGiB: 8 },
      { cpu: 1.73, memoryGiB: 5.6 },
    ],
    [
      { cpu: 4, memoryGiB: 16 },
      { cpu: 3.72, memoryGiB: 12.8 },
    ],
    [
      { cpu: 4, memoryGiB: 32 },
      { cpu: 3.72, memoryGiB: 27.84 },
    ],
    [
      { cpu: 16, memoryGiB: 128 },
      { cpu: 15.69, memoryGiB: 118.08 },
    ],
    [
      { cpu: 32, memoryGiB: 256 },
      { cpu: 31.65, memoryGiB: 243.52 },
    ],
  ])("%o gives user pods %o", (machine, expected) => {
    const a = allocatable("gcp", machine);
    expect(a.cpu).toBeCloseTo(expected.cpu, 2);
    expect(a.memoryGiB).toBeCloseTo(expected.memoryGiB, 2);
  });

  it("always leaves less than the machine has, by at least the daemonset reserve", () => {
    for (const [cloud, types] of Object.entries(MACHINE_TYPES)) {
      for (const m of Object.values(types)) {
        const a = allocatable(cloud as NodeModel, m);
        expect(a.cpu).toBeLessThanOrEqual(m.cpu - DAEMONSET_RESERVE.cpu);
        expect(a.memoryGiB).toBeLessThanOrEqual(m.memoryGiB - DAEMONSET_RESERVE.memoryGiB);
        expect(a.cpu).toBeGreaterThan(0);
      }
    }
  });

  it("looks up machine types per cloud, and none for local or prototype keys", () => {
    expect(lookupMachineType("gcp", "n2-highmem-4")).toEqual({ cpu: 4, memoryGiB: 32 });
    expect(lookupMachineType("existing", "n2-highmem-4")).toBeUndefined();
    expect(lookupMachineType("aws", "n2-highmem-4")).toBeUndefined();
    expect(lookupMachineType("gcp", "constructor")).toBeUndefined();
    expect(lookupMachineType("local", "anything")).toBeUndefined();
  });
});
