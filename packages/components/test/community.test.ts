/**
 * The Community component (what a community stack deploys), through the
 * community program as Pulumi runs it, on a network of its own in a temporary
 * tree handed to the program as its root.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Community as CommunityConfig, CommunitySchema, loadNetwork } from "@hubnet/config";
import { loadProgram, ProgramError, type RenderedStack, renderStack } from "@hubnet/plan";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterOutputs } from "../src/cluster/contract";
import {
  clusterStackName,
  hubsWithoutClientId,
  hubsWithoutSecret,
  missingClientIdMessage,
  missingSecretMessage,
} from "../src/community";
import { clusterOutputsFor } from "./support/cluster-outputs";

const CLUSTER = `config:
  hubnet:cluster:
    cloud: local
    context: kind-test
    domain: test.localhost
    certificateEmail: ops@test.localhost
`;
const COMMUNITY = `name: alpha
displayName: Alpha
owners: [alpha-owner]
cluster: kind-test
hubs:
  - { name: staging, domain: staging.alpha.test.localhost, clientId: file-client-id }
  - { name: prod, domain: alpha.test.localhost }
auth:
  provider: github
  orgs: [alpha-org]
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 1Gi, default: true }
`;

let root: string;
let outputs: ClusterOutputs;
const program = loadProgram(path.resolve(__dirname, "../../../stacks/community")) as (o?: {
  root?: string;
}) => Promise<unknown>;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-community-"));
  fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
  fs.mkdirSync(path.join(root, "communities", "alpha"), { recursive: true });
  fs.writeFileSync(path.join(root, "stacks", "cluster", "Pulumi.kind-test.yaml"), CLUSTER);
  fs.writeFileSync(path.join(root, "communities", "alpha", "community.yaml"), COMMUNITY);
  const network = loadNetwork(root);
  expect(network.problems).toEqual([]);
  outputs = clusterOutputsFor("kind-test", network.clusters.get("kind-test")!.config);
});

/** What the program threw last (renderStack hands on its message only). */
let thrown: unknown;

/**
 * Whether `pulumi up` would print a stack trace with the error (the SDK's cmd/run/run.js): never for
 * a RunError or a ResourceError created with hideStack, always for anything else.
 */
function printsStack(err: unknown): boolean {
  if (pulumi.RunError.isInstance(err as Error)) return false;
  if (pulumi.ResourceError.isInstance(err as Error)) return !(err as pulumi.ResourceError).hideStack;
  return true;
}

function render(config: Record<string, string>, served: Partial<ClusterOutputs> = outputs) {
  let exported: Record<string, unknown> = {};
  thrown = undefined;
  const rendered = renderStack({
    project: "hubnet-community",
    stack: "alpha",
    config: { "hubnet:clusterStack": "hubnet/hubnet-cluster/kind-test", ...config },
    secretKeys: config["hubnet:clientSecrets"] ? ["hubnet:clientSecrets"] : [],
    program: async () => {
      try {
        exported = (await program({ root })) as Record<string, unknown>;
      } catch (e) {
        thrown = e;
        throw e;
      }
      return exported;
    },
    stackOutputs: (name) => (name.endsWith("/kind-test") ? (served as Record<string, unknown>) : undefined),
  });
  return rendered.then((stack) => ({ stack, exported }));
}

const SECRETS = { "hubnet:clientSecrets": JSON.stringify({ staging: "s-secret", prod: "p-secret" }) };
const IDS = { "hubnet:clientIds": JSON.stringify({ prod: "config-client-id" }) };

