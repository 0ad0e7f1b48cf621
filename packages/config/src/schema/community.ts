/**
 * The community file: `communities/<name>/community.yaml`.
 *
 * This is the 20% a community owns. Field names are a contract with the docs,
 * `hubnet new` and community members' pull requests: rename nothing lightly.
 */
import { z } from "zod";
import { EXEMPTABLE_POLICIES } from "../policy-catalog";
import {
  bytesQuantity,
  cpuQuantity,
  dnsLabel,
  domainName,
  duration,
  email,
  githubHandle,
  httpsUrl,
} from "./common";

const users = z.array(z.string().min(1)).describe("User names as the identity provider reports them.");

const authCommon = {
  allowedUsers: users.prefault([]).describe("Users allowed to log in in addition to the provider's rules."),
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

export const GithubAuth = z
  .strictObject({
    provider: z.literal("github").describe("Log in with GitHub."),
    orgs: z.array(z.string().min(1)).prefault([]).describe("GitHub organizations whose members may log in."),
    teams: z
      .array(z.string().regex(/^[^:\s]+:[^:\s]+$/, { message: "teams are written org:team-slug" }))
      .prefault([])
      .describe("GitHub teams (`org:team-slug`) whose members may log in."),
    ...authCommon,
  })
  .describe("Log in with GitHub (GitHubOAuthenticator).");

export const CilogonAuth = z
  .strictObject({
    provider: z.literal("cilogon").describe("Log in with CILogon."),
    identityProviders: z
      .array(
        z.strictObject({
          entityId: z
            .string()
            .min(1)
            .describe("The identity provider's entity ID or issuer URL, as CILogon lists it."),
          usernameClaim: z
            .enum(["email", "eppn", "oidc", "sub", "preferred_username"])
            .prefault("email")
            .describe("Which claim becomes the JupyterHub user name."),
          allowedDomains: z
            .array(z.string().min(1))
            .prefault([])
            .describe(
              "Users of this provider with e-mail addresses in these domains may log in. Without it, only `allowedUsers` (and admins) log in through this provider: no provider is open to all its users implicitly.",
            ),
        }),
      )
      .min(1, { message: "list at least one identity provider" })
      .describe("Institutional identity providers reached through CILogon."),
    ...authCommon,
  })
  .describe("Log in through CILogon with an institutional identity (CILogonOAuthenticator).");

export const GoogleAuth = z
  .strictObject({
    provider: z.literal("google").describe("Log in with Google."),
    domains: z
      .array(z.string().min(1))
      .prefault([])
      .describe("Google Workspace domains whose users may log in."),
    ...authCommon,
  })
  .describe("Log in with Google (GoogleOAuthenticator).");

export const OidcAuth = z
  .strictObject({
    provider: z.literal("oidc").describe("Log in with OpenID Connect."),
    issuer: httpsUrl.describe("The OpenID Connect issuer URL."),
    authorizeUrl: httpsUrl.describe("Authorization endpoint."),
    tokenUrl: httpsUrl.describe("Token endpoint."),
    userdataUrl: httpsUrl.describe("Userinfo endpoint."),
    scopes: z.array(z.string()).prefault(["openid", "profile", "email"]).describe("Scopes to request."),
    usernameClaim: z.string().prefault("preferred_username").describe("Claim used as the user name."),
    groupsClaim: z.string().prefault("groups").describe("Claim that lists the user's groups."),
    allowedGroups: z.array(z.string()).prefault([]).describe("Members of these groups may log in."),
    adminGroups: z.array(z.string()).prefault([]).describe("Members of these groups are hub admins."),
    ...authCommon,
  })
  .describe("Log in with any OpenID Connect provider (GenericOAuthenticator).");

export const DummyAuth = z
  .strictObject({
    provider: z.literal("dummy").describe("Any user name, no password; local clusters only."),
    ...authCommon,
  })
  .describe("Any user name logs in without a password. Only on `local` clusters, for development.");

export const Auth = z
  .discriminatedUnion("provider", [GithubAuth, CilogonAuth, GoogleAuth, OidcAuth, DummyAuth])
  .describe("Who may log in, and who is an admin.");

export const AUTH_PROVIDERS = ["github", "cilogon", "google", "oidc", "dummy"] as const;

export const ImageRef = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z0-9]+([._\-/][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, {
        message: "must be an image name such as quay.io/jupyter/scipy-notebook (no tag)",
      })
      .describe("Image name without tag."),
    tag: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { message: "must be an image tag" })
          .refine((t) => t !== "latest", {
            message: "pin a tag: `latest` changes under users without review",
          }),
      )
      .describe("Image tag. Pin one; `latest` is refused."),
  })
  .describe("A container image.");

export const Gpu = z
  .strictObject({
    type: z
      .string()
      .min(1)
      .describe("Accelerator type, e.g. nvidia-tesla-t4 (GCP) or nvidia-t4 (AWS, Azure)."),
    count: z.number().int().min(1).max(8).prefault(1).describe("GPUs per user server."),
  })
  .describe("A GPU for each user server of this profile.");

export const Profile = z
  .strictObject({
    name: dnsLabel("a profile name").describe("Short identifier (a DNS-1123 label)."),
    displayName: z.string().min(1).describe("What users see in the server options form."),
    description: z.string().optional().describe("One line under the display name."),
    cpu: cpuQuantity.describe("CPU cores guaranteed to and limited for each server, e.g. 2 or 500m."),
    memory: bytesQuantity.describe("Memory guaranteed to and limited for each server, e.g. 4G or 512Mi."),
    gpu: Gpu.optional(),
    images: z
      .array(
        z.strictObject({
          name: dnsLabel("an image choice name"),
          displayName: z.string().min(1),
          image: ImageRef,
          default: z.boolean().prefault(false),
        }),
      )
      .optional()
      .describe("Image choices offered with this profile; otherwise the community image."),
    default: z
      .boolean()
      .prefault(false)
      .describe("Pre-selected profile. Exactly one profile is the default."),
  })
  .describe("A machine choice offered to users when they start a server.");

