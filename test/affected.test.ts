/**
 * `hubnet affected`: the stacks a change affects, derived from what each depends on (the network's
 * files and the stack programs' module graph), in deploy order. Run on a git repository of the
 * test network with this checkout's code (support/git-network.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadNetwork, MAX_FILE_BYTES } from "@hubnet/config";
import { beforeAll, describe, expect, it } from "vitest";
import { usesEveryPin, usesPin } from "../packages/cli/src/changes/affected";
import { quickCluster, quickHubs, yamlMapping } from "../packages/cli/src/changes/network-index";
import { FIXTURE_NETWORK, hubnet } from "./support/cli";
import { type GitNetwork, gitNetwork, replace } from "./support/git-network";

interface Stack {
  project: string;
  stack: string;
  change: string;
  phase: string;
  cluster?: string;
  cloud?: string;
  reasons: string[];
}

let net: GitNetwork;
beforeAll(() => {
  net = gitNetwork();
});

async function affected(head: string, base = "base"): Promise<Stack[]> {
  const r = await hubnet(["affected", "--base", base, "--head", head, "--json", "--root", net.dir]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  expect(json).toMatchObject({ ok: true, problems: [], base: { ref: base }, head: { ref: head } });
  return json.stacks;
}

const names = (stacks: Stack[]) => stacks.map((s) => `${s.project}/${s.stack}`);

/** The test network, read with hubnet's own loader: what each expectation below is worked out from. */
const fixture = loadNetwork(FIXTURE_NETWORK);
const cloudOf = (cluster: string) => fixture.clusters.get(cluster)?.config.cloud;
const communitiesWhere = (pred: (cluster: string) => boolean) =>
  [...fixture.communities.values()]
    .filter((c) => pred(c.config.cluster))
    .map((c) => `community/${c.name}`)
    .sort();
const ALL_COMMUNITIES = communitiesWhere(() => true);
const ALL_CLUSTERS = [...fixture.clusters.keys()].map((c) => `cluster/${c}`).sort();
const GCP_COMMUNITIES = communitiesWhere((c) => cloudOf(c) === "gcp");
/** Communities of `cluster` in deploy order: those with a staging hub first, then the rest, by name. */
function inDeployOrder(cluster: string): string[] {
  const on = [...fixture.communities.values()].filter((c) => c.config.cluster === cluster);
  const staging = (c: (typeof on)[number]) => c.config.hubs.some((h) => h.name === "staging");
  const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
  return [...on.filter(staging).sort(byName), ...on.filter((c) => !staging(c)).sort(byName)].map(
    (c) => `community/${c.name}`,
  );
}

