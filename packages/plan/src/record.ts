/**
 * What a program passed to each resource, as the Pulumi SDK serialized it for
 * the engine, turned into plain JSON. Secrets become "[secret]": a plan never
 * holds a secret's value, whatever the program passed.
 */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  /** The former URNs this resource answers to (its aliases, and those inherited from its parents). */
  aliases?: string[];
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  /** The explicit provider reference, for custom resources. */
  provider?: string;
  /** The resources this one depends on (its inputs' sources and `dependsOn`). */
  dependencies?: string[];
  /** Per input, the resources its value was computed from. */
  propertyDependencies?: Record<string, string[]>;
  /**
   * The resource options that change what a deploy does, as the SDK sent them to the engine (present
   * only when set): `deleteBeforeReplace` (a replacement deletes first: the resource is gone meanwhile),
   * `replaceOnChanges` (inputs whose change replaces), `ignoreChanges` (inputs a deploy never updates),
   * `dependsOn` (explicit ordering: the dependencies no input accounts for) and `deletedWith`.
   * Aliases are `aliases` above.
   */
  options?: ResourceOptionsRecord;
}

export interface ResourceOptionsRecord {
  deleteBeforeReplace?: boolean;
  replaceOnChanges?: string[];
  ignoreChanges?: string[];
  dependsOn?: string[];
  deletedWith?: string;
}

export const SECRET_PLACEHOLDER = "[secret]";
export const UNKNOWN_PLACEHOLDER = "[unknown]";

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SIG = {
  secret: "1b47061264138c4ac30d75fd1eb44270",
  resourceReference: "5cf8f73096256a8f31e491e813e4eb8e",
  outputValue: "d0e6a833031e9bbcd3f4e8bde6ca49a4",
  asset: "c44067f5952c0a294b673a41bacd8c17",
  archive: "0def7320c3a5731c473e5ecbe6d01bc7",
};
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function plainInputs(value: unknown): unknown {
  if (value === UNKNOWN) return UNKNOWN_PLACEHOLDER;
  if (Array.isArray(value)) return value.map(plainInputs);
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const sig = obj[SIG_KEY];
    if (sig === SIG.secret) return SECRET_PLACEHOLDER;
    if (sig === SIG.outputValue) {
      if (obj.secret) return SECRET_PLACEHOLDER;
      return "value" in obj ? plainInputs(obj.value) : UNKNOWN_PLACEHOLDER;
    }
    if (sig === SIG.resourceReference) return { $ref: obj.urn };
    if (sig === SIG.asset) return { $asset: obj.path ?? obj.uri ?? "[text]" };
    if (sig === SIG.archive) return { $archive: obj.path ?? obj.uri ?? "[assets]" };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(obj).sort()) out[k] = plainInputs(obj[k]);
    return out;
  }
  return value;
}

/** Does any value under `value` contain one of `secrets`? For tests that prove a secret never reaches a plan. */
export function containsAny(value: unknown, secrets: readonly string[]): boolean {
  const text = JSON.stringify(value);
  return secrets.some((s) => s.length >= 6 && text.includes(s));
}

/** The component type of a hub: its inputs carry the hub's planning data (`planning`). */
export const HUB_COMPONENT_TYPE = "hubnet:hub:Hub";

/**
 * A jupyterhub release's values with its hub's planning data (the Hub component's `planning` input:
 * cluster, community, hub, home quota, budget, node pools) as `custom.hubnet`, where plans read them.
 * The planning data is not in the deployed values: z2jh copies its values into the hub's Secret, whose
 * checksum restarts the hub, so a budget edit would restart it; a component's inputs deploy nothing.
 * Plans made before the move kept them in the values (`custom.hubnet`): those are used as they are.
 */
export function releaseValuesWithPlanning(
  release: { parent?: string | null; inputs: Record<string, unknown> },
  resources: readonly { urn?: string; type: string; inputs: Record<string, unknown> }[],
): Record<string, unknown> {
  const values = (release.inputs.values ?? {}) as Record<string, unknown>;
  const hub = resources.find(
    (r) => r.type === HUB_COMPONENT_TYPE && r.urn !== undefined && r.urn === release.parent,
  );
  const planning = hub?.inputs.planning;
  if (!planning || typeof planning !== "object") return values;
  const custom = (values.custom && typeof values.custom === "object" ? values.custom : {}) as Record<
    string,
    unknown
  >;
  return { ...values, custom: { ...custom, hubnet: planning } };
}
