/**
 * Hub-wide settings of a hub's release: culling, who may log in, chart pins.
 */

import type { CommunityAuth } from "@hubnet/config";
import * as helm from "@pulumi/kubernetes/helm/v3";
import { validateResourceOfType } from "@pulumi/policy";
import type { PolicyContext } from "../context";
import { type HubnetPolicy, meta } from "../define";
import { isSet, Z2JH_DEFAULTS } from "../hub-values";
import { inConfig } from "../messages";
import { asRecord, asStrings, at, resolved, UNKNOWN } from "../values";
import { onHubRelease, unknownSetting } from "./hub-release";

/** Default of the pack's `maxIdleTimeoutSeconds` (hub-culling): 4 hours. */
export const DEFAULT_MAX_IDLE_TIMEOUT_SECONDS = 4 * 3600;

/** `JupyterHub.authenticator_class` entry points and the class each configures (OAuthenticator 17, JupyterHub 5). */
export const AUTHENTICATOR_CLASSES: Record<string, string> = {
  github: "GitHubOAuthenticator",
  cilogon: "CILogonOAuthenticator",
  google: "GoogleOAuthenticator",
  "generic-oauth": "GenericOAuthenticator",
  dummy: "DummyAuthenticator",
  "shared-password": "SharedPasswordAuthenticator",
  tmp: "TmpAuthenticator",
  null: "NullAuthenticator",
};

/** OAuthenticator (16+) admits nobody by default; JupyterHub's own authenticators admit everyone when no allow rule is set. */
const OAUTH = new Set([
  "GitHubOAuthenticator",
  "CILogonOAuthenticator",
  "GoogleOAuthenticator",
  "GenericOAuthenticator",
]);

/** Allow rules each authenticator knows, besides `allowed_users` and `allow_all`. */
const RULES = [
  "allowed_organizations",
  "allowed_groups",
  "allowed_domains",
  "allowed_projects",
  "allowed_idps",
  "allowed_scopes",
];

/** Whether the community file asks for a provider open to all its users (`allowAll: true`), where its schema has the field. */
function declaredAllowAll(auth: CommunityAuth | undefined, entityId?: string): boolean {
  if (!auth) return false;
  if (auth.provider === "dummy" || (auth.provider as string) === "anonymous") return true;
  if (entityId !== undefined && auth.provider === "cilogon") {
    const idp = auth.identityProviders.find((i) => i.entityId === entityId) as
      | { allowAll?: unknown }
      | undefined;
    return idp?.allowAll === true;
  }
  return (auth as { allowAll?: unknown }).allowAll === true;
}

