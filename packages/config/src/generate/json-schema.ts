/**
 * JSON Schemas generated from the zod schemas, for editors (yaml-language-server)
 * and other tools. Pure functions returning file contents; `hubnet generate`
 * writes them to packages/config/schemas/.
 */
import { z } from "zod";
import { ClusterSchema } from "../clouds";
import { CommunitySchema } from "../schema/community";
import { CLUSTER_CONFIG_KEY } from "../stack-file";

export type JsonSchema = Record<string, unknown>;

export const SCHEMA_DIR = "packages/config/schemas";

function toJsonSchema(schema: z.ZodType, id: string, title: string): JsonSchema {
  const generated = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
    // zod leaves out the `examples` of objects whose fields transform (quantities) when describing
    // inputs; they are written as people write them, so they are kept.
    override: (ctx) => {
      const examples = z.globalRegistry.get(ctx.zodSchema as unknown as z.ZodType)?.examples;
      if (examples && ctx.jsonSchema.examples === undefined) ctx.jsonSchema.examples = examples as unknown[];
    },
  }) as JsonSchema;
  const { $schema, ...rest } = generated;
  return { $schema, $id: id, title, ...rest };
}

/** Schema of `communities/<name>/community.yaml`. */
export function communityJsonSchema(): JsonSchema {
  return toJsonSchema(
    CommunitySchema,
    "community.schema.json",
    "hubnet community (communities/<name>/community.yaml)",
  );
}

/** Schema of the `hubnet:cluster` value of a cluster stack file. */
export function clusterJsonSchema(): JsonSchema {
  return toJsonSchema(
    ClusterSchema,
    "cluster.schema.json",
    `hubnet cluster (the ${CLUSTER_CONFIG_KEY} config value)`,
  );
}

/**
 * Schema of a whole `stacks/cluster/Pulumi.<cluster>.yaml`: Pulumi's stack file
 * with the cluster under `config: hubnet:cluster:`. Other config keys (aws:region,
 * secrets) are allowed; the cluster schema is inlined so editors need no $ref resolution.
 */
export function clusterStackJsonSchema(): JsonSchema {
  const StackFile = z
    .looseObject({
      config: z
        .looseObject({ [CLUSTER_CONFIG_KEY]: ClusterSchema })
        .describe("Pulumi stack configuration; the cluster is the `hubnet:cluster` key."),
    })
    .describe("A Pulumi stack file of the cluster project.");
  return toJsonSchema(
    StackFile,
    "cluster-stack.schema.json",
    "hubnet cluster stack file (stacks/cluster/Pulumi.<cluster>.yaml)",
  );
}

export function renderJson(schema: JsonSchema): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Every generated file, keyed by its path relative to the repository root. */
export function generatedSchemaFiles(): Record<string, string> {
  return {
    [`${SCHEMA_DIR}/community.schema.json`]: renderJson(communityJsonSchema()),
    [`${SCHEMA_DIR}/cluster.schema.json`]: renderJson(clusterJsonSchema()),
    [`${SCHEMA_DIR}/cluster-stack.schema.json`]: renderJson(clusterStackJsonSchema()),
  };
}
