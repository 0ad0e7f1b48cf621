/**
 * What must hold for any valid network, checked on `hubnet plan --all --out` of a whole tree:
 * the files in the documented shape, chart values valid for the chart's own schema, every
 * Kubernetes object valid, secrets never written, user data protected, communities isolated.
 *
 * The checks read the names they need from the tree itself (its communities and clusters), so they
 * hold for the example network whatever it contains: test/plan.test.ts runs them on the example
 * network, test/network-independence.test.ts on a copy of it with generated communities added.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { beforeAll, describe, expect, it } from "vitest";
import { validateKubernetesObjects } from "../../packages/components/test/k8s-validate";
import { validateZ2jhValues } from "../../packages/components/test/support/z2jh-schema";
import { hubnet, tmpDir } from "./cli";

export interface Row {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  aliases?: string[];
  // biome-ignore lint/suspicious/noExplicitAny: recorded inputs are free-form JSON
  inputs: Record<string, any>;
  protect: boolean;
  retainOnDelete: boolean;
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
}

/** A rendered tree: its names, the plan's output folder and stdout, and every stack's rows. */
export interface RenderedNetwork {
  root: string;
  out: string;
  stdout: string;
  clusters: string[];
  communities: string[];
  plans: Map<string, Row[]>;
}

const USER_DATA_TYPES =
  /^(gcp:filestore\/instance:Instance|aws:efs\/fileSystem:FileSystem|azure-native:storage:FileShare|kubernetes:core\/v1:PersistentVolume)$/;
const BUCKET_TYPES =
  /^(gcp:storage\/bucket:Bucket|aws:s3\/bucketV2?:BucketV2?|azure-native:storage:BlobContainer)$/;

/**
 * `name` stands in `text` as a whole name, not as part of a longer one: community `geo`'s namespace
 * `geo-prod` is not mentioned by `geo-lab-prod`, nor `geo-lab`'s by `geo-lab-prod-2`.
 */
