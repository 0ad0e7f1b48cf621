/**
 * Cost estimates from plan rows of our own (no example network): what each kind of resource costs,
 * profiles' share of their node, the busy month and the budget, missing prices named, the change
 * between two plans, and the price tables themselves (their shape, and a price or a stated reason
 * for every machine type the config's tables know).
 */
import { allocatable, CLOUDS, MACHINE_TYPES } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import {
  type CostRow,
  costReport,
  estimateChange,
  estimateStack,
  estimateWarnings,
  formatChange,
  HOURS_PER_MONTH,
  PRICE_TABLES,
  profileShare,
  regionPrices,
  unpricedReason,
} from "../src/costs";
import { type DiffResult, networkTotals, totalLine } from "../src/diff";

const row = (type: string, name: string, inputs: Record<string, unknown>): CostRow => ({
  type,
  name,
  inputs,
});
const GCP_PROVIDER = row("pulumi:providers:gcp", "c-gcp", { project: "p", region: "us-central1" });
const price = (cloud: string, region: string, type: string) => {
  const r = regionPrices(cloud, region);
  const p = r?.prices.machines?.[type];
  if (p === undefined) throw new Error(`test setup: no ${cloud} ${region} ${type}`);
  return p;
};
const service = (cloud: string, key: string, region?: string) => {
  const t = PRICE_TABLES[cloud];
  const s = (region && t.regions[region]?.services?.[key]) || t.services[key];
  if (s?.usd === undefined) throw new Error(`test setup: no ${cloud} ${key}`);
  return s.usd;
};
const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 1);

describe("a GKE cluster stack", () => {
  const rows = [
    GCP_PROVIDER,
    row("gcp:container/cluster:Cluster", "c", {}),
    row("gcp:container/nodePool:NodePool", "c-core", {
      name: "core",
      autoscaling: { minNodeCount: 2, maxNodeCount: 3 },
      nodeConfig: { machineType: "n2-highmem-2", diskType: "pd-balanced", diskSizeGb: 100 },
    }),
    row("gcp:container/nodePool:NodePool", "c-gpu", {
      name: "gpu",
      autoscaling: { minNodeCount: 0, maxNodeCount: 4 },
      nodeConfig: {
        machineType: "n1-standard-8",
        diskSizeGb: 200,
        diskType: "pd-balanced",
        guestAccelerators: [{ type: "nvidia-tesla-t4", count: 1 }],
      },
    }),
    row("gcp:filestore/instance:Instance", "c-home", { tier: "BASIC_HDD", fileShares: { capacityGb: 2048 } }),
    row("gcp:compute/routerNat:RouterNat", "c-nat", { natIpAllocateOption: "AUTO_ONLY" }),
    row("kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "proxy", {
      spec: { provider: { kubernetes: { envoyService: { type: "LoadBalancer" } } } },
    }),
  ];
  const e = estimateStack("cluster", "c", rows);

  it("prices what is always on: core nodes at their minimum, the share, NAT, the load balancer, the fee", () => {
    const core =
      2 *
      (price("gcp", "us-central1", "n2-highmem-2") * HOURS_PER_MONTH +
        100 * service("gcp", "pd-balanced", "us-central1"));
    const line = (w: string) => e.lines.find((l) => l.what.includes(w))?.monthlyUsd ?? Number.NaN;
    close(line("node pool core: 2 × n2-highmem-2"), core);
    close(line("Filestore BASIC_HDD"), 2048 * service("gcp", "filestore-basic-hdd"));
    close(line("Cloud NAT gateway"), service("gcp", "nat-gateway", "us-central1") * HOURS_PER_MONTH);
    close(line("load balancer"), service("gcp", "load-balancer") * HOURS_PER_MONTH);
    close(line("GKE cluster"), 0.1 * HOURS_PER_MONTH);
    expect(e.lines.some((l) => l.what.includes("node pool gpu"))).toBe(false); // min 0: never always on
    close(
      e.alwaysOnMonthlyUsd,
      e.lines.reduce((s, l) => s + l.monthlyUsd, 0),
    );
    expect(e.missing).toEqual([]);
  });

  it("prices a GPU node with its attached GPU and boot disk, per hour", () => {
    const gpu = e.nodes.find((n) => n.pool === "gpu");
    const disk = (200 * service("gcp", "pd-balanced", "us-central1")) / HOURS_PER_MONTH;
    close(gpu?.hourlyUsd ?? 0, price("gcp", "us-central1", "n1-standard-8") + 0.35 + disk);
    expect(e.lines.find((l) => l.what.includes("load balancer"))?.unverified).toBe(true);
  });

  it("names what the tables lack instead of guessing, and warns", () => {
    const odd = estimateStack("cluster", "c", [
      GCP_PROVIDER,
      row("gcp:container/nodePool:NodePool", "x", {
        name: "x",
        autoscaling: { minNodeCount: 1, maxNodeCount: 1 },
        nodeConfig: { machineType: "n9-imaginary-4", diskType: "pd-balanced", diskSizeGb: 10 },
      }),
      row("gcp:filestore/instance:Instance", "h", { tier: "ZONAL", fileShares: { capacityGb: 1024 } }),
    ]);
    expect(odd.missing).toEqual(["gcp us-central1 filestore-zonal", "gcp us-central1 n9-imaginary-4"]);
    expect(estimateWarnings(odd)).toEqual([
      "cluster c: no price for gcp us-central1 filestore-zonal, gcp us-central1 n9-imaginary-4: the estimate leaves them out (docs/platform/costs.md: refreshing the price table)",
    ]);
    const nowhere = estimateStack("cluster", "c", [
      row("pulumi:providers:gcp", "p", { region: "mars-north1" }),
    ]);
    expect(nowhere.missing).toEqual(["gcp mars-north1 (no prices for this region)"]);
  });
});

