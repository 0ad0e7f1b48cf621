/**
 * An existing cluster (`cloud: existing`), rendered under mocks from a tree of this test's own: its
 * kubeconfig is a secret of the cluster stack, nothing cloud-made is created, and a community on it
 * gets hubs on the cluster's own storage.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProgram, ProgramError, type RenderedStack, renderStack } from "@hubnet/plan";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { withCurrentContext } from "../src/cluster/outputs";
import { assertBaseline, assertOutputs } from "./cluster-asserts";
import { CLUSTER_STACK, clusterProgram, one, ROOT } from "./cluster-render";
import type { Json } from "./support/hub-fixtures";
import { jupyterhubValues } from "./support/resources";
import { validateZ2jhValues } from "./support/z2jh-schema";

const CLUSTER = `# yaml-language-server: $schema=../../packages/config/schemas/cluster-stack.schema.json
config:
  hubnet:cluster:
    cloud: existing
    context: campus-admin
    node: { cpu: 30, memory: 120Gi }
    storage:
      home: { kind: nfs, server: nfs.campus.example.edu, addresses: [192.0.2.10], path: /export/hubs }
      defaultStorageClass: { name: ceph-rbd, provisioner: rook-ceph.rbd.csi.ceph.com }
    domain: campus.example.edu
    certificateEmail: ops@campus.example.edu
    operators: { github: [op-gh] }
`;
const COMMUNITY = `name: astro
displayName: Astronomy
owners: [someone]
cluster: campus
hubs:
  - { name: prod, domain: astro.campus.example.edu }
auth: { provider: github, orgs: [campus-astro] }
image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 2, memory: 8Gi, default: true }
`;

const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-existing-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
fs.writeFileSync(path.join(root, "stacks", "cluster", "Pulumi.campus.yaml"), CLUSTER);
fs.mkdirSync(path.join(root, "communities", "astro"), { recursive: true });
fs.writeFileSync(path.join(root, "communities", "astro", "community.yaml"), COMMUNITY);

const KUBECONFIG =
  "apiVersion: v1\nkind: Config\ncurrent-context: campus-readonly\n# the campus cluster's admin credentials\n";

function render(config: Record<string, string>, exported: { value?: Record<string, unknown> } = {}) {
  const program = clusterProgram() as (o: { root: string }) => Promise<Record<string, unknown>>;
  return renderStack({
    project: "hubnet-cluster",
    stack: "campus",
    config,
    secretKeys: Object.keys(config),
    program: async () => {
      exported.value = await program({ root });
      return exported.value;
    },
  });
}

let r: RenderedStack;
const exported: { value?: Record<string, unknown> } = {};
beforeAll(async () => {
  r = await render({ "hubnet:kubeconfig": KUBECONFIG }, exported);
}, 60_000);

describe("existing cluster", () => {
  test("is reached through the stack's secret kubeconfig, and creates nothing a cloud would", () => {
    const p = one(r, "pulumi:providers:kubernetes", "campus-k8s");
    expect(p.inputs.kubeconfig).toBe("[secret]");
    expect(p.inputs.context).toBe("campus-admin");
    expect(JSON.stringify(r.resources)).not.toContain("admin credentials");
    expect(r.resources.filter((x) => /^(gcp|aws|azure-native):/.test(x.type))).toEqual([]);
    expect(r.outputs.identity).toEqual({ cloud: "existing" });
    expect(r.outputs.home).toEqual({
      kind: "nfs",
      server: "nfs.campus.example.edu",
      path: "/export/hubs",
      mountOptions: ["vers=4.1"],
      serverAddresses: ["192.0.2.10"],
    });
    expect(r.outputs.buckets).toBe(false);
  });

  test("exports a kubeconfig whose current context is the configured one, which community stacks use alone", () => {
    const kubeconfig = r.rawOutputs.kubeconfig as string;
    expect(kubeconfig).toContain("current-context: campus-admin\n");
    expect(kubeconfig).not.toContain("campus-readonly");
    expect(kubeconfig).toContain("# the campus cluster's admin credentials");
    expect(r.outputs.kubeconfig).toBe("[secret]");
  });

  test("sets the current context of YAML and JSON kubeconfigs alike", () => {
    expect(withCurrentContext("kind: Config\n", "a")).toBe("kind: Config\ncurrent-context: a\n");
    expect(withCurrentContext("kind: Config\ncurrent-context: b\nusers: []\n", "a")).toBe(
      "kind: Config\ncurrent-context: a\nusers: []\n",
    );
    const json = JSON.parse(
      withCurrentContext(JSON.stringify({ kind: "Config", "current-context": "b" }), "a"),
    );
    expect(json).toEqual({ kind: "Config", "current-context": "a" });
  });

  test("gets the baseline, without node selectors (its nodes carry no hubnet pool labels)", async () => {
    await assertBaseline(r, "existing", { autoscaler: false, devicePlugin: false });
    await assertOutputs(r, exported.value!, "existing");
    const cm = one(r, "kubernetes:helm.sh/v3:Release", "baseline-cert-manager");
    expect((cm.inputs.values as Json).nodeSelector).toBeUndefined();
  });

  test("without the kubeconfig secret, the stack stops with the command that sets it", async () => {
    const err = await render({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect((err as Error).message).toContain(
      `In stacks/cluster run: pulumi config set --secret hubnet:kubeconfig "$(cat <kubeconfig file>)" --stack campus`,
    );
  });

  test("hosts a community's hubs on its own storage, preferring (not requiring) node purposes", async () => {
    const program = loadProgram(path.join(ROOT, "stacks", "community")) as (o: { root: string }) => unknown;
    const c = await renderStack({
      project: "hubnet-community",
      stack: "astro",
      config: {
        "hubnet:clusterStack": "hubnet/hubnet-cluster/campus",
        "hubnet:clientSecrets": JSON.stringify({ prod: "s3cret-value-of-astro" }),
        "hubnet:clientIds": JSON.stringify({ prod: "astro-client" }),
      },
      secretKeys: ["hubnet:clientSecrets"],
      program: () => program({ root }),
      stackOutputs: () => r.rawOutputs,
    });
    const values = jupyterhubValues(c, "astro", "prod") as Json;
    expect(validateZ2jhValues(values).errors).toEqual([]);
    expect(values.scheduling.userPods.nodeAffinity.matchNodePurpose).toBe("prefer");
    expect(values.singleuser.profileList[0].kubespawner_override.node_selector).toBeUndefined();
    expect(values.singleuser.storage.static).toEqual({
      pvcName: "home-nfs",
      subPath: "{username}",
    });
    const pv = one(c, "kubernetes:core/v1:PersistentVolume", "astro-prod-home-pv");
    expect((pv.inputs.spec as Json).nfs).toEqual({
      server: "nfs.campus.example.edu",
      path: "/export/hubs/astro-prod",
    });
    expect(values.hub.config.Authenticator.admin_users).toEqual(["op-gh"]);
    expect(c.resources.filter((x) => /^(gcp|aws|azure-native):/.test(x.type))).toEqual([]);
    expect(fs.existsSync(path.join(CLUSTER_STACK, "Pulumi.campus.yaml"))).toBe(false);
  });
});
