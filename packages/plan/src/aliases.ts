/**
 * The former URNs a resource answers to, worked out as the Pulumi engine does
 * from the aliases a program gives (`opts.aliases`) and those a resource
 * inherits from its parents. A plan shows them so that a reviewer (and
 * test/scripts/plan-identical.ts) can see that a resource the program moved
 * (a new parent, a new name) is the same resource to a deployed stack, not a
 * replacement.
 */

/** An alias as the SDK sends it to the engine: a whole URN, or the parts of one that differ. */
export interface AliasSpec {
  urn?: string;
  name?: string;
  type?: string;
  stack?: string;
  project?: string;
  /** The former parent; `noParent`: the resource stood at the top of the stack. */
  parentUrn?: string;
  noParent?: boolean;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

interface UrnParts {
  stack: string;
  project: string;
  /** The type qualified with the types of its parents, `Parent$Child`. */
  qualifiedType: string;
  name: string;
}

export function parseUrn(urn: string): UrnParts {
  const m = /^urn:pulumi:(.*?)::(.*?)::(.*?)::(.*)$/s.exec(urn);
  if (!m) throw new Error(`not a URN: ${urn}`);
  return { stack: m[1], project: m[2], qualifiedType: m[3], name: m[4] };
}

/**
 * The URN the engine gives a resource of `type` and `name` under `parentUrn` (none or the stack: top
 * level): the type is qualified with the parent's whole qualified type, `Grandparent$Parent$Type`.
 */
export function makeUrn(
  stack: string,
  project: string,
  parentUrn: string | undefined,
  type: string,
  name: string,
) {
  const parentType = parentUrn ? parseUrn(parentUrn).qualifiedType : undefined;
  const qualified = parentType && parentType !== ROOT_STACK_TYPE ? `${parentType}$${type}` : type;
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

export interface AliasedResource {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  aliases: AliasSpec[];
}

/**
 * Every former URN of `r`: its own aliases, and each of its parent's former URNs applied to it (a
 * child's name that starts with its parent's name follows the parent's former name).
 * `parentAliases` are the parent's own former URNs, worked out the same way.
 *
 * Only moves and renames are kept: an alias to another type is left out, as provider SDKs give
 * those to every resource of a kind whose API version changed (Kubernetes `extensions/v1beta1`),
 * whatever the program does.
 */
export function formerUrns(r: AliasedResource, parentAliases: readonly string[]): string[] {
  const { stack, project } = parseUrn(r.urn);
  const own = r.aliases.map((a) => {
    if (a.urn) return a.urn;
    const parent = a.noParent ? undefined : (a.parentUrn ?? r.parent ?? undefined);
    return makeUrn(a.stack || stack, a.project || project, parent, a.type || r.type, a.name || r.name);
  });
  const inherited: string[] = [];
  if (r.parent) {
    const parentName = parseUrn(r.parent).name;
    for (const parentAlias of parentAliases) {
      for (const urn of [r.urn, ...own]) {
        const { qualifiedType, name } = parseUrn(urn);
        const type = qualifiedType.split("$").pop() ?? qualifiedType;
        const aliasName = name.startsWith(parentName)
          ? parseUrn(parentAlias).name + name.slice(parentName.length)
          : name;
        inherited.push(makeUrn(stack, project, parentAlias, type, aliasName));
      }
    }
  }
  const sameType = (urn: string) => parseUrn(urn).qualifiedType.split("$").pop() === r.type;
  return [...new Set([...own, ...inherited])].filter((u) => u !== r.urn && sameType(u));
}
