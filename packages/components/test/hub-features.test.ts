/**
 * Every community feature, rendered into chart values from fixtures of this test's own, checked
 * against the z2jh 4.4.0 values schema and the hub image's traits (`support/traits-oracle.ts`).
 */
import { OTHER_IMAGE_REGEX } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { byteSpecification } from "../src/hub/profiles";
import { type Json, render } from "./support/hub-fixtures";
import { hubConfigProblems, profileListProblems } from "./support/traits-oracle";
import { validateZ2jhValues } from "./support/z2jh-schema";

/** Values pass both oracles: the chart's schema and the hub image's traits. */
function expectValid(values: Json) {
  expect(validateZ2jhValues(values).errors).toEqual([]);
  expect(hubConfigProblems(values.hub.config)).toEqual([]);
  expect(profileListProblems(values.singleuser.profileList)).toEqual([]);
}

describe("the oracles are live", () => {
  it("flags deprecated, unknown and mistyped settings the old tables let through", () => {
    expect(
      hubConfigProblems({
        CILogonOAuthenticator: { allowed_idps: {}, username_claim: "email" },
        GoogleOAuthenticator: { include_granted_scopes: true },
        GenericOAuthenticator: { claim_groups_key: "groups" },
        JupyterHub: { allow_named_servers: "yes" },
      }),
    ).toEqual([
      "hub.config.CILogonOAuthenticator.allowed_idps: deprecated (use idps)",
      "hub.config.CILogonOAuthenticator.username_claim: deprecated (use idps)",
      "hub.config.GoogleOAuthenticator.include_granted_scopes: no such configurable trait",
      "hub.config.GenericOAuthenticator.claim_groups_key: deprecated (use auth_state_groups_key)",
      'hub.config.JupyterHub.allow_named_servers: should be true or false, got "yes"',
    ]);
    expect(
      profileListProblems([
        {
          display_name: "x",
          slug: "x",
          allowed_groups: ["a"],
          kubespawner_override: { mem_limit: "1Gi", not_a_trait: 1 },
        },
      ]),
    ).toEqual([
      "profileList[0].allowed_groups: not a key KubeSpawner reads",
      'profileList[0].kubespawner_override.mem_limit: should be an integer or a number with K, M, G or T, got "1Gi"',
      "profileList[0].kubespawner_override.not_a_trait: not a KubeSpawner trait",
    ]);
    expect(
      hubConfigProblems({ CILogonOAuthenticator: { idps: { "https://x": { allowed_users: ["a"] } } } })[0],
    ).toMatch(/idps: https:\/\/x: /);
  });
});

