/**
 * Pulumi config for a stack, read from its `Pulumi.<stack>.yaml` the way the
 * Pulumi CLI hands it to a program: `namespace:key` → string (objects as JSON).
 * Encrypted values (`secure:`) cannot be decrypted without the stack's secrets
 * provider, so a plan marks them secret and uses a placeholder.
 */
import {
  type Cluster,
  type Community,
  EXISTING_KUBECONFIG_KEY,
  loadStackFile,
  type Problem,
  usesOAuth,
} from "@hubnet/config";

export const PLACEHOLDER_SECRET = "plan-placeholder-secret";
export const PLACEHOLDER_CLIENT_ID = "plan-placeholder-client-id";
/** Stand-ins for a shared-password hub's passwords: as long as JupyterHub asks for, and different. */
export const PLACEHOLDER_SHARED_PASSWORD = "plan-placeholder-shared-password";
export const PLACEHOLDER_ADMIN_PASSWORD = "plan-placeholder-admin-password-for-plans-only";
/** A stand-in kubeconfig of an existing cluster whose stack config has none (a fork). */
export const PLACEHOLDER_KUBECONFIG = "plan-placeholder-kubeconfig";

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
  const filled: string[] = [];
  const fill = (
    key: "clientSecrets" | "clientIds" | "sharedPasswords" | "adminPasswords",
    value: string,
    needed: (hub: Community["hubs"][number]) => boolean,
    secret: boolean,
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
    if (secret && config[full] && !secretKeys.includes(full)) secretKeys.push(full);
  };
  const auth = community.auth;
  if (auth.provider === "shared-password") {
    fill("sharedPasswords", PLACEHOLDER_SHARED_PASSWORD, () => true, true);
    if (auth.admins.length > 0) fill("adminPasswords", PLACEHOLDER_ADMIN_PASSWORD, () => true, true);
    return filled;
  }
  if (!usesOAuth(auth.provider)) return [];
  const communityClientId = "clientId" in auth ? auth.clientId : undefined;
  fill("clientSecrets", PLACEHOLDER_SECRET, () => true, true);
  fill("clientIds", PLACEHOLDER_CLIENT_ID, (hub) => !hub.clientId && !communityClientId, false);
  return filled;
}

/**
 * An existing cluster's kubeconfig is a secret of its stack; a fork has none, so a plan stands in for
 * it (the plan creates nothing in the cluster). Returns the key it filled, which the summary names.
 */
export function standInForCluster(
  cluster: Cluster,
  config: Record<string, string>,
  secretKeys: string[],
): string[] {
  if (cluster.cloud !== "existing" || config[EXISTING_KUBECONFIG_KEY] !== undefined) return [];
  config[EXISTING_KUBECONFIG_KEY] = PLACEHOLDER_KUBECONFIG;
  secretKeys.push(EXISTING_KUBECONFIG_KEY);
  return [EXISTING_KUBECONFIG_KEY];
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