describe("hubnet affected", () => {
  it("a community's file affects that community's stack and no other", async () => {
    const head = net.commit("display-name", {
      "communities/physics-101/community.yaml": replace(
        "displayName: Physics 101 at Lakeside Community College",
        "displayName: Physics at Lakeside",
      ),
    });
    const stacks = await affected(head);
    expect(stacks).toEqual([
      {
        project: "community",
        stack: "physics-101",
        change: "changed",
        phase: "staging",
        cluster: "gcp-shared",
        cloud: "gcp",
        stagingHubs: ["staging"],
        hubs: [
          { name: "staging", url: "https://staging.physics-101.edu.hubnet.cloud", staging: true },
          { name: "prod", url: "https://physics-101.edu.hubnet.cloud", staging: false },
        ],
        reasons: ["communities/physics-101/community.yaml modified"],
      },
    ]);
  });

  it("a cluster's file affects the cluster and every community on it, clusters first", async () => {
    const head = net.commit("cluster", {
      "stacks/cluster/Pulumi.gcp-shared.yaml": replace("max: 30", "max: 40"),
    });
    const stacks = await affected(head);
    const communities = inDeployOrder("gcp-shared");
    expect(communities.length).toBeGreaterThan(2);
    expect(names(stacks)).toEqual(["cluster/gcp-shared", ...communities]);
    expect(stacks[0].phase).toBe("clusters");
    expect(stacks.slice(1).map((s) => s.phase)).toContain("staging");
    expect(stacks.slice(1).map((s) => s.phase)).toContain("production");
    expect(stacks[1].reasons).toEqual(["its cluster's file stacks/cluster/Pulumi.gcp-shared.yaml changed"]);
  });

  it("code of one cloud affects only the stacks on that cloud", async () => {
    const head = net.commit("gcp-code", {
      "packages/components/src/gcp/hub-cloud.ts": (t) => `${t}\n// a change\n`,
    });
    const stacks = await affected(head);
    expect(names(stacks).sort()).toEqual(["cluster/gcp-shared", ...GCP_COMMUNITIES].sort());
    expect(stacks[0].reasons).toEqual([
      "packages/components/src/gcp/hub-cloud.ts modified (loaded by this stack)",
    ]);
  });

  it("hub code affects every community stack and no cluster stack; baseline code the reverse", async () => {
    const hub = await affected(
      net.commit("hub-code", { "packages/components/src/hub/values.ts": (t) => `${t}\n// x\n` }),
    );
    expect(names(hub).sort()).toEqual(ALL_COMMUNITIES);
    const baseline = await affected(
      net.commit("baseline-code", { "packages/components/src/baseline/values.ts": (t) => `${t}\n// x\n` }),
    );
    expect(names(baseline).sort()).toEqual(ALL_CLUSTERS);
  });

  it("a chart pin affects only the stacks that use that chart", async () => {
    const pin = (chart: string, from: string, to: string) =>
      net.commit(`pin-${chart}`, { "packages/components/src/versions.ts": replace(from, to) });
    const jupyterhub = await affected(pin("jupyterhub", 'version: "4.4.0",', 'version: "4.4.1",'));
    expect(names(jupyterhub).sort()).toEqual(ALL_COMMUNITIES);
    expect(jupyterhub[0].reasons).toHaveLength(1);
    expect(jupyterhub[0].reasons[0]).toMatch(
      /^chart pin jupyterhub changed in packages\/components\/src\/versions\.ts \(used in [^)]*packages\/components\/src\/hub\/hub\.ts/,
    );
    const certManager = await affected(pin("cert-manager", 'version: "v1.21.1",', 'version: "v1.21.2",'));
    expect(names(certManager).sort()).toEqual(ALL_CLUSTERS);
    const efs = await affected(pin("efs", 'version: "3.4.1",', 'version: "3.4.2",'));
    expect(names(efs).sort()).toEqual([
      "cluster/aws-research",
      ...communitiesWhere((c) => cloudOf(c) === "aws"),
    ]);
  });

  it("a new community is added, a deleted one removed (its stack would be destroyed)", async () => {
    // chem-lab is a copy of physics-101 (staging and prod hubs) under another name.
    const physics = fs.readFileSync(
      path.join(FIXTURE_NETWORK, "communities/physics-101/community.yaml"),
      "utf8",
    );
    const head = net.commit("new-and-gone", {
      "communities/chem-lab/community.yaml": replace("name: physics-101", "name: chem-lab")(physics),
      "communities/open-geo": null,
    });
    const stacks = await affected(head);
    expect(stacks.map((s) => [s.stack, s.change, s.phase])).toEqual([
      ["chem-lab", "added", "staging"],
      ["open-geo", "removed", "production"],
    ]);
  });

  it("a removed stack says whether stacks/removed.yaml lists it (it keeps running, managed by no deploy)", async () => {
    const unlisted = await affected(net.commit("gone-unlisted", { "communities/open-geo": null }));
    expect(unlisted.map((s) => [s.stack, s.change, (s as { tracked?: boolean }).tracked])).toEqual([
      ["open-geo", "removed", false],
    ]);
    const listed = await affected(
      net.commit("gone-listed", {
        "communities/open-geo": null,
        "stacks/removed.yaml":
          'stacks:\n  - { project: community, stack: open-geo, removed: "2026-12-01", reason: "archived; destroy pending" }\n',
      }),
    );
    expect(listed.map((s) => [s.stack, s.change, (s as { tracked?: boolean }).tracked])).toEqual([
      ["open-geo", "removed", true],
    ]);
    // Only removed stacks carry it.
    const changed = await affected(
      net.commit("kept", { "communities/open-geo/community.yaml": (t) => `${t}# x\n` }),
    );
    expect(changed[0]).not.toHaveProperty("tracked");
  });

  it("docs, tests and workflows affect no stack; a package.json's scripts neither; the lockfile every stack", async () => {
    const none = await affected(
      net.commit("docs", {
        "docs/platform/x.md": "# x\n",
        ".github/workflows/x.yml": "on: push\n",
        "packages/components/test/x.test.ts": "// x\n",
        "packages/config/package.json": (t) =>
          t.replace('"private": true,', '"private": true,\n  "scripts": { "x": "true" },'),
      }),
    );
    expect(none).toEqual([]);
    const all = await affected(net.commit("lock", { "pnpm-lock.yaml": (t) => `${t}\n` }));
    expect(names(all).sort()).toEqual([...ALL_CLUSTERS, ...ALL_COMMUNITIES].sort());
    expect(names(all).slice(0, ALL_CLUSTERS.length)).toEqual(ALL_CLUSTERS);
  });

  it("prints the stacks in deploy order with the reasons as text", async () => {
    const head = net.commit("text", { "stacks/cluster/Pulumi.local-dev.yaml": (t) => `${t}# x\n` });
    const r = await hubnet(["affected", "--base", "base", "--head", head, "--root", net.dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        `2 stacks affected by base...${head}, in deploy order:`,
        "  clusters   cluster   local-dev  ",
        "      stacks/cluster/Pulumi.local-dev.yaml modified",
        "  production community dev-sandbox",
        "      its cluster's file stacks/cluster/Pulumi.local-dev.yaml changed",
        "",
      ].join("\n"),
    );
  });
});

