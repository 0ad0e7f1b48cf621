/**
 * Import cycles between files and between folders, found by dependency-cruiser
 * (docs/decisions/0008-import-cycles-checked-by-dependency-cruiser.md). Every
 * kind of import counts: `import`, `import type`, `export ... from`, and
 * `require()` anywhere in a file, including the lazy ones inside functions
 * that load a cloud's module only when a stack needs it.
 */
import type { ICruiseResult, IMiniDependency } from "dependency-cruiser";

export interface ImportCycles {
  /** Each cycle between files once, as its files in import order, the first repeated at the end. */
  files: string[][];
  /** Each cycle between folders once (a folder imports another when one of its files does). */
  folders: string[][];
  /** Imports of the tree's own files or packages that could not be resolved (a check blind there is no check). */
  unresolved: string[];
  /** How many files were read. */
  cruised: number;
}

const RESOLVE = {
  extensions: [".ts", ".mts", ".cts", ".js", ".cjs", ".mjs", ".json"],
  exportsFields: ["exports"],
  conditionNames: ["require", "node", "default"],
  mainFields: ["main", "types"],
};

/** The import cycles among the files under `paths` (relative to `root`), `node_modules` left out. */
export async function findImportCycles(root: string, paths: string[]): Promise<ImportCycles> {
  const { cruise } = await import("dependency-cruiser");
  const result = await cruise(
    paths,
    {
      baseDir: root,
      validate: true,
      ruleSet: {
        forbidden: [
          { name: "file-cycle", severity: "error", from: {}, to: { circular: true } },
          { name: "folder-cycle", severity: "error", scope: "folder", from: {}, to: { circular: true } },
        ],
      },
      moduleSystems: ["cjs", "es6"],
      tsPreCompilationDeps: true,
      doNotFollow: { path: "node_modules" },
      exclude: { path: ["node_modules", "\\.d\\.[cm]?ts$"] },
    },
    RESOLVE,
  );
  const out = result.output as ICruiseResult;
  const files = new Map<string, string[]>();
  const folders = new Map<string, string[]>();
  for (const v of out.summary.violations) {
    const cycle = canonical([v.from, ...(v.cycle ?? []).map((d: IMiniDependency) => d.name)]);
    (v.rule.name === "folder-cycle" ? folders : files).set(cycle.join(" → "), cycle);
  }
  const unresolved = out.modules.flatMap((m) =>
    m.dependencies
      .filter((d) => d.couldNotResolve && /^(\.|@hubnet\/)/.test(d.module))
      .map((d) => `${m.source}: ${d.module}`),
  );
  return {
    files: [...files.values()],
    folders: [...folders.values()],
    unresolved,
    cruised: out.summary.totalCruised,
  };
}

/** A cycle `a → b → … → a` started at its smallest member, so each cycle is listed once. */
function canonical(path: string[]): string[] {
  const ring = path[0] === path[path.length - 1] ? path.slice(0, -1) : path;
  const start = ring.indexOf([...ring].sort()[0]);
  const rotated = [...ring.slice(start), ...ring.slice(0, start)];
  return [...rotated, rotated[0]];
}
