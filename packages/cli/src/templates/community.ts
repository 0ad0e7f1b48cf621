/**
 * The file `hubnet new` writes: a valid community.yaml whose comments teach
 * the fields. Placeholders (orgs, domains, URLs) are valid values that the
 * community replaces with its own.
 */
import type { AUTH_PROVIDERS } from "@hubnet/config";

export type AuthProvider = (typeof AUTH_PROVIDERS)[number];

export interface CommunityTemplate {
  name: string;
  displayName: string;
  cluster: string;
  /** The hubs' domains: staging first, then prod. */
  stagingDomain: string;
  prodDomain: string;
  auth: AuthProvider;
  owners: string[];
  profile: { cpu: string; memory: string };
}

export const SCHEMA_LINE =
  "# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json";
export const DEFAULT_IMAGE = { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" };
export const OWNER_PLACEHOLDER = "your-github-handle";

function authBlock(t: CommunityTemplate): string[] {
  const admins = `  admins: [${t.owners.join(", ")}]`;
  switch (t.auth) {
    case "github":
      return [
        "# Who may log in. The OAuth client secret is never written here (see docs/communities/README.md).",
        "auth:",
        "  provider: github",
        "  # Members of these GitHub organizations may log in; teams are written org:team-slug.",
        `  orgs: [${t.name}]`,
        "  # Hub admins reach every user's server and the admin panel.",
        admins,
      ];
    case "cilogon":
      return [
        "# Who may log in, through CILogon with an institutional identity. No secret is written here.",
        "auth:",
        "  provider: cilogon",
        "  identityProviders:",
        "    # Your institution's entity ID as CILogon lists it (https://cilogon.org/idplist).",
        "    - entityId: https://idp.example.edu/idp/shibboleth",
        "      usernameClaim: email",
        "      allowedDomains: [example.edu]",
        "  # Hub admins, by the names the providers above give them (here: e-mail addresses).",
        "  admins: [admin@example.edu]",
      ];
    case "google":
      return [
        "# Who may log in with Google. The OAuth client secret is never written here.",
        "auth:",
        "  provider: google",
        "  # Only accounts of these Google Workspace domains may log in; allowAll admits all of them.",
        "  domains: [example.org]",
        "  allowAll: true",
        admins,
      ];
    case "oidc":
      return [
        "# Who may log in, through any OpenID Connect provider. The client secret is never written here.",
        "auth:",
        "  provider: oidc",
        "  issuer: https://auth.example.org",
        "  authorizeUrl: https://auth.example.org/authorize",
        "  tokenUrl: https://auth.example.org/token",
        "  userdataUrl: https://auth.example.org/userinfo",
        "  # Members of these groups (from the groups claim) may log in.",
        `  allowedGroups: [${t.name}]`,
        admins,
      ];
    case "shared-password":
      return [
        "# A workshop login: any name with the workshop's password. The password (and the admins' own one)",
        "# is a Pulumi secret of the community stack, never written here; in stacks/community:",
        `#   pulumi config set --secret --path 'hubnet:sharedPasswords.<hub>' <password> --stack ${t.name}`,
        `#   pulumi config set --secret --path 'hubnet:adminPasswords.<hub>' <admin password> --stack ${t.name}`,
        "auth:",
        "  provider: shared-password",
        "  # Any user name that gives the password may log in (the name is their home's name).",
        "  allowAll: true",
        "  # Admins log in with the admin password.",
        admins,
      ];
    case "anonymous":
      return [
        "# Temporary users: every visitor gets a new random user and a server, no login at all.",
        "# Allowed off local clusters only with culling on, a short maxAge and no homes (below).",
        "auth:",
        "  provider: anonymous",
      ];
    case "dummy":
      return [
        "# dummy: any user name logs in without a password. Only allowed on local clusters.",
        "auth:",
        "  provider: dummy",
        "  allowedUsers: [alice, bob]",
        admins,
      ];
  }
}

/** Storage and features: workshop logins need short-lived servers (and anonymous users no homes). */
function storageAndFeatures(t: CommunityTemplate): string[] {
  const workshop = t.auth === "shared-password" || t.auth === "anonymous";
  return [
    ...(t.auth === "anonymous"
      ? [
          "# Anonymous users are new at every visit: their servers keep no home directory.",
          "storage: { homes: false }",
        ]
      : ["# Home directory quota per user.", "storage: { homeQuota: 10G }"]),
    ...(workshop
      ? [
          "# Servers stop when idle and after maxAge (at most 8h for workshop logins on cloud clusters).",
          "features:",
          "  culling: { idleTimeout: 30m, maxAge: 8h }",
        ]
      : []),
  ];
}

export function renderCommunity(t: CommunityTemplate): string {
  const lines = [
    SCHEMA_LINE,
    `# The community "${t.name}". Every field is described in docs/reference/community.md;`,
    "# check your changes with `pnpm hubnet validate` before opening a pull request.",
    "",
    "# Must equal the folder name.",
    `name: ${t.name}`,
    `displayName: ${JSON.stringify(t.displayName)}`,
    "# GitHub handles who review changes to this file.",
    `owners: [${t.owners.join(", ")}]`,
    "# The cluster (stacks/cluster/Pulumi.<cluster>.yaml) that runs your hubs.",
    `cluster: ${t.cluster}`,
    "# One entry per hub; try changes on staging before prod. Each domain is used once in the network.",
    "hubs:",
    `  - { name: staging, domain: ${t.stagingDomain} }`,
    `  - { name: prod, domain: ${t.prodDomain} }`,
    ...authBlock(t),
    "# The default user image: pin a tag (`latest` is refused).",
    `image: { name: ${DEFAULT_IMAGE.name}, tag: "${DEFAULT_IMAGE.tag}" }`,
    "# Where users land when their server starts: /lab, /tree, /rstudio, /desktop or another path.",
    "defaultUrl: /lab",
    "# Machine choices users pick from; exactly one is the default. cpu is cores (1, 0.5) or millicores",
    "# (500m); memory is written 4G or 512Mi; either may be { guarantee: 1G, limit: 4G } to let servers",
    "# burst. A profile may instead offer sizes (node shares), images, otherImage: true, a GPU, spot: true",
    "# or allowedGroups (see docs/communities/README.md). Each profile must fit a node of the cluster.",
    "profiles:",
    `  - name: small`,
    `    displayName: ${JSON.stringify(`Small (${t.profile.cpu} CPU, ${t.profile.memory})`)}`,
    `    cpu: ${t.profile.cpu}`,
    `    memory: ${t.profile.memory}`,
    "    default: true",
    ...storageAndFeatures(t),
    "",
  ];
  return lines.join("\n");
}
