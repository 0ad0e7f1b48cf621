/**
 * Pulumi config for a stack, read from its `Pulumi.<stack>.yaml` the way the
 * Pulumi CLI hands it to a program: `namespace:key` → string (objects as JSON).
 * Encrypted values (`secure:`) cannot be decrypted without the stack's secrets
 * provider, so a plan marks them secret and uses a placeholder.
 */
import { type Community, loadStackFile, type Problem } from "@hubnet/config";

export const PLACEHOLDER_SECRET = "plan-placeholder-secret";
export const PLACEHOLDER_CLIENT_ID = "plan-placeholder-client-id";

export interface StackConfig {
  config: Record<string, string>;
  secretKeys: string[];
  /** What is wrong with the file (it is untrusted input, like every file of a pull request). */
  problems: Problem[];
}

/**
 * The config of `file` (a missing file is an empty config), read and checked as untrusted input
 * (@hubnet/config's loadStackFile: no symbolic link, size limit, no plain-text secret); `root` is
 * the checkout (default: from the layout).
 */
export function readStackConfig(file: string, project: string, root?: string): StackConfig {
  const out: StackConfig = { config: {}, secretKeys: [], problems: [] };
  const loaded = loadStackFile(file, project === "hubnet-cluster" ? "cluster" : "community", { root });
  if (loaded.missing) return out;
  if (!loaded.stack || loaded.problems.length > 0) return { ...out, problems: loaded.problems };
  for (const [rawKey, value] of Object.entries(loaded.stack.config)) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    const { text, secret } = encode(value);
    out.config[key] = text;
    if (secret) out.secretKeys.push(key);
  }
  return out;
}

function encode(value: unknown): { text: string; secret: boolean } {
  let secret = false;
  const walk = (v: unknown): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const obj = v as Record<string, unknown>;
      if (Object.keys(obj).length === 1 && typeof obj.secure === "string") {
        secret = true;
        return PLACEHOLDER_SECRET;
      }
      return Object.fromEntries(Object.entries(obj).map(([k, x]) => [k, walk(x)]));
    }
    if (Array.isArray(v)) return v.map(walk);
    return v;
  };
  const plain = walk(value);
  return { text: typeof plain === "string" ? plain : JSON.stringify(plain), secret };
}

/**
 * Plans run from forks without credentials: OAuth client secrets (and client
 * IDs, which are not secret but may not exist yet) that a community stack's
 * config lacks are stood in for by placeholders. Returns the keys it filled,
 * which the plan summary names.
 */
export function standInForOAuth(
  community: Community,
  config: Record<string, string>,
  secretKeys: string[],
): string[] {
  if (community.auth.provider === "dummy") return [];
  const filled: string[] = [];
  const fill = (
    key: "clientSecrets" | "clientIds",
    value: string,
    needed: (hub: Community["hubs"][number]) => boolean,
  ) => {
    const full = `hubnet:${key}`;
    const map = parseMap(config[full]);
    for (const hub of community.hubs) {
      if (needed(hub) && !(hub.name in map)) {
        map[hub.name] = value;
        filled.push(`${key}.${hub.name}`);
      }
    }
    if (Object.keys(map).length > 0) config[full] = JSON.stringify(map);
  };
  fill("clientSecrets", PLACEHOLDER_SECRET, () => true);
  if (config["hubnet:clientSecrets"] && !secretKeys.includes("hubnet:clientSecrets"))
    secretKeys.push("hubnet:clientSecrets");
  fill("clientIds", PLACEHOLDER_CLIENT_ID, (hub) => !hub.clientId && !community.auth.clientId);
  return filled;
}

/** A config value holding a mapping (as JSON), or an empty one. */
function parseMap(text: string | undefined): Record<string, string> {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}
