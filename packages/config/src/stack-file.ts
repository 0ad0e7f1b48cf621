/**
 * Pulumi stack files (`stacks/<project>/Pulumi.<stack>.yaml`) as untrusted input: read and parsed
 * like every config file (files/tree.ts, yaml-source.ts), their `config:` a mapping, and no secret
 * in plain text. A secret belongs in the file only encrypted (`secure: v1:...`, what
 * `pulumi config set --secret` writes); each plain one is an error naming the exact command.
 */
import { kubeconfigCommand } from "./clouds/existing";
import { EXISTING_KUBECONFIG_KEY } from "./credentials";
import { readFileInTree } from "./files/tree";
import { clusterNameFromFile, rootOfConfigFile } from "./layout";
import { capped, formatPath, type PathSegment, type Problem } from "./problems";
import { findPlaintextSecrets } from "./validate-schema";
import { parseYaml, positionAt, type YamlSource } from "./yaml-source";

/** The Pulumi projects hubnet reads stack files of, by folder under `stacks/`. */
export type StackProject = "cluster" | "community";

export interface StackFile {
  /** The stack's name, from the file name. */
  name: string;
  file: string;
  project: StackProject;
  source: YamlSource;
  /** The file's `config:` mapping (empty when there is none). */
  config: Record<string, unknown>;
  /** Paths under `config:` (`hubnet:cluster.apiToken`) of the plain-text secrets reported. */
  secretPaths: string[];
}

/** The key of a cluster stack file that holds its cluster; the cluster program's loader reads it (load.ts). */
export const CLUSTER_CONFIG_KEY = "hubnet:cluster";

/**
 * The config keys each program reads, in namespace `hubnet` (stacks/community/index.ts's
 * `new pulumi.Config("hubnet")`, the cluster's loader and the existing cloud's kubeconfig);
 * test/pulumi-config.test.ts checks them against what the programs read when they run.
 */
export const PROGRAM_CONFIG_KEYS: Record<StackProject, readonly string[]> = {
  cluster: [CLUSTER_CONFIG_KEY, EXISTING_KUBECONFIG_KEY],
  community: [
    "hubnet:clientSecrets",
    "hubnet:clientIds",
    "hubnet:clusterStack",
    "hubnet:sharedPasswords",
    "hubnet:adminPasswords",
  ],
};

/**
 * The Pulumi project names (stacks/<project>/Pulumi.yaml): the namespace the Pulumi CLI gives a key
 * written without one (`pulumi config set --path 'clientSecrets.staging'` writes
 * `hubnet-community:clientSecrets`), where no program reads it.
 */
const PROJECT_NAMESPACE: Record<StackProject, string> = {
  cluster: "hubnet-cluster",
  community: "hubnet-community",
};

/**
 * The exact command that stores the value at `configPath` (a path under `config:`, starting with
 * its `namespace:key`) encrypted, run in the project's folder.
 */
export function secretCommand(
  project: StackProject,
  stack: string,
  configPath: readonly PathSegment[],
): string {
  const key = formatPath(configPath);
  const set =
    configPath.length > 1
      ? `pulumi config set --secret --path '${key}' <value> --stack ${stack}`
      : `pulumi config set --secret ${key} <value> --stack ${stack}`;
  return `\`${set}\` in stacks/${project}`;
}

/**
 * Reads and checks one stack file; `text` instead of reading, `root` the checkout (default: from
 * the layout). `stack` is there whenever the file parsed, also with problems (plain-text secrets),
 * so that a caller can check the rest of it in the same run.
 */
export function loadStackFile(
  file: string,
  project: StackProject,
  opts: { text?: string; root?: string } = {},
): { stack?: StackFile; missing?: boolean; problems: Problem[] } {
  const read =
    opts.text === undefined
      ? readFileInTree(opts.root ?? rootOfConfigFile(file), file)
      : { text: opts.text, problems: [] };
  if (read.text === undefined) return { missing: read.missing, problems: read.problems };
  const { source, problems } = parseYaml(file, read.text);
  if (!source) return { problems };
  const data = source.data as Record<string, unknown>;
  const name = clusterNameFromFile(file);
  const config = data.config ?? {};
  if (config === null || typeof config !== "object" || Array.isArray(config)) {
    return {
      problems: [
        {
          file,
          ...positionAt(source, ["config"]),
          path: "config",
          message: "config must be a mapping of namespace:key to value, as `pulumi config set` writes it",
        },
      ],
    };
  }
  const all = stackSecretProblems(source, project, name, config as Record<string, unknown>);
  const secretPaths = all.flatMap((p) =>
    p.path?.startsWith("config.") ? [p.path.slice("config.".length)] : [],
  );
  return {
    stack: { name, file, project, source, config: config as Record<string, unknown>, secretPaths },
    problems: capped(all),
  };
}

