/**
 * `hubnet catalog --out DIR`: the network's catalog, a static site (HTML and
 * CSS, no JavaScript) with one card and one page per community, from the same
 * config as everything else. Only a valid network is published.
 */
import * as path from "node:path";
import { buildCatalog } from "@hubnet/catalog";
import {
  checkOutputDir,
  loadNetwork,
  OutputDirError,
  type OutputDirOptions,
  writeOutputDir,
} from "@hubnet/config";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, plural, problemJson } from "../output";
import { resolveRoot } from "../root";
import { communityProjects } from "../upstream/projects";
import { readReleaseTable } from "../upstream/table";
import { readUsageFile, UsageFileError } from "../usage/file";

export interface CatalogOptions {
  out?: string;
  /** A `hubnet usage --out` file: adds the usage page. */
  usage?: string;
}

export async function catalog(opts: CatalogOptions & GlobalOptions): Promise<void> {
  if (!opts.out)
    throw new UsageError("--out <dir> is required: the folder the site is written to", "catalog");
  const root = resolveRoot(opts.root, "catalog");
  const target = opts.out;
  const outputOptions: OutputDirOptions = { command: "hubnet catalog", root };
  // A refused --out costs nothing: checked before the network is read.
  outputDir(() => checkOutputDir(target, outputOptions));
  const out = new Output({ color: opts.color });
  let usage: ReturnType<typeof readUsageFile> | undefined;
  try {
    usage = opts.usage === undefined ? undefined : readUsageFile(path.resolve(opts.usage));
  } catch (e) {
    if (e instanceof UsageFileError) throw new UsageError(e.message, "catalog");
    throw e;
  }
  const network = loadNetwork(root);
  if (network.problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: network.problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(network.problems);
      out.line(`${out.style.red("✗")} ${plural(network.problems.length, "problem")}: no catalog was written`);
    }
    throw new Exit(ExitCode.Problems);
  }
  const table = readReleaseTable();
  const projects = Object.fromEntries(
    [...network.communities.values()].map((c) => [c.config.name, communityProjects(c.config, table)]),
  );
  const { cards, files } = buildCatalog(network, { projects, usage });
  const written = outputDir(() => writeOutputDir(target, files, outputOptions));
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

/** A refused or unwritable --out is a usage error (exit 2); nothing was changed. */
function outputDir<T>(write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (err instanceof OutputDirError) throw new UsageError(err.message, "catalog");
    throw err;
  }
}
