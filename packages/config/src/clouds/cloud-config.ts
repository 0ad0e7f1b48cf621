/**
 * What the config layer knows of one cloud, in one module per cloud
 * (`gcp.ts`, `aws.ts`, `azure.ts`, `local.ts`): its schema branch, the machine
 * types and GPUs its node pools may use, where its region is, and the checks
 * its cluster component needs. `index.ts` derives the cluster schema, the
 * machine-type table, `clusterRegion` and the platform checks from them.
 */
import type { z } from "zod";
import type { Loaded } from "../loaded";
import type { GpuOffer, MachineType } from "../machine-types";
import type { Problem } from "../problems";
import type { ProviderFacts } from "./facts";

export type { GpuOffer, MachineType } from "../machine-types";

export interface CloudConfig<S extends z.ZodObject = z.ZodObject> {
  /** The `hubnet:cluster` branch of this cloud: a strict object whose `cloud` is this cloud's literal. */
  schema: S;
  /**
   * Machine types node pools may use, and what a node of each type has, generated per family in
   * `src/machine-types/<cloud>.ts`. Clouds without node pools (local, existing) have none.
   */
  machineTypes?: Record<string, MachineType>;
  /** GPU accelerators of this cloud, and the regions known to offer them. */
  gpus?: Record<string, GpuOffer>;
  /** The region (or location) a cluster of this cloud runs in. */
  region(config: z.output<S>): string;
  /** Checks of what this cloud's cluster component needs beyond machine types and GPUs. */
  checks(loaded: Loaded<z.output<S>>): Problem[];
  /**
   * What its provider's resources mean (./facts.ts): user data, clusters, containers, ForceNew
   * fields, settings that relocate, changes the cloud refuses. Clouds whose clusters hubnet does
   * not create (existing, local) have none: their resources are Kubernetes objects.
   */
  facts?: ProviderFacts;
}

/** Declares a cloud's config module (keeps the schema's own type, so the union of the branches is typed). */
export function defineCloud<S extends z.ZodObject>(config: CloudConfig<S>): CloudConfig<S> {
  return config;
}
