/**
 * What the identity that runs `pulumi up` must be allowed, derived from the resource types a stack
 * creates: each cloud's table (`<cloud>/deploy-iam.ts`) grants each type, and the deploy guide's IAM
 * section is generated from the tables (`deployIamMarkdown`). A test renders every cloud's cluster and
 * community stacks and refuses a type without a grant, and a guide that differs from the tables
 * (packages/components/test/deploy-iam.test.ts), so the two cannot drift from the code.
 */

/** One grant: a role (GCP, Azure) or a set of IAM actions (AWS), where it is granted, and why. */
export interface DeployGrant {
  /** The role, or the IAM actions, comma-separated. */
  grant: string;
  /** Where: `project`, `billing account`, `subscription`, `account`. */
  scope: string;
}

/** A cloud's grants by resource type token. */
export type DeployIamTable = Readonly<Record<string, readonly DeployGrant[]>>;

/** Grants needed whatever the types (using a service account, passing a role, listing credentials). */
export interface DeployIamFacts {
  cloud: string;
  table: DeployIamTable;
  /** Grants every stack of the cloud needs beside its types', with the reason. */
  always: readonly (DeployGrant & { why: string })[];
}

/** The grants of `types`, each once (sorted), and the types the table has no grant for. */
export function grantsFor(
  table: DeployIamTable,
  types: Iterable<string>,
): { grants: DeployGrant[]; missing: string[] } {
  const seen = new Map<string, DeployGrant>();
  const missing: string[] = [];
  for (const t of new Set(types)) {
    const g = table[t];
    if (!g) {
      missing.push(t);
      continue;
    }
    for (const x of g) seen.set(`${x.scope}\u0000${x.grant}`, x);
  }
  const grants = [...seen.values()].sort(
    (a, b) => a.scope.localeCompare(b.scope) || a.grant.localeCompare(b.grant),
  );
  return { grants, missing: missing.sort() };
}

/** The deploy guide's table of one cloud: per stack kind, the grants of its resource types. */
export function deployIamMarkdown(
  facts: DeployIamFacts,
  typesByStack: { stack: string; types: Iterable<string> }[],
): string {
  const lines = [`| Stack | Grant | Scope | For |`, `| --- | --- | --- | --- |`];
  for (const { stack, types } of typesByStack) {
    const all = [...new Set(types)].sort();
    const byGrant = new Map<string, { g: DeployGrant; types: string[] }>();
    for (const t of all)
      for (const g of facts.table[t] ?? []) {
        const k = `${g.scope}\u0000${g.grant}`;
        const e = byGrant.get(k) ?? { g, types: [] };
        e.types.push(t.split(":").slice(1).join(":"));
        byGrant.set(k, e);
      }
    const rows = [...byGrant.values()].sort(
      (a, b) => a.g.scope.localeCompare(b.g.scope) || a.g.grant.localeCompare(b.g.grant),
    );
    for (const { g, types: ts } of rows)
      lines.push(`| ${stack} | \`${g.grant}\` | ${g.scope} | ${ts.join(", ")} |`);
  }
  for (const a of facts.always) lines.push(`| every stack | \`${a.grant}\` | ${a.scope} | ${a.why} |`);
  return lines.join("\n");
}
