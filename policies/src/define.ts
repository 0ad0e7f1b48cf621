/**
 * The shape of a hubnet policy: `@pulumi/policy`'s own types, with the name, enforcement level and
 * description from the catalog in @hubnet/config (the contract community files and docs name).
 */
import { type PolicyInfo, type PolicyName, policyInfo } from "@hubnet/config";
import type {
  PolicyResource,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import { type Maybe, resolved, UNKNOWN } from "./values";

export type HubnetPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Name, description and enforcement level of a catalogued policy. */
export function meta(name: PolicyName): {
  name: string;
  description: string;
  enforcementLevel: PolicyInfo["level"];
} {
  const info = policyInfo(name);
  if (!info)
    throw new Error(`policy "${name}" is not in the catalog (packages/config/src/policy-catalog.ts)`);
  return { name, description: info.description, enforcementLevel: info.level };
}

export function isStackPolicy(p: HubnetPolicy): p is StackValidationPolicy {
  return typeof (p as StackValidationPolicy).validateStack === "function";
}

/** A resource of a stack with its inputs as plain data (unknown parts are UNKNOWN). */
export interface Res {
  urn: string;
  type: string;
  name: string;
  props: Record<string, unknown>;
  protect: boolean;
  parent?: string;
  /** The resources each input was computed from, by input name (URNs). */
  dependsOn: Record<string, string[]>;
  raw: PolicyResource;
}

/** The stack's resources as plain data, once per validation. */
export function stackResources(args: StackValidationArgs): Res[] {
  return args.resources.map((r) => {
    const props = resolved(r.props);
    const dependsOn: Record<string, string[]> = {};
    for (const [k, deps] of Object.entries(r.propertyDependencies ?? {}))
      dependsOn[k] = deps.map((d) => d.urn);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      props: props === UNKNOWN ? {} : ((props ?? {}) as Record<string, unknown>),
      protect: r.opts?.protect === true,
      parent: r.parent?.urn ?? r.opts?.parent,
      dependsOn,
      raw: r,
    };
  });
}

/** Does input `prop` of `r` refer to `target`: computed from it, or equal to one of its known names? */
export function refersTo(r: Res, prop: string, target: Res, names: Maybe<unknown>[] = []): boolean {
  if ((r.dependsOn[prop] ?? []).includes(target.urn)) return true;
  const v = r.props[prop];
  return v !== UNKNOWN && v !== undefined && names.some((n) => n !== UNKNOWN && n !== undefined && n === v);
}

/** The hubnet component (Hub, Community, cluster) a resource sits under, by walking its parents. */
export function ancestorOfType(r: Res, byUrn: Map<string, Res>, typePrefix: string): Res | undefined {
  let cur = r.parent ? byUrn.get(r.parent) : undefined;
  for (let i = 0; cur && i < 64; i++) {
    if (cur.type.startsWith(typePrefix)) return cur;
    cur = cur.parent ? byUrn.get(cur.parent) : undefined;
  }
  return undefined;
}

/** Whether `urn`'s type is one of a hub's components (`...$hubnet:hub:Hub$...` in the qualified type). */
export function underHub(urn: string): boolean {
  const type = urn.split("::")[2] ?? "";
  return type.split("$").slice(0, -1).includes("hubnet:hub:Hub");
}
