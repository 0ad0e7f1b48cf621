/** Reading a stack's Pulumi.<stack>.yaml the way the Pulumi CLI hands config to a program. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CommunitySchema } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER_CLIENT_ID, PLACEHOLDER_SECRET, readStackConfig, standInForOAuth } from "../src";

function stackFile(text: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-stack-"));
  const file = path.join(dir, "Pulumi.demo.yaml");
  fs.writeFileSync(file, text);
  return file;
}

const community = (
  auth: Record<string, unknown>,
  hubs = [
    { name: "staging", domain: "s.x.org" },
    { name: "prod", domain: "x.org" },
  ],
) =>
  CommunitySchema.parse({
    name: "demo",
    displayName: "Demo",
    owners: ["someone"],
    cluster: "c",
    hubs,
    auth,
    image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
    profiles: [{ name: "s", displayName: "S", cpu: 1, memory: "1G", default: true }],
  });

describe("readStackConfig", () => {
  it("namespaces keys, encodes objects as JSON and marks encrypted values secret", () => {
    const file = stackFile(
      "config:\n  aws:region: us-west-2\n  hubnet:cluster:\n    cloud: local\n  hubnet:clientSecrets:\n    prod:\n      secure: AAABAJk=\n  plainKey: x\n",
    );
    const c = readStackConfig(file, "hubnet-community");
    expect(c.config["aws:region"]).toBe("us-west-2");
    expect(JSON.parse(c.config["hubnet:cluster"])).toEqual({ cloud: "local" });
    expect(c.config["hubnet-community:plainKey"]).toBe("x");
    expect(JSON.parse(c.config["hubnet:clientSecrets"])).toEqual({ prod: PLACEHOLDER_SECRET });
    expect(c.secretKeys).toEqual(["hubnet:clientSecrets"]);
  });

  it("is empty for a stack without a file", () => {
    expect(readStackConfig("/nonexistent/Pulumi.x.yaml", "p")).toEqual({
      config: {},
      secretKeys: [],
      problems: [],
    });
  });
});

describe("standInForOAuth", () => {
  it("fills only what is missing, marks secrets secret, and names what it filled", () => {
    const config: Record<string, string> = { "hubnet:clientSecrets": JSON.stringify({ prod: "real" }) };
    const secretKeys = ["hubnet:clientSecrets"];
    const filled = standInForOAuth(community({ provider: "github", orgs: ["o"] }), config, secretKeys);
    expect(filled).toEqual(["clientSecrets.staging", "clientIds.staging", "clientIds.prod"]);
    expect(JSON.parse(config["hubnet:clientSecrets"])).toEqual({ prod: "real", staging: PLACEHOLDER_SECRET });
    expect(JSON.parse(config["hubnet:clientIds"])).toEqual({
      staging: PLACEHOLDER_CLIENT_ID,
      prod: PLACEHOLDER_CLIENT_ID,
    });
    expect(secretKeys).toEqual(["hubnet:clientSecrets"]);
  });

  it("needs no client ID when the community file has one, and nothing at all for dummy auth", () => {
    const config: Record<string, string> = {};
    const keys: string[] = [];
    expect(
      standInForOAuth(community({ provider: "google", domains: ["x.org"], clientId: "abc" }), config, keys),
    ).toEqual(["clientSecrets.staging", "clientSecrets.prod"]);
    expect(keys).toEqual(["hubnet:clientSecrets"]);
    expect(standInForOAuth(community({ provider: "dummy", allowedUsers: ["a"] }), {}, [])).toEqual([]);
  });
});
