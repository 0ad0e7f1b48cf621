/**
 * The community-facing summary of a hub, read from the chart values the program renders: every
 * change a community makes to who may log in, its profiles, culling, storage or budget shows.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { makeTree, swap } from "../../config/test/helpers";
import {
  estimateStack,
  facetLines,
  formatSummary,
  type HubSummary,
  planNetwork,
  printable,
  readFacets,
  readLogin,
  readProfiles,
  summarizeStack,
} from "../src";

async function hubsOf(root: string, community: string): Promise<Map<string, HubSummary>> {
  const r = await planNetwork({ root, communities: [community] });
  expect(r.problems).toEqual([]);
  const stack = r.communities.find((s) => s.stack === community);
  if (!stack) throw new Error(`${community} was not rendered`);
  return new Map(summarizeStack(stack).hubs.map((h) => [h.namespace, h]));
}

const text = (h: HubSummary | undefined) => facetLines(h ?? {}).join("\n");

describe("a hub's summary follows what the community changes", () => {
  let before: Map<string, HubSummary>;
  let after: Map<string, HubSummary>;

  beforeAll(async () => {
    before = await hubsOf(makeTree(), "physics-101");
    const edited = makeTree({
      "communities/physics-101/community.yaml": (t) =>
        [
          swap("orgs: [lakeside-physics]", "orgs: [lakeside-physics]\n  teams: [lakeside-physics:lab-tas]"),
          swap("admins: [mrivera]", "admins: [mrivera, tchen]"),
          swap("cpu: 2, memory: 8G }", "cpu: 2, memory: 6G, spot: true, gpu: { type: nvidia-tesla-t4 } }"),
          swap(
            "storage: { homeQuota: 5G }",
            "storage: { homeQuota: 20G }\nfeatures:\n  culling: { idleTimeout: 30m, maxAge: 4h }",
          ),
          swap("budget: { monthlyUsd: 300,", "budget: { monthlyUsd: 450,"),
        ].reduce((x, f) => f(x), t),
    });
    after = await hubsOf(edited, "physics-101");
  }, 120_000);

  it("shows who may log in: the provider, orgs and teams, admins", () => {
    const was = text(before.get("physics-101-prod"));
    const is = text(after.get("physics-101-prod"));
    expect(was).toContain("login         github");
    expect(was).toContain("allowed_organizations: lakeside-physics\n");
    expect(is).toContain("allowed_organizations: lakeside-physics, lakeside-physics:lab-tas");
    expect(was).toMatch(/admins: hubnet-ops, mrivera$/m);
    expect(is).toMatch(/admins: hubnet-ops, mrivera, tchen$/m);
  });

  it("shows each profile's cpu and memory guarantee and limit, GPU and pool", () => {
    const was = text(before.get("physics-101-prod"));
    const is = text(after.get("physics-101-prod"));
    expect(was).toContain(
      'medium "Medium (2 CPU, 8G)": cpu 2 guaranteed, 2 limit; memory 8G guaranteed, 8G limit; pool small',
    );
    expect(is).toMatch(
      /medium "Medium \(2 CPU, 8G\)": cpu 2 guaranteed, 2 limit; memory 6G guaranteed, 6G limit; GPU 1 nvidia\.com\/gpu; pool t4/,
    );
  });

  it("shows culling, the home quota asked for and the budget", () => {
    const was = text(before.get("physics-101-staging"));
    const is = text(after.get("physics-101-staging"));
    expect(was).toContain("culling       idle servers stopped after 1h; any server stopped after 8h");
    expect(is).toContain("culling       idle servers stopped after 30m; any server stopped after 4h");
    expect(was).toContain("asked for 5G each");
    expect(is).toContain("asked for 20G each");
    expect(was).toContain("budget        $300 a month; alerts to it@lakeside.example.edu");
    expect(is).toContain("budget        $450 a month");
  });

  it("shows a per-user volume's size where each user has one, dask and buckets where the hub has them", async () => {
    const sandbox = (await hubsOf(makeTree(), "dev-sandbox")).get("dev-sandbox-dev");
    expect(text(sandbox)).toContain("home          a volume of 10G per user");
    expect(text(sandbox)).toContain("dask          off");
    const ocean = (await hubsOf(makeTree(), "ocean-climate")).get("ocean-climate-prod");
    expect(text(ocean)).toContain("dask          dask-gateway");
    expect(text(ocean)).toContain(
      "buckets       $PERSISTENT_BUCKET s3://hubnet-aws-research-ocean-climate-prod-persistent",
    );
    // CILogon's rules per identity provider (`idps`): who each admits.
    expect(text(ocean)).toMatch(
      /^ +idps https:\/\/idp\.ocean-uni\.example\.edu\/idp\/shibboleth: allowed_domains ocean-uni\.example\.edu$/m,
    );
    expect(text(ocean)).toMatch(/^named servers on, up to 2 per user$/m);
  }, 60_000);
});

describe("facets read the chart values, whatever renders them", () => {
  it("reads a new login rule or option as soon as it renders (no list of known providers)", () => {
    const login = readLogin({
      hub: {
        config: {
          JupyterHub: { authenticator_class: "shared-password" },
          SharedPasswordAuthenticator: { user_password: "[secret]", allowed_users: ["ana"] },
          Authenticator: { admin_users: ["ops"], allow_all: false, allowed_users: [] },
        },
      },
    });
    expect(login).toEqual({
      provider: "shared-password",
      rules: [{ setting: "SharedPasswordAuthenticator.allowed_users", value: ["ana"] }],
      admins: ["ops"],
    });
  });

  it("reads profile options: node-share sizes and image choices with what each changes", () => {
    const profiles = readProfiles({
      singleuser: {
        profileList: [
          {
            slug: "shared",
            display_name: "Shared node",
            kubespawner_override: { node_selector: { "hubnet.org/pool": "small" } },
            profile_options: {
              size: {
                display_name: "Size",
                choices: {
                  s1: {
                    display_name: "1 CPU",
                    kubespawner_override: {
                      cpu_guarantee: 0.5,
                      cpu_limit: 1,
                      mem_guarantee: "1G",
                      mem_limit: "2G",
                    },
                  },
                },
              },
              image: { display_name: "Image", choices: {}, unlisted_choice: { enabled: true } },
            },
          },
        ],
      },
    });
    const lines = facetLines({ profiles });
    expect(lines).toEqual([
      'profiles      shared "Shared node": pool small',
      '                size s1 "1 CPU": cpu 0.5 guaranteed, 1 limit; memory 1G guaranteed, 2G limit',
      "                image: any other value the user types",
    ]);
  });

  it("says when culling is off and when no rule lets anyone in", () => {
    const facets = readFacets({
      values: {
        cull: { enabled: false },
        hub: { config: { JupyterHub: { authenticator_class: "github" } } },
      },
      namespace: "x",
      dask: false,
    });
    expect(facetLines(facets)).toEqual([
      "login         github: no rule lets anyone in",
      "culling       off: idle servers keep running",
      "dask          off",
      "named servers off",
    ]);
  });

  it("never lets text from a pull request drive the terminal", () => {
    expect(printable("Big\u001b[2J\rname\nnext")).toBe("Big\\u001b[2J\\rname\\nnext");
    const summary = formatSummary({
      kind: "community",
      project: "p",
      stack: "s",
      resourceCount: 0,
      resourcesByType: {},
      hubs: [
        {
          release: "r",
          namespace: "n",
          urls: [],
          profiles: [],
          dask: false,
          images: ["x\u001b]0;pwned\u0007"],
        },
      ],
      storage: [],
      buckets: [],
      protected: [],
      placeholders: [],
      outputs: {},
      policyExceptions: [],
      cost: estimateStack("community", "s", []),
    });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is that there are none
    expect(summary).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    expect(summary).toContain("x\\u001b]0;pwned\\u0007");
  });
});

describe("plan.json", () => {
  it("holds every facet of every hub as JSON", async () => {
    const root = makeTree();
    const r = await planNetwork({ root, communities: ["physics-101"] });
    const hub = summarizeStack(r.communities[0]).hubs[0];
    expect(Object.keys(hub).sort()).toEqual(
      [
        "branding",
        "budget",
        "culling",
        "dask",
        "defaultUrl",
        "home",
        "hub",
        "image",
        "images",
        "login",
        "namedServers",
        "namespace",
        "profiles",
        "release",
        "urls",
      ].sort(),
    );
    expect(hub.profiles[0]).toMatchObject({
      slug: "small",
      displayName: "Small (1 CPU, 2G)",
      default: true,
      cpu: { guarantee: 1, limit: 1 },
      // KubeSpawner gets bytes; the summary's text shows them as 2G.
      memory: { guarantee: 2000000000, limit: 2000000000 },
      pool: "small",
    });
    expect(fs.existsSync(path.join(root, "communities"))).toBe(true);
  }, 60_000);
});
