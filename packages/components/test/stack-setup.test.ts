/**
 * What the deploy reads of a community stack (src/community/stack-setup.ts), checked against the
 * program itself under Pulumi's mock runtime: the hub URNs the staging canary excludes are the URNs
 * the SDK records for the hubs, and the stack config listed as required is exactly what the
 * program's own checks stop without.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadCommunityWithCluster, loadNetwork } from "@hubnet/config";
import { loadProgram, renderStack } from "@hubnet/plan";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  COMMUNITY_PROJECT,
  hubsWithoutClientId,
  hubsWithoutSecret,
  hubUrn,
  requiredStackConfig,
  sharedPasswordProblems,
} from "../src/community";
import { clusterOutputsFor } from "./support/cluster-outputs";

const CLUSTER = `config:
  hubnet:cluster:
    cloud: local
    context: kind-test
    domain: test.localhost
    certificateEmail: ops@test.localhost
`;
const community = (name: string, auth: string, hubs: string) => `name: ${name}
displayName: ${name}
owners: [owner]
cluster: kind-test
hubs:
${hubs}
auth: ${auth}
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 1Gi, default: true }
`;

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-stack-setup-"));
  fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
  fs.writeFileSync(path.join(root, "stacks", "cluster", "Pulumi.kind-test.yaml"), CLUSTER);
  const files: Record<string, string> = {
    alpha: community(
      "alpha",
      "{ provider: github, orgs: [alpha-org] }",
      "  - { name: staging, domain: staging.alpha.test.localhost, clientId: file-client-id }\n" +
        "  - { name: prod, domain: alpha.test.localhost }\n" +
        "  - { name: staging-home, domain: sh.alpha.test.localhost }",
    ),
    workshop: community(
      "workshop",
      "{ provider: shared-password, allowAll: true, admins: [instructor] }",
      "  - { name: day1, domain: day1.test.localhost }",
    ),
  };
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, "communities", name), { recursive: true });
    fs.writeFileSync(path.join(root, "communities", name, "community.yaml"), text);
  }
  expect(loadNetwork(root).problems).toEqual([]);
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const config = (name: string) => {
  const loaded = loadCommunityWithCluster(root, name);
  if (!loaded.community) throw new Error(JSON.stringify(loaded.problems));
  return loaded.community.config;
};

describe("the stack config a new community stack needs", () => {
  it("OAuth: each hub's client secret, and its client ID where the community file has none", () => {
    const keys = requiredStackConfig(config("alpha"));
    expect(keys.map((k) => `${k.key}${k.secret ? " (secret)" : ""}`)).toEqual([
      "hubnet:clientSecrets.staging (secret)",
      "hubnet:clientIds.prod",
      "hubnet:clientSecrets.prod (secret)",
      "hubnet:clientIds.staging-home",
      "hubnet:clientSecrets.staging-home (secret)",
    ]);
    const prodSecret = keys.find((k) => k.key === "hubnet:clientSecrets.prod")!;
    expect(prodSecret.command).toBe(
      "pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack alpha",
    );
    expect(prodSecret.why).toContain("https://alpha.test.localhost/hub/oauth_callback");
  });

  it("is exactly what the program's own checks stop without: all set passes, each one missing is named", () => {
    const c = config("alpha");
    const keys = requiredStackConfig(c);
    const values = (skip?: string) => {
      const secrets: Record<string, string> = {};
      const ids: Record<string, string> = {};
      for (const k of keys) {
        if (k.key === skip) continue;
        const [, group, hub] = /^hubnet:(\w+)\.(.+)$/.exec(k.key)!;
        (group === "clientSecrets" ? secrets : ids)[hub] = "set";
      }
      return { secrets, ids };
    };
    const all = values();
    expect([...hubsWithoutSecret(c, all.secrets), ...hubsWithoutClientId(c, all.ids)]).toEqual([]);
    for (const k of keys) {
      const v = values(k.key);
      const hub = k.key.split(".")[1];
      expect([...hubsWithoutSecret(c, v.secrets), ...hubsWithoutClientId(c, v.ids)], k.key).toEqual([hub]);
    }
  });

  it("shared password: each hub's password and, with admins, its admin password", () => {
    const c = config("workshop");
    const keys = requiredStackConfig(c);
    expect(keys.map((k) => k.key)).toEqual(["hubnet:sharedPasswords.day1", "hubnet:adminPasswords.day1"]);
    expect(sharedPasswordProblems(c, {}, {})).toHaveLength(keys.length);
  });
});

describe("the hubs' URNs, which the staging canary excludes", () => {
  it("are the URNs Pulumi records for the hubs' components, in the project stacks/community names", async () => {
    const project = parse(
      fs.readFileSync(path.join(__dirname, "../../../stacks/community/Pulumi.yaml"), "utf8"),
    );
    expect(project.name).toBe(COMMUNITY_PROJECT);
    const program = loadProgram(path.resolve(__dirname, "../../../stacks/community")) as (o: {
      root: string;
    }) => Promise<unknown>;
    const outputs = clusterOutputsFor("kind-test", loadNetwork(root).clusters.get("kind-test")!.config);
    const stack = await renderStack({
      project: COMMUNITY_PROJECT,
      stack: "alpha",
      config: {
        "hubnet:clusterStack": "hubnet/hubnet-cluster/kind-test",
        "hubnet:clientSecrets": JSON.stringify({ staging: "s", prod: "p", "staging-home": "h" }),
        "hubnet:clientIds": JSON.stringify({ prod: "id", "staging-home": "id" }),
      },
      secretKeys: ["hubnet:clientSecrets"],
      program: () => program({ root }),
      stackOutputs: (name) =>
        name.endsWith("/kind-test") ? (outputs as unknown as Record<string, unknown>) : undefined,
    });
    const hubs = stack.resources.filter((r) => r.type === "hubnet:hub:Hub").map((r) => r.urn);
    expect(hubs.sort()).toEqual(
      ["prod", "staging", "staging-home"].map((h) => hubUrn("alpha", "alpha", h)).sort(),
    );

    // What `pulumi up --exclude <prod hubs> --exclude-dependents` leaves out, worked out as the engine
    // does (pulumi/pulumi pkg/resource/deploy/step_generator.go isExcludedFromUpdate; a resource's
    // dependencies are its parent, its dependsOn and property dependencies, pkg/resource/state.go
    // GetAllDependencies, and its provider): in registration order, excluded when listed or when one
    // of them is excluded. It must be exactly the production hubs with everything under them.
    const canaryExcludes = ["prod", "staging-home"].map((h) => hubUrn("alpha", "alpha", h));
    const excluded = new Set<string>();
    for (const r of stack.resources) {
      const deps = [
        r.parent,
        ...(r.dependencies ?? []),
        ...Object.values(r.propertyDependencies ?? {}).flat(),
        r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined,
      ];
      if (canaryExcludes.includes(r.urn) || deps.some((d) => d && excluded.has(d))) excluded.add(r.urn);
    }
    const under = (hub: string) => {
      const top = hubUrn("alpha", "alpha", hub);
      const inside = new Set([top]);
      for (const r of stack.resources) if (r.parent && inside.has(r.parent)) inside.add(r.urn);
      return inside;
    };
    expect([...excluded].sort()).toEqual([...under("prod"), ...under("staging-home")].sort());
    expect(under("prod").size).toBeGreaterThan(10);
    // The staging hub is updated whole; so are the community's own resources (its providers).
    for (const urn of under("staging")) expect(excluded.has(urn), urn).toBe(false);
    expect(
      stack.resources
        .filter((r) => r.type.startsWith("pulumi:providers:"))
        .every((r) => !excluded.has(r.urn)),
    ).toBe(true);
  });
});