describe("profiles", () => {
  it("writes memory as KubeSpawner's ByteSpecification reads it, from the normalised size", () => {
    const q = (text: string, bytes: number) => ({ text, bytes });
    expect(byteSpecification(q("1Gi", 2 ** 30))).toBe("1G");
    expect(byteSpecification(q("512Mi", 512 * 2 ** 20))).toBe("512M");
    expect(byteSpecification(q("4G", 4e9))).toBe(4000000000);
    expect(byteSpecification(q("1.5Gi", 1.5 * 2 ** 30))).toBe("1536M");
  });

  it("renders burstable sizes, node shares, images, another image, landing paths, GPUs and spot", () => {
    const { values } = render({
      profiles: [
        {
          name: "burst",
          displayName: "Burst",
          cpu: { guarantee: 0.5, limit: 2 },
          memory: { guarantee: "1Gi", limit: "4G" },
          default: true,
        },
        {
          name: "shares",
          displayName: "Shares",
          sizes: [
            { name: "quarter", displayName: "1/4", cpu: 0.9, memory: "7G" },
            { name: "half", displayName: "1/2", cpu: 1.8, memory: "14G", default: true },
          ],
          images: [
            {
              name: "py",
              displayName: "Python",
              image: { name: "quay.io/jupyter/scipy-notebook", tag: "2025-11-03" },
            },
            {
              name: "r",
              displayName: "R",
              image: { name: "rocker/binder", tag: "4.4" },
              defaultUrl: "/rstudio",
            },
          ],
          otherImage: true,
          defaultUrl: "/tree",
        },
        { name: "gpu", displayName: "GPU", cpu: 4, memory: "16G", gpu: { type: "nvidia-tesla-t4" } },
        { name: "cheap", displayName: "Cheap", cpu: 1, memory: "2G", spot: true },
      ],
    });
    expectValid(values);
    const [burst, shares, gpu, cheap] = values.singleuser.profileList;
    expect(burst.kubespawner_override).toMatchObject({
      cpu_guarantee: 0.5,
      cpu_limit: 2,
      mem_guarantee: "1G",
      mem_limit: 4000000000,
    });
    expect(shares.kubespawner_override.mem_limit).toBeUndefined();
    expect(shares.kubespawner_override.default_url).toBe("/tree");
    expect(shares.profile_options.resources.choices).toEqual({
      quarter: {
        display_name: "1/4",
        kubespawner_override: {
          cpu_guarantee: 0.9,
          cpu_limit: 0.9,
          mem_guarantee: 7000000000,
          mem_limit: 7000000000,
        },
      },
      half: {
        display_name: "1/2",
        default: true,
        kubespawner_override: {
          cpu_guarantee: 1.8,
          cpu_limit: 1.8,
          mem_guarantee: 14000000000,
          mem_limit: 14000000000,
        },
      },
    });
    expect(shares.profile_options.image.choices.r.kubespawner_override).toEqual({
      image: "rocker/binder:4.4",
      default_url: "/rstudio",
    });
    expect(shares.profile_options.image.unlisted_choice).toMatchObject({
      enabled: true,
      validation_regex: OTHER_IMAGE_REGEX,
      kubespawner_override: { image: "{value}" },
    });
    expect(gpu.kubespawner_override.extra_resource_limits).toEqual({ "nvidia.com/gpu": "1" });
    expect(gpu.kubespawner_override.node_selector).toEqual({ "hubnet.org/pool": "t4" });
    // Spot capacity only when asked for; on GKE spot nodes carry no taint to tolerate.
    expect(burst.kubespawner_override.node_selector).toEqual({ "hubnet.org/pool": "small" });
    expect(cheap.kubespawner_override.node_selector).toEqual({ "hubnet.org/pool": "spotty" });
    expect(JSON.stringify(cheap.kubespawner_override.tolerations)).not.toContain("scalesetpriority");
  });

  it("tolerates AKS's spot taint in profiles that ask for spot, and only there", () => {
    const { values } = render(
      {
        profiles: [
          { name: "steady", displayName: "Steady", cpu: 1, memory: "2G", default: true },
          { name: "cheap", displayName: "Cheap", cpu: 1, memory: "2G", spot: true },
        ],
      },
      "azure",
    );
    expectValid(values);
    const [steady, cheap] = values.singleuser.profileList;
    const spotTaint = {
      key: "kubernetes.azure.com/scalesetpriority",
      operator: "Equal",
      value: "spot",
      effect: "NoSchedule",
    };
    expect(cheap.kubespawner_override.tolerations).toContainEqual(spotTaint);
    expect(cheap.kubespawner_override.node_selector).toEqual({ "hubnet.org/pool": "spotty" });
    expect(steady.kubespawner_override.tolerations).not.toContainEqual(spotTaint);
    expect(steady.kubespawner_override.node_selector).toEqual({ "hubnet.org/pool": "steady" });
  });

  it("keeps profiles for groups in the list and hides them per user in hub.extraConfig, with GitHub teams as groups", () => {
    const { values } = render({
      profiles: [
        { name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true },
        {
          name: "gpu",
          displayName: "GPU",
          cpu: 4,
          memory: "16G",
          gpu: { type: "nvidia-tesla-t4" },
          allowedGroups: ["fixture-org:gpu-users"],
        },
      ],
    });
    expectValid(values);
    expect(values.singleuser.profileList.map((p: Json) => p.slug)).toEqual(["small", "gpu"]);
    expect(values.hub.extraConfig["hubnet-profile-groups"]).toContain(
      '{\\"gpu\\":[\\"fixture-org:gpu-users\\"]}',
    );
    const gh = values.hub.config.GitHubOAuthenticator;
    expect(gh).toMatchObject({
      populate_teams_in_auth_state: true,
      manage_groups: true,
      scope: ["read:org"],
    });
    expect(values.hub.extraConfig["hubnet-github-teams"]).toContain(
      "c.GitHubOAuthenticator.auth_state_groups_key = hubnet_github_teams",
    );
  });
});

