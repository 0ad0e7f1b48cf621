/**
 * The benchmarks' generated network must stay valid as the schema and the test network's clusters
 * change: a benchmark of a network with problems measures error reporting, not the work, and
 * stops. Sixty communities cover every cluster and every variant the generator writes.
 */
import * as fs from "node:fs";
import { loadNetwork } from "@hubnet/config";
import { afterAll, describe, expect, it } from "vitest";
import { generateNetwork } from "./bench/generate-network";

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

describe("the benchmarks' generated network", () => {
  it("is valid: every cluster, GPU, bucket and dask variant", () => {
    const root = generateNetwork(60);
    roots.push(root);
    const network = loadNetwork(root);
    expect(network.problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
    expect(network.communities.size).toBe(60);
    const configs = [...network.communities.values()].map((c) => c.config);
    expect(new Set(configs.map((c) => c.cluster)).size).toBe(network.clusters.size);
    expect(configs.some((c) => c.profiles.some((p) => p.gpu))).toBe(true);
    expect(configs.some((c) => c.features.dask)).toBe(true);
    expect(configs.some((c) => c.storage.buckets.persistent)).toBe(true);
  });
});
