/**
 * A stack's cost estimate from its plan: what its recorded resources cost a month while always on
 * (node pools at their minimum size, managed file shares, load balancers, disks, NAT), the hourly
 * price of each user profile's node (the share the profile's guarantee takes, and the whole node),
 * and a "busy month" from a stated assumption (N users × H hours on the default profile). Built
 * from the resources a program records, not from the config, so it prices what would be deployed.
 * Prices come from the price tables (price-table.ts); a missing price is named, never guessed.
 */
import { allocatable, lookupMachineType, parseBytes } from "@hubnet/config";
import {
  gpuHourly,
  HOURS_PER_MONTH,
  isUnverified,
  machineHourly,
  monthlyOf,
  priceTableFile,
  type RegionLookup,
  regionPrices,
  servicePrice,
} from "./price-table";

/** What the estimator reads of a recorded resource (a `resources.json` row). */
export interface CostRow {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** The stated assumption of a busy month. */
export interface BusyMonth {
  /** Users who each run a server. @default 20 */
  users: number;
  /** Hours each of them runs it in the month. @default 30 */
  hoursPerUser: number;
}

export const DEFAULT_BUSY_MONTH: BusyMonth = { users: 20, hoursPerUser: 30 };

export interface CostLine {
  /** What is priced, for a reader ("node pool core: 1 × n2-highmem-2"). */
  what: string;
  monthlyUsd: number;
  /** A price of this line comes from an unverified source (price-table.ts). */
  unverified?: boolean;
}

export interface NodeCost {
  pool: string;
  machineType: string;
  spot: boolean;
  /** USD per hour of one node (machine, attached GPUs, boot disk). */
  hourlyUsd: number;
  min: number;
  max: number;
}

export interface ProfileCost {
  hub: string;
  profile: string;
  default: boolean;
  pool?: string;
  machineType?: string;
  /** USD per hour of the whole node the profile runs on. */
  nodeHourlyUsd?: number;
  /** The share of that node the profile's guarantee takes (0-1). */
  share?: number;
  /** USD per hour of one user server: the share of the node. */
  hourlyUsd?: number;
}

export interface StackEstimate {
  kind: "cluster" | "community";
  stack: string;
  cloud?: string;
  region?: string;
  /** USD a month of what is always on (the sum of `lines`). */
  alwaysOnMonthlyUsd: number;
  lines: CostLine[];
  /** Node pools of a cluster stack, with their hourly price. */
  nodes: NodeCost[];
  /** User profiles of a community stack, with their hourly price. */
  profiles: ProfileCost[];
  /** A community's busy month: the assumption, the hub and profile it uses, and its cost. */
  busyMonth?: BusyMonth & { hub: string; profile: string; monthlyUsd: number };
  /** The community's budget, when it has one, and whether the estimate exceeds it. */
  budget?: { monthlyUsd: number; estimateUsd: number; exceeded: boolean };
  /** Costs that depend on use, named with their unit price where known, never summed. */
  usagePriced: string[];
  /** Prices the tables lack: `<cloud> <region> <machine type or service>` (what the check names). */
  missing: string[];
  /** Assumptions and caveats every reader should see (prices of another region, unverified prices). */
  caveats: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

class Pricer {
  readonly missing = new Set<string>();
  readonly caveats = new Set<string>();
  readonly usage = new Set<string>();
  unverified = false;
  constructor(
    readonly cloud: string,
    readonly region: string,
    readonly lookup: RegionLookup | undefined,
  ) {
    if (lookup?.assumedFrom)
      this.caveats.add(
        `${cloud} has no prices of its own for ${region} in the table: ${lookup.assumedFrom}'s are used (${priceTableFile(cloud)})`,
      );
    if (!lookup) this.missing.add(`${cloud} ${region} (no prices for this region)`);
  }

  /** USD a month of `quantity` of a service, or 0 with the service named as missing. */
  service(key: string, quantity = 1): { usd: number; unverified: boolean } {
    if (!this.lookup) return { usd: 0, unverified: false };
    const price = servicePrice(this.lookup, key);
    const usd = price ? monthlyOf(price, quantity) : undefined;
    if (!price || usd === undefined) {
      this.missing.add(
        `${this.cloud} ${this.region} ${key}${price ? ` (${quantity} GiB is beyond its tiers)` : ""}`,
      );
      return { usd: 0, unverified: false };
    }
    const unverified = isUnverified(this.lookup.table, price.source);
    return { usd, unverified };
  }

