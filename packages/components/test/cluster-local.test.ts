import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { localKubeconfig } from "../src/local/local-cluster";
import { assertBaseline, assertOutputs } from "./cluster-asserts";
import { one, renderClusterWithExports } from "./cluster-render";

let r: RenderedStack;
let exported: Record<string, unknown>;
beforeAll(async () => {
  ({ r, exported } = await renderClusterWithExports("local-dev"));
});

describe("local cluster (stacks/cluster/Pulumi.local-dev.yaml)", () => {
  test("creates only a Kubernetes provider for the context, plus the baseline", () => {
    const p = one(r, "pulumi:providers:kubernetes", "local-dev-k8s");
    expect(p.inputs.context).toBe("kind-hubnet");
    expect(p.inputs.kubeconfig).toBe("[secret]");
    const cloud = r.resources.filter(
      (x) => /^(gcp|aws|azure-native):/.test(x.type) || x.type.startsWith("pulumi:providers:gcp"),
    );
    expect(cloud).toEqual([]);
  });

  test("homes are per-user claims; no buckets", async () => {
    expect(r.outputs.home).toEqual({ kind: "perUserClaims" });
    expect(r.outputs.buckets).toBe(false);
    expect(r.outputs.identity).toEqual({ cloud: "local" });
    await assertOutputs(r, exported, "local");
  });

  test("baseline without node selectors (local nodes have no pool labels)", async () => {
    await assertBaseline(r, "local", { autoscaler: false, devicePlugin: false });
    const cm = one(r, "kubernetes:helm.sh/v3:Release", "baseline-cert-manager");
    expect((cm.inputs.values as Record<string, unknown>).nodeSelector).toBeUndefined();
  });

  test("the exported kubeconfig selects the configured context", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-kc-"));
    const file = path.join(dir, "config");
    fs.writeFileSync(file, "apiVersion: v1\nkind: Config\ncurrent-context: other\ncontexts: []\n");
    expect(localKubeconfig(file, "kind-hubnet")).toContain("current-context: kind-hubnet\n");
    expect(localKubeconfig(path.join(dir, "missing"), "kind-hubnet")).toBe(path.join(dir, "missing"));
  });
});
