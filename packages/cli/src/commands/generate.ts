/** `hubnet generate`: JSON Schemas and config reference docs from the zod schemas. */
import * as fs from "node:fs";
import * as path from "node:path";
import { generatedFiles } from "@hubnet/config";
import type { Command } from "commander";
import { Exit, ExitCode } from "../exit-codes";
import { Output } from "../output";
import { resolveRoot } from "../root";

/** Files under `root` whose content differs from what generate writes (missing files count). */
export function staleFiles(root: string, files: Record<string, string> = generatedFiles()): string[] {
  return Object.entries(files)
    .filter(([rel, text]) => {
      const file = path.join(root, rel);
      return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
    })
    .map(([rel]) => rel);
}

export function registerGenerate(program: Command): void {
  program
    .command("generate")
    .description(
      "Write the JSON Schemas (packages/config/schemas) and the config reference (docs/reference).",
    )
    .option("--check", "write nothing; exit 1 listing the files that are out of date")
    .option("--root <dir>", "the hubnet checkout (default: the repository around the working directory)")
    .action((opts: { check?: boolean; root?: string }) => {
      const root = resolveRoot(opts.root, "generate");
      const out = new Output();
      const files = generatedFiles();
      const stale = staleFiles(root, files);
      if (opts.check) {
        if (stale.length === 0) {
          out.line(`${out.style.green("✓")} generated files are up to date`);
          return;
        }
        for (const rel of stale)
          out.line(`${rel}: out of date; run \`pnpm hubnet generate\` and commit the result`);
        throw new Exit(ExitCode.Problems);
      }
      for (const rel of stale) {
        const file = path.join(root, rel);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, files[rel]);
        out.line(`wrote ${rel}`);
      }
      out.line(
        `${out.style.green("✓")} ${stale.length === 0 ? "generated files are up to date" : `${stale.length} of ${Object.keys(files).length} files written`}`,
      );
    });
}