  machine(type: string, spot: boolean): { usd: number; unverified: boolean } {
    if (!this.lookup) return { usd: 0, unverified: false };
    const p = machineHourly(this.lookup, type, spot);
    if (!p) {
      this.missing.add(`${this.cloud} ${this.region} ${type}`);
      return { usd: 0, unverified: false };
    }
    if (spot && !p.spot)
      this.caveats.add("spot nodes are priced on demand (no spot price in the table): an upper bound");
    return { usd: p.usd, unverified: p.unverified };
  }

  gpu(type: string): number {
    if (!this.lookup) return 0;
    const usd = gpuHourly(this.lookup, type);
    if (usd === undefined) this.missing.add(`${this.cloud} ${this.region} ${type} (attached GPU)`);
    return usd ?? 0;
  }
}

const num = (v: unknown, dflt = 0): number => (typeof v === "number" && Number.isFinite(v) ? v : dflt);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The cloud and region a stack's resources live in, from its cloud provider (or cluster) resources. */
export function stackLocation(rows: CostRow[]): { cloud: string; region: string } | undefined {
  for (const r of rows) {
    if (r.type === "pulumi:providers:gcp" && str(r.inputs.region))
      return { cloud: "gcp", region: str(r.inputs.region) };
    if (r.type === "pulumi:providers:aws" && str(r.inputs.region))
      return { cloud: "aws", region: str(r.inputs.region) };
    if (r.type === "pulumi:providers:azure-native" && str(r.inputs.location))
      return { cloud: "azure", region: str(r.inputs.location) };
  }
  for (const r of rows) {
    if (r.type === "azure-native:containerservice:ManagedCluster")
      return { cloud: "azure", region: str(r.inputs.location) };
  }
  return undefined;
}

/** Is this the Envoy proxy whose Service is the cluster's one load balancer? */
function isLoadBalancerProxy(r: CostRow): boolean {
  if (!/:EnvoyProxy$/.test(r.type)) return false;
  const svc = obj(obj(obj(obj(r.inputs.spec).provider).kubernetes).envoyService);
  return svc.type === "LoadBalancer";
}

export interface EstimateOptions {
  busyMonth?: BusyMonth;
}

export function estimateStack(
  kind: "cluster" | "community",
  stack: string,
  rows: CostRow[],
  opts: EstimateOptions = {},
): StackEstimate {
  const loc = stackLocation(rows);
  const base: StackEstimate = {
    kind,
    stack,
    alwaysOnMonthlyUsd: 0,
    lines: [],
    nodes: [],
    profiles: [],
    usagePriced: [],
    missing: [],
    caveats: [],
  };
  if (!loc) {
    // A local cluster (or a stack with no cloud resources): nothing is billed by a cloud.
    const out = { ...base, caveats: ["no cloud resources: nothing here is billed by a cloud"] };
    return kind === "community" ? withProfiles(out, rows, undefined, opts) : out;
  }
  const pricer = new Pricer(loc.cloud, loc.region, regionPrices(loc.cloud, loc.region));
  const lines: CostLine[] = [];
  const add = (what: string, p: { usd: number; unverified: boolean }) => {
    if (p.usd > 0)
      lines.push({ what, monthlyUsd: round2(p.usd), ...(p.unverified ? { unverified: true } : {}) });
  };
  const nodes: NodeCost[] = [];
  const node = (n: Omit<NodeCost, "hourlyUsd">, parts: { usd: number; unverified: boolean }[]) => {
    const hourly = parts.reduce((s, p) => s + p.usd, 0);
    nodes.push({ ...n, hourlyUsd: round4(hourly) });
    if (n.min > 0)
      lines.push({
        what: `node pool ${n.pool}: ${n.min} × ${n.machineType}${n.spot ? " (spot)" : ""} always on`,
        monthlyUsd: round2(hourly * HOURS_PER_MONTH * n.min),
        ...(parts.some((p) => p.unverified) ? { unverified: true } : {}),
      });
  };
  const perHour = (p: { usd: number; unverified: boolean }) => ({
    usd: p.usd / HOURS_PER_MONTH,
    unverified: p.unverified,
  });
  const launchTemplates = new Map(
    rows.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate").map((r) => [r.name, r]),
  );

  for (const r of rows) {
    const i = r.inputs;
    switch (r.type) {
      // --- GCP
      case "gcp:container/cluster:Cluster":
        add("GKE cluster management fee", pricer.service("gke-cluster"));
        break;
      case "gcp:container/nodePool:NodePool": {
        const nc = obj(i.nodeConfig);
        const spot = nc.spot === true;
        const disk = perHour(pricer.service(str(nc.diskType) || "pd-balanced", num(nc.diskSizeGb, 100)));
        const gpus = arr(nc.guestAccelerators).map((g) => ({
          usd: pricer.gpu(str(obj(g).type)) * num(obj(g).count, 1),
          unverified: true,
        }));
        const scaling = obj(i.autoscaling);
        node(
          {
            pool: str(i.name) || r.name,
            machineType: str(nc.machineType),
            spot,
            min: num(scaling.minNodeCount, num(i.initialNodeCount)),
            max: num(scaling.maxNodeCount, num(i.initialNodeCount)),
          },
          [pricer.machine(str(nc.machineType), spot), disk, ...gpus],
        );
        break;
      }
      case "gcp:filestore/instance:Instance": {
        const gib = num(obj(i.fileShares).capacityGb);
        const tier = str(i.tier).toLowerCase().replace(/_/g, "-");
        add(
          `Filestore ${str(i.tier)} home share: ${gib} GiB provisioned`,
          pricer.service(`filestore-${tier}`, gib),
        );
        break;
      }
      case "gcp:compute/routerNat:RouterNat":
        add("Cloud NAT gateway", pricer.service("nat-gateway"));
        if (str(i.natIpAllocateOption) === "AUTO_ONLY")
          add("Cloud NAT's external IP address", pricer.service("ip-address"));
        break;
      case "gcp:compute/address:Address":
        add(`static IP address ${r.name}`, pricer.service("ip-address"));
        break;
      case "gcp:storage/bucket:Bucket":
        pricer.usage.add(
          `bucket ${str(i.name) || r.name}: ${pricer.lookup?.table.usage["gcs-standard"] ?? "per GiB stored"}`,
        );
        break;
      // --- AWS
      case "aws:eks/cluster:Cluster":
        add("EKS cluster (standard support)", pricer.service("eks-cluster"));
        break;
      case "aws:eks/nodeGroup:NodeGroup": {
        const type = str(arr(i.instanceTypes)[0]);
        const spot = str(i.capacityType) === "SPOT";
        const lt = launchTemplates.get(r.name);
        const ebs = obj(obj(arr(lt?.inputs.blockDeviceMappings)[0]).ebs);
        const disk = perHour(pricer.service(`ebs-${str(ebs.volumeType) || "gp3"}`, num(ebs.volumeSize, 20)));
        const scaling = obj(i.scalingConfig);
        node(
          {
            pool: str(i.nodeGroupName) || r.name,
            machineType: type,
            spot,
            min: num(scaling.minSize),
            max: num(scaling.maxSize),
          },
          [pricer.machine(type, spot), disk],
        );
        break;
      }
      case "aws:ec2/natGateway:NatGateway":
        add(`NAT gateway ${r.name}`, pricer.service("nat-gateway"));
        break;
      case "aws:ec2/eip:Eip":
        add(`public IPv4 address ${r.name}`, pricer.service("ip-address"));
        break;
      case "aws:kms/key:Key":
        add(`KMS key ${r.name}`, pricer.service("kms-key"));
        break;
      case "aws:efs/fileSystem:FileSystem":
        pricer.usage.add(
          `EFS home file system: ${pricer.lookup?.table.usage["efs-standard"] ?? "per GiB stored"}`,
        );
        break;
      case "aws:s3/bucket:Bucket":
      case "aws:s3/bucketV2:BucketV2":
        pricer.usage.add(
          `bucket ${str(i.bucket) || r.name}: ${pricer.lookup?.table.usage["s3-standard"] ?? "per GiB stored"}`,
        );
        break;
      // --- Azure
      case "azure-native:containerservice:ManagedCluster": {
        if (str(obj(i.sku).tier) === "Standard") add("AKS Standard tier", pricer.service("aks-standard"));
        const net = obj(i.networkProfile);
        if (str(net.outboundType) === "loadBalancer")
          add("AKS outbound public IP address", pricer.service("ip-address"));
        for (const p of arr(i.agentPoolProfiles)) azurePool(obj(p), pricer, node, perHour);
        break;
      }
      case "azure-native:containerservice:AgentPool":
        azurePool({ ...i, name: str(i.agentPoolName) || r.name }, pricer, node, perHour);
        break;
      case "azure-native:storage:FileShare":
        add(
          `Azure Files premium home share: ${num(i.shareQuota)} GiB provisioned`,
          pricer.service("premium-files", num(i.shareQuota)),
        );
        break;
      case "azure-native:network:PrivateEndpoint":
        add(`private endpoint ${r.name}`, pricer.service("private-endpoint"));
        break;
      case "azure-native:privatedns:PrivateZone":
        add(`private DNS zone ${str(i.privateZoneName) || r.name}`, pricer.service("private-dns-zone"));
        break;
      case "azure-native:network:PublicIPAddress":
        add(`static public IP address ${r.name}`, pricer.service("ip-address"));
        break;
      case "azure-native:storage:StorageAccount":
        if (str(i.kind) === "StorageV2")
          pricer.usage.add(
            `storage account ${str(i.accountName) || r.name}: ${pricer.lookup?.table.usage["blob-hot"] ?? "per GiB stored"}`,
          );
        break;
      // --- Kubernetes: the load balancer and block disks
      case "kubernetes:core/v1:PersistentVolumeClaim": {
        const spec = obj(i.spec);
        if (spec.storageClassName !== undefined || spec.volumeName !== undefined) break; // a share's claim, or a static volume
        const size = parseBytes(obj(obj(spec.resources).requests).storage);
        const gib = size.ok ? Math.ceil(size.value.bytes / 2 ** 30) : 0;
        const disk = loc.cloud === "gcp" ? "pd-balanced" : loc.cloud === "aws" ? "ebs-gp3" : "standard-ssd";
        add(
          `disk of claim ${str(obj(i.metadata).namespace)}/${str(obj(i.metadata).name)}: ${gib} GiB`,
          pricer.service(disk, gib),
        );
        break;
      }
      default:
        if (isLoadBalancerProxy(r))
          add("load balancer of the hubs' Gateway (one per cluster)", pricer.service("load-balancer"));
    }
  }
  if (kind === "cluster")
    for (const [key, text] of Object.entries(pricer.lookup?.table.usage ?? {}))
      if (key === "egress" || key === "logging") pricer.usage.add(text);
  if (lines.some((l) => l.unverified))
    pricer.caveats.add(
      `prices marked * come from sources not verified when the table was committed (${priceTableFile(loc.cloud)})`,
    );
  const out: StackEstimate = {
    ...base,
    cloud: loc.cloud,
    region: loc.region,
    lines,
    nodes,
    alwaysOnMonthlyUsd: round2(lines.reduce((s, l) => s + l.monthlyUsd, 0)),
    usagePriced: [...pricer.usage],
    missing: [...pricer.missing].sort(),
    caveats: [...pricer.caveats],
  };
  return kind === "community" ? withProfiles(out, rows, pricer, opts) : out;
}

type NodeFn = (n: Omit<NodeCost, "hourlyUsd">, parts: { usd: number; unverified: boolean }[]) => void;

function azurePool(
  p: Record<string, unknown>,
  pricer: Pricer,
  node: NodeFn,
  perHour: (p: { usd: number; unverified: boolean }) => { usd: number; unverified: boolean },
) {
  const spot = str(p.scaleSetPriority) === "Spot";
  const type = str(p.vmSize);
  node(
    {
      pool: str(p.name),
      machineType: type,
      spot,
      min: num(p.minCount, num(p.count)),
      max: num(p.maxCount, num(p.count)),
    },
    [pricer.machine(type, spot), perHour(pricer.service("premium-ssd", num(p.osDiskSizeGB, 128)))],
  );
}

interface HubValues {
  custom?: { hubnet?: { hub?: string; budget?: { monthlyUsd?: number }; nodes?: Record<string, NodeInfo> } };
  singleuser?: {
    profileList?: {
      slug?: string;
      display_name?: string;
      default?: boolean;
      kubespawner_override?: Record<string, unknown>;
      profile_options?: Record<string, unknown>;
    }[];
  };
}
/** What a hub's values say of a node pool its profiles use (`custom.hubnet.nodes`, written by hub/values.ts). */
export interface NodeInfo {
  machineType: string;
  spot?: boolean;
  gpu?: { type: string; count: number };
  /** The GPUs attached to the machine (GCP N1), priced on top of it. */
  attachedGpu?: { type: string; count: number };
  bootDiskGiB?: number;
}

/** Profiles of a community's hubs, their share of a node and its price; the busy month; the budget. */
function withProfiles(
  est: StackEstimate,
  rows: CostRow[],
  pricer: Pricer | undefined,
  opts: EstimateOptions,
): StackEstimate {
  const busy = opts.busyMonth ?? DEFAULT_BUSY_MONTH;
  const profiles: ProfileCost[] = [];
  let budget: number | undefined;
  const releases = rows.filter(
    (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === "jupyterhub",
  );
  for (const r of releases) {
    const values = obj(r.inputs.values) as HubValues;
    const hubnet = values.custom?.hubnet ?? {};
    const hub = str(hubnet.hub) || r.name;
    if (typeof hubnet.budget?.monthlyUsd === "number") budget = hubnet.budget.monthlyUsd;
    for (const p of values.singleuser?.profileList ?? []) {
      const o = obj(p.kubespawner_override);
      const pool = str(obj(o.node_selector)["hubnet.org/pool"]) || undefined;
      const info = pool ? hubnet.nodes?.[pool] : undefined;
      // A profile with node-share sizes: each size is a choice of its own, the default size its default.
      const sizes = Object.entries(obj(obj(obj(p.profile_options).resources).choices)).map(([name, c]) => ({
        name,
        default: obj(c).default === true,
        override: { ...o, ...obj(obj(c).kubespawner_override) },
      }));
      const slug = str(p.slug) || str(p.display_name);
      const choices = sizes.length ? sizes : [{ name: "", default: true, override: o }];
      for (const size of choices) {
        const entry: ProfileCost = {
          hub,
          profile: size.name ? `${slug}:${size.name}` : slug,
          default: p.default === true && size.default,
          ...(pool ? { pool } : {}),
        };
        if (info && pricer && est.cloud) {
          const machine = pricer.machine(info.machineType, info.spot === true);
          const attached = info.attachedGpu ? pricer.gpu(info.attachedGpu.type) * info.attachedGpu.count : 0;
          if (info.attachedGpu && info.spot)
            pricer.caveats.add(
              "GPUs attached to spot nodes are priced on demand (no spot GPU price in the table): an upper bound",
            );
          const nodeHourly = machine.usd + attached;
          const share = profileShare(est.cloud, info, size.override);
          Object.assign(entry, {
            machineType: info.machineType,
            nodeHourlyUsd: round4(nodeHourly),
            share: round4(share),
            hourlyUsd: round4(nodeHourly * share),
          });
        }
        profiles.push(entry);
      }
    }
  }
  const firstHub = profiles.find((p) => p.hub === "prod")?.hub ?? profiles[0]?.hub;
  const dflt =
    profiles.find((p) => p.hub === firstHub && p.default) ?? profiles.find((p) => p.hub === firstHub);
  const busyMonth =
    dflt && dflt.hourlyUsd !== undefined
      ? {
          ...busy,
          hub: dflt.hub,
          profile: dflt.profile,
          monthlyUsd: round2(busy.users * busy.hoursPerUser * dflt.hourlyUsd),
        }
      : undefined;
  const estimateUsd = round2(est.alwaysOnMonthlyUsd + (busyMonth?.monthlyUsd ?? 0));
  return {
    ...est,
    profiles,
    ...(busyMonth ? { busyMonth } : {}),
    ...(budget !== undefined
      ? { budget: { monthlyUsd: budget, estimateUsd, exceeded: estimateUsd > budget } }
      : {}),
    missing: pricer ? [...pricer.missing].sort() : est.missing,
    caveats: pricer ? [...pricer.caveats] : est.caveats,
  };
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Bytes of a KubeSpawner ByteSpecification (`mem_guarantee`, `mem_limit`): a number of bytes, or a
 * number with K, M, G or T, powers of 1024 (hub/profiles.ts writes them so). Undefined otherwise.
 */
export function byteSpecificationBytes(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v) && v > 0) return v;
  const m = typeof v === "string" ? /^([0-9]+(?:\.[0-9]+)?)([KMGT])$/.exec(v) : null;
  if (!m) return undefined;
  return Number(m[1]) * 1024 ** " KMGT".indexOf(m[2]);
}

/**
 * The share of a node one server takes: its cpu and memory guarantees (KubeSpawner's overrides)
 * against what the node gives user pods (`allocatable`, by the cloud's reservation formula), and its
 * GPUs against the node's; the largest of them, at most 1. A node of unknown size counts whole.
 */
export function profileShare(cloud: string, node: NodeInfo, override: Record<string, unknown>): number {
  if (cloud !== "gcp" && cloud !== "aws" && cloud !== "azure") return 1;
  const machine = lookupMachineType(cloud, node.machineType);
  if (!machine) return 1;
  const alloc = allocatable(cloud, machine);
  const cpu = Number(override.cpu_guarantee ?? override.cpu_limit);
  const mem = byteSpecificationBytes(override.mem_guarantee ?? override.mem_limit);
  const shares = [
    Number.isFinite(cpu) && cpu > 0 ? cpu / alloc.cpu : 0,
    mem !== undefined ? mem / 2 ** 30 / alloc.memoryGiB : 0,
  ];
  const gpus = Number(obj(override.extra_resource_limits)["nvidia.com/gpu"] ?? 0);
  const nodeGpus = node.gpu?.count ?? node.attachedGpu?.count ?? machine.gpu?.count ?? 0;
  if (gpus > 0 && nodeGpus > 0) shares.push(gpus / nodeGpus);
  return Math.min(1, Math.max(...shares));
}
