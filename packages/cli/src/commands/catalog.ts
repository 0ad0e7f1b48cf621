/**
 * `hubnet catalog --out DIR`: the network's catalog, a static site (HTML and
 * CSS, no JavaScript) with one card and one page per community, from the same
 * config as everything else. Only a valid network is published.
 */
import * as path from "node:path";
import { buildCatalog, OutError, writeCatalog } from "@hubnet/catalog";
import { loadNetwork } from "@hubnet/config";
import type { Command } from "commander";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import { Output, plural } from "../output";
import { resolveRoot } from "../root";

interface CatalogOptions {
  out?: string;
  root?: string;
  json?: boolean;
}

export function registerCatalog(program: Command): void {
  program
    .command("catalog")
    .description(
      "Write the network's catalog: a static site with a card and a page per community (hubs, login, machines, dask, buckets).",
    )
    .option(
      "--out <dir>",
      "the folder the site is written to (index.html, style.css, communities/<name>.html)",
    )
    .option("--root <dir>", "the hubnet checkout (default: the repository around the working directory)")
    .option("--json", "print what was written as JSON")
    .addHelpText("after", "\nExample:\n  hubnet catalog --out out/catalog && open out/catalog/index.html\n")
    .action((opts: CatalogOptions) => {
      if (!opts.out)
        throw new UsageError("--out <dir> is required: the folder the site is written to", "catalog");
      const root = resolveRoot(opts.root, "catalog");
      const out = new Output();
      const network = loadNetwork(root);
      if (network.problems.length > 0) {
        if (opts.json)
          out.json({
            ok: false,
            problems: network.problems.map((p) => ({
              file: p.file ? path.relative(root, p.file) : null,
              line: p.line ?? null,
              column: p.line === undefined ? null : (p.col ?? 1),
              path: p.path ?? null,
              message: p.message,
            })),
          });
        else {
          out.problems(network.problems);
          out.line(
            `${out.style.red("✗")} ${plural(network.problems.length, "problem")}: no catalog was written`,
          );
        }
        throw new Exit(ExitCode.Problems);
      }
      const { cards, files } = buildCatalog(network);
      let written: string[];
      try {
        written = writeCatalog(opts.out, files);
      } catch (err) {
        if (err instanceof OutError) throw new UsageError(`--out ${err.message}`, "catalog");
        throw err;
      }
      if (opts.json)
        out.json({
          ok: true,
          out: path.resolve(opts.out),
          communities: cards.map((c) => c.name),
          files: Object.keys(files),
        });
      else
        out.line(
          `${out.style.green("✓")} catalog of ${plural(cards.length, "community", "communities")}: ${plural(written.length, "file")} under ${opts.out} (open ${path.join(opts.out, "index.html")})`,
        );
    });
}
