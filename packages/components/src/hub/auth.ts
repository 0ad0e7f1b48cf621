/**
 * `hub.config` for each auth provider (OAuthenticator 17.4, JupyterHub 5.5, tmpauthenticator 1.0),
 * every class and trait checked against the hub image's own (`../shared/oracles/jupyterhub-traits-z2jh-4.4.0`).
 *
 * The OAuth client secret is never in these values: it lives in the hub's Kubernetes Secret and
 * reaches the hub as $OAUTH_CLIENT_SECRET (hub.extraEnv with secretKeyRef), which every
 * OAuthenticator reads as its `client_secret` default. Shared passwords are Pulumi secrets nested
 * where the authenticator reads them, so only they show as "[secret]" (decision 0004).
 */
import {
  CILOGON_GITHUB_IDP,
  CILOGON_GOOGLE_IDP,
  type Cloud,
  type Community,
  type CommunityAuth,
  groupsNamed,
  type Operators,
} from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";

/** `JupyterHub.authenticator_class` entry points, and the traitlets class each one configures. */
export const AUTHENTICATORS = {
  github: { entryPoint: "github", className: "GitHubOAuthenticator" },
  cilogon: { entryPoint: "cilogon", className: "CILogonOAuthenticator" },
  google: { entryPoint: "google", className: "GoogleOAuthenticator" },
  oidc: { entryPoint: "generic-oauth", className: "GenericOAuthenticator" },
  "shared-password": { entryPoint: "shared-password", className: "SharedPasswordAuthenticator" },
  anonymous: { entryPoint: "tmp", className: "TmpAuthenticator" },
  dummy: { entryPoint: "dummy", className: "DummyAuthenticator" },
} as const;

/** The environment variable OAuthenticator reads its client secret from. */
export const CLIENT_SECRET_ENV = "OAUTH_CLIENT_SECRET";

/** Where OAuthenticator keeps the provider's user info in auth_state (the groups claim is read there). */
const USER_INFO_KEY = { cilogon: "cilogon_user", oidc: "oauth_user" } as const;

/** The prefix of user names of the identity providers hubnet adds to CILogon hubs for operators. */
export const OPERATOR_IDP_PREFIX = { github: "github", google: "google" } as const;

export interface AuthContext {
  domain: string;
  /** The hub's client ID (hub.clientId, else auth.clientId). Unused without OAuth. */
  clientId?: string;
  /** Platform operators of the cluster, per provider: admins where the hub's provider proves them. */
  operators: Operators;
  cloud: Cloud;
  /** Whether users need their groups (profiles or shared directories for groups). @default false */
  groups?: boolean;
  /** The shared passwords of a shared-password hub (Pulumi secrets). */
  passwords?: { user: pulumi.Input<string>; admin?: pulumi.Input<string> };
}

/** The command that stores a hub's OAuth client secret in the community stack. */
export function clientSecretCommand(hub: string, community: string): string {
  return `pulumi config set --secret --path 'hubnet:clientSecrets.${hub}' <value> --stack ${community}`;
}

/** The command that sets a hub's OAuth client ID in the community stack, when the community file has none. */
export function clientIdCommand(hub: string, community: string): string {
  return `pulumi config set --path 'hubnet:clientIds.${hub}' <client-id> --stack ${community}`;
}

/** The command that stores a hub's shared password (`admin`: its admin password) in the community stack. */
export function sharedPasswordCommand(hub: string, community: string, admin = false): string {
  return `pulumi config set --secret --path 'hubnet:${admin ? "adminPasswords" : "sharedPasswords"}.${hub}' <password> --stack ${community}`;
}

export function callbackUrl(domain: string): string {
  return `https://${domain}/hub/oauth_callback`;
}

/** The cluster's operators output, refusing the bare names older cluster stacks exported. */
export function operatorsOf(value: unknown): Operators {
  if (Array.isArray(value) && value.length > 0)
    throw new Error(
      "the cluster stack exports operators as bare user names, which any provider could report: run `pulumi up` on the cluster stack (operators are now per provider)",
    );
  const v = (Array.isArray(value) ? {} : (value ?? {})) as Partial<Operators>;
  return { github: v.github ?? [], google: v.google ?? [], oidc: v.oidc ?? {}, local: v.local ?? [] };
}

/** A community's admins, and its users allowed by name (none for anonymous hubs). */
export function namedUsers(auth: CommunityAuth): { admins: string[]; allowedUsers: string[] } {
  if (auth.provider === "anonymous") return { admins: [], allowedUsers: [] };
  const perIdp = auth.provider === "cilogon" ? auth.identityProviders.flatMap((i) => i.allowedUsers) : [];
  return { admins: auth.admins, allowedUsers: [...auth.allowedUsers, ...perIdp] };
}

/**
 * GoogleOAuthenticator strips `@domain` from user names when the hub has exactly one domain; names
 * written as e-mail addresses of that domain are written the way it reports them.
 */
