/**
 * A community's user profiles in its plan: each profile (each size of a profile with node shares)
 * as its guarantee's share of the node it lands on, that node's price, the busy month on the default
 * profile, and the community's budget against its estimate. The node of a profile's pool reaches
 * the plan through the hub's chart values (`custom.hubnet.nodes`, hub/values.ts).
 */
import { allocatable, lookupMachineType } from "@hubnet/config";
import { releaseValuesWithPlanning } from "../record";
import { obj, type Pricer, round2, round4, str } from "./pricer";
import {
  type CostRow,
  DEFAULT_BUSY_MONTH,
  type EstimateOptions,
  type NodeInfo,
  type ProfileCost,
  type StackEstimate,
} from "./types";

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

/** Profiles of a community's hubs, their share of a node and its price; the busy month; the budget. */
export function withProfiles(
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
    const values = obj(releaseValuesWithPlanning(r, rows)) as HubValues;
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
