/**
 * Violation messages in config terms. A message that points at a config field starts with
 * `<file>: <field path>: ` (`communities/x/community.yaml: profiles[2].memory: ...`): readable in
 * `pulumi preview`'s output as it is, and parsed back by `hubnet policy` (`parsePlace`) to print
 * FILE:LINE:COL like every other hubnet problem. `inConfig` and `parsePlace` are the only two
 * functions that know this shape.
 */
import { type Cluster, type Community, formatPath, type Loaded, type PathSegment } from "@hubnet/config";
import { type PolicyContext, relativeFile } from "./context";

/** A field of a config file: the file (relative to the checkout) and the path inside it. */
export interface ConfigPlace {
  file: string;
  path: PathSegment[];
}

/** Where a loaded config's field is, as a place (the cluster file's fields sit under `config.hubnet:cluster`). */
export function placeIn(
  ctx: PolicyContext,
  loaded: Loaded<Community> | Loaded<Cluster> | undefined,
  p: PathSegment[],
): ConfigPlace | undefined {
  return loaded ? { file: relativeFile(ctx, loaded.file), path: [...loaded.base, ...p] } : undefined;
}

/** `<file>: <path>: <text>`, or `text` alone when the place is not known. */
export function inConfig(place: ConfigPlace | undefined, text: string): string {
  if (!place) return text;
  const p = formatPath(place.path);
  return p ? `${place.file}: ${p}: ${text}` : `${place.file}: ${text}`;
}

const PLACE =
  /^((?:communities\/[a-z0-9-]+\/community\.yaml)|(?:stacks\/cluster\/Pulumi\.[a-z0-9-]+\.yaml)): (?:([^\s:][^\s]*?): )?/;

/** The place a message names, and its text without it; undefined for a message in resource terms. */
export function parsePlace(message: string): { file: string; path?: string; text: string } | undefined {
  const m = PLACE.exec(message);
  if (!m) return undefined;
  return { file: m[1], ...(m[2] ? { path: m[2] } : {}), text: message.slice(m[0].length) };
}

/** `profiles[2].memory` → ["profiles", 2, "memory"] (the inverse of formatPath). */
export function parsePath(p: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of p.match(/[^.[\]]+|\[\d+\]/g) ?? []) {
    out.push(part.startsWith("[") ? Number(part.slice(1, -1)) : part);
  }
  return out;
}
