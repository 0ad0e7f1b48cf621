/** `hubnet usage`: its options and help. The work is in actions/usage.ts, loaded when it runs. */
import type { Command } from "commander";
import type { UsageOptions } from "../actions/usage";
import { examples, options } from "./options";

export function declareUsage(program: Command): void {
  program
    .command("usage")
    .description(
      "A month of use per community and for the network (active users, server hours, peak servers, GPU hours, estimated cost against budget), from the clusters' Prometheus.",
    )
    .requiredOption(
      "--prometheus <[cluster=]url>",
      "a cluster's Prometheus (repeat for each cluster; without cluster=, one Prometheus for every cluster)",
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option("--month <YYYY-MM>", "the month (default: the last whole month)")
    .option("--token-env <VAR>", "a bearer token for Prometheus, read from this environment variable")
    .option("--out <file>", "also write the JSON report to this file (what `hubnet catalog --usage` reads)")
    .addHelpText(
      "after",
      "\nHubs are scraped by the cluster baseline's Prometheus; reach it with\n" +
        "`kubectl -n monitoring port-forward svc/<release>-prometheus 9090`. docs/platform/usage.md.\n" +
        examples([
          ["hubnet usage --prometheus http://127.0.0.1:9090", "last month, one cluster"],
          [
            "hubnet usage --prometheus gcp-shared=http://127.0.0.1:9090 --prometheus aws-research=http://127.0.0.1:9091 --month 2026-11",
            "November, two clusters",
          ],
          [
            "hubnet usage --prometheus http://127.0.0.1:9090 --json --out usage.json",
            "as JSON, kept for the catalog",
          ],
        ]),
    )
    .action(async (_opts: UsageOptions, command: Command) => {
      const { usage } = require("../actions/usage") as typeof import("../actions/usage");
      await usage(options<UsageOptions>(command));
    });
}
