/** `hubnet generate`: JSON Schemas and config reference docs from the zod schemas. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "@hubnet/config";
import { Exit, ExitCode } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output } from "../output";
import { resolveRoot } from "../root";

/** `hubnet generate`'s own options (declared in commands/generate.ts). */
export interface GenerateOptions {
  check?: boolean;
}

/** Files under `root` whose content differs from what generate writes (missing files count). */
export function staleFiles(root: string, files: Record<string, string> = generatedFiles()): string[] {
  return Object.entries(files)
    .filter(([rel, text]) => {
      const file = path.join(root, rel);
      return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
    })
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