describe("the Community component", () => {
  let stack: RenderedStack;
  let exported: Record<string, unknown>;
  beforeAll(async () => {
    ({ stack, exported } = await render({ ...SECRETS, ...IDS }));
  });
  const byUrn = (urn: string) => stack.resources.find((r) => r.urn === urn);
  const community = () => stack.resources.find((r) => r.type === "hubnet:community:Community")!;

  it("holds the community's provider and hubs, each aliased to where community stacks had them", () => {
    const c = community();
    expect(c.name).toBe("alpha");
    expect(c.parent).toMatch(/::pulumi:pulumi:Stack::/);
    const children = stack.resources.filter((r) => r.parent === c.urn);
    expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual([
      "hubnet:hub:Hub alpha-prod",
      "hubnet:hub:Hub alpha-staging",
      "pulumi:providers:kubernetes kind-test-k8s",
    ]);
    for (const r of children)
      expect(r.aliases).toEqual([`urn:pulumi:alpha::hubnet-community::${r.type}::${r.name}`]);
  });

  it("keeps every resource of a hub at its former URN through its hub's alias", () => {
    const hubs = stack.resources.filter((r) => r.type === "hubnet:hub:Hub");
    const inHubs = stack.resources.filter((r) => hubs.some((h) => h.urn === r.parent));
    expect(inHubs.length).toBeGreaterThan(10);
    for (const r of inHubs) {
      expect(r.urn).toContain("::hubnet:community:Community$hubnet:hub:Hub$");
      expect(r.aliases).toEqual([r.urn.replace("::hubnet:community:Community$", "::")]);
    }
    expect(byUrn(community().urn)?.aliases).toBeUndefined();
  });

  it("gives each hub its client ID: from the community file first, else from the stack config", () => {
    const hubConfig = (hub: string) =>
      stack.resources.find((r) => r.name === `alpha-${hub}-jupyterhub`)!.inputs as {
        values: { hub: { config: Record<string, Record<string, unknown>> } };
      };
    expect(hubConfig("staging").values.hub.config.GitHubOAuthenticator.client_id).toBe("file-client-id");
    expect(hubConfig("prod").values.hub.config.GitHubOAuthenticator.client_id).toBe("config-client-id");
    expect(JSON.stringify(stack.resources)).not.toMatch(/[sp]-secret/);
  });

  it("exports the community, its cluster, each hub's URL and namespace, and the health tokens as a secret", () => {
    expect(stack.outputs).toEqual({
      community: "alpha",
      cluster: "kind-test",
      hubs: {
        staging: { url: "https://staging.alpha.test.localhost", namespace: "alpha-staging" },
        prod: { url: "https://alpha.test.localhost", namespace: "alpha-prod" },
      },
      healthTokens: "[secret]",
    });
    expect(stack.secretOutputs).toEqual(["healthTokens"]);
    expect(Object.keys(exported).sort()).toEqual(["cluster", "community", "healthTokens", "hubs"]);
  });

  it("stops with the command to run when a hub has no client secret", async () => {
    const err = await render({
      "hubnet:clientSecrets": JSON.stringify({ staging: "s-secret" }),
      ...IDS,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect(printsStack(thrown)).toBe(false);
    expect(err.message).toBe(
      `community "alpha" (github auth) has no OAuth client secret for hub(s) prod. In stacks/community run: pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack alpha`,
    );
  });

  it("stops with the command to run when a hub has no client ID", async () => {
    const err = await render(SECRETS).catch((e) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect(printsStack(thrown)).toBe(false);
    expect(err.message).toContain(
      `no OAuth client ID for hub(s) prod: set clientId in communities/alpha/community.yaml`,
    );
    expect(err.message).toContain(
      `pulumi config set --path 'hubnet:clientIds.prod' <client-id> --stack alpha`,
    );
  });

  it("stops when the cluster stack lacks an output the hubs need", async () => {
    const { home: _home, ...withoutHome } = outputs;
    const err = await render({ ...SECRETS, ...IDS }, withoutHome).catch((e) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect(printsStack(thrown)).toBe(false);
    expect(err.message).toBe(
      'cluster stack hubnet/hubnet-cluster/kind-test has no output "home": deploy the cluster first',
    );
  });

  it("stops with FILE:LINE:COL problems when its community file is invalid", async () => {
    const file = path.join(root, "communities", "alpha", "community.yaml");
    fs.writeFileSync(file, COMMUNITY.replace("memory: 1Gi", "memory: 1GB"));
    try {
      const err = await render({ ...SECRETS, ...IDS }).catch((e) => e);
      expect(err).toBeInstanceOf(ProgramError);
      expect(printsStack(thrown)).toBe(false);
      expect(err.message).toMatch(
        /^communities\/alpha\/community\.yaml:13:56: profiles\[0\]\.memory: "1GB" uses an ambiguous/,
      );
    } finally {
      fs.writeFileSync(file, COMMUNITY);
    }
  });
});

describe("client credentials", () => {
  const community: CommunityConfig = CommunitySchema.parse({
    name: "alpha",
    displayName: "Alpha",
    owners: ["o"],
    cluster: "kind-test",
    hubs: [
      { name: "staging", domain: "s.alpha.test.localhost", clientId: "id" },
      { name: "prod", domain: "alpha.test.localhost" },
    ],
    auth: { provider: "github", orgs: ["alpha-org"] },
    image: { name: "img", tag: "1" },
    profiles: [{ name: "small", displayName: "Small", cpu: 1, memory: "1Gi", default: true }],
  });

  it("names the hubs without a non-empty secret or a client ID from anywhere", () => {
    expect(hubsWithoutSecret(community, { staging: "x", prod: "" })).toEqual(["prod"]);
    expect(hubsWithoutSecret(community, { staging: "x", prod: "y" })).toEqual([]);
    expect(hubsWithoutClientId(community, {})).toEqual(["prod"]);
    expect(hubsWithoutClientId(community, { prod: "id" })).toEqual([]);
    const dummy = { ...community, auth: { ...community.auth, provider: "dummy" } } as CommunityConfig;
    expect(hubsWithoutSecret(dummy, {})).toEqual([]);
    expect(hubsWithoutClientId(dummy, {})).toEqual([]);
  });

  it("says which command sets each missing value", () => {
    expect(missingSecretMessage(community, ["staging", "prod"])).toContain(
      "pulumi config set --secret --path 'hubnet:clientSecrets.staging' <value> --stack alpha ; pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack alpha",
    );
    expect(missingClientIdMessage(community, ["prod"])).toContain(
      "pulumi config set --path 'hubnet:clientIds.prod' <client-id> --stack alpha",
    );
    expect(clusterStackName("acme", "kind-test")).toBe("acme/hubnet-cluster/kind-test");
  });
});