/** Plain-text secrets, the program's own keys in the wrong namespace, and for community stacks their shape. */
function stackSecretProblems(
  source: YamlSource,
  project: StackProject,
  stack: string,
  config: Record<string, unknown>,
): Problem[] {
  const problems: Problem[] = [];
  const hint = (rel: readonly PathSegment[]) =>
    rel[0] === EXISTING_KUBECONFIG_KEY
      ? `\`${kubeconfigCommand(stack)}\` in stacks/${project}`
      : secretCommand(project, stack, rel);
  // hubnet:cluster is the schema's (no random values there); hubnet:clientIds are public identifiers.
  const random = (rel: readonly PathSegment[]) =>
    rel[0] !== "hubnet:cluster" && rel[0] !== "hubnet:clientIds";
  const plain = findPlaintextSecrets(source, ["config"], hint, undefined, { random }).problems.map((p) => ({
    ...p,
    path: `config.${p.path}`,
  }));
  // hubnet:clientSecrets itself is checked for its shape below.
  problems.push(...plain.filter((p) => project !== "community" || p.path !== "config.hubnet:clientSecrets"));
  const own = PROJECT_NAMESPACE[project];
  for (const key of Object.keys(config)) {
    const [ns, name] = key.includes(":") ? key.split(/:(.*)/s) : [undefined, key];
    const meant = PROGRAM_CONFIG_KEYS[project].find((k) => k === `hubnet:${name}`);
    if ((ns === undefined || ns === own) && meant) {
      problems.push({
        file: source.file,
        ...positionAt(source, ["config", key], { key: true }),
        path: `config.${key}`,
        message: `the ${project} program reads ${meant}, not ${ns ? key : `${own}:${name} (a key without namespace is the project's)`}: rename the key to ${meant}`,
      });
    }
  }
  if (project !== "community") return problems;
  const ids = config["hubnet:clientIds"];
  if (
    ids !== undefined &&
    ids !== null &&
    (typeof ids !== "object" || Array.isArray(ids) || Object.values(ids).some((v) => typeof v !== "string"))
  ) {
    problems.push({
      file: source.file,
      ...positionAt(source, ["config", "hubnet:clientIds"]),
      path: "config.hubnet:clientIds",
      message: `hubnet:clientIds must be a mapping of hub name to OAuth client ID: set each with \`pulumi config set --path 'hubnet:clientIds.<hub>' <client-id> --stack ${stack}\` in stacks/community`,
    });
  }
  const secrets = config["hubnet:clientSecrets"];
  if (secrets === undefined || secrets === null) return problems;
  const base = ["config", "hubnet:clientSecrets"];
  if (typeof secrets !== "object" || Array.isArray(secrets) || isSecure(secrets)) {
    problems.push({
      file: source.file,
      ...positionAt(source, base),
      path: formatPath(base),
      message: `hubnet:clientSecrets must be a mapping of hub name to encrypted client secret: set each with ${secretCommand(project, stack, ["hubnet:clientSecrets", "<hub>"])}`,
    });
    return problems;
  }
  for (const [hub, value] of Object.entries(secrets as Record<string, unknown>)) {
    if (isSecure(value)) continue;
    // A plain value under a key that does not look like a secret (a hub's name): findPlaintextSecrets missed it.
    if (problems.some((p) => p.path === formatPath([...base, hub]))) continue;
    problems.push({
      file: source.file,
      ...positionAt(source, [...base, hub]),
      path: formatPath([...base, hub]),
      message:
        value === null || value === "" || typeof value === "object"
          ? `the client secret of hub "${hub}" must be encrypted: set it with ${secretCommand(project, stack, ["hubnet:clientSecrets", hub])}`
          : `a client secret written in plain text; remove it from this file and store it encrypted with ${secretCommand(project, stack, ["hubnet:clientSecrets", hub])}`,
    });
  }
  return problems;
}

/** `{secure: "v1:..."}`: a value `pulumi config set --secret` encrypted. */
export function isSecure(v: unknown): boolean {
  return (
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.keys(v).length === 1 &&
    typeof (v as { secure?: unknown }).secure === "string"
  );
}
