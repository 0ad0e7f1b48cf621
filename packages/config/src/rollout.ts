/**
 * `stacks/rollout.yaml`: how a deploy reaches every hub in waves (`hubnet rollout`,
 * docs/platform/rollout.md): the canary communities that go first, and how many communities a
 * batch holds, per cluster. The platform's file, read as untrusted input like every other.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { readConfigText } from "./load";
import type { Problem } from "./problems";
import { dnsLabel } from "./schema/common";
import { validateAgainst } from "./validate-schema";
import { parseYaml, positionAt } from "./yaml-source";

export const ROLLOUT_FILE = path.join("stacks", "rollout.yaml");

/** Communities a batch holds when the file says nothing. */
export const DEFAULT_BATCH_SIZE = 10;
/** Batches of one wave deployed at once when the file says nothing. */
export const DEFAULT_MAX_PARALLEL = 4;

const batchSize = z.number().int().min(1).max(1000);

export const RolloutSchema = z
  .strictObject({
    canaries: z
      .array(dnsLabel("a community name"))
      .max(50)
      .prefault([])
      .describe(
        "Communities deployed first, one at a time, after the clusters: every other community waits for them and their health checks.",
      ),
    batchSize: batchSize
      .prefault(DEFAULT_BATCH_SIZE)
      .describe(
        "Communities in one batch of the staging and production waves (batches hold one cluster's communities).",
      ),
    maxParallel: z
      .number()
      .int()
      .min(1)
      .max(256)
      .prefault(DEFAULT_MAX_PARALLEL)
      .describe("Batches of a wave deployed at once; a failed batch stops the wave and every later one."),
    clusters: z
      .record(
        dnsLabel("a cluster name"),
        z.strictObject({ batchSize: batchSize.describe("This cluster's batch size.") }),
      )
      .prefault({})
      .describe("Per cluster, another batch size (a small cluster deploys fewer hubs at once)."),
  })
  .describe("How a deploy reaches every hub: clusters, canaries, staging hubs, then the rest in batches.");

export type Rollout = z.infer<typeof RolloutSchema>;

/**
 * The rollout file of `root` (defaults when there is none), checked against the network: a canary
 * or a cluster the network does not have is a problem at its position.
 */
export function loadRolloutFile(
  root: string,
  network: {
    communities: ReadonlySet<string> | ReadonlyMap<string, unknown>;
    clusters: ReadonlySet<string> | ReadonlyMap<string, unknown>;
  },
): { rollout?: Rollout; problems: Problem[] } {
  const file = path.join(root, ROLLOUT_FILE);
  if (!fs.existsSync(file) && !isLink(file)) return { rollout: RolloutSchema.parse({}), problems: [] };
  const read = readConfigText(file, root);
  if (read.text === undefined) return { problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { problems };
  const { value, problems: schema } = validateAgainst(RolloutSchema, source.data, source, []);
  if (!value) return { problems: schema };
  const out: Problem[] = [...schema];
  value.canaries.forEach((c, i) => {
    if (!network.communities.has(c))
      out.push({
        file,
        ...positionAt(source, ["canaries", i]),
        path: `canaries.${i}`,
        message: `"${c}" is not a community of the network: remove it, or add communities/${c}/community.yaml`,
      });
  });
  for (const c of Object.keys(value.clusters)) {
    if (!network.clusters.has(c))
      out.push({
        file,
        ...positionAt(source, ["clusters", c], { key: true }),
        path: `clusters.${c}`,
        message: `"${c}" is not a cluster of the network (stacks/cluster/Pulumi.${c}.yaml): remove it`,
      });
  }
  return out.length ? { problems: out } : { rollout: value, problems: [] };
}

function isLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