describe("hubnet affected: bad input", () => {
  it("a ref that does not exist: exit 2, naming it", async () => {
    const r = await hubnet(["affected", "--base", "no-such-branch", "--root", net.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error: --base no-such-branch: no such commit, branch or tag in this repository",
    );
    expect(r.stdout).toBe("");
  });

  it("an option given as a ref is refused, not passed to git", async () => {
    const r = await hubnet(["affected", "--base=--output=/tmp/x", "--root", net.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base "--output=/tmp/x": not a git ref');
  });

  it("uncommitted changes: exit 2, saying what to do", async () => {
    net.git("checkout", "-q", "base");
    fs.writeFileSync(`${net.dir}/communities/open-geo/community.yaml`, "name: edited\n");
    try {
      const r = await hubnet(["affected", "--base", "base", "--root", net.dir]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        "error: uncommitted changes in communities/open-geo/community.yaml: affected compares commits, and HEAD does not have them",
      );
    } finally {
      net.git("checkout", "-q", "--", ".");
    }
  });

  it("--base is required; a folder outside git is a usage error", async () => {
    expect((await hubnet(["affected", "--root", net.dir])).code).toBe(2);
    const outside = gitNetwork({ code: false }).dir;
    fs.rmSync(`${outside}/.git`, { recursive: true, force: true });
    const r = await hubnet(["affected", "--base", "main", "--root", outside]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("is not in a git repository");
  });
});

describe("reading a community's cluster quickly", () => {
  it("takes the one top-level `cluster:` line, and leaves anything less plain to the YAML parser", () => {
    expect(quickCluster("name: a\ncluster: gcp-shared\nhubs: []\n")).toBe("gcp-shared");
    expect(quickCluster('cluster: "aws-1"  # quoted\n')).toBe("aws-1");
    expect(quickCluster("cluster: a\ncluster: b\n")).toBeUndefined(); // a duplicate key: invalid, parsed
    expect(quickCluster("{name: a, cluster: b}\n")).toBeUndefined(); // flow style
    expect(quickCluster("---\ncluster: a\n---\ncluster: b\n")).toBeUndefined(); // several documents
    expect(quickCluster("description: |\n  cluster: x\ncluster: y\n")).toBe("y"); // indented text is not a key
    expect(quickCluster("cluster: &c gcp\n")).toBeUndefined(); // an anchor: parsed
    expect(quickCluster('"cluster": gcp\n')).toBeUndefined();
  });
});

describe("reading a community's hubs quickly", () => {
  it("takes flow-style hub lines under a top-level `hubs:`, and leaves anything else to the YAML parser", () => {
    const text =
      "name: a\ncluster: x\nhubs:\n  - { name: staging, domain: s.a.org }\n  # prod\n  - { name: prod, domain: a.org }\nauth: {}\n";
    expect(quickHubs(text)).toEqual([
      { name: "staging", domain: "s.a.org" },
      { name: "prod", domain: "a.org" },
    ]);
    expect(quickHubs("hubs:\n  - name: prod\n    domain: a.org\n")).toBeUndefined(); // block style
    expect(quickHubs("hubs: [{ name: prod, domain: a.org }]\n")).toBeUndefined(); // flow list
    expect(
      quickHubs("hubs:\n  - { name: a, domain: b }\nhubs:\n  - { name: c, domain: d }\n"),
    ).toBeUndefined();
  });
});

describe("reading a file of a commit with the YAML parser", () => {
  it("reads a mapping, and nothing from a file larger than any config file hubnet reads", () => {
    const doc = (padding: number) =>
      Buffer.from(`cluster: a\nhubs:\n  - name: prod\n    domain: a.org\n#${"x".repeat(padding)}\n`);
    const small = doc(100);
    expect(yamlMapping(small)).toEqual({ cluster: "a", hubs: [{ name: "prod", domain: "a.org" }] });
    const large = doc(MAX_FILE_BYTES);
    expect(large.length).toBeGreaterThan(MAX_FILE_BYTES);
    expect(yamlMapping(large)).toBeUndefined();
    expect(yamlMapping(Buffer.from("- a list\n"))).toBeUndefined();
  });
});

describe("which sources use a chart pin", () => {
  it("one pin at a time, or every pin where CHARTS is read as a whole", () => {
    expect(usesEveryPin('import { CHARTS } from "../versions";\nconst v = CHARTS.jupyterhub.version;')).toBe(
      false,
    );
    expect(usesEveryPin('const v = CHARTS["daskGateway"];')).toBe(false);
    expect(usesEveryPin("for (const pin of Object.values(CHARTS)) check(pin);")).toBe(true);
    expect(usesEveryPin("const pin = CHARTS[name];")).toBe(true);
  });

  it("a pin by its whole name only, whatever characters of an identifier it holds", () => {
    expect(usesPin("jupyterhub", "const v = CHARTS.jupyterhub.version;")).toBe(true);
    expect(usesPin("daskGateway", 'const v = CHARTS [ "daskGateway" ];')).toBe(true);
    expect(usesPin("dask", "const v = CHARTS.daskGateway.version;")).toBe(false);
    expect(usesPin("dask", 'const v = CHARTS["daskGateway"];')).toBe(false);
    // `$` is a character of identifiers and an anchor of patterns: `a$` must not match `a`.
    expect(usesPin("a$", "const v = CHARTS.a.version;")).toBe(false);
    expect(usesPin("a$", "const v = CHARTS.a$.version;")).toBe(true);
    expect(usesPin("a", "const v = CHARTS.a$.version;")).toBe(false);
  });
});