function googleName(name: string, domains: string[]): string {
  return domains.length === 1 && name.toLowerCase().endsWith(`@${domains[0].toLowerCase()}`)
    ? name.slice(0, name.length - domains[0].length - 1)
    : name;
}

/** The operators a hub's provider can prove, as the user names it gives them. */
export function operatorAdmins(auth: CommunityAuth, ops: Operators): string[] {
  switch (auth.provider) {
    case "github":
      return ops.github;
    case "google":
      return ops.google.map((e) => googleName(e, auth.domains));
    case "oidc":
      return ops.oidc[auth.issuer] ?? ops.oidc[auth.issuer.replace(/\/$/, "")] ?? [];
    case "cilogon": {
      const name = (entity: string, prefix: string, id: string) => {
        const listed = auth.identityProviders.find((p) => p.entityId === entity);
        const p = listed ? listed.usernamePrefix : prefix;
        return p ? `${p}:${id}` : id;
      };
      return [
        ...ops.github.map((h) => name(CILOGON_GITHUB_IDP, OPERATOR_IDP_PREFIX.github, h)),
        ...ops.google.map((e) => name(CILOGON_GOOGLE_IDP, OPERATOR_IDP_PREFIX.google, e)),
      ];
    }
    case "dummy":
      return ops.local;
    case "shared-password":
    case "anonymous":
      // Nobody proves an identity here: operators use the admin password or kubectl (docs/platform/operators.md).
      return [];
  }
}

export function adminUsers(auth: CommunityAuth, operators: Operators): string[] {
  const { admins } = namedUsers(auth);
  const own = auth.provider === "google" ? admins.map((a) => googleName(a, auth.domains)) : admins;
  return [...new Set([...own, ...operatorAdmins(auth, operators)])].sort();
}

/** Whether the community names groups (profiles, shared directories), so the hub must know users' groups. */
export function needsGroups(community: Community): boolean {
  return groupsNamed(community).length > 0;
}

/** `hub.config` for the community's auth provider. Throws on combinations the config checks refuse. */
export function authConfig(auth: CommunityAuth, ctx: AuthContext): Record<string, Record<string, unknown>> {
  const { entryPoint, className } = AUTHENTICATORS[auth.provider];
  const { allowedUsers } = namedUsers(auth);
  const named = (n: string) => (auth.provider === "google" ? googleName(n, auth.domains) : n);
  const config: Record<string, Record<string, unknown>> = {
    JupyterHub: { authenticator_class: entryPoint },
    Authenticator: {
      allowed_users: [...new Set(allowedUsers.map(named))].sort(),
      admin_users: adminUsers(auth, ctx.operators),
    },
  };

  switch (auth.provider) {
    case "dummy":
      if (ctx.cloud !== "local") throw new Error("dummy auth is only allowed on local clusters");
      // Any user name, unless users are listed.
      if (auth.allowedUsers.length === 0) config[className] = { allow_all: true };
      return config;
    case "anonymous":
      config[className] = { allow_all: true };
      return config;
    case "shared-password": {
      if (!ctx.passwords) throw new Error("shared-password auth needs the hub's shared password");
      if (auth.admins.length > 0 && ctx.passwords.admin === undefined)
        throw new Error("shared-password auth with admins needs the hub's admin password");
      config[className] = {
        user_password: ctx.passwords.user,
        ...(auth.admins.length > 0 ? { admin_password: ctx.passwords.admin } : {}),
        ...(auth.allowAll ? { allow_all: true } : {}),
      };
      return config;
    }
  }

  if (!ctx.clientId)
    throw new Error(
      `${auth.provider} auth needs a client ID (hubs[].clientId, auth.clientId or the stack config clientIds)`,
    );
  const oauth: Record<string, unknown> = {
    client_id: ctx.clientId,
    oauth_callback_url: callbackUrl(ctx.domain),
  };
  const groups = (key: string | undefined) =>
    // Groups are read from auth_state at each login (JupyterHub groups managed by the authenticator).
    ({ manage_groups: true, ...(key ? { auth_state_groups_key: key } : {}) });

  switch (auth.provider) {
    case "github":
      // Teams are written org:team-slug, which allowed_organizations accepts as is; reading team
      // membership needs the read:org scope. As groups, teams are turned into org:team-slug by
      // GITHUB_TEAMS_AS_GROUPS (a callable, so it lives in hub.extraConfig).
      Object.assign(oauth, {
        allowed_organizations: [...auth.orgs, ...auth.teams],
        scope: ["read:org"],
        ...(ctx.groups ? { populate_teams_in_auth_state: true, manage_groups: true } : {}),
      });
      break;
    case "cilogon":
      Object.assign(oauth, {
        idps: cilogonIdps(auth, ctx.operators),
        ...(ctx.groups ? groups(claimKey(USER_INFO_KEY.cilogon, auth.groupsClaim)) : {}),
      });
      break;
    case "google":
      // hosted_domain refuses accounts of other domains before any allow rule is considered.
      Object.assign(oauth, {
        ...(auth.domains.length > 0 ? { hosted_domain: auth.domains } : {}),
        ...(auth.allowAll ? { allow_all: true } : {}),
      });
      break;
    case "oidc": {
      const useGroups = ctx.groups || auth.allowedGroups.length > 0 || auth.adminGroups.length > 0;
      Object.assign(oauth, {
        login_service: "institutional login",
        authorize_url: auth.authorizeUrl,
        token_url: auth.tokenUrl,
        userdata_url: auth.userdataUrl,
        username_claim: auth.usernameClaim,
        scope: auth.scopes,
        ...(auth.allowedScopes.length > 0 ? { allowed_scopes: auth.allowedScopes } : {}),
        ...(Object.keys(auth.extraAuthorizeParams).length > 0
          ? { extra_authorize_params: auth.extraAuthorizeParams }
          : {}),
        ...(auth.allowAll ? { allow_all: true } : {}),
        ...(useGroups ? groups(claimKey(USER_INFO_KEY.oidc, auth.groupsClaim)) : {}),
        ...(auth.allowedGroups.length > 0 ? { allowed_groups: auth.allowedGroups } : {}),
        ...(auth.adminGroups.length > 0 ? { admin_groups: auth.adminGroups } : {}),
      });
      break;
    }
  }
  config[className] = oauth;
  return config;
}

