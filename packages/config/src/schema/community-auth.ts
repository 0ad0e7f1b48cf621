/**
 * `auth` of a community file: who may log in, through which provider, and who is an admin. Every
 * provider that admits users says how, explicitly: `allowAll: true` opens a provider to all its
 * users, and a provider with no rule at all is refused by the checks (`checks/community-auth.ts`).
 */
import { z } from "zod";
import { httpsUrl, hubUserName } from "./common";

const users = z.array(hubUserName).describe("User names as the identity provider reports them.");

const authCommon = {
  allowedUsers: users
    .prefault([])
    .describe(
      "Users allowed to log in in addition to the provider's rules, by the name the provider reports.",
    ),
  admins: users.prefault([]).describe("Hub admins: they can reach every user's server and the admin panel."),
  clientId: z
    .string()
    .min(1)
    .optional()
    .describe(
      "OAuth client ID (not a secret). The client secret is a Pulumi secret of the community stack: " +
        "`pulumi config set --secret --path 'hubnet:clientSecrets.<hub>' <value> --stack <community>` in stacks/community.",
    ),
};

const allowAll = (who: string) =>
  z
    .boolean()
    .prefault(false)
    .describe(`Admit ${who}. Opening a hub to everyone is never implied: write it here.`);

export const GithubAuth = z
  .strictObject({
    provider: z.literal("github").describe("Log in with GitHub."),
    orgs: z.array(z.string().min(1)).prefault([]).describe("GitHub organizations whose members may log in."),
    teams: z
      .array(z.string().regex(/^[^:\s]+:[^:\s]+$/, { message: "teams are written org:team-slug" }))
      .prefault([])
      .describe(
        "GitHub teams (`org:team-slug`) whose members may log in. Teams are also the groups profiles " +
          "and shared directories name (`allowedGroups`).",
      ),
    ...authCommon,
  })
  .describe("Log in with GitHub (GitHubOAuthenticator).")
  .meta({
    examples: [
      { provider: "github", orgs: ["my-org"], teams: ["my-org:instructors"], admins: ["my-handle"] },
    ],
  });

/** The entity ID of CILogon's GitHub identity provider, through which platform operators log in. */
export const CILOGON_GITHUB_IDP = "http://github.com/login/oauth/authorize";
/** The entity ID of CILogon's Google identity provider. */
export const CILOGON_GOOGLE_IDP = "http://google.com/accounts/o8/id";

export const CilogonIdentityProvider = z
  .strictObject({
    entityId: z
      .string()
      .regex(/^(https?|urn):[^\s]+$/, {
        message:
          "must be a CILogon entity ID: an https://, http:// or urn: identifier from https://cilogon.org/idplist",
      })
      .describe("The identity provider's entity ID or issuer URL, as CILogon lists it."),
    usernameClaim: z
      .enum(["email", "eppn", "oidc", "sub", "preferred_username"])
      .prefault("email")
      .describe(
        "Which claim becomes the JupyterHub user name. Changing it renames every user of this provider " +
          "(their homes stay under the old names).",
      ),
    usernamePrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,30}$/, { message: "must be a short lower-case word such as github" })
      .optional()
      .describe(
        "Prefix user names of this provider as `<prefix>:<name>`, so they can never equal another provider's. " +
          "Changing it renames every user of this provider (their homes stay under the old names).",
      ),
    allowedDomains: z
      .array(z.string().min(1))
      .prefault([])
      .describe("Admit the users of this provider whose e-mail address is in these domains."),
    allowedUsers: users
      .prefault([])
      .describe(
        "Admit these users of this provider (user names as this provider's claim and prefix make them).",
      ),
    allowAll: allowAll("every user of this identity provider"),
  })
  .describe("One identity provider reached through CILogon, and who of its users may log in.")
  .meta({
    examples: [
      { entityId: "https://idp.uni.example.edu/idp/shibboleth", allowedDomains: ["uni.example.edu"] },
      {
        entityId: CILOGON_GITHUB_IDP,
        usernameClaim: "preferred_username",
        allowedUsers: ["octo-collaborator"],
      },
    ],
  });

export const CilogonAuth = z
  .strictObject({
    provider: z.literal("cilogon").describe("Log in with CILogon."),
    identityProviders: z
      .array(CilogonIdentityProvider)
      .min(1, { message: "list at least one identity provider" })
      .describe(
        "Institutional identity providers reached through CILogon, each with who of its users may log in.",
      ),
    defaultIdentityProvider: z
      .string()
      .optional()
      .describe(
        "The entity ID pre-selected on CILogon's page (one of identityProviders); default: the first.",
      ),
    groupsClaim: z
      .string()
      .min(1)
      .prefault("isMemberOf")
      .describe(
        "The CILogon claim that lists a user's groups (for profiles and shared directories with groups).",
      ),
    ...authCommon,
  })
  .describe("Log in through CILogon with an institutional identity (CILogonOAuthenticator).")
  .meta({
    examples: [
      {
        provider: "cilogon",
        identityProviders: [{ entityId: "https://idp.uni.example.edu/idp/shibboleth", allowAll: true }],
        defaultIdentityProvider: "https://idp.uni.example.edu/idp/shibboleth",
      },
    ],
  });

