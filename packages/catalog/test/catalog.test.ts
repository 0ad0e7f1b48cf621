import { CommunitySchema, type Network } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { buildCatalog, communityCard, loginInWords } from "../src";

const base = {
  owners: ["owner"],
  cluster: "gcp-c",
  image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
  profiles: [{ name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true }],
};

function community(extra: Record<string, unknown>) {
  return CommunitySchema.parse({ ...base, ...extra });
}

const HOSTILE = community({
  name: "hostile",
  displayName: '<script>alert("x")</script>Hostile',
  description: '"><img src=x onerror=alert(1)>',
  hubs: [{ name: "prod", domain: "hostile.example.org" }],
  auth: { provider: "github", orgs: ["<b>org</b>"] },
  branding: { logoUrl: 'https://logo.example.org/a.png"onload="x', fundedBy: { text: "<i>Funder</i>" } },
  features: { dask: true },
  storage: { buckets: { scratch: { expireAfterDays: 3 } } },
});
const GPU = community({
  name: "gpu-lab",
  displayName: "GPU Lab",
  cluster: "aws-c",
  hubs: [{ name: "prod", domain: "gpu.example.org" }],
  auth: { provider: "google", domains: ["uni.example.org"], allowAll: true },
  profiles: [
    { name: "g", displayName: "GPU", cpu: 4, memory: "16G", gpu: { type: "nvidia-t4" }, default: true },
  ],
});

function network(...communities: ReturnType<typeof community>[]): Network {
  const clouds: Record<string, string> = { "gcp-c": "gcp", "aws-c": "aws" };
  return {
    root: "/nowhere",
    problems: [],
    warnings: [],
    clusters: new Map(Object.entries(clouds).map(([name, cloud]) => [name, { config: { cloud } }])) as never,
    communities: new Map(communities.map((c) => [c.name, { config: c }])) as never,
  };
}

describe("catalog pages", () => {
  const { files, cards } = buildCatalog(network(HOSTILE, GPU));

  it("one page per community, an index, the network page and a stylesheet; no JavaScript anywhere", () => {
    expect(Object.keys(files).sort()).toEqual([
      "communities/gpu-lab.html",
      "communities/hostile.html",
      "index.html",
      "network.html",
      "style.css",
    ]);
    for (const text of Object.values(files)) {
      expect(text).not.toMatch(/<script/i);
      // No tag with an event handler (escaped text may say "onerror=", a tag may not).
      expect(text).not.toMatch(/<[a-z][^<>]*\son[a-z]+\s*=/i);
    }
    // by display name: "<script>…" sorts before "GPU Lab"
    expect(cards.map((c) => c.name)).toEqual(["hostile", "gpu-lab"]);
  });

  it("escapes every text and attribute from a community file", () => {
    const page = files["communities/hostile.html"];
    expect(page).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Hostile");
    expect(page).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(page).toContain("&lt;i&gt;Funder&lt;/i&gt;");
    expect(page).toContain('src="https://logo.example.org/a.png&quot;onload=&quot;x"');
    expect(files["index.html"]).toContain(
      "members of the GitHub organization &lt;b&gt;org&lt;/b&gt;".replace("m", "M"),
    );
  });

  it("cards carry what the filters match; filters list only what the network has", () => {
    const index = files["index.html"];
    expect(index).toMatch(/id="card-gpu-lab" data-cloud="aws" data-login="google" data-features="gpu"/);
    expect(index).toMatch(
      /id="card-hostile" data-cloud="gcp" data-login="github" data-features="dask buckets"/,
    );
    expect(index).toContain('id="f-cloud-aws"');
    expect(index).not.toContain('id="f-cloud-azure"');
    expect(files["style.css"]).toContain(
      'body:has(#f-feature-gpu:checked) .card:not([data-features~="gpu"]) { display: none; }',
    );
    expect(files["style.css"]).toContain(
      'body:has(#f-login-google:checked) .card:not([data-login="google"])',
    );
  });

  it("says in plain words who may log in, for every provider", () => {
    expect(loginInWords(GPU.auth)).toBe("Google accounts of uni.example.org, with Google.");
    expect(
      loginInWords(
        community({
          name: "x",
          displayName: "x",
          hubs: [{ name: "p", domain: "x.example.org" }],
          auth: { provider: "github", orgs: ["a"], teams: ["a:b", "c:d"], allowedUsers: ["u"] },
        }).auth,
      ),
    ).toBe(
      "Members of the GitHub organization a, members of the GitHub teams a/b and c/d and the users u, with GitHub.",
    );
    const cilogon = community({
      name: "x",
      displayName: "x",
      hubs: [{ name: "p", domain: "x.example.org" }],
      auth: {
        provider: "cilogon",
        identityProviders: [{ entityId: "https://idp.example.edu", allowedDomains: ["example.edu"] }],
      },
    });
    expect(loginInWords(cilogon.auth)).toBe(
      "People from example.edu through https://idp.example.edu, with their institution through CILogon.",
    );
    const dummy = community({
      name: "x",
      displayName: "x",
      hubs: [{ name: "p", domain: "x.example.org" }],
      auth: { provider: "dummy", allowedUsers: ["alice", "bob"] },
    });
    expect(loginInWords(dummy.auth)).toBe("The users alice and bob, without a password (a development hub).");
    const oidc = community({
      name: "x",
      displayName: "x",
      hubs: [{ name: "p", domain: "x.example.org" }],
      auth: {
        provider: "oidc",
        issuer: "https://login.example.eu/realms/hub",
        authorizeUrl: "https://login.example.eu/a",
        tokenUrl: "https://login.example.eu/t",
        userdataUrl: "https://login.example.eu/u",
        allowedGroups: ["hub-users"],
      },
    });
    expect(loginInWords(oidc.auth)).toBe(
      "Members of the group hub-users at login.example.eu, with their institutional account at login.example.eu.",
    );
    const auth = (a: Record<string, unknown>) =>
      community({ name: "x", displayName: "x", hubs: [{ name: "p", domain: "x.example.org" }], auth: a })
        .auth;
    expect(loginInWords(auth({ provider: "shared-password", allowAll: true, admins: ["instructor"] }))).toBe(
      "Any user name, with the workshop's password.",
    );
    expect(loginInWords(auth({ provider: "shared-password", allowedUsers: ["ann"] }))).toBe(
      "The users ann, with the workshop's password.",
    );
    expect(loginInWords(auth({ provider: "anonymous" }))).toBe(
      "Every visitor, without logging in, on a temporary server.",
    );
    expect(loginInWords(auth({ provider: "google", admins: ["a@uni.example.org"] }))).toBe(
      "Only the admins, with Google.",
    );
    expect(
      loginInWords(
        auth({
          provider: "cilogon",
          identityProviders: [{ entityId: "https://idp.example.edu", allowAll: true, allowedUsers: ["u"] }],
        }),
      ),
    ).toBe(
      "Everyone who logs in through https://idp.example.edu and the users u through https://idp.example.edu, with their institution through CILogon.",
    );
    expect(communityCard(GPU, "aws").machines).toEqual([
      { name: "GPU", size: "4 CPU, 16G memory", gpu: "1 × nvidia-t4", default: true },
    ]);
  });
});
