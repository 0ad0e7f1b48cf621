/** Writing a plan to disk: one resources.json per stack and a plan.json summary. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { PlanResult } from "./plan-network";
import { summarizeStack } from "./summary";

export function writePlan(result: PlanResult, outDir: string): string[] {
  const written: string[] = [];
  const stacks = [...result.clusters, ...result.communities];
  for (const s of stacks) {
    const dir = path.join(outDir, s.kind === "cluster" ? "clusters" : "communities", s.stack);
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "resources.json");
    const rows = s.resources.map(({ urn, type, name, parent, aliases, inputs, protect, retainOnDelete }) => ({
      urn,
      type,
      name,
      parent,
      ...(aliases ? { aliases } : {}),
      inputs,
      protect,
      retainOnDelete,
    }));
    fs.writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
    written.push(file);
  }
  const summary = path.join(outDir, "plan.json");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(
    summary,
    `${JSON.stringify({ version: 1, stacks: stacks.map(summarizeStack) }, null, 2)}\n`,
  );
  written.push(summary);
  return written;
}