export function mentions(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![a-z0-9-])${escaped}(?![a-z0-9-])`).test(text);
}

/** Renders `root` with `hubnet plan --all --out` (the real binary) and reads every resources.json. */
export async function renderNetwork(root: string): Promise<RenderedNetwork> {
  const network = loadNetwork(root);
  expect(network.problems, "the tree must be valid").toEqual([]);
  const clusters = [...network.clusters.keys()].sort();
  const communities = [...network.communities.keys()].sort();
  const out = tmpDir("plan");
  const r = await hubnet(["plan", "--all", "--root", root, "--out", out], { timeout: 300_000 });
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const plans = new Map<string, Row[]>();
  const read = (file: string): Row[] => JSON.parse(fs.readFileSync(file, "utf8"));
  for (const c of clusters) plans.set(`cluster/${c}`, read(path.join(out, "clusters", c, "resources.json")));
  for (const c of communities)
    plans.set(`community/${c}`, read(path.join(out, "communities", c, "resources.json")));
  return { root, out, stdout: r.stdout, clusters, communities, plans };
}

/**
 * Declares the network-level checks on the tree `prepare` returns (called once, before them).
 * Returns a getter of the rendered network, for further tests in the same file.
 */
export function describeNetworkPlan(title: string, prepare: () => Promise<string>): () => RenderedNetwork {
  let net: RenderedNetwork;
  describe(title, () => {
    beforeAll(async () => {
      net = await renderNetwork(await prepare());
    }, 300_000);

    const all = () => [...net.plans.values()].flat();
    const releases = (chart: string) =>
      all().filter((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === chart);

    it("renders every cluster and community of the tree", () => {
      expect(net.clusters.length).toBeGreaterThan(0);
      expect(net.communities.length).toBeGreaterThan(0);
      expect(net.stdout).toContain(
        `rendered ${net.clusters.length} cluster stack${net.clusters.length === 1 ? "" : "s"} and ${net.communities.length} community stack${net.communities.length === 1 ? "" : "s"}`,
      );
      for (const c of net.communities) expect(net.stdout).toContain(`community ${c} (hubnet-community)`);
    });

    it("writes resources.json as the documented array of {urn,type,name,parent,aliases?,inputs,protect,retainOnDelete,provider?,propertyDependencies?}", () => {
      for (const [stack, rows] of net.plans) {
        expect(rows.length, stack).toBeGreaterThan(3);
        const urns = new Set(rows.map((r) => r.urn));
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
          for (const deps of Object.values(r.propertyDependencies ?? {}))
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

    it("renders every z2jh and dask-gateway release with the chart's own templates, and every rendered check passes", () => {
      // hubnet plan exits 1 on a problem of the rendered objects (collisions, namespaces, schema): code 0 above.
      const plan = JSON.parse(fs.readFileSync(path.join(net.out, "plan.json"), "utf8")) as {
        charts?: { helm?: string; rendered: number; notChecked: string[] };
      };
      if (!plan.charts?.helm)
        throw new Error(`charts were not rendered: ${plan.charts?.notChecked.join("; ")}`);
      expect(plan.charts.notChecked.join("\n")).not.toMatch(/Kubernetes API schema: /);
      const pinned = new Set(["jupyterhub", "dask-gateway"]);
      let rendered = 0;
      for (const c of net.communities) {
        const rows = JSON.parse(
          fs.readFileSync(path.join(net.out, "communities", c, "rendered.json"), "utf8"),
        ) as {
          chart: string;
          release: string;
          status: string;
          objects?: unknown[];
        }[];
        const releases = all().filter(
          (r) => r.type === "kubernetes:helm.sh/v3:Release" && r.urn.includes(`urn:pulumi:${c}::`),
        );
        expect(rows.length, c).toBe(releases.length);
        for (const r of rows.filter((x) => pinned.has(x.chart))) {
          expect(r.status, `${c} ${r.release}`).toBe("rendered");
          expect(r.objects?.length, `${c} ${r.release}`).toBeGreaterThan(5);
          rendered++;
        }
      }
      expect(rendered).toBe(releases("jupyterhub").length + releases("dask-gateway").length);
    });

    it("renders one jupyterhub release per hub, each valid for the z2jh 4.4.0 values schema", () => {
      const network = loadNetwork(net.root);
      const expected = [...network.communities.values()].flatMap((c) => c.config.hubs.map((h) => h.domain));
      const hubs = releases("jupyterhub");
      expect(hubs.length).toBe(expected.length);
      const hosts = hubs.flatMap((h) => h.inputs.values.httpRoute.hostnames);
      expect(hosts.sort()).toEqual(expected.sort());
      for (const h of hubs) {
        expect(h.inputs.version).toBe("4.4.0");
        expect(validateZ2jhValues(h.inputs.values).errors, h.name).toEqual([]);
      }
    });

    it("creates only Kubernetes objects that are valid for the API", async () => {
      expect(await validateKubernetesObjects(all() as never)).toBeGreaterThan(net.communities.length);
    });

    it("never writes a secret value: secrets appear as [secret]", () => {
      const text = fs
        .readdirSync(net.out, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".json"))
        .map((f) => fs.readFileSync(path.join(net.out, f), "utf8"))
        .join("\n");
      expect(text).not.toContain("plan-placeholder-secret");
      expect(text).not.toMatch(/mock-password-/);
      expect(text).toContain('"[secret]"');
      const summary = JSON.parse(fs.readFileSync(path.join(net.out, "plan.json"), "utf8"));
      for (const s of summary.stacks.filter((s: { kind: string }) => s.kind === "cluster"))
        expect(s.outputs.kubeconfig).toBe("[secret]");
      for (const s of all().filter((r) => r.type === "kubernetes:core/v1:Secret")) {
        expect(JSON.stringify(s.inputs.stringData ?? s.inputs.data)).toBe('"[secret]"');
      }
    });

    it("protects and retains everything that holds user data", () => {
      const userData = all().filter(
        (r) => USER_DATA_TYPES.test(r.type) || (BUCKET_TYPES.test(r.type) && /-persistent$/.test(r.name)),
      );
      // Every cluster has home storage (a file share, or volumes on local clusters' hubs).
      expect(userData.length).toBeGreaterThanOrEqual(net.clusters.length);
      for (const r of userData) {
        expect(r.protect, r.urn).toBe(true);
        expect(r.retainOnDelete, r.urn).toBe(true);
      }
    });

    it("never lets a config change delete a hub's namespace or a bucket with its data", () => {
      const namespaces = all().filter(
        (r) => r.type === "kubernetes:core/v1:Namespace" && r.urn.includes("hubnet:hub:Hub"),
      );
      expect(namespaces.length).toBe(releases("jupyterhub").length);
      for (const ns of namespaces) expect([ns.protect, ns.retainOnDelete], ns.urn).toEqual([true, true]);
      for (const b of all().filter((r) => BUCKET_TYPES.test(r.type))) {
        expect(b.retainOnDelete, b.urn).toBe(true);
        expect(b.inputs.forceDestroy ?? false, b.urn).toBe(false);
      }
    });

    it("keeps communities apart: no community's resources name another community's buckets or namespaces", () => {
      const bucketsOf = new Map<string, string[]>();
      for (const c of net.communities) {
        const rows = net.plans.get(`community/${c}`) ?? [];
        bucketsOf.set(
          c,
          rows
            .filter((r) => /Bucket$|BlobContainer$/.test(r.type))
            // Azure containers are `scratch` / `persistent` in the hub's own storage account: the account names them.
            .map((r) => String(r.inputs.name ?? r.inputs.bucket ?? r.inputs.accountName ?? r.name)),
        );
      }
      const network = loadNetwork(net.root);
      const namespacesOf = new Map(
        [...network.communities.values()].map(({ config }) => [
          config.name,
          config.hubs.map((h) => `${config.name}-${h.name}`),
        ]),
      );
      for (const c of net.communities) {
        const text = JSON.stringify(net.plans.get(`community/${c}`));
        for (const [other, buckets] of bucketsOf) {
          if (other === c) continue;
          for (const b of buckets)
            expect(mentions(text, b), `${c} mentions ${other}'s bucket ${b}`).toBe(false);
          // (A namespace `a-b` of community `a` is also the name of a community `a-b`, said everywhere in its own plan.)
          for (const ns of (namespacesOf.get(other) ?? []).filter((n) => n !== c))
            expect(mentions(text, ns), `${c} mentions ${other}'s namespace ${ns}`).toBe(false);
        }
      }
    });

    it("denies all traffic to and from every hub namespace by default, and admits no other hub's namespace", () => {
      const hubNamespaces = new Set(releases("jupyterhub").map((h) => String(h.inputs.namespace)));
      for (const ns of hubNamespaces) {
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
              const name = peer.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"];
              if (name) expect(hubNamespaces.has(name) && name !== ns, `${ns} admits ${name}`).toBe(false);
            }
          }
        }
      }
    });
  });
  return () => net;
}
