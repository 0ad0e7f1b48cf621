import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadNetwork } from "../../config/src";
import { snapshot, treesRemovedAfterAll } from "../../config/test/helpers";
import { hubnet, STACK_LINE } from "./run";

const tree = treesRemovedAfterAll();

const SCHEMA_LINE = "# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json";

describe("hubnet new", () => {
  it("creates a commented community file that passes validate", async () => {
    const root = tree();
    const r = await hubnet(
      ["new", "marine-bio", "--cluster", "gcp-shared", "--owner", "octo-cat", "--root", root],
      { cwd: root },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const file = path.join(root, "communities/marine-bio/community.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(text.split("\n")[0]).toBe(SCHEMA_LINE);
    expect(text).toContain("  - { name: staging, domain: staging.marine-bio.edu.hubnet.cloud }");
    expect(text).toContain("  - { name: prod, domain: marine-bio.edu.hubnet.cloud }");
    expect(text).toContain("  orgs: [marine-bio]");
    expect(text).toContain("owners: [octo-cat]");
    expect(text).toMatch(/^# /m);
    expect(r.stdout).toContain("✓ created communities/marine-bio/community.yaml");
    expect(r.stdout).toContain("pnpm hubnet validate");
    expect(r.stdout).toContain(
      "pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack marine-bio",
    );

    const network = loadNetwork(root);
    expect(network.problems).toEqual([]);
    const c = network.communities.get("marine-bio")!;
    expect(c.config.profiles).toHaveLength(1);
    expect(c.config.profiles[0]).toMatchObject({
      default: true,
      cpu: { guarantee: { cores: 1 }, limit: { cores: 1 } },
      memory: { guarantee: { text: "2G" }, limit: { text: "2G" } },
    });
    const v = await hubnet(["validate", "--root", root]);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^✓ valid: \d+ communities, \d+ hubs, \d+ clusters\n$/);
  });

  it.each(["github", "cilogon", "google", "oidc", "shared-password", "anonymous"])(
    "writes a valid %s auth skeleton",
    async (auth) => {
      const root = tree();
      const r = await hubnet([
        "new",
        `x-${auth}`,
        "--cluster",
        "aws-research",
        "--auth",
        auth,
        "--root",
        root,
      ]);
      expect(r.code).toBe(0);
      expect(loadNetwork(root).problems).toEqual([]);
      const text = fs.readFileSync(path.join(root, `communities/x-${auth}/community.yaml`), "utf8");
      expect(text).toContain(`  provider: ${auth}`);
      expect(text).not.toMatch(/secret:/i);
    },
  );

  it("uses --domain, --display-name and a profile that fits a small local node", async () => {
    const root = tree();
    const r = await hubnet([
      "new",
      "lab",
      "--cluster",
      "local-dev",
      "--auth",
      "dummy",
      "--domain",
      "lab.hubnet.localhost",
      "--display-name",
      "The Lab",
      "--root",
      root,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain("clientSecrets");
    const c = loadNetwork(root).communities.get("lab")!;
    expect(c.config.displayName).toBe("The Lab");
    expect(c.config.hubs.map((h) => h.domain)).toEqual([
      "staging.lab.hubnet.localhost",
      "lab.hubnet.localhost",
    ]);
  });

  it("refuses to overwrite an existing community", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(["new", "physics-101", "--cluster", "gcp-shared", "--root", root], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: communities/physics-101/community.yaml already exists: community "physics-101" is taken; edit its file or choose another name\n',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses an invalid name, suggesting a valid one", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(["new", "Marine_Bio", "--cluster", "gcp-shared", "--root", root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: "Marine_Bio" is not a valid community name: use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (did you mean "marine-bio"?)\n`,
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("refuses an unknown cluster with did-you-mean", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(["new", "marine-bio", "--cluster", "gcp-shard", "--root", root]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'error: no cluster named "gcp-shard"; did you mean "gcp-shared"? (clusters: aws-research, azure-eu, campus-k8s, gcp-shared, local-dev)\n',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("writes nothing when the result would be invalid (dummy auth on a cloud cluster)", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(
      ["new", "marine-bio", "--cluster", "gcp-shared", "--auth", "dummy", "--root", root],
      { cwd: root },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'communities/marine-bio/community.yaml:18:13: auth.provider: dummy auth lets anyone in and is only allowed on local clusters; "gcp-shared" is on gcp: use github, cilogon, google or oidc\n',
    );
    expect(r.stderr).toContain("was not written");
    expect(snapshot(root)).toEqual(before);
  });

  it("writes nothing when a domain is already used", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(
      ["new", "geo2", "--cluster", "gcp-shared", "--domain", "open-geo.edu.hubnet.cloud", "--root", root],
      {
        cwd: root,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'communities/geo2/community.yaml:15:27: hubs[1].domain: domain open-geo.edu.hubnet.cloud is already used by hub "prod" of community "open-geo"',
    );
    expect(snapshot(root)).toEqual(before);
  });

  it("without a terminal, a missing --cluster is a usage error (exit 2)", async () => {
    const root = tree();
    const before = snapshot(root);
    const r = await hubnet(["new", "marine-bio", "--root", root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "error: missing --cluster <cluster> (clusters: aws-research, azure-eu, campus-k8s, gcp-shared, local-dev)\n(run `hubnet new --help` for usage)\n",
    );
    expect(r.stderr).not.toContain(STACK_LINE);
    expect(snapshot(root)).toEqual(before);
  });
});