describe("auth", () => {
  it("CILogon: idps with per-provider rules, prefixes and a default; operators through a prefixed GitHub provider", () => {
    const { values } = render({
      auth: {
        provider: "cilogon",
        identityProviders: [
          { entityId: "https://idp.uni.example.edu/idp/shibboleth", allowedDomains: ["uni.example.edu"] },
          {
            entityId: "http://google.com/accounts/o8/id",
            usernamePrefix: "google",
            allowedUsers: ["google:guest@gmail.com"],
          },
        ],
        defaultIdentityProvider: "http://google.com/accounts/o8/id",
        admins: ["prof@uni.example.edu"],
      },
    });
    expectValid(values);
    const c = values.hub.config;
    expect(c.CILogonOAuthenticator.idps).toEqual({
      "https://idp.uni.example.edu/idp/shibboleth": {
        username_derivation: { username_claim: "email" },
        allowed_domains: ["uni.example.edu"],
      },
      "http://google.com/accounts/o8/id": {
        username_derivation: { username_claim: "email", action: "prefix", prefix: "google" },
        default: true,
      },
      // Added for the operators: no allow rule, so only admins get in through it.
      "http://github.com/login/oauth/authorize": {
        username_derivation: { username_claim: "preferred_username", action: "prefix", prefix: "github" },
      },
    });
    expect(c.Authenticator.allowed_users).toEqual(["google:guest@gmail.com"]);
    expect(c.Authenticator.admin_users).toEqual([
      "github:op-gh",
      "google:op@example.org",
      "prof@uni.example.edu",
    ]);
  });

  it("Google: explicit allow_all, admins and operators named the way a one-domain hub reports them", () => {
    const { values } = render({
      auth: { provider: "google", domains: ["example.org"], allowAll: true, admins: ["ana@example.org"] },
    });
    expectValid(values);
    expect(values.hub.config.GoogleOAuthenticator).toMatchObject({
      hosted_domain: ["example.org"],
      allow_all: true,
    });
    expect(values.hub.config.Authenticator.admin_users).toEqual(["ana", "op"]);
  });

  it("OIDC: extra authorize parameters, allowed scopes, groups from a claim with dots, operators of that issuer", () => {
    const { values } = render({
      auth: {
        provider: "oidc",
        issuer: "https://login.example.org",
        authorizeUrl: "https://login.example.org/authorize",
        tokenUrl: "https://login.example.org/oauth/token",
        userdataUrl: "https://login.example.org/userinfo",
        extraAuthorizeParams: { audience: "https://api.example.org" },
        allowedScopes: ["hub:use"],
        groupsClaim: "https://example.org/groups",
        allowedGroups: ["students"],
      },
    });
    expectValid(values);
    const o = values.hub.config.GenericOAuthenticator;
    expect(o).toMatchObject({
      extra_authorize_params: { audience: "https://api.example.org" },
      allowed_scopes: ["hub:use"],
      manage_groups: true,
      allowed_groups: ["students"],
    });
    expect(o.auth_state_groups_key).toBeUndefined();
    expect(values.hub.extraConfig["hubnet-groups-claim"]).toContain('.get("https://example.org/groups")');
    expect(values.hub.config.Authenticator.admin_users).toEqual(["op"]);
  });

  it("shared-password: the passwords are secret leaves where the authenticator reads them", () => {
    const { values } = render({
      auth: { provider: "shared-password", allowAll: true, admins: ["teacher"] },
      features: { culling: { idleTimeout: "30m", maxAge: "8h" } },
    });
    expectValid(values);
    expect(values.hub.config.JupyterHub.authenticator_class).toBe("shared-password");
    expect(values.hub.config.SharedPasswordAuthenticator).toEqual({
      user_password: "[secret]",
      admin_password: "[secret]",
      allow_all: true,
    });
    expect(values.hub.config.Authenticator.admin_users).toEqual(["teacher"]);
  });

  it("anonymous: temporary users, removed with their culled servers, no homes", () => {
    const { values } = render({
      auth: { provider: "anonymous" },
      storage: { homes: false, shared: false },
      features: { culling: { idleTimeout: "20m", maxAge: "2h" } },
    });
    expectValid(values);
    expect(values.hub.config.JupyterHub.authenticator_class).toBe("tmp");
    expect(values.hub.config.TmpAuthenticator).toEqual({ allow_all: true });
    expect(values.cull).toMatchObject({ enabled: true, users: true, maxAge: 7200 });
    expect(values.singleuser.storage.type).toBe("none");
    expect(values.singleuser.initContainers).toEqual([]);
  });
});

