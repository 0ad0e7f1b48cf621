/** Renders the cluster program (stacks/cluster/index.ts) for one stack of the test network under Pulumi mocks. */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { type Cluster, clusterStackFile, loadClusterFile } from "@hubnet/config";
import { type RecordedResource, type RenderedStack, renderStack } from "@hubnet/plan";
import { expect } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";

export const ROOT = path.resolve(__dirname, "../../..");
/** The cluster project: its program (index.ts). */
export const CLUSTER_STACK = path.join(ROOT, "stacks", "cluster");
/** Where the stack files the program reads live: the test network, not the example network. */
export const CONFIG_ROOT = FIXTURE_NETWORK;

const req = createRequire(path.join(CLUSTER_STACK, "index.ts"));
let registered = false;

/** The cluster program, reading the stack files of `root` (default: the test network). */
export function clusterProgram(root: string = CONFIG_ROOT): () => Promise<unknown> {
  if (!registered) {
    (req("tsx/cjs/api") as { register(): void }).register();
    registered = true;
  }
  const program = req(path.join(CLUSTER_STACK, "index.ts")) as (o: { root: string }) => Promise<unknown>;
  // Called with no argument (as Pulumi calls it), it reads `root`; a caller may still name another tree.
  return ((o?: { root?: string }) => program({ root: o?.root ?? root })) as () => Promise<unknown>;
}

export async function renderCluster(stack: string): Promise<RenderedStack> {
  const text = fs.readFileSync(path.join(CONFIG_ROOT, "stacks", "cluster", `Pulumi.${stack}.yaml`), "utf8");
  expect(text).toContain("hubnet:cluster");
  return renderStack({ project: "hubnet-cluster", stack, config: {}, program: clusterProgram() });
}

export function ofType(r: RenderedStack, type: string): RecordedResource[] {
  return r.resources.filter((x) => x.type === type);
}

export function one(r: RenderedStack, type: string, name: string): RecordedResource {
  const found = r.resources.find((x) => x.type === type && x.name === name);
  if (!found)
    throw new Error(
      `no ${type} named ${name}; have ${r.resources.map((x) => `${x.type}/${x.name}`).join(", ")}`,
    );
  return found;
}

export function releases(r: RenderedStack): Record<string, RecordedResource> {
  return Object.fromEntries(
    ofType(r, "kubernetes:helm.sh/v3:Release").map((x) => [String(x.inputs.chart), x]),
  );
}

/** Renders a stack and keeps the program's exported object (with its Outputs, to check secretness). */
export async function renderClusterWithExports(stack: string) {
  let exported: Record<string, unknown> = {};
  const program = clusterProgram();
  const r = await renderStack({
    project: "hubnet-cluster",
    stack,
    config: {},
    program: async () => {
      exported = (await program()) as Record<string, unknown>;
      return exported;
    },
  });
  return { r, exported };
}

/** The example cluster's own config, so tests compare with what the file says rather than repeat it. */
export function clusterConfig(stack: string): Cluster {
  const { cluster, problems } = loadClusterFile(clusterStackFile(ROOT, stack));
  if (!cluster) throw new Error(problems.map((p) => p.message).join("\n"));
  return cluster.config;
}
