/** `hubnet catalog`: its options and help. The work is in actions/catalog.ts, loaded when it runs. */
import type { Command } from "commander";
import type { CatalogOptions } from "../actions/catalog";
import { examples, options } from "./options";

export function declareCatalog(program: Command): void {
  program
    .command("catalog")
    .description(
      "Write the network's catalog: a static site with a card and a page per community (hubs, login, machines, dask, buckets).",
    )
    .option(
      "--out <dir>",
      "the folder the site is written to (index.html, network.html, style.css, communities/<name>.html)",
    )
    .option(
      "--usage <file>",
      "a month of use written by `hubnet usage --out <file>`: adds usage.html, with plots",
    )
    .addHelpText(
      "after",
      examples([
        ["hubnet catalog --out out/catalog", "then open out/catalog/index.html"],
        ["hubnet catalog --out _site --json", "for a pipeline: {ok, out, communities, files, problems}"],
        ["hubnet catalog --out _site --usage usage.json", "with the usage page of that month"],
      ]),
    )
    .action(async (_opts: CatalogOptions, command: Command) => {
      const { catalog } = require("../actions/catalog") as typeof import("../actions/catalog");
      await catalog(options<CatalogOptions>(command));
    });
}
