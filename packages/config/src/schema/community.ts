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
  dnsLabel,
  domainName,
  duration,
  email,
  githubHandle,
  httpsUrl,
  httpUrl,
} from "./common";
import { Auth } from "./community-auth";
import { ImageRef, landingPath, Profile } from "./community-profile";

export * from "./community-auth";
export * from "./community-profile";

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

/** Who reads or writes a shared directory: everyone, the hub's admins, or members of groups. */
export const Audience = z
  .union([
    z.enum(["everyone", "admins", "nobody"]),
    z.strictObject({
      groups: z
        .array(z.string().min(1))
        .min(1, { message: "list at least one group" })
        .describe("Members of these groups (GitHub `org:team`, OIDC or CILogon group claims)."),
    }),
  ])
  .describe("`everyone`, `admins`, `nobody` or `{ groups: [...] }`.");

export const SharedDirectory = z
  .strictObject({
    name: dnsLabel("a shared directory name")
      .refine((n) => !n.endsWith("-readwrite"), {
        message: "must not end in -readwrite (that is its writers' mount)",
      })
      .describe("Mounted at ~/<name>; writers also get ~/<name>-readwrite (unless everyone writes)."),
    read: Audience.prefault("everyone").describe("Who sees the directory (read-only)."),
    write: Audience.prefault("admins").describe("Who writes it (admins always can when they read)."),
  })
  .describe("A directory of the hub's home share that some users read and some write.")
  .meta({ examples: [{ name: "datasets", read: "everyone", write: { groups: ["my-org:data-stewards"] } }] });

export const Storage = z
  .strictObject({
    homes: z
      .boolean()
      .prefault(true)
      .describe(
        "Persistent home directories. `false`: ephemeral servers whose files vanish when they stop; " +
          "turning it off on a hub that had homes leaves them on the share but unmounted.",
      ),
    homeQuota: bytesQuantity.prefault("10G").describe("Home directory quota per user."),
    shared: z
      .boolean()
      .prefault(true)
      .describe("A `shared` directory every user reads and admins write (`shared-readwrite`)."),
    sharedDirectories: z
      .array(SharedDirectory)
      .prefault([])
      .describe(
        "More shared directories, each with who reads and who writes it. Removing one unmounts it; its " +
          "files stay on the share.",
      ),
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
          .describe(
            "A persistent bucket, reached as $PERSISTENT_BUCKET. Turning it off keeps the bucket and its data (retained).",
          ),
      })
      .prefault({ persistent: false })
      .describe("Object storage for the community's hubs, reachable only by their users."),
  })
  .describe("Home directories, shared directories and object storage.")
  .meta({
    examples: [
      { homeQuota: "10G", sharedDirectories: [{ name: "staff", read: "admins", write: "admins" }] },
      { homes: false },
    ],
  });

export const Features = z
  .strictObject({
    dask: z
      .boolean()
      .prefault(false)
      .describe(
        "Dask Gateway, reachable from notebooks and (dashboards) through the hub, authenticated by it. " +
          "Every image the hubs offer must have the dask-gateway package: hubnet knows the Pangeo images; " +
          "for others set `daskImagesHaveGateway`.",
      ),
    daskImagesHaveGateway: z
      .boolean()
      .prefault(false)
      .describe(
        "With `dask`: the community vouches that every image its hubs offer (the default image and each " +
          "profile's images) has the dask-gateway package, compatible with dask-gateway 2026.3.0. Needed for " +
          "images hubnet does not know to have it (`hubnet validate`'s dask-gateway image check).",
      ),
    culling: z
      .strictObject({
        enabled: z.boolean().prefault(true),
        idleTimeout: duration.prefault("1h").describe("Stop servers idle for this long."),
        maxAge: duration.prefault("8h").describe("Stop servers older than this, idle or not."),
      })
      .prefault({ enabled: true, idleTimeout: "1h", maxAge: "8h" })
      .describe("Stopping idle servers; on by default."),
    namedServers: z
      .strictObject({
        limit: z
          .number()
          .int()
          .min(1)
          .max(50)
          .describe("How many named servers each user may have besides the default one."),
      })
      .optional()
      .describe("Named servers: users run several servers at once, each with its own name and profile."),
  })
  .describe("Optional features.")
  .meta({
    examples: [{ dask: true, namedServers: { limit: 3 }, culling: { idleTimeout: "30m", maxAge: "8h" } }],
  });

