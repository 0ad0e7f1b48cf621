/**
 * `hubnet rollout --base <ref> [--head <ref>]`: the waves of a deploy (changes/rollout.ts) of the
 * stacks a change affects (changes/affected.ts), with the canaries and batch sizes of
 * `stacks/rollout.yaml`. The deploy workflow runs one job matrix per wave.
 */

import * as path from "node:path";
import { listClusterFiles, listCommunityFiles, loadRolloutFile } from "@hubnet/config";
import { affectedBy, compare } from "../changes/compare";
import { rolloutPlan } from "../changes/rollout";
import { Exit, ExitCode } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, plural, printable, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface RolloutOptions {
  base: string;
  head?: string;
}

export async function rollout(opts: RolloutOptions & GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "rollout");
  const c = compare(root, opts.base, opts.head, "rollout");
  const out = new Output({ color: opts.color });
  const communities = new Set(listCommunityFiles(root).files.map((f) => path.basename(path.dirname(f))));
  const clusters = new Set<string>(
    listClusterFiles(root).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(path.basename(f))?.[1] ?? ""),
  );
  const { rollout: config, problems } = loadRolloutFile(root, { communities, clusters });
  if (!config) {
    if (opts.json) out.json({ ok: false, problems: problems.map((p) => problemJson(p, root)) });
    else out.problems(problems);
    throw new Exit(ExitCode.Problems);
  }
  const plan = rolloutPlan(await affectedBy(c), config);
  if (opts.json) {
    out.json({
      ok: true,
      base: { ref: c.baseRef, commit: c.baseCommit },
      head: { ref: c.headRef, commit: c.head },
      ...plan,
      problems: [],
    });
    return;
  }
  const st = out.style;
  if (plan.waves.length === 0) out.line(`${st.green("✓")} nothing to deploy (${c.baseRef}...${c.headRef})`);
  plan.waves.forEach((w, i) => {
    const stacks = w.batches.reduce((n, b) => n + b.stacks.length, 0);
    out.line(
      `wave ${i + 1}: ${w.kind}, ${plural(stacks, "stack")} in ${plural(w.batches.length, "batch", "batches")}, ${w.maxParallel} at once`,
    );
    for (const b of w.batches.slice(0, 20))
      out.line(
        printable(
          `  ${b.name}: ${b.stacks.map((s) => (s.target === "all" ? s.stack : `${s.stack} (${s.target})`)).join(", ")}`,
        ),
      );
    if (w.batches.length > 20) out.line(st.dim(`  and ${w.batches.length - 20} more batches`));
  });
  for (const s of plan.skipped)
    out.line(printable(`  ${st.yellow("!")} ${s.project}/${s.stack}: ${s.reason}`));
}