describe("storage, environment, landing, named servers", () => {
  it("mounts shared directories for their readers and writers, and makes homes and writable ones the user's", () => {
    const { values } = render({
      storage: {
        sharedDirectories: [
          { name: "datasets", read: "everyone", write: { groups: ["fixture-org:curators"] } },
          { name: "scratch", write: "everyone" },
          { name: "staff", read: "admins", write: "admins" },
        ],
      },
    });
    expectValid(values);
    const s = values.singleuser.storage;
    expect(s.extraVolumeMounts).toEqual([
      { name: "home", mountPath: "/home/jovyan/shared", subPath: "_shared", readOnly: true },
      { name: "home", mountPath: "/home/jovyan/datasets", subPath: "_datasets", readOnly: true },
      { name: "home", mountPath: "/home/jovyan/scratch", subPath: "_scratch", readOnly: false },
    ]);
    const hook = values.hub.extraConfig["hubnet-shared-mounts"];
    expect(hook).toContain("/home/jovyan/datasets-readwrite");
    expect(hook).toContain("/home/jovyan/staff-readwrite");
    expect(hook).toContain("fixture-org:curators");
    const [init] = values.singleuser.initContainers;
    expect(init.volumeMounts.map((m: Json) => m.subPath)).toEqual([
      "{username}", // the hub's volume is its own directory of the share
      "_shared",
      "_datasets",
      "_scratch",
      "_staff",
    ]);
    expect(init.command.slice(3)).toEqual([
      "hubnet-home-owner",
      "/hubnet/home",
      "/hubnet/shared",
      "/hubnet/datasets",
      "/hubnet/scratch",
      "/hubnet/staff",
    ]);
    expect(init.securityContext).toMatchObject({
      runAsUser: 0,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"], add: ["CHOWN"] },
    });
  });

  it("gives ephemeral hubs no home volume but their shared directories", () => {
    const { values } = render({ storage: { homes: false } });
    expectValid(values);
    expect(values.singleuser.storage).toEqual({
      type: "none",
      extraVolumes: [{ name: "hubnet-share", persistentVolumeClaim: { claimName: "home-nfs" } }],
      extraVolumeMounts: [
        {
          name: "hubnet-share",
          mountPath: "/home/jovyan/shared",
          subPath: "_shared",
          readOnly: true,
        },
      ],
    });
    expect(values.singleuser.initContainers[0].volumeMounts).toEqual([
      { name: "hubnet-share", mountPath: "/hubnet/shared", subPath: "_shared" },
    ]);
  });

  it("sets the landing path, the community's variables under the platform's, git pulls and named servers", () => {
    const { values } = render({
      defaultUrl: "/rstudio",
      env: { COURSE: "physics-101", R_LIBS_USER: "/home/jovyan/R" },
      gitPuller: [{ repo: "https://github.com/example/course", branch: "2026" }],
      features: { namedServers: { limit: 3 } },
    });
    expectValid(values);
    expect(values.singleuser.defaultUrl).toBe("/rstudio");
    expect(values.singleuser.extraEnv).toEqual({
      COURSE: "from-the-platform",
      R_LIBS_USER: "/home/jovyan/R",
      SCRATCH_BUCKET: "gs://platform",
    });
    const cmd = values.singleuser.lifecycleHooks.postStart.exec.command;
    expect(cmd.slice(3)).toEqual([
      "hubnet-gitpuller",
      "https://github.com/example/course",
      "2026",
      "/home/jovyan/course",
    ]);
    // The repository is an argument, never part of the script.
    expect(cmd[2]).not.toContain("github.com");
    expect(values.hub.config.JupyterHub).toMatchObject({
      allow_named_servers: true,
      named_server_limit_per_user: 3,
    });
  });
});