export const GoogleAuth = z
  .strictObject({
    provider: z.literal("google").describe("Log in with Google."),
    domains: z
      .array(z.string().min(1))
      .prefault([])
      .describe(
        "Only Google Workspace accounts of these domains may log in (and only as the other rules say).",
      ),
    allowAll: allowAll("every Google account (of `domains`, when set)"),
    ...authCommon,
  })
  .describe("Log in with Google (GoogleOAuthenticator). User names are e-mail addresses.")
  .meta({ examples: [{ provider: "google", domains: ["uni.example.edu"], allowAll: true }] });

const paramName = z.string().regex(/^[A-Za-z0-9_.-]+$/, { message: "must be a parameter name" });

export const OidcAuth = z
  .strictObject({
    provider: z.literal("oidc").describe("Log in with OpenID Connect."),
    issuer: httpsUrl.describe("The OpenID Connect issuer URL."),
    authorizeUrl: httpsUrl.describe("Authorization endpoint."),
    tokenUrl: httpsUrl.describe("Token endpoint."),
    userdataUrl: httpsUrl.describe("Userinfo endpoint."),
    scopes: z.array(z.string()).prefault(["openid", "profile", "email"]).describe("Scopes to request."),
    allowedScopes: z
      .array(z.string().min(1))
      .prefault([])
      .describe(
        "Admit users who were granted all of these scopes (for providers that grant scopes per user).",
      ),
    extraAuthorizeParams: z
      .record(paramName, z.string())
      .prefault({})
      .describe("Extra parameters of the authorization request, such as Auth0's `audience` (not secrets)."),
    usernameClaim: z
      .string()
      .prefault("preferred_username")
      .describe(
        "Claim used as the user name. Changing it renames every user (their homes stay under the old names).",
      ),
    groupsClaim: z
      .string()
      .prefault("groups")
      .describe(
        "Claim of the userinfo response that lists the user's groups (a claim name may contain dots, as Auth0's do).",
      ),
    allowedGroups: z.array(z.string()).prefault([]).describe("Members of these groups may log in."),
    adminGroups: z.array(z.string()).prefault([]).describe("Members of these groups are hub admins."),
    allowAll: allowAll("every user the provider authenticates"),
    ...authCommon,
  })
  .describe("Log in with any OpenID Connect provider: Keycloak, Auth0, an LMS (GenericOAuthenticator).")
  .meta({
    examples: [
      {
        provider: "oidc",
        issuer: "https://example.eu.auth0.com/",
        authorizeUrl: "https://example.eu.auth0.com/authorize",
        tokenUrl: "https://example.eu.auth0.com/oauth/token",
        userdataUrl: "https://example.eu.auth0.com/userinfo",
        extraAuthorizeParams: { audience: "https://hub-api.example.org" },
        groupsClaim: "https://example.org/groups",
        allowedGroups: ["students"],
      },
    ],
  });

export const SharedPasswordAuth = z
  .strictObject({
    provider: z
      .literal("shared-password")
      .describe("Any user name with the workshop's password (JupyterHub's SharedPasswordAuthenticator)."),
    allowAll: allowAll("any user name that gives the shared password"),
    allowedUsers: authCommon.allowedUsers,
    admins: users
      .prefault([])
      .describe("Hub admins: they log in with the admin password (a Pulumi secret of the community stack)."),
  })
  .describe(
    "A workshop login: one password for everyone, stored as a Pulumi secret of the community stack " +
      "(`pulumi config set --secret --path 'hubnet:sharedPasswords.<hub>' <password> --stack <community>`), never in YAML. " +
      "On cloud clusters only with culling on and a short `maxAge`.",
  )
  .meta({ examples: [{ provider: "shared-password", allowAll: true, admins: ["instructor"] }] });

export const AnonymousAuth = z
  .strictObject({
    provider: z
      .literal("anonymous")
      .describe(
        "Temporary users with random names, no login (tmpauthenticator); every visitor gets a server.",
      ),
  })
  .describe(
    "Temporary users: every visitor gets a new random user and server. On cloud clusters only with " +
      "culling on, a short `maxAge` and `storage.homes: false`.",
  )
  .meta({ examples: [{ provider: "anonymous" }] });

export const DummyAuth = z
  .strictObject({
    provider: z.literal("dummy").describe("Any user name, no password; local clusters only."),
    ...authCommon,
  })
  .describe(
    "Any user name logs in without a password (only `allowedUsers`, when listed). Only on `local` clusters, for development.",
  );

export const Auth = z
  .discriminatedUnion("provider", [
    GithubAuth,
    CilogonAuth,
    GoogleAuth,
    OidcAuth,
    SharedPasswordAuth,
    AnonymousAuth,
    DummyAuth,
  ])
  .describe("Who may log in, and who is an admin.");

/** The login providers, in the schema's order (read from `Auth`, so a new provider is listed once). */
export const AUTH_PROVIDERS = Auth.options.map((o) => o.shape.provider.value);

/** Providers that log users in through an OAuth client (with a client ID and secret per hub). */
export const OAUTH_PROVIDERS = ["github", "cilogon", "google", "oidc"] as const;
export type OAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export function usesOAuth(provider: string): provider is OAuthProvider {
  return (OAUTH_PROVIDERS as readonly string[]).includes(provider);
}
