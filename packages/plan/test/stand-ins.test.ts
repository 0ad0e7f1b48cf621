/** What a plan stands in for when a fork lacks a stack's secrets: the kubeconfig of an existing cluster. */
import { ClusterSchema } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { PLACEHOLDER_KUBECONFIG, standInForCluster } from "../src";

const existing = ClusterSchema.parse({
  cloud: "existing",
  node: { cpu: 8, memory: "32Gi" },
  storage: {
    home: { kind: "perUserClaims" },
    defaultStorageClass: { name: "standard", provisioner: "csi.example" },
  },
  domain: "hubs.example.edu",
  certificateEmail: "ops@example.edu",
});
const local = ClusterSchema.parse({
  cloud: "local",
  context: "kind-x",
  domain: "x.localhost",
  certificateEmail: "x@x.localhost",
});

describe("standInForCluster", () => {
  it("stands in for an existing cluster's kubeconfig, as a secret, and says so", () => {
    const config: Record<string, string> = {};
    const keys: string[] = [];
    expect(standInForCluster(existing, config, keys)).toEqual(["hubnet:kubeconfig"]);
    expect(config["hubnet:kubeconfig"]).toBe(PLACEHOLDER_KUBECONFIG);
    expect(keys).toEqual(["hubnet:kubeconfig"]);
  });

  it("keeps a kubeconfig the stack has, and adds nothing for other clouds", () => {
    const config = { "hubnet:kubeconfig": "plan-placeholder-secret" };
    expect(standInForCluster(existing, config, [])).toEqual([]);
    expect(config["hubnet:kubeconfig"]).toBe("plan-placeholder-secret");
    const other: Record<string, string> = {};
    expect(standInForCluster(local, other, [])).toEqual([]);
    expect(other).toEqual({});
  });
});
