/**
 * `hubnet plan` through the real binary. The example network is only rendered as a whole (the
 * network-level checks of support/network-plan-checks.ts, which hold for any valid network); tests
 * that need named communities read the test network (test/fixtures/network).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { copyNetwork, FIXTURE_NETWORK, hubnet, REPO, tmpDir } from "./support/cli";
import { describeNetworkPlan } from "./support/network-plan-checks";

const example = describeNetworkPlan("hubnet plan --all --out on the example network", async () => REPO);

describe("hubnet plan from the TypeScript sources", () => {
  it("writes byte-identical files and prints the same as the compiled binary", async () => {
    const { out, stdout, clusters, communities } = example();
    const fromSource = tmpDir("plan-source");
    const r = await hubnet(["plan", "--all", "--root", REPO, "--out", fromSource], {
      env: { HUBNET_FROM_SOURCE: "1" },
      timeout: 300_000,
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.replaceAll(fromSource, "OUT")).toBe(stdout.replaceAll(out, "OUT"));
    const compiled = filesUnder(out);
    // resources.json and rendered.json (its Helm releases as the charts render them) per stack,
    // plan.json and the manifest of what was written (.hubnet-output.json)
    expect(Object.keys(compiled).length).toBe(2 * (clusters.length + communities.length) + 2);
    expect(filesUnder(fromSource)).toEqual(compiled);
  }, 300_000);
});

/** Every file under `dir`, by path relative to it, with its bytes. */
function filesUnder(dir: string): Record<string, Buffer> {
  const files: Record<string, Buffer> = {};
  for (const rel of fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const file = path.join(dir, rel);
    if (fs.statSync(file).isFile()) files[rel] = fs.readFileSync(file);
  }
  return files;
}

describe("hubnet plan errors (on the test network)", () => {
  it("exits 1 with FILE:LINE:COL messages, rendering nothing, when a config is invalid", async () => {
    const root = copyNetwork();
    const file = path.join(root, "communities/open-geo/community.yaml");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("memory: 4G", "memory: 4GB"));
    const outDir = path.join(tmpDir("plan-bad"), "out");
    const r = await hubnet(["plan", "--all", "--root", root, "--out", outDir], { cwd: root });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("communities/open-geo/community.yaml:15:70: profiles[0].memory: ");
    expect(r.stdout).toContain('"4GB" uses an ambiguous or unknown unit "GB": write 4G or 4Gi');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(outDir)).toBe(false);
  });

  it("exits 2 on usage errors", async () => {
    expect((await hubnet(["plan", "--root", FIXTURE_NETWORK])).code).toBe(2);
    expect((await hubnet(["plan", "open-geo", "--all", "--root", FIXTURE_NETWORK])).code).toBe(2);
    expect((await hubnet(["plan", "--all", "--root", "/nonexistent/hubnet"])).code).toBe(2);
  });

  it("names an unknown community with a suggestion", async () => {
    const r = await hubnet(["plan", "open-gio", "--root", FIXTURE_NETWORK]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no community named "open-gio"; did you mean "open-geo"?');
  });

  it("plans one community with its cluster and prints JSON summaries", async () => {
    const r = await hubnet(["plan", "dev-sandbox", "--json", "--root", FIXTURE_NETWORK]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.stacks.map((s: { kind: string; stack: string }) => `${s.kind}/${s.stack}`)).toEqual([
      "cluster/local-dev",
      "community/dev-sandbox",
    ]);
    const [hub] = json.stacks[1].hubs;
    expect(hub.urls).toEqual(["https://sandbox.hubnet.localhost"]);
    expect(hub.profiles.map((p: { displayName: string }) => p.displayName)).toEqual(["Tiny (0.5 CPU, 1G)"]);
  });
});
