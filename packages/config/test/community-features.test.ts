/** The community fields real hubs need, and what validate refuses (fixture network, not the example one). */
import { describe, expect, it } from "vitest";
import { loadNetwork, OTHER_IMAGE_REGEX, secretLooking, WORKSHOP_MAX_AGE_SECONDS } from "../src";
import {
  communityYaml,
  FIXTURE_CLUSTERS,
  fixtureTrees,
  GITHUB_AUTH,
  problemsOf,
  SMALL_PROFILE,
} from "./community-fixtures";

const tree = fixtureTrees();
const one = (cluster: string, body: string) => problemsOf(tree({ c: communityYaml("c", cluster, body) }));
const loaded = (cluster: string, body: string) => {
  const network = loadNetwork(tree({ c: communityYaml("c", cluster, body) }));
  expect(network.problems).toEqual([]);
  return network.communities.get("c")!.config;
};

describe("auth: every provider says whom it admits", () => {
  const cilogon = (idps: string, extra = "") =>
    `auth:\n  provider: cilogon\n  identityProviders:\n${idps}${extra}\n${SMALL_PROFILE}`;

  it("refuses a CILogon provider with no rule, naming it", () => {
    expect(one("gke", cilogon('    - { entityId: "https://idp.uni.example.edu/idp/shibboleth" }'))).toEqual([
      "communities/c/community.yaml:12:7: auth.identityProviders[0]: identityProviders[0] (https://idp.uni.example.edu/idp/shibboleth) has no rule, so it would admit nobody (only the hub's admins): write allowAll: true to admit all its users, or list allowedDomains or allowedUsers",
    ]);
  });

  it("accepts explicit allowAll, per-provider users and a default provider", () => {
    const c = loaded(
      "gke",
      cilogon(
        [
          '    - { entityId: "https://idp.uni.example.edu/idp/shibboleth", allowAll: true }',
          '    - { entityId: "http://github.com/login/oauth/authorize", usernameClaim: preferred_username, allowedUsers: [octo-admin] }',
        ].join("\n"),
        '\n  defaultIdentityProvider: "https://idp.uni.example.edu/idp/shibboleth"',
      ),
    );
    expect(
      c.auth.provider === "cilogon" && c.auth.identityProviders.map((i) => [i.allowAll, i.allowedUsers]),
    ).toEqual([
      [true, []],
      [false, ["octo-admin"]],
    ]);
  });

  it("refuses a listed user another provider could also name, and a default that is not listed", () => {
    const out = one(
      "gke",
      cilogon(
        [
          '    - { entityId: "https://idp.uni.example.edu/idp/shibboleth", allowedUsers: [jo@uni.example.edu] }',
          '    - { entityId: "http://google.com/accounts/o8/id", allowAll: true }',
        ].join("\n"),
        '\n  defaultIdentityProvider: "https://idp.other.example.edu/idp"',
      ),
    );
    expect(out).toEqual([
      // The university's e-mail names could also be the operators' Google addresses (issue 21).
      "communities/c/community.yaml:12:7: auth.identityProviders[0]: identityProviders[0] (https://idp.uni.example.edu/idp/shibboleth) could give the names that http://google.com/accounts/o8/id gives, under which the platform's operators are admins (through http://google.com/accounts/o8/id): give it a usernamePrefix",
      'communities/c/community.yaml:12:80: auth.identityProviders[0].allowedUsers[0]: "jo@uni.example.edu" could also be a user of identityProviders[1] (http://google.com/accounts/o8/id), who would then be let in: give one of the two providers a usernamePrefix so their names differ',
      'communities/c/community.yaml:14:28: auth.defaultIdentityProvider: "https://idp.other.example.edu/idp" is not one of identityProviders (https://idp.uni.example.edu/idp/shibboleth, http://google.com/accounts/o8/id)',
    ]);
  });

  it("never opens Google or OIDC implicitly", () => {
    expect(one("gke", `auth: { provider: google, domains: [uni.example.edu] }\n${SMALL_PROFILE}`)).toEqual([
      "communities/c/community.yaml:9:7: auth: nobody but the admins could log in: add allowAll: true to admit every account of uni.example.edu, or list allowedUsers",
    ]);
    const oidc = [
      "auth:",
      "  provider: oidc",
      "  issuer: https://login.example.org",
      "  authorizeUrl: https://login.example.org/authorize",
      "  tokenUrl: https://login.example.org/token",
      "  userdataUrl: https://login.example.org/userinfo",
    ].join("\n");
    expect(one("gke", `${oidc}\n${SMALL_PROFILE}`)).toEqual([
      "communities/c/community.yaml:10:3: auth: nobody but the admins could log in: list allowedGroups, allowedScopes or allowedUsers, or add allowAll: true",
    ]);
    const c = loaded(
      "gke",
      `${oidc}\n  allowAll: true\n  extraAuthorizeParams: { audience: https://api.example.org }\n  groupsClaim: https://example.org/groups\n${SMALL_PROFILE}`,
    );
    expect(c.auth.provider === "oidc" && c.auth.extraAuthorizeParams).toEqual({
      audience: "https://api.example.org",
    });
  });
});