export const Hub = z
  .strictObject({
    name: dnsLabel("a hub name").describe("Hub name, such as staging or prod."),
    domain: domainName.describe("Where users reach the hub, served over HTTPS."),
    clientId: z
      .string()
      .min(1)
      .optional()
      .describe("OAuth client ID for this hub, overriding `auth.clientId`."),
  })
  .describe("One JupyterHub of the community.");

export const Storage = z
  .strictObject({
    homeQuota: bytesQuantity.prefault("10G").describe("Home directory quota per user."),
    shared: z
      .boolean()
      .prefault(true)
      .describe("A `shared` directory every user reads and admins write (`shared-readwrite`)."),
    buckets: z
      .strictObject({
        scratch: z
          .strictObject({
            expireAfterDays: z
              .number()
              .int()
              .min(1)
              .max(365)
              .prefault(7)
              .describe("Objects are deleted after this many days."),
          })
          .optional()
          .describe("A scratch bucket, reached as $SCRATCH_BUCKET; objects expire."),
        persistent: z
          .boolean()
          .prefault(false)
          .describe("A persistent bucket, reached as $PERSISTENT_BUCKET."),
      })
      .prefault({ persistent: false })
      .describe("Object storage for the community's hubs, reachable only by their users."),
  })
  .describe("Home directories and object storage.");

export const Features = z
  .strictObject({
    dask: z
      .boolean()
      .prefault(false)
      .describe("Dask Gateway, reachable through the hub and authenticated by it."),
    culling: z
      .strictObject({
        enabled: z.boolean().prefault(true),
        idleTimeout: duration.prefault("1h").describe("Stop servers idle for this long."),
        maxAge: duration.prefault("8h").describe("Stop servers older than this, idle or not."),
      })
      .prefault({ enabled: true, idleTimeout: "1h", maxAge: "8h" })
      .describe("Stopping idle servers; on by default."),
  })
  .describe("Optional features.");

const linkText = z.strictObject({
  text: z.string().min(1),
  url: httpsUrl.optional(),
});

export const Branding = z
  .strictObject({
    logoUrl: httpsUrl.optional().describe("Logo shown on the login and home pages."),
    homepageUrl: httpsUrl.optional().describe("The community's home page, linked from the logo."),
    fundedBy: linkText.optional().describe("Who funds this hub."),
    operatedBy: linkText.optional().describe("Who operates this hub (defaults to the platform operator)."),
  })
  .describe("How the hub presents the community on its login and home pages.");

export const Budget = z
  .strictObject({
    monthlyUsd: z.number().positive().describe("Expected monthly spend in US dollars."),
    alertEmails: z.array(email).prefault([]).describe("Who is told when spend approaches the budget."),
  })
  .describe("The community's monthly budget.");

export const PolicyException = z
  .strictObject({
    policy: z
      .string()
      .min(1)
      .describe(
        `The advisory policy this community is exempted from: one of ${EXEMPTABLE_POLICIES.map((n) => `\`${n}\``).join(", ")}. Mandatory policies have no exceptions (docs/platform/policies.md).`,
      ),
    reason: z
      .string()
      .trim()
      .min(20, { message: "give a reason a reviewer can judge (at least 20 characters)" })
      .max(500)
      .describe(
        "Why this community needs the exception, for the reviewers of the pull request that adds it.",
      ),
  })
  .describe("An exemption from one advisory policy, reviewed like any change to this file.");

export const CommunitySchema = z
  .strictObject({
    name: dnsLabel("the community name").describe("Community identifier; must equal the folder name."),
    displayName: z.string().min(1).describe("Human-readable community name."),
    description: z.string().optional().describe("A sentence on who the community is."),
    owners: z
      .array(githubHandle)
      .min(1, { message: "list at least one owner" })
      .describe("GitHub handles who review changes to this file."),
    cluster: dnsLabel("a cluster name").describe(
      "The cluster (a stack of stacks/cluster) that hosts the hubs.",
    ),
    hubs: z.array(Hub).min(1, { message: "list at least one hub" }).describe("The community's hubs."),
    auth: Auth,
    image: ImageRef.describe("The default user image."),
    profiles: z
      .array(Profile)
      .min(1, { message: "list at least one profile" })
      .describe("Machine choices. Exactly one has `default: true`."),
    storage: Storage.prefault({ homeQuota: "10G", shared: true, buckets: { persistent: false } }),
    features: Features.prefault({ dask: false, culling: { enabled: true, idleTimeout: "1h", maxAge: "8h" } }),
    branding: Branding.optional(),
    budget: Budget.optional(),
    policyExceptions: z
      .array(PolicyException)
      .prefault([])
      .describe(
        "Advisory policies this community's hubs are exempted from, each with its reason; shown by `hubnet plan`, `hubnet policy` and `hubnet diff`.",
      ),
  })
  .describe("A community's hubs: who may log in, images, machine sizes, storage, branding and budget.");

export type Community = z.output<typeof CommunitySchema>;
export type CommunityInput = z.input<typeof CommunitySchema>;
export type CommunityAuth = Community["auth"];
export type CommunityProfile = Community["profiles"][number];
export type CommunityHub = Community["hubs"][number];
