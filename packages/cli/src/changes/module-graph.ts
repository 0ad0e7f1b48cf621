/**
 * The module graph of the stack programs at a commit: which source files each stack program loads,
 * read by esbuild (every `import`, `export … from` and `require()`, wherever it stands) from the
 * commit's blobs, without a checkout. Packages of the workspace (`@hubnet/*`) resolve through their
 * package.json `exports` to their sources; every other package is external (not followed).
 *
 * Clouds load lazily: the cloud registry `require()`s a cloud's folder only for a cluster of that
 * cloud (docs/platform/adding-a-cloud.md). So a `require()` of a module in a folder named after a
 * cloud is an edge for that cloud's stacks only, and `filesFor(project, cloud)` follows it only for
 * that cloud: GCP-only code does not touch an Azure community.
 */
import * as path from "node:path";
import type { Metafile, Plugin } from "esbuild";

/** A stack project: `stacks/<project>/index.ts` is its program. */
export type Project = "cluster" | "community";
export const PROJECTS: readonly Project[] = ["cluster", "community"];

interface Edge {
  to: string;
  /** A `require()` call (lazy: may be conditional), as opposed to an import. */
  lazy: boolean;
}

export interface ModuleGraph {
  /** Repository-relative source file → what it imports (other source files). */
  edges: Map<string, Edge[]>;
  /** The clouds lazy edges are conditional on (folder names). */
  clouds: ReadonlySet<string>;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".cts", ".mts", ".js", ".cjs", ".mjs", ".json"];
const INDEXES = ["/index.ts", "/index.tsx", "/index.js", "/index.cjs", "/index.json"];

/** The workspace packages of a tree: name → folder, and the `exports` map (or `main`) of each. */
function workspacePackages(files: Map<string, Buffer>) {
  const byName = new Map<string, { dir: string; exports: Record<string, string> }>();
  for (const [file, bytes] of files) {
    if (!/^(packages|stacks)\/[^/]+\/package\.json$/.test(file)) continue;
    try {
      const pkg = JSON.parse(bytes.toString("utf8")) as {
        name?: string;
        main?: string;
        exports?: string | Record<string, string>;
      };
      if (!pkg.name) continue;
      const exports: Record<string, string> = {};
      if (typeof pkg.exports === "string") exports["."] = pkg.exports;
      else if (pkg.exports) Object.assign(exports, pkg.exports);
      if (!exports["."] && pkg.main) exports["."] = pkg.main;
      byName.set(pkg.name, { dir: path.posix.dirname(file), exports });
    } catch {
      // An unreadable package.json: its imports stay unresolved (and reported by the build itself).
    }
  }
  return byName;
}

/** The package name of a bare specifier (`@pulumi/gcp/storage` → `@pulumi/gcp`). */
export function packageName(spec: string): string {
  const parts = spec.split("/");
  return spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * The graph of everything `entries` load, from `files` (repository-relative path → bytes: the
 * sources and package.json files of packages/ and stacks/ at one commit).
 */
export async function moduleGraph(
  files: Map<string, Buffer>,
  entries: string[],
  clouds: Iterable<string>,
): Promise<ModuleGraph> {
  const esbuild = require("esbuild") as typeof import("esbuild");
  const packages = workspacePackages(files);
  const exists = (p: string) => files.has(p);
  const resolveFile = (base: string): string | undefined => {
    for (const ext of EXTENSIONS) if (exists(base + ext)) return base + ext;
    for (const idx of INDEXES) if (exists(base + idx)) return base + idx;
    return undefined;
  };
  const plugin: Plugin = {
    name: "hubnet-commit",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point")
          return { path: path.posix.normalize(args.path), namespace: "commit" };
        const spec = args.path;
        if (spec.startsWith("node:")) return { path: spec, external: true };
        if (spec.startsWith(".") || spec.startsWith("/")) {
          const target = resolveFile(
            path.posix.normalize(path.posix.join(path.posix.dirname(args.importer), spec)),
          );
          return target ? { path: target, namespace: "commit" } : { path: spec, external: true };
        }
        const name = packageName(spec);
        const pkg = packages.get(name);
        if (!pkg) return { path: name, external: true };
        const sub = spec === name ? "." : `.${spec.slice(name.length)}`;
        const exported = pkg.exports[sub];
        const target = exported
          ? resolveFile(path.posix.normalize(path.posix.join(pkg.dir, exported)))
          : resolveFile(path.posix.join(pkg.dir, sub));
        return target ? { path: target, namespace: "commit" } : { path: spec, external: true };
      });
      build.onLoad({ filter: /.*/, namespace: "commit" }, (args) => {
        const bytes = files.get(args.path);
        const ext = path.posix.extname(args.path);
        const loader =
          ext === ".json" ? "json" : ext.startsWith(".m") || ext === ".js" || ext === ".cjs" ? "js" : "ts";
        return { contents: bytes ?? "", loader };
      });
    },
  };
  let metafile: Metafile;
  try {
    const result = await esbuild.build({
      entryPoints: entries.filter(exists),
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "cjs",
      logLevel: "silent",
      outdir: "/graph",
      plugins: [plugin],
    });
    metafile = result.metafile;
  } finally {
    await esbuild.stop();
  }
  const edges = new Map<string, Edge[]>();
  for (const [input, info] of Object.entries(metafile.inputs)) {
    const own: Edge[] = [];
    for (const imp of info.imports) {
      if (imp.external) continue;
      own.push({ to: imp.path.replace(/^commit:/, ""), lazy: imp.kind === "require-call" });
    }
    edges.set(input.replace(/^commit:/, ""), own);
  }
  return { edges, clouds: new Set(clouds) };
}

/** The cloud a folder of `file` is named after (`packages/components/src/gcp/x.ts` → gcp), if any. */
function cloudFolder(file: string, clouds: ReadonlySet<string>): string | undefined {
  return path.posix
    .dirname(file)
    .split("/")
    .find((seg) => clouds.has(seg));
}

/**
 * Every source file a stack of `project` on a cluster of `cloud` loads: from its program, every
 * import, and every `require()` except those of another cloud's folder.
 */
export function filesFor(graph: ModuleGraph, project: Project, cloud: string | undefined): Set<string> {
  const entry = `stacks/${project}/index.ts`;
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file) || !graph.edges.has(file)) continue;
    seen.add(file);
    for (const e of graph.edges.get(file) ?? []) {
      if (e.lazy) {
        const c = cloudFolder(e.to, graph.clouds);
        if (c && c !== cloud && c !== cloudFolder(file, graph.clouds)) continue;
      }
      todo.push(e.to);
    }
  }
  return seen;
}
