/**
 * What a provider's resources mean to hubnet, in one table per provider (decision 0022): which
 * types hold user data or are clusters, which contain other resources that go with them, the
 * input fields whose change makes the provider replace a resource (ForceNew), the provider
 * settings whose change relocates every resource it manages, and the changes the cloud or
 * Kubernetes refuses. The diff, its data-loss guard, the plan's summary and the policies read
 * these tables (through `RESOURCE_FACTS` in ./index.ts); none keeps a list of its own.
 *
 * The tables are data only: @hubnet/plan and @hubnet/policies read them without loading a Pulumi
 * provider SDK. Every fact names its source (`source`): the provider's code at a pinned commit,
 * or its documentation where the code was not read.
 */

/**
 * What a resource holds, for the data-loss guard and the summary:
 * - `home-storage`: the file share users' homes live on;
 * - `volume`: another disk, volume or claim that holds data (a hub database, a home claim);
 * - `bucket`: object storage (a `-scratch` bucket's objects expire anyway: not user data);
 * - `cluster`: a Kubernetes cluster, holding every hub's namespace, claims and database on it.
 */
export type Holds = "home-storage" | "volume" | "bucket" | "cluster";

/**
 * What lives in a resource and goes with it when it is deleted or replaced:
 * - `namespace`: every object of the namespace (`metadata.namespace`, a Helm release's `namespace`);
 * - `dependents`: every resource whose inputs come from it (a cluster's node pools, the
 *   Kubernetes provider built from its kubeconfig and so every object on the cluster; everything
 *   in a resource group);
 * - `release`: the objects a Helm release's chart created (not rows of a plan: what they hold is
 *   decided from the release's values, see `releaseHolds` in @hubnet/plan's diff).
 */
export type Contains = "namespace" | "dependents" | "release";

/** An input the cloud or Kubernetes refuses to decrease: the update fails at deploy time. */
export interface NoShrink {
  /** The input's dotted path (array positions left out): `fileShares.capacityGb`. */
  path: string;
  /** How to read it: a number, or a Kubernetes quantity (`10Gi`). */
  unit: "number" | "quantity";
  /** Allowed after all when another input has one of these values (Filestore's tiers that shrink). */
  allowedWhen?: { path: string; values: readonly string[] };
  /** What refuses it, for the message. */
  refusedBy: string;
  source: string;
}

export interface TypeFacts {
  holds?: Holds;
  contains?: Contains;
  /** Input paths (dotted, array positions left out) whose change replaces the resource; `*`: every input. */
  replaceOnChange?: readonly string[];
  noShrink?: readonly NoShrink[];
  /**
   * Where the type keeps its cost-attribution labels, as a path into its inputs (GCP's `labels`,
   * a GKE cluster's `resourceLabels`); types without it that take `tags` are the provider's rule.
   */
  labels?: readonly string[];
  /** Where `replaceOnChange` (and the rest of this row) comes from. */
  source: string;
}

export interface ProviderFacts {
  /** The provider package: the first part of its type tokens (`gcp` of `gcp:compute/network:Network`). */
  package: string;
  /**
   * Provider inputs whose change moves what the provider manages: the provider's DiffConfig
   * answers "replace" (so the engine replaces every resource it manages), or each resource's own
   * ForceNew field defaults to the provider's value (GCP's `project`, AWS's `region`).
   */
  relocating: readonly string[];
  relocatingSource: string;
  /** The most e-mail recipients one budget alert of this cloud notifies, and where that limit is stated. */
  budgetRecipients?: { max: number; source: string };
  /** Input paths every type of this provider is replaced on (Kubernetes: its name and namespace). */
  everyType?: readonly string[];
  types: Readonly<Record<string, TypeFacts>>;
}

/** A type's facts in `tables`: its own row, with its provider's `everyType` fields added. */
export function factsIn(tables: readonly ProviderFacts[], type: string): TypeFacts | undefined {
  const p = providerIn(tables, type);
  const own = p?.types[type];
  if (!p || (!own && !p.everyType)) return undefined;
  return {
    ...own,
    replaceOnChange: [...(p.everyType ?? []), ...(own?.replaceOnChange ?? [])],
    source: own?.source ?? p.relocatingSource,
  };
}

/** The table of the provider a type (or a `pulumi:providers:<package>` type) belongs to. */
export function providerIn(tables: readonly ProviderFacts[], type: string): ProviderFacts | undefined {
  const pkg = type.startsWith("pulumi:providers:")
    ? type.slice("pulumi:providers:".length)
    : type.split(":")[0];
  return tables.find((t) => t.package === pkg);
}

/** Every type of `tables` that holds one of `holds`. */
export function typesHolding(tables: readonly ProviderFacts[], ...holds: Holds[]): string[] {
  return tables.flatMap((t) =>
    Object.entries(t.types)
      .filter(([, f]) => f.holds !== undefined && holds.includes(f.holds))
      .map(([type]) => type),
  );
}

/** Every type of `tables` with its `labels` field: where its cost-attribution labels live. */
export function labelFieldsIn(tables: readonly ProviderFacts[]): Record<string, readonly string[]> {
  return Object.fromEntries(
    tables.flatMap((t) =>
      Object.entries(t.types).flatMap(([type, f]) => (f.labels ? [[type, f.labels]] : [])),
    ),
  );
}
