/**
 * Loading config files: YAML with positions, then the zod schema, then the
 * checks that need only the one file. Every problem is collected; nothing throws.
 */
import * as path from "node:path";
import type { z } from "zod";
import { checkClusterCapabilities } from "./checks/cluster-checks";
import { checkCommunityFile } from "./checks/community-checks";
import { ENV_SECRET_MESSAGE } from "./checks/community-servers";
import { type Cluster, ClusterSchema, checkClusterPlatform } from "./clouds";
import { readFileInTree } from "./files/tree";
import { clusterNameFromFile, nameProblem, rootOfConfigFile } from "./layout";
import type { CommunityRefs, Loaded } from "./loaded";
import { capped, formatPath, type PathSegment, type Problem } from "./problems";
import { dnsLabel, domainName } from "./schema/common";
import { type Community, CommunitySchema } from "./schema/community";
import { CLUSTER_CONFIG_KEY, loadStackFile } from "./stack-file";
import { findPlaintextSecrets, validateAgainst } from "./validate-schema";
import { parseYaml, positionAt, scalarText, type YamlSource } from "./yaml-source";

/**
 * The text of a config file inside `root` (default: the checkout it lies in, from the layout):
 * a regular file, no symbolic link on the way, at most MAX_FILE_BYTES (files/tree.ts).
 */
export function readConfigText(
  file: string,
  root = rootOfConfigFile(file),
): { text?: string; problems: Problem[] } {
  const r = readFileInTree(root, file);
  if (r.missing) return { problems: [{ file, line: 1, col: 1, message: "file not found" }] };
  return r;
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
  /** The file's text, instead of reading it (`hubnet new` checks a file before writing it). */
  text?: string,
  root?: string,
): { community?: Loaded<Community>; refs?: CommunityRefs; problems: Problem[] } {
  const read = text === undefined ? readConfigText(file, root) : { text, problems: [] };
  if (read.text === undefined) return { problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { problems };
  const data = source.data as Record<string, unknown>;
  const secrets = findPlaintextSecrets(
    source,
    [],
    "`pulumi config set --secret --path 'hubnet:clientSecrets.<hub>' <value> --stack <community>` in stacks/community",
    CommunitySchema,
    // env's values are checked with the same rules by checkServers, next to env's other rules.
    { values: (rel) => rel[0] !== "env" },
  );
  const { value, problems: fieldProblems } = validateAgainst(
    CommunitySchema,
    data,
    source,
    [],
    secrets.paths,
  );
  // A credential is one problem: not also "must be an https:// URL" at the same place.
  const schemaProblems = fieldProblems.filter((p) => !(p.path && secrets.reported.has(p.path)));
  const all = [
    // A variable of user servers is no place for a secret at all: there is no encrypted home for it.
    ...secrets.problems.map((p) => (p.path?.startsWith("env.") ? { ...p, message: ENV_SECRET_MESSAGE } : p)),
    ...schemaProblems,
    ...retypedText(source),
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
  if (!value || all.length > 0) return { refs: communityRefs(source, data), problems: capped(all) };
  const community: Loaded<Community> = { name: value.name, file, config: value, source, base: [] };
  const fileProblems = checkCommunityFile(community);
  if (fileProblems.length > 0) return { refs: communityRefs(source, data), problems: capped(fileProblems) };
  return { community, problems: [] };
}

/**
 * Fields that are text but take a number (image tags: `tag: 2025`) read the number YAML made of
 * the scalar, which is not always what was written: `tag: 1.10` is the number 1.1, and the image
 * tag would be `1.1`; `1e3` would be `1000`, `0x10` `16`. Each is refused with "quote it".
 */
export function retypedText(source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, at: PathSegment[]) => {
    if (Array.isArray(node)) for (const [i, v] of node.entries()) visit(v, [...at, i]);
    else if (node !== null && typeof node === "object")
      for (const [k, v] of Object.entries(node)) {
        if (TEXT_FIELDS.includes(k) && typeof v === "number") {
          const written = scalarText(source, [...at, k]);
          if (written !== undefined && written !== String(v))
            problems.push({
              file: source.file,
              ...positionAt(source, [...at, k]),
              path: formatPath([...at, k]),
              message: `YAML reads ${written} as the number ${v}, so this would be "${v}": quote it (${k}: "${written}")`,
            });
        } else visit(v, [...at, k]);
      }
  };
  visit(source.data, []);
  return problems;
}

/** Fields of text that also take a number (schema/community-profile.ts ImageRef.tag). */
const TEXT_FIELDS = ["tag"];

/** `stacks/cluster/Pulumi.<cluster>.yaml`, key `hubnet:cluster`. */
export function loadClusterFile(
  file: string,
  /** The file's text, instead of reading it. */
  text?: string,
  root?: string,
): { cluster?: Loaded<Cluster>; problems: Problem[] } {
  const name = clusterNameFromFile(file);
  const badName = nameProblem("cluster", name);
  if (badName) {
    return {
      problems: [{ file, message: `${badName}: rename the file (and the stack) to a DNS-1123 label` }],
    };
  }
  const loaded = loadStackFile(file, "cluster", { text, root });
  if (loaded.missing) return { problems: [{ file, line: 1, col: 1, message: "file not found" }] };
  if (!loaded.stack) return { problems: loaded.problems };
  const { source, config, secretPaths } = loaded.stack;
  const base: PathSegment[] = ["config", CLUSTER_CONFIG_KEY];
  if (!(CLUSTER_CONFIG_KEY in config)) {
    return {
      problems: [
        ...loaded.problems,
        {
          file,
          ...positionAt(source, ["config"]),
          path: "config",
          message: `missing "${CLUSTER_CONFIG_KEY}": a cluster stack file holds its cluster under config: ${CLUSTER_CONFIG_KEY}:`,
        },
      ],
    };
  }
  const own = `${CLUSTER_CONFIG_KEY}.`;
  const skip = secretPaths.filter((p) => p.startsWith(own)).map((p) => p.slice(own.length));
  const checked = validateAgainst(ClusterSchema, config[CLUSTER_CONFIG_KEY], source, base, skip);
  const problems = capped([...loaded.problems, ...checked.problems]);
  const value = checked.value;
  if (!value || problems.length > 0) return { problems };
  const cluster: Loaded<Cluster> = { name, file, config: value, source, base };
  const capability = [...checkClusterCapabilities(cluster), ...checkClusterPlatform(cluster)];
  if (capability.length > 0) return { problems: capped(capability) };
  return { cluster, problems: [] };
}