/**
 * `auth_state_groups_key` for a claim of the user info: a dotted path OAuthenticator follows. A claim
 * whose name has a dot itself (Auth0's namespaced claims) cannot be one; `groupsClaimHook` reads it.
 */
function claimKey(userInfoKey: string, claim: string): string | undefined {
  return claim.includes(".") ? undefined : `${userInfoKey}.${claim}`;
}

/** CILogonOAuthenticator `idps`: the community's providers, and those its operators log in through. */
export function cilogonIdps(
  auth: Extract<CommunityAuth, { provider: "cilogon" }>,
  ops: Operators,
): Record<string, Record<string, unknown>> {
  const first = auth.defaultIdentityProvider ?? auth.identityProviders[0].entityId;
  const idps: Record<string, Record<string, unknown>> = {};
  for (const idp of auth.identityProviders) {
    idps[idp.entityId] = {
      username_derivation: {
        username_claim: idp.usernameClaim,
        ...(idp.usernamePrefix ? { action: "prefix", prefix: idp.usernamePrefix } : {}),
      },
      ...(idp.allowAll ? { allow_all: true } : {}),
      ...(idp.allowedDomains.length > 0 ? { allowed_domains: idp.allowedDomains } : {}),
      // Helm hands hub.config over with its keys sorted, so CILogon's "first" provider would be the
      // alphabetical one: the default is always written.
      ...(idp.entityId === first ? { default: true } : {}),
    };
  }
  // Operators log in through CILogon's GitHub or Google provider; listed for them with a prefix and no
  // allow rule, so only the operators (admins) get in through it.
  const add = (entity: string, claim: string, prefix: string) => {
    if (!idps[entity])
      idps[entity] = { username_derivation: { username_claim: claim, action: "prefix", prefix } };
  };
  if (ops.github.length > 0) add(CILOGON_GITHUB_IDP, "preferred_username", OPERATOR_IDP_PREFIX.github);
  if (ops.google.length > 0) add(CILOGON_GOOGLE_IDP, "email", OPERATOR_IDP_PREFIX.google);
  return idps;
}

/**
 * hub.extraConfig snippets auth needs beyond traits a YAML value can hold: GitHub teams as
 * `org:team-slug` groups, and a groups claim whose name has dots. Empty when not needed.
 */
export function authExtraConfig(auth: CommunityAuth, groups: boolean): Record<string, string> {
  if (auth.provider === "github" && groups) {
    return {
      "hubnet-github-teams": [
        "def hubnet_github_teams(auth_state):",
        "    # GitHub teams of the user (populate_teams_in_auth_state) as org:team-slug groups.",
        "    return [f\"{t['organization']['login']}:{t['slug']}\" for t in auth_state.get(\"teams\") or []]",
        "c.GitHubOAuthenticator.auth_state_groups_key = hubnet_github_teams",
        "",
      ].join("\n"),
    };
  }
  if ((auth.provider === "oidc" || auth.provider === "cilogon") && auth.groupsClaim.includes(".")) {
    const cls = AUTHENTICATORS[auth.provider].className;
    const key = USER_INFO_KEY[auth.provider];
    const needed =
      groups || (auth.provider === "oidc" && (auth.allowedGroups.length > 0 || auth.adminGroups.length > 0));
    if (!needed) return {};
    return {
      "hubnet-groups-claim": [
        "def hubnet_groups_claim(auth_state):",
        "    # The groups claim's name has dots, so it is read as one key, not a path.",
        `    return (auth_state.get(${JSON.stringify(key)}) or {}).get(${JSON.stringify(auth.groupsClaim)}) or []`,
        `c.${cls}.auth_state_groups_key = hubnet_groups_claim`,
        "",
      ].join("\n"),
    };
  }
  return {};
}
