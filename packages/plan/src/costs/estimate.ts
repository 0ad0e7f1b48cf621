/**
 * A stack's cost estimate from its plan: what its recorded resources cost a month while always on
 * (node pools at their minimum size, managed file shares, load balancers, disks, NAT), the hourly
 * price of each user profile's node (the share the profile's guarantee takes, and the whole node),
 * and a "busy month" from a stated assumption (N users × H hours on the default profile). Built
 * from the resources a program records, not from the config, so it prices what would be deployed.
 * Prices come from the price tables (price-table.ts); a missing price is named, never guessed.
 */
import { AWS_TYPES, AZURE_TYPES, GCP_TYPES, KUBERNETES_TYPES, parseBytes } from "@hubnet/config";
import { HOURS_PER_MONTH, priceTableFile, regionPrices } from "./price-table";
import { arr, num, obj, type Priced, Pricer, perHour, round2, round4, str } from "./pricer";
import { withProfiles } from "./profiles";
import type { CostLine, CostRow, EstimateOptions, NodeCost, StackEstimate } from "./types";

export * from "./types";

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
    if (r.type === AZURE_TYPES.aks) return { cloud: "azure", region: str(r.inputs.location) };
  }
  return undefined;
}

/** Is this the Envoy proxy whose Service is the cluster's one load balancer? */
function isLoadBalancerProxy(r: CostRow): boolean {
  if (!/:EnvoyProxy$/.test(r.type)) return false;
  const svc = obj(obj(obj(obj(r.inputs.spec).provider).kubernetes).envoyService);
  return svc.type === "LoadBalancer";
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
  const launchTemplates = new Map(
    rows.filter((r) => r.type === "aws:ec2/launchTemplate:LaunchTemplate").map((r) => [r.name, r]),
  );

  for (const r of rows) {
    const i = r.inputs;
    switch (r.type) {
      // --- GCP
      case GCP_TYPES.cluster:
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
      case GCP_TYPES.filestore: {
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
      case GCP_TYPES.bucket:
        pricer.usage.add(
          `bucket ${str(i.name) || r.name}: ${pricer.lookup?.table.usage["gcs-standard"] ?? "per GiB stored"}`,
        );
        break;
      // --- AWS
      case AWS_TYPES.eks:
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
      case AWS_TYPES.efs:
        pricer.usage.add(
          `EFS home file system: ${pricer.lookup?.table.usage["efs-standard"] ?? "per GiB stored"}`,
        );
        break;
      case AWS_TYPES.s3Bucket:
      case AWS_TYPES.s3BucketV2:
        pricer.usage.add(
          `bucket ${str(i.bucket) || r.name}: ${pricer.lookup?.table.usage["s3-standard"] ?? "per GiB stored"}`,
        );
        break;
      // --- Azure
      case AZURE_TYPES.aks: {
        if (str(obj(i.sku).tier) === "Standard") add("AKS Standard tier", pricer.service("aks-standard"));
        const net = obj(i.networkProfile);
        if (str(net.outboundType) === "loadBalancer")
          add("AKS outbound public IP address", pricer.service("ip-address"));
        for (const p of arr(i.agentPoolProfiles)) azurePool(obj(p), pricer, node);
        break;
      }
      case "azure-native:containerservice:AgentPool":
        azurePool({ ...i, name: str(i.agentPoolName) || r.name }, pricer, node);
        break;
      case AZURE_TYPES.fileShare:
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
      case AZURE_TYPES.storageAccount:
        if (str(i.kind) === "StorageV2")
          pricer.usage.add(
            `storage account ${str(i.accountName) || r.name}: ${pricer.lookup?.table.usage["blob-hot"] ?? "per GiB stored"}`,
          );
        break;
      // --- Kubernetes: the load balancer and block disks
      case KUBERNETES_TYPES.pvc: {
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

type NodeFn = (n: Omit<NodeCost, "hourlyUsd">, parts: Priced[]) => void;

function azurePool(p: Record<string, unknown>, pricer: Pricer, node: NodeFn) {
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
