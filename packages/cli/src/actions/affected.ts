/**
 * `hubnet affected --base <ref> [--head <ref>]`: the stacks a change affects, in deploy order,
 * derived from what each stack depends on (changes/affected.ts).
 */
import type { AffectedStack } from "../changes/affected";
import { affectedBy, compare, stopOnTreeProblems } from "../changes/compare";
import type { GlobalOptions } from "../global-options";
import { Output, plural, printable } from "../output";
import { resolveRoot } from "../root";

/** `hubnet affected`'s own options (declared in commands/affected.ts). */
export interface AffectedOptions {
  base: string;
  head?: string;
}

export type AffectedJson = {
  ok: true;
  base: { ref: string; commit: string };
  head: { ref: string; commit: string };
  /** The merge base the change is measured from. */
  from: string;
  stacks: AffectedStack[];
  problems: [];
};

export async function affected(opts: AffectedOptions & GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "affected");
  const c = compare(root, opts.base, opts.head, "affected");
  const out = new Output({ color: opts.color });
  // What validate does not read is never a stack to deploy (nor a link a removed one).
  stopOnTreeProblems(c, out, opts);
  const stacks = await affectedBy(c);
  if (opts.json) {
    const json: AffectedJson = {
      ok: true,
      base: { ref: c.baseRef, commit: c.baseCommit },
      head: { ref: c.headRef, commit: c.head },
      from: c.from,
      stacks,
      problems: [],
    };
    out.json(json);
    return;
  }
  const st = out.style;
  if (stacks.length === 0) {
    out.line(
      `${st.green("✓")} no stack is affected by ${plural(c.changed.length, "changed file")} (${c.baseRef}...${c.headRef})`,
    );
    return;
  }
  out.line(`${plural(stacks.length, "stack")} affected by ${c.baseRef}...${c.headRef}, in deploy order:`);
  const width = Math.max(...stacks.map((s) => s.stack.length));
  for (const s of stacks) {
    const change =
      s.change === "changed"
        ? ""
        : s.change === "added"
          ? ` (${st.green("added")})`
          : ` (${st.red("removed")}${s.tracked ? ", listed in stacks/removed.yaml" : `: ${st.red("not listed in stacks/removed.yaml")}, which it must be while it still runs`})`;
    out.line(printable(`  ${s.phase.padEnd(10)} ${s.project.padEnd(9)} ${s.stack.padEnd(width)}${change}`));
    for (const r of s.reasons.slice(0, 3)) out.line(printable(`      ${st.dim(r)}`));
    if (s.reasons.length > 3) out.line(`      ${st.dim(`and ${s.reasons.length - 3} more`)}`);
  }
}
