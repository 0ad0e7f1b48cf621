/**
 * What the config layer knows of one machine type of a cloud: its size, the
 * GPUs it carries or accepts, and (EKS) how many pods its network allows. The
 * tables are generated per family in `aws.ts`, `gcp.ts` and `azure.ts` from
 * each family's published vCPU:memory ratio and size ladder.
 */

export interface MachineType {
  cpu: number;
  /** Memory of the machine in GiB (what the cloud calls GB for GCE; GiB on AWS and Azure). */
  memoryGiB: number;
  /** A GPU that comes with the machine type (AWS, Azure, GCP G2/A2/A3). */
  gpu?: { type: string; count: number };
  /** GPUs that can be attached to this machine type (GCP N1). */
  attachableGpus?: string[];
  /**
   * Pods a node of this type may run (EKS with the VPC CNI: ENIs × (IPv4 addresses per ENI − 1) + 2),
   * which decides the kubelet's memory reservation on EKS. Unset on other clouds.
   */
  maxPods?: number;
}

/** A GPU accelerator of a cloud, and the regions known to offer it (unset: not checked offline). */
export interface GpuOffer {
  regions?: string[];
}

/** One family of machine types and where its numbers come from. */
export interface Family {
  /** General purpose, memory-optimised, compute-optimised or GPU. */
  kind: "general" | "memory" | "compute" | "gpu";
  /** The cloud's page that lists the family's sizes. */
  source: string;
  types: Record<string, MachineType>;
}

/** Merges families into one table, refusing a type listed twice (a mistake in a family's ladder). */
export function tableOf(families: Family[]): Record<string, MachineType> {
  const table: Record<string, MachineType> = {};
  for (const f of families) {
    for (const [name, mt] of Object.entries(f.types)) {
      if (Object.hasOwn(table, name)) throw new Error(`machine type ${name} is listed twice`);
      table[name] = mt;
    }
  }
  return table;
}
