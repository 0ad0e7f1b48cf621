/**
 * What the config layer knows of one cloud, in one module per cloud
 * (`gcp.ts`, `aws.ts`, `azure.ts`, `local.ts`): its schema branch, the machine
 * types and GPUs its node pools may use, where its region is, and the checks
 * its cluster component needs. `index.ts` derives the cluster schema, the
 * machine-type table, `clusterRegion` and the platform checks from them.
 */
import type { z } from "zod";
import type { Loaded } from "../loaded";
import type { Problem } from "../problems";

export interface MachineType {
  cpu: number;
  memoryGiB: number;
  /** A GPU that comes with the machine type (AWS, Azure, GCP G2/A2). */
  gpu?: { type: string; count: number };
  /** GPUs that can be attached to this machine type (GCP N1). */
  attachableGpus?: string[];
}

export interface CloudConfig<S extends z.ZodObject = z.ZodObject> {
  /** The `hubnet:cluster` branch of this cloud: a strict object whose `cloud` is this cloud's literal. */
  schema: S;
  /**
   * Machine types node pools may use, and what a node of each type has. Clouds without node pools
   * (local) have none. The table is deliberately small and reviewed: add a type when a cluster needs one.
   */
  machineTypes?: Record<string, MachineType>;
  /** GPU accelerators of this cloud and the regions that offer them. */
  gpuRegions?: Record<string, string[]>;
  /** The region (or location) a cluster of this cloud runs in. */
  region(config: z.output<S>): string;
  /** Checks of what this cloud's cluster component needs beyond machine types and GPUs. */
  checks(loaded: Loaded<z.output<S>>): Problem[];
}

/** Declares a cloud's config module (keeps the schema's own type, so the union of the branches is typed). */
export function defineCloud<S extends z.ZodObject>(config: CloudConfig<S>): CloudConfig<S> {
  return config;
}
