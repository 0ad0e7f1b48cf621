/**
 * Loading config files: YAML with positions, then the zod schema, then the
 * checks that need only the one file. Every problem is collected; nothing throws.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { checkClusterCapabilities } from "./checks/cluster-checks";
import { checkCommunityFile } from "./checks/community-checks";
import { type Cluster, ClusterSchema, checkClusterPlatform } from "./clouds";
import type { CommunityRefs, Loaded } from "./loaded";
import type { PathSegment, Problem } from "./problems";
import { dnsLabel, domainName } from "./schema/common";
import { type Community, CommunitySchema } from "./schema/community";
import { findPlaintextSecrets, validateAgainst } from "./validate-schema";
import { parseYaml, positionAt, type YamlSource } from "./yaml-source";

export const CLUSTER_CONFIG_KEY = "hubnet:cluster";

export function readText(file: string): { text?: string; problems: Problem[] } {
  try {
    return { text: fs.readFileSync(file, "utf8"), problems: [] };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      problems: [
        {
          file,
          line: 1,
          col: 1,
          message: code === "ENOENT" ? "file not found" : `cannot read the file (${code})`,
        },
      ],
    };
  }
}

export function communityRefs(source: YamlSource, data: Record<string, unknown>): CommunityRefs {
  const hubs = Array.isArray(data.hubs) ? data.hubs : [];
  const ok = (s: z.ZodType, v: unknown): v is string => s.safeParse(v).success;
  return {
    file: source.file,
    source,
    base: [],
    name: path.basename(path.dirname(source.file)),
    cluster: ok(dnsLabel("a cluster name"), data.cluster) ? data.cluster : undefined,
    hubs: hubs.flatMap((h, index) =>
      h && typeof h === "object" && ok(domainName, (h as Record<string, unknown>).domain)
        ? [
            {
              index,
              name: String((h as Record<string, unknown>).name ?? index),
              domain: (h as { domain: string }).domain,
            },
          ]
        : [],
    ),
  };
}

/** `communities/<name>/community.yaml`: the community's name is its folder's name. */
export function loadCommunityFile(
  file: string,
  text?: string,
): { community?: Loaded<Community>; refs?: CommunityRefs; problems: Problem[] } {
  const read = text === undefined ? readText(file) : { text, problems: [] };
  if (read.text === undefined) return { problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { problems };
  const data = source.doc.toJS() as Record<string, unknown>;
  const secrets = findPlaintextSecrets(
    source,
    [],
    "`pulumi config set --secret --path 'clientSecrets.<hub>' <value> --stack <community>` in stacks/community",
    CommunitySchema,
    data,
  );
  const { value, problems: schemaProblems } = validateAgainst(
    CommunitySchema,
    data,
    source,
    [],
    secrets.paths,
  );
  const all = [
    // A variable of user servers is no place for a secret at all: there is no encrypted home for it.
    ...secrets.problems.map((p) =>
      p.path?.startsWith("env.")
        ? {
            ...p,
            message:
              "names a secret: user servers get no secrets from the community file (users keep them in their own home)",
          }
        : p,
    ),
    ...schemaProblems,
  ];
  const folder = path.basename(path.dirname(file));
  if (
    typeof data.name === "string" &&
    data.name !== folder &&
    !schemaProblems.some((p) => p.path === "name")
  ) {
    all.push({
      file,
      ...positionAt(source, ["name"]),
      path: "name",
      message: `the name "${data.name}" differs from the folder "${folder}": a community's name is its folder's name; rename one of them`,
    });
  }
  if (!value || all.length > 0) return { refs: communityRefs(source, data), problems: all };
  const community: Loaded<Community> = { name: value.name, file, config: value, source, base: [] };
  const fileProblems = checkCommunityFile(community);
  if (fileProblems.length > 0) return { refs: communityRefs(source, data), problems: fileProblems };
  return { community, problems: [] };
}

/** `stacks/cluster/Pulumi.<cluster>.yaml`, key `hubnet:cluster`. */
export function loadClusterFile(
  file: string,
  text?: string,
): { cluster?: Loaded<Cluster>; problems: Problem[] } {
  const read = text === undefined ? readText(file) : { text, problems: [] };
  if (read.text === undefined) return { problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { problems };
  const name = clusterNameFromFile(file);
  const stackFile = source.doc.toJS() as Record<string, unknown>;
  const config = stackFile.config as Record<string, unknown> | undefined;
  const base: PathSegment[] = ["config", CLUSTER_CONFIG_KEY];
  if (!config || typeof config !== "object" || !(CLUSTER_CONFIG_KEY in config)) {
    return {
      problems: [
        {
          file,
          ...positionAt(source, ["config"]),
          path: "config",
          message: `missing "${CLUSTER_CONFIG_KEY}": a cluster stack file holds its cluster under config: ${CLUSTER_CONFIG_KEY}:`,
        },
      ],
    };
  }
  const secrets = findPlaintextSecrets(
    source,
    ["config"],
    "`pulumi config set --secret <key> <value>` in stacks/cluster",
  );
  const clusterSecretPaths = secrets.paths
    .filter((p) => p.startsWith(`${CLUSTER_CONFIG_KEY}.`))
    .map((p) => p.slice(CLUSTER_CONFIG_KEY.length + 1));
  const { value, problems: schemaProblems } = validateAgainst(
    ClusterSchema,
    config[CLUSTER_CONFIG_KEY],
    source,
    base,
    clusterSecretPaths,
  );
  const all = [...secrets.problems.map((p) => ({ ...p, path: `config.${p.path}` })), ...schemaProblems];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    all.push({
      file,
      line: 1,
      col: 1,
      message: `the stack name "${name}" must be a DNS-1123 label (rename the file)`,
    });
  }
  if (!value || all.length > 0) return { problems: all };
  const cluster: Loaded<Cluster> = { name, file, config: value, source, base };
  const capability = [...checkClusterCapabilities(cluster), ...checkClusterPlatform(cluster)];
  if (capability.length > 0) return { problems: capability };
  return { cluster, problems: [] };
}

export function clusterNameFromFile(file: string): string {
  return path
    .basename(file)
    .replace(/^Pulumi\./, "")
    .replace(/\.ya?ml$/, "");
}
