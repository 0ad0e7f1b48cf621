/**
 * `pnpm prices:check [--root DIR]`: after refreshing a price table, is every price the network
 * needs there? Plans every stack of the network under DIR (default: this checkout) and lists each
 * planned machine type, GPU, service or region the tables lack, then every machine type of the
 * config's tables with neither a price nor a stated reason (`unpriced`). Exit 0 when nothing is
 * missing, 1 otherwise. docs/platform/costs.md#refreshing-the-price-tables.
 */
import * as path from "node:path";
import { CLOUDS, formatProblem, MACHINE_TYPES } from "@hubnet/config";
import { estimateStack, PRICE_TABLES, planNetwork, priceTableFile, unpricedReason } from "../src";

async function main(): Promise<number> {
  const i = process.argv.indexOf("--root");
  const root = path.resolve(i > 0 ? (process.argv[i + 1] ?? ".") : path.resolve(__dirname, "../../.."));
  const result = await planNetwork({ root, communities: "all" });
  if (result.problems.length > 0) {
    for (const p of result.problems) console.error(formatProblem(p, root));
    console.error("the network does not plan: fix the problems above first");
    return 1;
  }
  const missing: string[] = [];
  for (const s of [...result.clusters, ...result.communities])
    for (const m of estimateStack(s.kind, s.stack, s.resources).missing)
      missing.push(`${s.kind} ${s.stack}: ${m}`);
  for (const cloud of CLOUDS) {
    const table = PRICE_TABLES[cloud];
    const types = Object.keys(MACHINE_TYPES[cloud] ?? {});
    if (!table) {
      if (types.length) missing.push(`${cloud}: no price table (${priceTableFile(cloud)})`);
      continue;
    }
    const priced = new Set(Object.values(table.regions).flatMap((r) => Object.keys(r.machines ?? {})));
    for (const t of types)
      if (!priced.has(t) && !unpricedReason(cloud, t))
        missing.push(
          `${cloud} ${t}: in the machine-type table, neither priced nor listed as unpriced (${priceTableFile(cloud)})`,
        );
  }
  for (const m of missing) console.log(`missing: ${m}`);
  const stacks = result.clusters.length + result.communities.length;
  console.log(
    missing.length
      ? `${missing.length} price(s) missing`
      : `every price is there: ${stacks} stacks planned; tables of ${Object.values(PRICE_TABLES)
          .map((t) => `${t.cloud} ${t.date}`)
          .join(", ")}`,
  );
  return missing.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(3);
  },
);
