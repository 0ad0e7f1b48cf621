/**
 * Pulumi config for a stack, read from its `Pulumi.<stack>.yaml` the way the
 * Pulumi CLI hands it to a program: `namespace:key` → string (objects as JSON).
 * Encrypted values (`secure:`) cannot be decrypted without the stack's secrets
 * provider, so a plan marks them secret and uses a placeholder.
 */
import * as fs from "node:fs";
import type { Community } from "@hubnet/config";
import { parse } from "yaml";

export const PLACEHOLDER_SECRET = "plan-placeholder-secret";
export const PLACEHOLDER_CLIENT_ID = "plan-placeholder-client-id";

export interface StackConfig {
  config: Record<string, string>;
  secretKeys: string[];
}

export function readStackConfig(file: string, project: string): StackConfig {
  const out: StackConfig = { config: {}, secretKeys: [] };
  if (!fs.existsSync(file)) return out;
  const doc = (parse(fs.readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  for (const [rawKey, value] of Object.entries(doc.config ?? {})) {
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
    const map = config[full] ? (JSON.parse(config[full]) as Record<string, string>) : {};
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
