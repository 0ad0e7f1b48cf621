/** Finding the hubnet checkout a command works on. */
import * as fs from "node:fs";
import * as path from "node:path";
import { UsageError } from "./exit-codes";

/** Walk up from `from` to the folder with pnpm-workspace.yaml and communities/; else `from`. */
export function findRepoRoot(from: string = process.cwd()): string {
  let dir = path.resolve(from);
  for (;;) {
    if (fs.existsSync(path.join(dir, "pnpm-workspace.yaml")) && fs.existsSync(path.join(dir, "communities")))
      return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(from);
    dir = parent;
  }
}

/** `--root DIR` if given (it must be an existing folder), else the repository root. */
export function resolveRoot(option: string | undefined, command: string): string {
  if (option === undefined) return findRepoRoot();
  const dir = path.resolve(option);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `--root ${option}: ${code === "ENOENT" ? "no such folder" : `cannot read it (${code ?? String(err)})`}`,
      command,
    );
  }
  if (!stat.isDirectory()) throw new UsageError(`--root ${option}: not a folder`, command);
  return dir;
}