describe("EKS and AKS cluster stacks", () => {
  it("EKS: node groups with their launch template's volume, NAT, addresses, the KMS key; us-west-2 says whose prices it uses", () => {
    const e = estimateStack("cluster", "a", [
      row("pulumi:providers:aws", "a-aws", { region: "us-west-2" }),
      row("aws:eks/cluster:Cluster", "a", {}),
      row("aws:ec2/launchTemplate:LaunchTemplate", "a-core", {
        blockDeviceMappings: [{ ebs: { volumeSize: 100, volumeType: "gp3" } }],
      }),
      row("aws:eks/nodeGroup:NodeGroup", "a-core", {
        nodeGroupName: "core",
        instanceTypes: ["r6i.large"],
        capacityType: "ON_DEMAND",
        scalingConfig: { minSize: 1, maxSize: 3 },
      }),
      row("aws:ec2/natGateway:NatGateway", "a-nat", {}),
      row("aws:ec2/eip:Eip", "a-nat", {}),
      row("aws:kms/key:Key", "a-secrets", {}),
      row("aws:efs/fileSystem:FileSystem", "a-home", {}),
    ]);
    const core = price("aws", "us-east-1", "r6i.large") * HOURS_PER_MONTH + 100 * 0.08;
    close(e.lines.find((l) => l.what.startsWith("node pool core"))?.monthlyUsd ?? 0, core);
    close(e.alwaysOnMonthlyUsd, core + (0.1 + 0.045 + 0.005) * HOURS_PER_MONTH + 1);
    expect(e.caveats[0]).toMatch(/no prices of its own for us-west-2 in the table: us-east-1's are used/);
    expect(e.usagePriced.some((u) => u.startsWith("EFS home file system"))).toBe(true);
  });

  it("AKS: the system pool inside the cluster, agent pools, premium home share, private endpoint", () => {
    const e = estimateStack("cluster", "z", [
      row("azure-native:containerservice:ManagedCluster", "z", {
        location: "westeurope",
        sku: { tier: "Standard" },
        networkProfile: { outboundType: "loadBalancer" },
        agentPoolProfiles: [
          { name: "core", vmSize: "Standard_E4s_v5", minCount: 1, maxCount: 3, osDiskSizeGB: 128 },
        ],
      }),
      row("azure-native:containerservice:AgentPool", "z-t4", {
        agentPoolName: "t4",
        vmSize: "Standard_NC4as_T4_v3",
        minCount: 0,
        maxCount: 4,
        osDiskSizeGB: 200,
        scaleSetPriority: "Spot",
      }),
      row("azure-native:storage:FileShare", "z-home", { shareQuota: 1024 }),
    ]);
    close(
      e.lines.find((l) => l.what.startsWith("node pool core"))?.monthlyUsd ?? 0,
      0.252 * HOURS_PER_MONTH + 19.71,
    );
    close(e.lines.find((l) => l.what.startsWith("Azure Files"))?.monthlyUsd ?? 0, 1024 * 0.16);
    expect(e.nodes.map((n) => [n.pool, n.spot, n.min, n.max])).toEqual([
      ["core", false, 1, 3],
      ["t4", true, 0, 4],
    ]);
    expect(e.caveats).toContain(
      "spot nodes are priced on demand (no spot price in the table): an upper bound",
    );
    expect(e.lines.every((l) => l.unverified)).toBe(true); // every Azure price is unverified, and says so
  });
});

describe("a community stack", () => {
  const release = (hub: string, profiles: unknown[], extra: Record<string, unknown> = {}) =>
    row("kubernetes:helm.sh/v3:Release", `c-${hub}-jupyterhub`, {
      chart: "jupyterhub",
      values: {
        custom: {
          hubnet: {
            hub,
            nodes: {
              small: { machineType: "n2-highmem-4", spot: false },
              t4: {
                machineType: "n1-standard-8",
                spot: false,
                attachedGpu: { type: "nvidia-tesla-t4", count: 1 },
              },
            },
            ...extra,
          },
        },
        singleuser: { profileList: profiles },
      },
    });
  const small = {
    slug: "small",
    default: true,
    kubespawner_override: {
      cpu_guarantee: 1,
      mem_guarantee: "4G",
      node_selector: { "hubnet.org/pool": "small" },
    },
  };
  const gpu = {
    slug: "gpu",
    kubespawner_override: {
      cpu_guarantee: 2,
      mem_guarantee: "8G",
      node_selector: { "hubnet.org/pool": "t4" },
      extra_resource_limits: { "nvidia.com/gpu": "1" },
    },
  };
  const claim = row("kubernetes:core/v1:PersistentVolumeClaim", "c-prod-db", {
    metadata: { name: "hubnet-hub-db", namespace: "c-prod" },
    spec: { resources: { requests: { storage: "1Gi" } } },
  });
  const homeClaim = row("kubernetes:core/v1:PersistentVolumeClaim", "c-prod-home", {
    metadata: { name: "home", namespace: "c-prod" },
    spec: { storageClassName: "", volumeName: "c-prod-home", resources: { requests: { storage: "1Mi" } } },
  });

  it("prices each profile as its guarantee's share of its node, and the busy month on the default profile", () => {
    const e = estimateStack("community", "c", [GCP_PROVIDER, claim, homeClaim, release("prod", [small])], {
      busyMonth: { users: 10, hoursPerUser: 5 },
    });
    const p = e.profiles[0];
    const node = price("gcp", "us-central1", "n2-highmem-4");
    const share = profileShare("gcp", { machineType: "n2-highmem-4" }, small.kubespawner_override);
    // 1 of the node's allocatable cores is a larger share than 4G of its allocatable memory.
    const alloc = allocatable("gcp", { cpu: 4, memoryGiB: 32 });
    expect(share).toBeCloseTo(Math.max(1 / alloc.cpu, 4 / alloc.memoryGiB), 6);
    expect(share).toBeCloseTo(1 / alloc.cpu, 6);
    close(p.hourlyUsd ?? 0, node * share);
    expect(e.busyMonth).toMatchObject({ users: 10, hoursPerUser: 5, hub: "prod", profile: "small" });
    close(e.busyMonth?.monthlyUsd ?? 0, 50 * (p.hourlyUsd ?? 0));
    // The hub database's disk is priced; the home share's static claim is not a disk.
    expect(e.lines.map((l) => l.what)).toEqual(["disk of claim c-prod/hubnet-hub-db: 1 GiB"]);
  });

  it("a GPU profile takes the whole GPU, so its share is the whole node", () => {
    const share = profileShare(
      "gcp",
      { machineType: "n1-standard-8", attachedGpu: { type: "nvidia-tesla-t4", count: 1 } },
      gpu.kubespawner_override,
    );
    expect(share).toBe(1);
  });

  it("warns when the estimate exceeds the community's budget", () => {
    const rows = [GCP_PROVIDER, claim, release("prod", [small], { budget: { monthlyUsd: 5 } })];
    const e = estimateStack("community", "c", rows, { busyMonth: { users: 100, hoursPerUser: 100 } });
    expect(e.budget?.exceeded).toBe(true);
    expect(estimateWarnings(e)[0]).toMatch(
      /^community c: estimated \$[0-9,.]+ a month .* exceeds its budget of \$5\.00: raise budget\.monthlyUsd, or use smaller profiles$/,
    );
    const within = estimateStack("community", "c", rows, { busyMonth: { users: 1, hoursPerUser: 1 } });
    expect(within.budget?.exceeded).toBe(false);
    expect(estimateWarnings(within)).toEqual([]);
  });

  it("a change that adds a GPU profile shows its added hourly cost, per stack and for the network", () => {
    const before = estimateStack("community", "c", [GCP_PROVIDER, release("prod", [small])]);
    const after = estimateStack("community", "c", [GCP_PROVIDER, release("prod", [small, gpu])]);
    const change = estimateChange(before, after);
    const nodeHourly = price("gcp", "us-central1", "n1-standard-8") + 0.35;
    expect(change.profiles).toEqual([`+ profile prod/gpu: $${nodeHourly.toFixed(4)}/h a server`]);
    expect(formatChange(change)[0]).toBe("always on $0.00 → $0.00 a month (+$0.00)");
    // For the network: hubnet diff sums the totals of each affected stack's cost report.
    const side = (profiles: unknown[]) => ({
      kind: "community" as const,
      stack: "c",
      rows: [GCP_PROVIDER, release("prod", profiles)],
    });
    const cluster = {
      kind: "cluster" as const,
      stack: "k",
      rows: [GCP_PROVIDER, row("gcp:compute/routerNat:RouterNat", "k-nat", {})],
    };
    const stacks = [costReport(side([small]), side([small, gpu])), costReport(cluster, cluster)].map(
      (reports) => ({ reports }),
    );
    const totals = networkTotals({ stacks } as unknown as DiffResult);
    const always = totals.find((t) => t.name === "estimated always-on cost a month");
    expect(always?.after).toBeGreaterThan(0); // the cluster's NAT, unchanged
    expect((always?.after ?? 0) - (always?.before ?? 0)).toBeCloseTo(0, 6);
    expect(totals.map(totalLine)).toContain(
      `estimated always-on cost a month: $${(always?.before ?? 0).toFixed(2)} → $${(always?.after ?? 0).toFixed(2)} (unchanged)`,
    );
  });

  it("hubnet diff's cost report: the added profile and the budget warning; an unchanged stack says so", () => {
    const side = (profiles: unknown[], budget = 1000) => ({
      kind: "community" as const,
      stack: "c",
      rows: [GCP_PROVIDER, release("prod", profiles, { budget: { monthlyUsd: budget } })],
    });
    const [same] = costReport(side([small]), side([small]));
    expect(same).toMatchObject({ source: "cost", level: "info" });
    expect(same.title).toMatch(/^estimated cost of community c unchanged: \$[0-9,.]+ a month always on$/);
    expect(same.lines).toEqual([]);
    expect(same.totals.every((t) => t.before === t.after)).toBe(true);
    const [report] = costReport(side([small]), side([small, gpu]));
    expect(report).toMatchObject({
      source: "cost",
      level: "info",
      title: "estimated cost of community c: always on +$0.00 a month, busy month +$0.00",
    });
    expect(report.lines.some((l) => l.startsWith("+ profile prod/gpu: $"))).toBe(true);
    const [over] = costReport(side([small]), side([small], 1), {
      busyMonth: { users: 50, hoursPerUser: 50 },
    });
    expect(over.level).toBe("warning");
    expect(over.lines[0]).toMatch(/exceeds its budget of \$1\.00/);
  });
});

describe("the price tables", () => {
  for (const [cloud, table] of Object.entries(PRICE_TABLES)) {
    it(`${cloud}: dated, every price positive, every source named and described`, () => {
      expect(table.date).toMatch(/^20[0-9]{2}-[0-9]{2}-[0-9]{2}$/);
      const sources = new Set(Object.keys(table.sources));
      for (const s of Object.values(table.sources)) {
        expect(s.url).toMatch(/^https:\/\//);
        expect(s.retrieved).toMatch(/^20[0-9]{2}-[0-9]{2}-[0-9]{2}$/);
        if (!s.verified) expect(s.note ?? "").not.toBe(""); // an unverified price says why
      }
      const services = [
        ...Object.values(table.services),
        ...Object.values(table.regions).flatMap((r) => [
          ...Object.values(r.services ?? {}),
          ...Object.values(r.gpus ?? {}),
        ]),
      ];
      for (const s of services) {
        expect(sources.has(s.source), `source ${s.source}`).toBe(true);
        if (s.tiers) for (const [gib, usd] of s.tiers) expect(gib > 0 && usd > 0).toBe(true);
        else expect(s.usd).toBeGreaterThan(0);
      }
      for (const [name, r] of Object.entries(table.regions)) {
        if (r.sameAs) {
          expect(table.regions[r.sameAs]?.machines, `${name} sameAs ${r.sameAs}`).toBeDefined();
          continue;
        }
        expect(sources.has(r.machinesSource ?? ""), `${name} machinesSource`).toBe(true);
        for (const usd of [...Object.values(r.machines ?? {}), ...Object.values(r.spot ?? {})])
          expect(usd).toBeGreaterThan(0);
      }
    });
  }

  it("every machine type the config's tables know has a price, or its table says why it has none", () => {
    const missing: string[] = [];
    for (const cloud of CLOUDS) {
      const types = Object.keys(MACHINE_TYPES[cloud] ?? {});
      const table = PRICE_TABLES[cloud];
      if (types.length === 0) continue;
      if (!table) {
        missing.push(`${cloud}: no price table`);
        continue;
      }
      const priced = new Set(Object.values(table.regions).flatMap((r) => Object.keys(r.machines ?? {})));
      for (const t of types) if (!priced.has(t) && !unpricedReason(cloud, t)) missing.push(`${cloud} ${t}`);
    }
    expect(
      missing,
      "add these to packages/plan/src/costs/prices/<cloud>.json (docs/platform/costs.md)",
    ).toEqual([]);
  });
});
