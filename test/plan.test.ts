/**
 * `hubnet plan --all --out` on the example network, through the real binary:
 * files in the documented shape, chart values valid for the chart's own schema,
 * every Kubernetes object valid, secrets never in the output, user data
 * protected, communities isolated from each other.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { validateKubernetesObjects } from "../packages/components/test/k8s-validate";
import { validateZ2jhValues } from "../packages/components/test/support/z2jh-schema";
import { copyNetwork, hubnet, REPO, tmpDir } from "./support/cli";

interface Row {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  aliases?: string[];
  inputs: Record<string, any>;
  protect: boolean;
  retainOnDelete: boolean;
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
}

const clusters = fs
  .readdirSync(path.join(REPO, "stacks/cluster"))
  .filter((f) => /^Pulumi\..+\.yaml$/.test(f) && f !== "Pulumi.yaml")
  .map((f) => f.slice("Pulumi.".length, -".yaml".length));
const communities = fs.readdirSync(path.join(REPO, "communities"));

let out: string;
let stdout: string;
const plans = new Map<string, Row[]>();

beforeAll(async () => {
  out = tmpDir("plan");
  const r = await hubnet(["plan", "--all", "--out", out]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  stdout = r.stdout;
  for (const c of clusters) plans.set(`cluster/${c}`, read(path.join(out, "clusters", c, "resources.json")));
  for (const c of communities)
    plans.set(`community/${c}`, read(path.join(out, "communities", c, "resources.json")));
}, 180_000);

function read(file: string): Row[] {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}
const all = () => [...plans.values()].flat();
const releases = (chart: string) =>
  all().filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart);

describe("hubnet plan --all --out", () => {
  it("renders every cluster and community of the example network", () => {
    expect(clusters.length).toBeGreaterThanOrEqual(4);
    expect(communities.length).toBeGreaterThanOrEqual(6);
    expect(stdout).toContain(
      `rendered ${clusters.length} cluster stacks and ${communities.length} community stacks`,
    );
    for (const c of communities) expect(stdout).toContain(`community ${c} (hubnet-community)`);
  });

  it("writes resources.json as the documented array of {urn,type,name,parent,aliases?,inputs,protect,retainOnDelete,provider?,propertyDependencies?}", () => {
    for (const [stack, rows] of plans) {
      expect(rows.length, stack).toBeGreaterThan(3);
      const urns = new Set(rows.map((r: { urn: string }) => r.urn));
      for (const r of rows) {
        expect(Object.keys(r).filter((k) => k !== "aliases")).toEqual([
          "urn",
          "type",
          "name",
          "parent",
          "inputs",
          "protect",
          "retainOnDelete",
          ...(r.provider ? ["provider"] : []),
          ...(r.propertyDependencies ? ["propertyDependencies"] : []),
        ]);
        if (r.provider) expect(urns.has(r.provider), `${r.urn} provider`).toBe(true);
        // A resource of the stack, or one it reads (a StackReference is read, not recorded).
        for (const deps of Object.values(r.propertyDependencies ?? {}) as string[][])
          for (const d of deps)
            expect(
              urns.has(d) || d.includes("pulumi:pulumi:StackReference::"),
              `${r.urn} depends on ${d}`,
            ).toBe(true);
        if (r.aliases) {
          expect(Object.keys(r).indexOf("aliases"), r.urn).toBe(4);
          expect(r.aliases.length, r.urn).toBeGreaterThan(0);
          for (const a of r.aliases) expect(a).toMatch(/^urn:pulumi:[^:]+::hubnet-(cluster|community)::/);
        }
        expect(r.urn).toMatch(/^urn:pulumi:[^:]+::hubnet-(cluster|community)::/);
        if (r.type !== "pulumi:pulumi:Stack")
          expect(
            rows.some((p) => p.urn === r.parent),
            `${r.urn} parent`,
          ).toBe(true);
      }
    }
  });

  it("renders one jupyterhub release per hub, each valid for the z2jh 4.4.0 values schema", () => {
    const hubs = releases("jupyterhub");
    const expected = communities.flatMap((c) => {
      const text = fs.readFileSync(path.join(REPO, "communities", c, "community.yaml"), "utf8");
      return [...text.matchAll(/- \{ name: ([a-z0-9-]+), domain: ([a-z0-9.-]+)/g)].map((m) => m[2]);
    });
    expect(hubs.length).toBe(expected.length);
    const hosts = hubs.flatMap((h) => h.inputs.values.httpRoute.hostnames);
    expect(hosts.sort()).toEqual(expected.sort());
    for (const h of hubs) {
      expect(h.inputs.version).toBe("4.4.0");
      const result = validateZ2jhValues(h.inputs.values);
      expect(result.errors, h.name).toEqual([]);
    }
  });

  it("creates only Kubernetes objects that are valid for the API", async () => {
    expect(await validateKubernetesObjects(all() as never)).toBeGreaterThan(50);
  });

  it("never writes a secret value: secrets appear as [secret]", () => {
    const text = fs
      .readdirSync(out, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".json"))
      .map((f) => fs.readFileSync(path.join(out, f), "utf8"))
      .join("\n");
    expect(text).not.toContain("plan-placeholder-secret");
    expect(text).not.toMatch(/mock-password-/);
    expect(text).toContain('"[secret]"');
    const summary = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8"));
    for (const s of summary.stacks.filter((s: any) => s.kind === "cluster"))
      expect(s.outputs.kubeconfig).toBe("[secret]");
    for (const s of all().filter((r) => r.type === "kubernetes:core/v1:Secret")) {
      expect(JSON.stringify(s.inputs.stringData ?? s.inputs.data)).toBe('"[secret]"');
    }
  });

  it("protects and retains everything that holds user data", () => {
    const userData = all().filter(
      (r) =>
        /^(gcp:filestore\/instance:Instance|aws:efs\/fileSystem:FileSystem|azure-native:storage:FileShare|kubernetes:core\/v1:PersistentVolume)$/.test(
          r.type,
        ) ||
        (/^(gcp:storage\/bucket:Bucket|aws:s3\/bucketV2?:BucketV2?|azure-native:storage:BlobContainer)$/.test(
          r.type,
        ) &&
          /-persistent$/.test(r.name)),
    );
    expect(userData.length).toBeGreaterThan(10);
    for (const r of userData) {
      expect(r.protect, r.urn).toBe(true);
      expect(r.retainOnDelete, r.urn).toBe(true);
    }
  });

  it("never lets a config change delete a hub's namespace or a scratch bucket with its data", () => {
    const namespaces = all().filter(
      (r) => r.type === "kubernetes:core/v1:Namespace" && r.urn.includes("hubnet:hub:Hub"),
    );
    expect(namespaces.length).toBe(releases("jupyterhub").length);
    for (const ns of namespaces) expect([ns.protect, ns.retainOnDelete], ns.urn).toEqual([true, true]);
    const buckets = all().filter((r) =>
      /^(gcp:storage\/bucket:Bucket|aws:s3\/bucketV2?:BucketV2?|azure-native:storage:BlobContainer)$/.test(
        r.type,
      ),
    );
    expect(buckets.some((b) => /-scratch$/.test(b.name))).toBe(true);
    for (const b of buckets) {
      expect(b.retainOnDelete, b.urn).toBe(true);
      expect(b.inputs.forceDestroy ?? false, b.urn).toBe(false);
    }
  });

  it("keeps communities apart: no community's resources name another community's buckets or namespaces", () => {
    const bucketsOf = new Map<string, string[]>();
    for (const c of communities) {
      const rows = plans.get(`community/${c}`)!;
      bucketsOf.set(
        c,
        rows
          .filter((r) => /Bucket$|BlobContainer$/.test(r.type))
          // Azure containers are `scratch` / `persistent` in the hub's own storage account: the account names them.
          .map((r) => String(r.inputs.name ?? r.inputs.bucket ?? r.inputs.accountName ?? r.name)),
      );
    }
    expect([...bucketsOf.values()].flat().length).toBeGreaterThan(4);
    for (const c of communities) {
      const text = JSON.stringify(plans.get(`community/${c}`));
      for (const [other, buckets] of bucketsOf) {
        if (other === c) continue;
        for (const b of buckets) expect(text.includes(b), `${c} mentions ${other}'s bucket ${b}`).toBe(false);
        expect(text.includes(`"${other}-`), `${c} mentions ${other}'s namespace`).toBe(false);
      }
    }
  });

  it("denies ingress into every hub namespace from other hubs' namespaces", () => {
    for (const hub of releases("jupyterhub")) {
      const ns = hub.inputs.namespace;
      const policies = all().filter(
        (r) =>
          r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy" && r.inputs.metadata.namespace === ns,
      );
      // Every pod of the namespace starts from deny-all, in both directions (who reaches whom is
      // worked out from all the policies in packages/components/test/isolation.test.ts).
      const namespaceWide = policies.filter((p) => JSON.stringify(p.inputs.spec.podSelector) === "{}");
      expect(
        namespaceWide.map((p) => p.inputs.spec),
        ns,
      ).toEqual([{ podSelector: {}, policyTypes: ["Ingress", "Egress"] }]);
      for (const p of policies) {
        for (const rule of p.inputs.spec.ingress ?? []) {
          for (const peer of rule.from ?? []) {
            const names = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
            if (names) expect(/-(staging|prod|dev)$/.test(names), ns).toBe(false);
          }
        }
      }
    }
  });
});

describe("hubnet plan from the TypeScript sources", () => {
  it("writes byte-identical files and prints the same as the compiled binary", async () => {
    const fromSource = tmpDir("plan-source");
    const r = await hubnet(["plan", "--all", "--out", fromSource], { env: { HUBNET_FROM_SOURCE: "1" } });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.replaceAll(fromSource, "OUT")).toBe(stdout.replaceAll(out, "OUT"));
    const compiled = filesUnder(out);
    // resources.json per stack, plan.json and the manifest of what was written (.hubnet-output.json)
    expect(Object.keys(compiled).length).toBe(clusters.length + communities.length + 2);
    expect(filesUnder(fromSource)).toEqual(compiled);
  }, 180_000);
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

describe("hubnet plan errors", () => {
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
    expect((await hubnet(["plan"])).code).toBe(2);
    expect((await hubnet(["plan", "open-geo", "--all"])).code).toBe(2);
    expect((await hubnet(["plan", "--all", "--root", "/nonexistent/hubnet"])).code).toBe(2);
  });

  it("names an unknown community with a suggestion", async () => {
    const r = await hubnet(["plan", "open-gio"]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no community named "open-gio"; did you mean "open-geo"?');
  });

  it("plans one community with its cluster and prints JSON summaries", async () => {
    const r = await hubnet(["plan", "dev-sandbox", "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.stacks.map((s: any) => `${s.kind}/${s.stack}`)).toEqual([
      "cluster/local-dev",
      "community/dev-sandbox",
    ]);
    const [hub] = json.stacks[1].hubs;
    expect(hub.urls).toEqual(["https://sandbox.hubnet.localhost"]);
    expect(hub.profiles).toEqual(["Tiny (0.5 CPU, 1G)"]);
  });
});
