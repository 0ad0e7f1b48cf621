/**
 * Bad cluster files fail at validation, before any resource exists, with
 * FILE:LINE:COL, the field path and what to change.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";
import { formatProblem, loadClusterFile } from "../src";

/** The test network's cluster files (test/fixtures/network), not the example network's. */
const EXAMPLES = path.join(FIXTURE_NETWORK, "stacks", "cluster");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-cluster-checks-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Writes the example stack file `example` with `from` replaced by `to` as Pulumi.<name>.yaml in a tmp dir. */
function badFile(example: string, name: string, from: string, to: string): string {
  const text = fs.readFileSync(path.join(EXAMPLES, `Pulumi.${example}.yaml`), "utf8");
  if (!text.includes(from)) throw new Error(`test setup: ${from} not in ${example}`);
  const file = path.join(tmp, `Pulumi.${name}.yaml`);
  fs.writeFileSync(file, text.replace(from, to));
  return file;
}

function problemsOf(file: string): string[] {
  const { cluster, problems } = loadClusterFile(file);
  expect(cluster).toBeUndefined();
  return problems.map((p) => formatProblem(p, tmp));
}

describe("cluster files that must fail validation", () => {
  test("the test network's cluster files load without problems", () => {
    for (const f of fs
      .readdirSync(EXAMPLES)
      .filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f) && f !== "Pulumi.yaml")) {
      expect(loadClusterFile(path.join(EXAMPLES, f)).problems).toEqual([]);
    }
  });

  test("unknown machine type", () => {
    const file = badFile(
      "gcp-shared",
      "bad-machine",
      "machineType: n2-highmem-4",
      "machineType: n2-higmem-4",
    );
    expect(problemsOf(file)).toEqual([
      'Pulumi.bad-machine.yaml:16:39: config.hubnet:cluster.nodePools.user[0].machineType: unknown gcp machine type "n2-higmem-4"; did you mean "n2-highmem-4"? (known types are listed in packages/config/src/machine-types/gcp.ts)',
    ]);
  });

  test("GPU not offered in the region", () => {
    const file = badFile(
      "aws-research",
      "bad-gpu-region",
      "region: us-west-2\n    kubernetes",
      "region: ap-south-1\n    kubernetes",
    );
    expect(problemsOf(file)).toEqual([
      "Pulumi.bad-gpu-region.yaml:24:32: config.hubnet:cluster.nodePools.gpu[0].accelerator.type: nvidia-t4 is not offered in ap-south-1; regions with it: us-east-1, us-east-2, us-west-2, eu-west-1, eu-central-1, ap-southeast-2, ca-central-1",
    ]);
  });

  test("GPU the cloud does not offer", () => {
    const file = badFile(
      "azure-eu",
      "bad-gpu",
      "{ type: nvidia-t4, count: 1 }",
      "{ type: nvidia-tesla-t4, count: 1 }",
    );
    expect(problemsOf(file)).toEqual([
      'Pulumi.bad-gpu.yaml:22:32: config.hubnet:cluster.nodePools.gpu[0].accelerator.type: azure offers no GPU "nvidia-tesla-t4" (azure GPUs: nvidia-t4, nvidia-a100, nvidia-a10, nvidia-h100)',
    ]);
  });

  test("min above max", () => {
    const file = badFile("gcp-shared", "bad-bounds", "min: 0, max: 10 }", "min: 12, max: 10 }");
    expect(problemsOf(file)).toEqual([
      "Pulumi.bad-bounds.yaml:17:59: config.hubnet:cluster.nodePools.user[1].min: min (12) is above max (10): make min at most max",
    ]);
  });

  test("buckets on a local cluster", () => {
    const file = badFile(
      "local-dev",
      "bad-local",
      "operators: { local: [admin] }",
      "operators: { local: [admin] }\n    storage:\n      buckets: true",
    );
    const out = problemsOf(file);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^Pulumi\.bad-local\.yaml:12:16: config\.hubnet:cluster\.storage\.buckets: /);
    expect(out[0]).toContain("local clusters have no object storage: remove `buckets` or set it to false");
  });

  test("AKS node pool name that AKS refuses", () => {
    const file = badFile("azure-eu", "bad-aks-pool", "name: medium", "name: medium-memory");
    expect(problemsOf(file)).toEqual([
      'Pulumi.bad-aks-pool.yaml:17:19: config.hubnet:cluster.nodePools.user[0].name: AKS node pool names are 1-12 lower-case letters and digits, starting with a letter: "medium-memory" is not; for example "mediummemory"',
    ]);
  });

  test("GKE zone outside the region", () => {
    const file = badFile("gcp-shared", "bad-zone", "zone: us-central1-b", "zone: us-east1-b");
    expect(problemsOf(file)).toEqual([
      "Pulumi.bad-zone.yaml:8:11: config.hubnet:cluster.zone: zone us-east1-b is not in region us-central1: use a zone such as us-central1-b, or change region",
    ]);
  });

  test("Filestore share below 1Ti", () => {
    const file = badFile("gcp-shared", "bad-filestore", "capacity: 2Ti", "capacity: 500Gi");
    expect(problemsOf(file)).toEqual([
      "Pulumi.bad-filestore.yaml:26:42: config.hubnet:cluster.storage.home.capacity: Filestore shares hold at least 1Ti; 500Gi is too small: set capacity to 1Ti or more",
    ]);
  });
});