/** A repository pulled into every user's home when their server starts (nbgitpuller's `gitpuller`). */
export const GitPull = z
  .strictObject({
    repo: httpsUrl.describe("The repository's https URL (public: no credentials)."),
    branch: z
      .string()
      .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]{1,100}$/, { message: "must be a branch name" })
      .prefault("main")
      .describe("The branch to pull."),
    directory: z
      .string()
      .regex(/^(?!\.)[A-Za-z0-9._-]{1,100}$/, {
        message: "must be a folder name in the home directory (no /)",
      })
      .optional()
      .describe("The folder in each home it is pulled into; default: the repository's name."),
  })
  .describe(
    "Pulled with nbgitpuller when a server starts: new files arrive, users' own changes are kept. The " +
      "image must include nbgitpuller (without it, nothing is pulled).",
  )
  .meta({
    examples: [{ repo: "https://github.com/my-org/course-materials", branch: "main", directory: "course" }],
  });

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const linkText = z.strictObject({
  text: z.string().min(1),
  url: httpUrl.optional().describe("Where the text links to (http or https)."),
});

export const Branding = z
  .strictObject({
    logoUrl: httpsUrl.optional().describe("Logo shown on the login and home pages."),
    homepageUrl: httpsUrl.optional().describe("The community's home page, linked from the logo."),
    fundedBy: linkText.optional().describe("Who funds this hub."),
    operatedBy: linkText.optional().describe("Who operates this hub (defaults to the platform operator)."),
    announcement: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe("A banner shown on every page of the hub, as plain text (no HTML)."),
  })
  .describe("How the hub presents the community on its login and home pages.")
  .meta({
    examples: [
      {
        logoUrl: "https://uni.example.edu/logo.png",
        fundedBy: { text: "The Uni", url: "http://uni.example.edu" },
        announcement: "Maintenance on Saturday 8:00-10:00 UTC.",
      },
    ],
  });

/** The largest monthly budget a community may declare, in US dollars (larger is a typing slip). */
export const MAX_BUDGET_USD = 1_000_000;

export const Budget = z
  .strictObject({
    monthlyUsd: z
      .number({ message: "must be a number of US dollars, such as 1500" })
      .positive({ message: "must be more than 0 US dollars: remove `budget` for a community without one" })
      .max(MAX_BUDGET_USD, {
        message: `must be at most ${MAX_BUDGET_USD.toLocaleString("en-US")} US dollars a month (is a digit too many?)`,
      })
      .describe(
        "Expected monthly spend in US dollars, written as a plain number (1500, 250.50). A budget alert is created " +
          "on the cluster's cloud for the community's attributable resources (docs/communities/README.md#budget).",
      ),
    alertEmails: z
      .array(email)
      .prefault([])
      .describe(
        "Who is told when spend reaches 50%, 90% and 100% of the budget, or is forecast to exceed it (the cluster's `operatorEmails` are told too).",
      ),
  })
  .describe(
    "The community's monthly budget: a budget alert on the cloud, and a warning in plans when the estimate exceeds it.",
  );

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
    defaultUrl: landingPath.prefault("/lab"),
    env: z
      .record(
        z.string().regex(ENV_NAME, { message: "must be an environment variable name" }),
        // A process environment cannot carry NUL (execve ends the value there), and no control
        // character is a setting: `"\0"` or `"\e"` in a double-quoted YAML value is refused.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        z.string().regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$/, {
          message: "must not hold control characters (NUL, escape, ...): environment values are plain text",
        }),
      )
      .prefault({})
      .describe(
        "Environment variables of user servers, plain (never secrets: names and values that look like " +
          "secrets are refused).",
      ),
    gitPuller: z
      .array(GitPull)
      .prefault([])
      .describe("Repositories pulled into every home when a server starts."),
    profiles: z
      .array(Profile)
      .min(1, { message: "list at least one profile" })
      .describe("Machine choices. Exactly one has `default: true`."),
    storage: Storage.prefault({
      homes: true,
      homeQuota: "10G",
      shared: true,
      sharedDirectories: [],
      buckets: { persistent: false },
    }),
    features: Features.prefault({
      dask: false,
      daskImagesHaveGateway: false,
      culling: { enabled: true, idleTimeout: "1h", maxAge: "8h" },
    }),
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
export type CommunityHub = Community["hubs"][number];
