/** What a cost estimate is made of: the rows it reads, its lines, nodes, profiles and assumptions. */

/** What the estimator reads of a recorded resource (a `resources.json` row). */
export interface CostRow {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The row's URN and parent, where the plan has them (a hub's planning data is on its parent). */
  urn?: string;
  parent?: string | null;
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

/** What a hub's values say of a node pool its profiles use (`custom.hubnet.nodes`, written by hub/values.ts). */
export interface NodeInfo {
  machineType: string;
  spot?: boolean;
  gpu?: { type: string; count: number };
  /** The GPUs attached to the machine (GCP N1), priced on top of it. */
  attachedGpu?: { type: string; count: number };
  bootDiskGiB?: number;
}

export interface EstimateOptions {
  /** The busy-month assumption. @default DEFAULT_BUSY_MONTH */
  busyMonth?: BusyMonth;
}