export function hubSettingsPolicies(ctx: PolicyContext): HubnetPolicy[] {
  return [
    {
      ...meta("hub-culling"),
      configSchema: {
        properties: {
          maxIdleTimeoutSeconds: {
            type: "integer",
            minimum: 60,
            default: DEFAULT_MAX_IDLE_TIMEOUT_SECONDS,
            description: "The longest idle timeout a hub may have, in seconds.",
          },
        },
      },
      validateResource: (args, report) => {
        const { maxIdleTimeoutSeconds = DEFAULT_MAX_IDLE_TIMEOUT_SECONDS } = args.getConfig<{
          maxIdleTimeoutSeconds?: number;
        }>();
        return onHubRelease(ctx, (hub, report) => {
          const enabled = at(hub.values, "cull", "enabled");
          const timeout = at(hub.values, "cull", "timeout");
          const culling = (...p: string[]) => hub.places.field("features", "culling", ...p);
          if (enabled === UNKNOWN || timeout === UNKNOWN)
            return report(inConfig(culling(), unknownSetting(`culling of hub ${hub.namespace}`)));
          if (enabled === false)
            return report(
              inConfig(
                culling("enabled"),
                `hub ${hub.namespace} never stops idle servers: remove \`enabled: false\` (or add a policyExceptions entry with the reason)`,
              ),
            );
          const seconds = Number(isSet(timeout) ? timeout : Z2JH_DEFAULTS.cullTimeout);
          if (!Number.isFinite(seconds) || seconds > maxIdleTimeoutSeconds)
            report(
              inConfig(
                culling("idleTimeout"),
                `hub ${hub.namespace} stops servers only after ${String(timeout)} s idle, more than the platform's maximum of ${maxIdleTimeoutSeconds} s (${maxIdleTimeoutSeconds / 3600} h): shorten idleTimeout`,
              ),
            );
        })(args, report);
      },
    },
    {
      ...meta("identity-provider-explicit-rule"),
      validateResource: onHubRelease(ctx, (hub, report) => {
        const config = at(hub.values, "hub", "config");
        if (config === UNKNOWN)
          return report(
            inConfig(hub.places.field("auth"), unknownSetting(`hub.config of hub ${hub.namespace}`)),
          );
        const entry = at(config, "JupyterHub", "authenticator_class");
        const cls = typeof entry === "string" ? (AUTHENTICATOR_CLASSES[entry] ?? entry) : undefined;
        const auth = hub.places.community?.config.auth;
        if (!cls) {
          return report(
            inConfig(
              hub.places.field("auth", "provider"),
              `hub ${hub.namespace} names no authenticator: JupyterHub would fall back to its default one`,
            ),
          );
        }
        const base = asRecord(at(config, "Authenticator"));
        const own = asRecord(at(config, cls));
        const users = [...asStrings(base.allowed_users), ...asStrings(own.allowed_users)];
        const rules = RULES.filter((r) => isSet(own[r]) && r !== "allowed_idps");
        const allowAll = own.allow_all === true || base.allow_all === true;
        const where = hub.places.field("auth");

        if (cls === "CILogonOAuthenticator") {
          const idps = asRecord(own.idps ?? own.allowed_idps);
          const identityProviders = auth?.provider === "cilogon" ? auth.identityProviders : [];
          for (const [entity, idp] of Object.entries(idps)) {
            if (at(idp, "allow_all") !== true) continue;
            if (declaredAllowAll(auth, entity)) continue;
            const i = identityProviders.findIndex((p) => p.entityId === entity);
            report(
              inConfig(
                i >= 0 ? hub.places.field("auth", "identityProviders", i) : where,
                `identity provider ${entity} of hub ${hub.namespace} admits every one of its users (allow_all) though the community file does not say so: list allowedDomains or allowedUsers for it, or write allowAll: true if that is the intent`,
              ),
            );
          }
        }
        if (allowAll) {
          const bounded = cls === "GoogleOAuthenticator" && asStrings(own.hosted_domain).length > 0;
          if (!bounded && !declaredAllowAll(auth))
            report(
              inConfig(
                where,
                `hub ${hub.namespace} admits every user of its identity provider (${cls}.allow_all) though the community file does not say so: add a rule (allowedUsers, orgs, teams, domains, allowedGroups), or write allowAll: true if that is the intent`,
              ),
            );
        } else if (
          !OAUTH.has(cls) &&
          users.length === 0 &&
          rules.length === 0 &&
          own.allow_all !== false &&
          base.allow_all !== false
        ) {
          report(
            inConfig(
              where,
              `hub ${hub.namespace} uses ${cls} with no allow rule, which JupyterHub 5 takes as "everyone may log in": list allowedUsers, or write allowAll: true if that is the intent`,
            ),
          );
        }
      }),
    },
    {
      ...meta("chart-version-pinned"),
      validateResource: validateResourceOfType(helm.Release, (_release, args, report) => {
        const props = resolved(args.props);
        const version = at(props, "version");
        const chart = String(at(props, "chart") ?? args.name);
        if (version === UNKNOWN)
          return report(unknownSetting(`the chart version of release ${args.name} (${chart})`));
        if (typeof version !== "string" || !/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/.test(version))
          report(
            `release ${args.name} (chart ${chart}) pins no exact chart version (${version === undefined ? "none" : JSON.stringify(version)}): pin it in packages/components/src/versions.ts`,
          );
      }),
    },
  ];
}
