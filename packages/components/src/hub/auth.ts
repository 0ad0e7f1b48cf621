/**
 * `hub.config` for each auth provider (OAuthenticator 17, JupyterHub 5).
 *
 * The OAuth client secret is never in these values: it lives in the hub's
 * Kubernetes Secret and reaches the hub as $OAUTH_CLIENT_SECRET (hub.extraEnv
 * with secretKeyRef), which every OAuthenticator reads as its `client_secret`
 * default. See docs/decisions/0004-hub-secrets-and-auth.md.
 */
import type { Cloud, CommunityAuth } from "@hubnet/config";

/** `JupyterHub.authenticator_class` entry points, and the traitlets class each one configures. */
export const AUTHENTICATORS = {
  github: { entryPoint: "github", className: "GitHubOAuthenticator" },
  cilogon: { entryPoint: "cilogon", className: "CILogonOAuthenticator" },
  google: { entryPoint: "google", className: "GoogleOAuthenticator" },
  oidc: { entryPoint: "generic-oauth", className: "GenericOAuthenticator" },
  dummy: { entryPoint: "dummy", className: "DummyAuthenticator" },
} as const;

/** The environment variable OAuthenticator reads its client secret from. */
export const CLIENT_SECRET_ENV = "OAUTH_CLIENT_SECRET";

export interface AuthContext {
  domain: string;
  /** The hub's client ID (hub.clientId, else auth.clientId). Unused for dummy auth. */
  clientId?: string;
  /** Platform operators of the cluster: admins on every hub. */
  operators: string[];
  cloud: Cloud;
}

/** The command that stores a hub's OAuth client secret in the community stack. */
export function clientSecretCommand(hub: string, community: string): string {
  return `pulumi config set --secret --path 'hubnet:clientSecrets.${hub}' <value> --stack ${community}`;
}

/** The command that sets a hub's OAuth client ID in the community stack, when the community file has none. */
export function clientIdCommand(hub: string, community: string): string {
  return `pulumi config set --path 'hubnet:clientIds.${hub}' <client-id> --stack ${community}`;
}

export function callbackUrl(domain: string): string {
  return `https://${domain}/hub/oauth_callback`;
}

export function adminUsers(auth: CommunityAuth, operators: string[]): string[] {
  return [...new Set([...auth.admins, ...operators])].sort();
}

/** `hub.config` for the community's auth provider. Throws on combinations the config checks refuse. */
export function authConfig(auth: CommunityAuth, ctx: AuthContext): Record<string, Record<string, unknown>> {
  const { entryPoint, className } = AUTHENTICATORS[auth.provider];
  const config: Record<string, Record<string, unknown>> = {
    JupyterHub: { authenticator_class: entryPoint },
    Authenticator: {
      allowed_users: [...auth.allowedUsers].sort(),
      admin_users: adminUsers(auth, ctx.operators),
    },
  };

  if (auth.provider === "dummy") {
    if (ctx.cloud !== "local") throw new Error("dummy auth is only allowed on local clusters");
    return config;
  }
  if (!ctx.clientId)
    throw new Error(
      `${auth.provider} auth needs a client ID (hubs[].clientId, auth.clientId or the stack config clientIds)`,
    );
  const oauth: Record<string, unknown> = {
    client_id: ctx.clientId,
    oauth_callback_url: callbackUrl(ctx.domain),
  };

  switch (auth.provider) {
    case "github":
      // Teams are written org:team-slug, which allowed_organizations accepts as is; reading team
      // membership needs the read:org scope.
      Object.assign(oauth, { allowed_organizations: [...auth.orgs, ...auth.teams], scope: ["read:org"] });
      break;
    case "cilogon":
      Object.assign(oauth, {
        allowed_idps: Object.fromEntries(
          auth.identityProviders.map((idp) => [
            idp.entityId,
            {
              username_derivation: { username_claim: idp.usernameClaim },
              // With domains, users of those domains are allowed through this IdP; without, only the
              // users listed in allowedUsers (and the admins): never every user of the IdP implicitly.
              ...(idp.allowedDomains.length > 0 ? { allowed_domains: idp.allowedDomains } : {}),
            },
          ]),
        ),
      });
      break;
    case "google":
      // hosted_domain restricts logins to these Workspace domains; allow_all then admits every user of them.
      Object.assign(oauth, auth.domains.length > 0 ? { hosted_domain: auth.domains, allow_all: true } : {});
      break;
    case "oidc":
      Object.assign(oauth, {
        login_service: "institutional login",
        authorize_url: auth.authorizeUrl,
        token_url: auth.tokenUrl,
        userdata_url: auth.userdataUrl,
        username_claim: auth.usernameClaim,
        scope: auth.scopes,
        claim_groups_key: auth.groupsClaim,
        allowed_groups: auth.allowedGroups,
        admin_groups: auth.adminGroups,
        manage_groups: true,
      });
      break;
  }
  config[className] = oauth;
  return config;
}
