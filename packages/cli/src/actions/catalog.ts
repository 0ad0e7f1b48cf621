/**
 * `hubnet catalog --out DIR`: the network's catalog, a static site (HTML and
 * CSS, no JavaScript) with one card and one page per community, from the same
 * config as everything else. Only a valid network is published.
 */
import * as path from "node:path";
import { buildCatalog, OutError, writeCatalog } from "@hubnet/catalog";
import { loadNetwork } from "@hubnet/config";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface CatalogOptions {
  out?: string;
}

export async function catalog(opts: CatalogOptions & GlobalOptions): Promise<void> {
  if (!opts.out)
    throw new UsageError("--out <dir> is required: the folder the site is written to", "catalog");
  const root = resolveRoot(opts.root, "catalog");
  const out = new Output({ color: opts.color });
  const network = loadNetwork(root);
  if (network.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: network.problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(network.problems);
      out.line(`${out.style.red("✗")} ${plural(network.problems.length, "problem")}: no catalog was written`);
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
      problems: [],
    });
  else
    out.line(
      `${out.style.green("✓")} catalog of ${plural(cards.length, "community", "communities")}: ${plural(written.length, "file")} under ${opts.out} (open ${path.join(opts.out, "index.html")})`,
    );
}
