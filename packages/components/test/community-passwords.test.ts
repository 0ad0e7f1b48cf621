/**
 * A shared-password community (a workshop) rendered under mocks from a tree of this test's own: its
 * passwords are Pulumi secrets of the community stack, never plain in any input, and a missing or
 * too short one stops the stack with the exact command that sets it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import {
  containsAny,
  loadProgram,
  PLACEHOLDER_ADMIN_PASSWORD,
  ProgramError,
  renderStack,
  standInForOAuth,
} from "@hubnet/plan";
import { afterAll, describe, expect, test } from "vitest";
import { ROOT } from "./cluster-render";
import { clusterOutputsFor } from "./support/cluster-outputs";
import type { Json } from "./support/hub-fixtures";
import { jupyterhubValues } from "./support/resources";
import { validateZ2jhValues } from "./support/z2jh-schema";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-workshop-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
fs.mkdirSync(path.join(root, "stacks", "cluster"), { recursive: true });
fs.writeFileSync(
  path.join(root, "stacks", "cluster", "Pulumi.edu.yaml"),
  `config:
  hubnet:cluster:
    cloud: gcp
    project: fixture-project
    region: us-central1
    domain: edu.example.org
    certificateEmail: ops@example.org
    nodePools:
      core: { machineType: e2-standard-2 }
      user: [{ name: small, machineType: n2-standard-8, max: 10 }]
`,
);
fs.mkdirSync(path.join(root, "communities", "carpentry"), { recursive: true });
fs.writeFileSync(
  path.join(root, "communities", "carpentry", "community.yaml"),
  `name: carpentry
displayName: Carpentry workshop
owners: [someone]
cluster: edu
hubs:
  - { name: day1, domain: day1.edu.example.org }
  - { name: day2, domain: day2.edu.example.org }
auth: { provider: shared-password, allowAll: true, admins: [instructor] }
image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 1, memory: 2G, default: true }
features:
  culling: { idleTimeout: 30m, maxAge: 6h }
`,
);

const PASSWORDS = { day1: "tulip-garden-42", day2: "orchid-lake-77" };
const ADMIN = { day1: "instructors-only-password-0123456789", day2: "instructors-only-password-9876543210" };

async function render(passwords: Record<string, string> | null, admin: Record<string, string> | null) {
  const network = loadNetwork(root);
  expect(network.problems).toEqual([]);
  const outputs = clusterOutputsFor("edu", network.clusters.get("edu")!.config);
  const program = loadProgram(path.join(ROOT, "stacks", "community")) as (o: { root: string }) => unknown;
  const config: Record<string, string> = { "hubnet:clusterStack": "hubnet/hubnet-cluster/edu" };
  if (passwords) config["hubnet:sharedPasswords"] = JSON.stringify(passwords);
  if (admin) config["hubnet:adminPasswords"] = JSON.stringify(admin);
  return renderStack({
    project: "hubnet-community",
    stack: "carpentry",
    config,
    secretKeys: ["hubnet:sharedPasswords", "hubnet:adminPasswords"].filter((k) => k in config),
    program: () => program({ root }),
    stackOutputs: () => outputs as unknown as Record<string, unknown>,
  });
}

describe("a shared-password workshop", () => {
  test("keeps the passwords secret, nested where the authenticator reads them", async () => {
    const stack = await render(PASSWORDS, ADMIN);
    for (const hub of ["day1", "day2"]) {
      const values = jupyterhubValues(stack, "carpentry", hub) as Json;
      expect(validateZ2jhValues(values).errors).toEqual([]);
      expect(values.hub.config.SharedPasswordAuthenticator).toEqual({
        user_password: "[secret]",
        admin_password: "[secret]",
        allow_all: true,
      });
      expect(values.hub.extraEnv).toEqual({});
    }
    const secrets = [...Object.values(PASSWORDS), ...Object.values(ADMIN)];
    for (const r of stack.resources)
      expect(containsAny(r.inputs, secrets), `${r.type} ${r.name}`).toBe(false);
    // No OAuth client: no client secret is asked for, and no hubnet-oauth Secret is made.
    expect(stack.resources.filter((r) => r.name.endsWith("-oauth"))).toEqual([]);
  });

  test("stops with the exact commands when passwords are missing or too short", async () => {
    const err = await render({ day1: "short" }, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProgramError);
    const message = (err as Error).message;
    expect(message).toContain(
      "hub day1 needs a shared password of at least 8 characters: pulumi config set --secret --path 'hubnet:sharedPasswords.day1' <password> --stack carpentry",
    );
    expect(message).toContain(
      "hub day2 needs a shared password of at least 8 characters (none is set): pulumi config set --secret --path 'hubnet:sharedPasswords.day2' <password> --stack carpentry",
    );
    expect(message).toContain(
      "pulumi config set --secret --path 'hubnet:adminPasswords.day1' <password> --stack carpentry",
    );
    expect(message).not.toContain("short");
  });

  test("plans stand in for passwords a fork does not have, long enough for JupyterHub", () => {
    const community = loadNetwork(root).communities.get("carpentry")!.config;
    const config: Record<string, string> = {};
    const keys: string[] = [];
    expect(standInForOAuth(community, config, keys)).toEqual([
      "sharedPasswords.day1",
      "sharedPasswords.day2",
      "adminPasswords.day1",
      "adminPasswords.day2",
    ]);
    expect(keys).toEqual(["hubnet:sharedPasswords", "hubnet:adminPasswords"]);
    expect(PLACEHOLDER_ADMIN_PASSWORD.length).toBeGreaterThanOrEqual(32);
    expect(config["hubnet:clientSecrets"]).toBeUndefined();
  });
});
