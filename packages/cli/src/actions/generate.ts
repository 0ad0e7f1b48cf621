/** `hubnet generate`: JSON Schemas and config reference docs from the zod schemas. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles, inspect, readFileInTree } from "@hubnet/config";
import { Exit, ExitCode } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, problemJson } from "../output";
import { resolveRoot } from "../root";

/** `hubnet generate`'s own options (declared in commands/generate.ts). */
export interface GenerateOptions {
  check?: boolean;
}

/** Largest generated file read back (the JSON Schemas and references are tens of kilobytes). */
const MAX_GENERATED_BYTES = 16 * 1024 * 1024;

/**
 * Files under `root` whose content differs from what generate writes (missing files count, and so
 * does a symbolic link or special file in their place: it is never read or written through).
 */
export function staleFiles(root: string, files: Record<string, string> = generatedFiles()): string[] {
  return Object.entries(files)
    .filter(([rel, text]) => readFileInTree(root, path.join(root, rel), MAX_GENERATED_BYTES).text !== text)
    .map(([rel]) => rel);
}

const STALE = "out of date; run `pnpm hubnet generate` and commit the result";

export async function generate(opts: GenerateOptions & GlobalOptions): Promise<void> {
  const root = resolveRoot(opts.root, "generate");
  const out = new Output({ color: opts.color });
  const files = generatedFiles();
  const stale = staleFiles(root, files);
  if (opts.check) {
    if (opts.json) {
      const problems = stale.map((file) => ({ file, line: null, column: null, path: null, message: STALE }));
      out.json({ ok: stale.length === 0, stale, problems });
    } else if (stale.length === 0) {
      out.line(`${out.style.green("✓")} generated files are up to date`);
    } else {
      for (const rel of stale) out.line(`${rel}: ${STALE}`);
    }
    if (stale.length > 0) throw new Exit(ExitCode.Problems);
    return;
  }
  const refused = stale.flatMap((rel) => {
    const state = inspect(root, path.join(root, rel));
    return state.kind === "refused" ? [state.problem] : [];
  });
  if (refused.length > 0) {
    // Never written through a link or into a special file: say where, change nothing.
    if (opts.json) out.json({ ok: false, written: [], problems: refused.map((p) => problemJson(p, root)) });
    else out.problems(refused);
    throw new Exit(ExitCode.Problems);
  }
  for (const rel of stale) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, files[rel]);
    if (!opts.json) out.line(`wrote ${rel}`);
  }
  if (opts.json) out.json({ ok: true, written: stale, problems: [] });
  else
    out.line(
      `${out.style.green("✓")} ${stale.length === 0 ? "generated files are up to date" : `${stale.length} of ${Object.keys(files).length} files written`}`,
    );
}
