/**
 * A config file once loaded, and positions inside it: what the loader (load.ts)
 * produces and every check (checks/, clouds/) points its problems with.
 */
import { formatPath, type PathSegment } from "./problems";
import { positionAt, type YamlSource } from "./yaml-source";

export interface Loaded<T> {
  name: string;
  file: string;
  config: T;
  source: YamlSource;
  /** Where the config sits inside the file (`["config", "hubnet:cluster"]` for clusters). */
  base: PathSegment[];
}

/**
 * What the network checks can still use of a community file that has problems
 * of its own: its cluster and hub domains, where those fields are well formed.
 * So one run reports a misspelt key and a clash with another file together.
 */
export interface CommunityRefs {
  file: string;
  source: YamlSource;
  base: PathSegment[];
  name: string;
  cluster?: string;
  hubs: { index: number; name: string; domain: string }[];
}

/** Position of `path` (relative to the loaded config) in its file. */
export function at(
  loaded: Pick<Loaded<unknown>, "file" | "source" | "base">,
  p: readonly PathSegment[],
  opts?: { key?: boolean },
) {
  return { file: loaded.file, ...positionAt(loaded.source, [...loaded.base, ...p], opts) };
}

/** Position and field path (from the top of the file) of `p`, relative to the loaded config. */
export function where<T>(loaded: Loaded<T>, p: readonly PathSegment[], opts?: { key?: boolean }) {
  return { ...at(loaded, p, opts), path: formatPath([...loaded.base, ...p]) };
}