describe("workshop logins", () => {
  const workshop = (culling: string, auth = "auth: { provider: shared-password, allowAll: true }") =>
    `${auth}\n${SMALL_PROFILE}\nfeatures:\n  culling: ${culling}`;

  it("allows shared passwords off local clusters with culling and a maxAge of at most 8h", () => {
    expect(WORKSHOP_MAX_AGE_SECONDS).toBe(8 * 3600);
    expect(one("gke", workshop("{ idleTimeout: 30m, maxAge: 8h }"))).toEqual([]);
    expect(one("gke", workshop("{ idleTimeout: 30m, maxAge: 12h }"))).toEqual([
      "communities/c/community.yaml:13:40: features.culling.maxAge: shared-password auth (a shared password) needs servers stopped within 8h; maxAge is 12h: set maxAge to 8h or less",
    ]);
    expect(one("gke", workshop("{ enabled: false }"))).toEqual([
      "communities/c/community.yaml:13:23: features.culling.enabled: shared-password auth (a shared password) needs culling on a cluster reachable from the internet: remove enabled: false",
    ]);
    // On a local cluster nobody else can reach, no bound.
    expect(one("lab", workshop("{ enabled: false }"))).toEqual([]);
  });

  it("needs anonymous hubs without homes, which would pile up under random names", () => {
    expect(
      one("campus", workshop("{ idleTimeout: 30m, maxAge: 2h }", "auth: { provider: anonymous }")),
    ).toEqual([
      "communities/c/community.yaml:9:19: auth.provider: anonymous users get a new random name at every visit, so their homes would pile up unreachable on the share: set storage.homes: false",
    ]);
    expect(
      one(
        "campus",
        `${workshop("{ idleTimeout: 30m, maxAge: 2h }", "auth: { provider: anonymous }")}\nstorage: { homes: false }`,
      ),
    ).toEqual([]);
  });

  it("keeps dummy auth off existing production clusters", () => {
    expect(one("campus", `auth: { provider: dummy }\n${SMALL_PROFILE}`)).toEqual([
      'communities/c/community.yaml:9:19: auth.provider: dummy auth lets anyone in and is only allowed on local clusters; "campus" is an existing production cluster: use github, cilogon, google or oidc',
    ]);
  });
});

describe("profiles, groups, images and landing paths", () => {
  it("refuses groups a provider does not give, and a default profile kept for some", () => {
    const google = `auth: { provider: google, allowAll: true }\nprofiles:\n  - { name: s, displayName: S, cpu: 1, memory: 2G, default: true }\n  - { name: g, displayName: G, cpu: 1, memory: 2G, allowedGroups: [staff] }`;
    expect(one("gke", google)).toEqual([
      'communities/c/community.yaml:12:68: profiles[1].allowedGroups[0]: google auth gives users no groups, so no one would be a member of "staff": use github (teams), cilogon or oidc, or remove the groups',
    ]);
    const dflt = `${GITHUB_AUTH}\nprofiles:\n  - { name: s, displayName: S, cpu: 1, memory: 2G, default: true, allowedGroups: ["fixture-org:staff"] }`;
    expect(one("gke", dflt)).toEqual([
      "communities/c/community.yaml:11:82: profiles[0].allowedGroups: the default profile is what everyone starts: it cannot be limited to groups (make another profile the default)",
    ]);
    const notTeam = `${GITHUB_AUTH}\nprofiles:\n  - { name: s, displayName: S, cpu: 1, memory: 2G, default: true }\n  - { name: g, displayName: G, cpu: 1, memory: 2G, allowedGroups: [staff] }`;
    expect(one("gke", notTeam)).toEqual([
      'communities/c/community.yaml:12:68: profiles[1].allowedGroups[0]: GitHub groups are teams, written org:team-slug; "staff" is not',
    ]);
  });

  it("accepts an image the user types only as name:tag with a pinned tag", () => {
    const re = new RegExp(OTHER_IMAGE_REGEX);
    expect(re.test("quay.io/jupyter/scipy-notebook:2025-11-03")).toBe(true);
    expect(re.test("rocker/binder:4.4")).toBe(true);
    for (const bad of ["quay.io/jupyter/scipy-notebook", "x:latest", "UPPER/case:1", "a:b; rm -rf /", ""])
      expect(re.test(bad), bad).toBe(false);
  });

  it("takes landing paths, refusing other hosts and parent directories", () => {
    expect(loaded("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\ndefaultUrl: /rstudio`).defaultUrl).toBe(
      "/rstudio",
    );
    expect(one("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\ndefaultUrl: //evil.example.org`)).toEqual([
      "communities/c/community.yaml:12:13: defaultUrl: must be a path on the user's server such as /lab, /tree, /rstudio or /desktop",
    ]);
    expect(one("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\ndefaultUrl: /lab/../../hub`)).toEqual([
      "communities/c/community.yaml:12:13: defaultUrl: must not contain ..",
    ]);
  });
});

describe("environment, shared directories and git pulls", () => {
  it("refuses secret-looking names and values and the platform's own variables", () => {
    const env = (lines: string[]) =>
      one("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\nenv:\n${lines.map((l) => `  ${l}`).join("\n")}`);
    expect(env(["API_TOKEN: abc"])).toEqual([
      "communities/c/community.yaml:13:3: env.API_TOKEN: names a secret: user servers get no secrets from the community file (users keep them in their own home)",
    ]);
    // An empty value is no plain-text secret, but the name still says the variable is for one.
    expect(env(['API_TOKEN: ""'])).toEqual([
      "communities/c/community.yaml:13:3: env.API_TOKEN: names a secret: user servers get no secrets from the community file (users keep them in their own home)",
    ]);
    expect(
      env([
        "COURSE: physics-101",
        "SCRATCH_BUCKET: gs://mine",
        "REMOTE: https://user:hunter22@git.example.org/repo",
        "KEY: AKIAABCDEFGHIJKLMNOP",
      ]),
    ).toEqual([
      "communities/c/community.yaml:14:3: env.SCRATCH_BUCKET: SCRATCH_BUCKET is set by the platform (or by JupyterHub) on every server: choose another name",
      "communities/c/community.yaml:15:11: env.REMOTE: the value of REMOTE looks like a URL with a password: never put secrets in the community file",
      "communities/c/community.yaml:16:8: env.KEY: the value of KEY looks like an AWS access key: never put secrets in the community file",
    ]);
    expect(secretLooking("physics-101")).toBeUndefined();
    expect(secretLooking("k3J9xQ2mZ8vB1nT7yR4wL6pD0sF5hG3a")).toBe("a random key");
  });

  it("takes shared directories with readers and writers, refusing them on per-user claims", () => {
    const dirs = [
      "storage:",
      "  sharedDirectories:",
      '    - { name: datasets, read: everyone, write: { groups: ["fixture-org:curators"] } }',
      "    - { name: staff, read: admins, write: admins }",
    ].join("\n");
    const c = loaded("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\n${dirs}`);
    expect(c.storage.sharedDirectories.map((d) => d.name)).toEqual(["datasets", "staff"]);
    const plain =
      "storage:\n  sharedDirectories:\n    - { name: datasets }\n    - { name: staff, read: admins }";
    expect(one("lab", `auth: { provider: dummy }\n${SMALL_PROFILE}\n${plain}`)).toEqual([
      'communities/c/community.yaml:14:7: storage.sharedDirectories[0]: cluster "lab" keeps each home on its own volume, so hubs there have no shared directories: remove it, or move to a cluster with shared home storage',
      'communities/c/community.yaml:15:7: storage.sharedDirectories[1]: cluster "lab" keeps each home on its own volume, so hubs there have no shared directories: remove it, or move to a cluster with shared home storage',
    ]);
    expect(
      one("gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\nstorage:\n  sharedDirectories: [{ name: shared }]`),
    ).toEqual([
      'communities/c/community.yaml:13:31: storage.sharedDirectories[0].name: "shared" is the built-in shared directory (storage.shared): choose another name',
    ]);
  });

  it("pulls public https repositories into distinct folders", () => {
    const c = loaded(
      "gke",
      `${GITHUB_AUTH}\n${SMALL_PROFILE}\ngitPuller:\n  - { repo: https://github.com/example/course.git }\n  - { repo: https://github.com/example/data, branch: v2, directory: data-v2 }`,
    );
    expect(c.gitPuller.map((g) => [g.branch, g.directory])).toEqual([
      ["main", undefined],
      ["v2", "data-v2"],
    ]);
    expect(
      one(
        "gke",
        `${GITHUB_AUTH}\n${SMALL_PROFILE}\ngitPuller:\n  - { repo: "https://token@github.com/example/private" }`,
      ),
    ).toEqual([
      "communities/c/community.yaml:13:13: gitPuller[0].repo: must not hold credentials (user@ or user:password@)",
    ]);
  });
});

describe("an existing cluster", () => {
  it("is a cluster of its own kind: no node pools, declared node, no buckets", () => {
    const network = loadNetwork(tree({}));
    expect(network.problems).toEqual([]);
    const campus = network.clusters.get("campus")!.config;
    expect(campus.cloud).toBe("existing");
    expect(campus.storage.buckets).toBe(false);
  });

  it("refuses a kubeconfig or buckets in its file, and bare operator names", () => {
    const clusters = {
      ...FIXTURE_CLUSTERS,
      campus: `${FIXTURE_CLUSTERS.campus}\nkubeconfig: /home/me/.kube/config`.replace(
        "operators: { github: [op-gh] }",
        "operators: [op-gh]",
      ),
    };
    const out = problemsOf(tree({}, clusters));
    expect(out).toEqual([
      "stacks/cluster/Pulumi.campus.yaml:11:16: config.hubnet:cluster.operators: expected a mapping, got a list",
      'stacks/cluster/Pulumi.campus.yaml:13:5: config.hubnet:cluster.kubeconfig: unknown field "kubeconfig"; allowed fields here: cloud, context, node, storage, domain, extraDomains, certificateEmail, tags, operators, operatorEmails',
    ]);
  });
});
