/** `hubnet new <name>`: write a valid, commented communities/<name>/community.yaml. */
import * as fs from "node:fs";
import * as path from "node:path";
import {
  AUTH_PROVIDERS,
  at,
  type Cluster,
  type CommunityProfile,
  checkNetwork,
  clusterNameFromFile,
  communityFile,
  DNS_LABEL_RE,
  didYouMean,
  domainName,
  githubHandle,
  inspect,
  listClusterFiles,
  loadClusterFile,
  loadCommunityFile,
  loadNetwork,
  nameProblem,
  type Problem,
  parseBytes,
  parseCpu,
  poolForProfile,
  sortProblems,
  userNodeShapes,
  usesOAuth,
} from "@hubnet/config";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { Output, problemJson } from "../output";
import { Prompter } from "../prompt";
import { resolveRoot } from "../root";
import { type AuthProvider, OWNER_PLACEHOLDER, renderCommunity } from "../templates/community";

/** `hubnet new`'s own options (declared in commands/new.ts). */
export interface NewOptions {
  cluster?: string;
  auth?: AuthProvider;
  domain?: string;
  displayName?: string;
  owner?: string[];
}

/** Profile sizes tried in order; the first that fits the cluster's smallest user pool is the default. */
const PROFILE_SIZES = [
  { cpu: "1", memory: "2G" },
  { cpu: "500m", memory: "1G" },
  { cpu: "250m", memory: "512M" },
];

/** A default profile that fits the smallest (by memory) user pool of the cluster. */
export function defaultProfile(cluster: Cluster): { cpu: string; memory: string } {
  const shapes = userNodeShapes(cluster)
    .filter((s) => s.kind !== "gpu")
    .sort((a, b) => a.memoryGiB - b.memoryGiB || a.cpu - b.cpu);
  const smallest = shapes[0];
  for (const size of PROFILE_SIZES) {
    const cpu = parseCpu(size.cpu);
    const memory = parseBytes(size.memory);
    if (!cpu.ok || !memory.ok) continue;
    const profile = {
      cpu: { guarantee: cpu.value, limit: cpu.value },
      memory: { guarantee: memory.value, limit: memory.value },
      spot: false,
    } as CommunityProfile;
    const pool = poolForProfile(cluster, profile);
    if (pool && (!smallest || pool.pool === smallest.pool)) return size;
  }
  return PROFILE_SIZES[PROFILE_SIZES.length - 1];
}

export function titleCase(name: string): string {
  return name
    .split("-")
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join(" ");
}

function interactive(opts: GlobalOptions): boolean {
  return Boolean(process.stdin.isTTY && process.stdout.isTTY) && !process.env.CI && !opts.json;
}

/** Runs `hubnet new`; throws Exit with code 1 when it refuses (after saying why). */
export async function newCommunity(nameArg: string | undefined, opts: NewOptions & GlobalOptions) {
  const out = new Output({ color: opts.color });
  const prompter = new Prompter("new");
  let result: Result;
  try {
    result = await createCommunity(nameArg, opts, out, (q, d) => prompter.ask(q, d));
  } finally {
    prompter.close();
  }
  if (opts.json) {
    out.json({
      ok: result.problems.length === 0,
      file: result.file ? path.relative(result.root, result.file) : null,
      problems: result.problems.map((p) => problemJson(p, result.root)),
    });
  }
  if (result.problems.length > 0) throw new Exit(ExitCode.Problems);
}

/** What `hubnet new` did: the file it wrote, or the problems that stopped it. */
interface Result {
  root: string;
  file?: string;
  problems: Problem[];
}

async function createCommunity(
  nameArg: string | undefined,
  opts: NewOptions & GlobalOptions,
  out: Output,
  ask: (question: string, fallback?: string) => Promise<string>,
): Promise<Result> {
  const root = resolveRoot(opts.root, "new");
  const tty = interactive(opts);
  /** Refuses: `problems` (if any) then `error: message`; with --json, the problems or the message as one. */
  const fail = (message: string, problems: Problem[] = [], file?: string): Result => {
    if (!opts.json) {
      out.problems(problems);
      out.error(`error: ${message}`);
    }
    return { root, problems: problems.length > 0 ? problems : [{ file, message }] };
  };

  let name = nameArg;
  if (!name) {
    if (!tty)
      throw new UsageError("missing the community name: hubnet new <name> --cluster <cluster>", "new");
    name = await ask("Community name (lower-case letters, digits and '-')");
  }
  if (name.length > 63 || !DNS_LABEL_RE.test(name)) {
    const fixed = name
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 63);
    return fail(
      `"${name}" is not a valid community name: use lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters${
        fixed && fixed !== name && DNS_LABEL_RE.test(fixed) ? ` (did you mean "${fixed}"?)` : ""
      }`,
    );
  }
  const target = communityFile(root, name);
  const rel = path.relative(process.cwd(), target);
  // Nothing is written through a symbolic link (communities/ itself may be one in a hostile tree).
  const place = inspect(root, path.dirname(target));
  if (place.kind === "refused") return fail(place.problem.message, [place.problem]);
  if (place.kind !== "missing") {
    return fail(
      `${rel} already exists: community "${name}" is taken; edit its file or choose another name`,
      [],
      path.dirname(target),
    );
  }

  const clusterFiles = new Map(listClusterFiles(root).map((f) => [clusterNameFromFile(f), f]));
  const clusterNames = [...clusterFiles.keys()].sort();
  let clusterName = opts.cluster;
  if (clusterName !== undefined) {
    const problem = nameProblem("cluster", clusterName);
    if (problem) throw new UsageError(`--cluster: ${problem}`, "new");
  }
  if (!clusterName) {
    if (!tty) {
      throw new UsageError(
        `missing --cluster <cluster> (clusters: ${clusterNames.join(", ") || "none"})`,
        "new",
      );
    }
    clusterName = await ask(`Cluster (${clusterNames.join(", ")})`, clusterNames[0]);
  }
  const clusterFile = clusterFiles.get(clusterName);
  if (!clusterFile) {
    const s = didYouMean(clusterName, clusterNames);
    return fail(
      `no cluster named "${clusterName}"${s ? `; did you mean "${s}"?` : ""} (clusters: ${clusterNames.join(", ") || "none"})`,
    );
  }
  const loadedCluster = loadClusterFile(clusterFile);
  if (!loadedCluster.cluster) {
    return fail(`the file of cluster "${clusterName}" has problems; fix them first`, loadedCluster.problems);
  }
  const cluster = loadedCluster.cluster.config;

  let auth = opts.auth;
  let displayName = opts.displayName;
  let owners = opts.owner;
  if (tty) {
    displayName ??= await ask("Display name", titleCase(name));
    auth ??= (await ask(
      `Login provider (${AUTH_PROVIDERS.join(", ")})`,
      cluster.cloud === "local" ? "dummy" : "github",
    )) as AuthProvider;
    if (!AUTH_PROVIDERS.includes(auth))
      return fail(`unknown login provider "${auth}": use one of ${AUTH_PROVIDERS.join(", ")}`);
    if (!owners?.length) {
      const answer = await ask("GitHub handles of the owners (space separated)", OWNER_PLACEHOLDER);
      owners = answer.split(/[\s,]+/).filter(Boolean);
    }
  }
  // What the template writes is checked here, so that no option can write more than its own value
  // (`--owner "a, b"` would be two owners, `--owner "a]  # x"` a comment).
  const badOwner = owners?.find((o) => !githubHandle.safeParse(o).success);
  if (badOwner !== undefined) {
    const message = `--owner: ${JSON.stringify(badOwner)} is not a GitHub handle (letters, digits and single dashes, at most 39 characters): give each owner with its own --owner`;
    if (opts.owner?.includes(badOwner)) throw new UsageError(message, "new");
    return fail(message);
  }
  if (opts.domain !== undefined && !domainName.safeParse(opts.domain).success)
    throw new UsageError(
      `--domain: ${JSON.stringify(opts.domain)} is not a domain name (lower-case labels of letters, digits and '-' separated by dots)`,
      "new",
    );
  const prodDomain = opts.domain ?? `${name}.${cluster.domain}`;
  const text = renderCommunity({
    name,
    displayName: displayName ?? titleCase(name),
    cluster: clusterName,
    stagingDomain: `staging.${prodDomain}`,
    prodDomain,
    auth: auth ?? "github",
    owners: owners?.length ? owners : [OWNER_PLACEHOLDER],
    profile: defaultProfile(cluster),
  });

  // Validate in memory, against the network, before anything is written.
  const problems = validateNew(root, target, text);
  if (problems.length > 0) {
    return fail(
      `${rel} was not written: the options above make an invalid community; change them and re-run`,
      problems,
    );
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text, { flag: "wx" });
  if (!opts.json)
    printNextSteps(out, { rel, name, auth: auth ?? "github", placeholderOwner: !owners?.length });
  return { root, file: target, problems: [] };
}

/** Problems of the new file alone and with the rest of the network (domains, cluster fit). */
export function validateNew(root: string, target: string, text: string): Problem[] {
  const own = loadCommunityFile(target, text);
  if (!own.community) return sortProblems(own.problems);
  const network = loadNetwork(root);
  const communities = new Map(network.communities);
  communities.set(own.community.name, own.community);
  const problems = checkNetwork(network.clusters, communities).filter((p) => p.file === target);
  // checkNetwork blames the later file for a shared domain; the new file is the one to change.
  own.community.config.hubs.forEach((hub, i) => {
    for (const other of network.communities.values()) {
      const taken = other.config.hubs.find((h) => h.domain === hub.domain);
      if (!taken || problems.some((p) => p.path === `hubs[${i}].domain`)) continue;
      problems.push({
        ...at(own.community!, ["hubs", i, "domain"]),
        path: `hubs[${i}].domain`,
        message: `domain ${hub.domain} is already used by hub "${taken.name}" of community "${other.config.name}": every hub needs its own domain`,
      });
    }
  });
  return sortProblems(problems);
}

function printNextSteps(
  out: Output,
  o: { rel: string; name: string; auth: AuthProvider; placeholderOwner: boolean },
): void {
  const st = out.style;
  out.line(`${st.green("✓")} created ${o.rel}`);
  out.line();
  out.line("Next steps:");
  let n = 1;
  out.line(
    `  ${n++}. Edit ${o.rel}: replace the placeholders${o.placeholderOwner ? ` (owners: ${OWNER_PLACEHOLDER}, ...)` : ""} with your own values.`,
  );
  out.line(`  ${n++}. Check it: pnpm hubnet validate`);
  out.line(`  ${n++}. Open a pull request from your fork; the owners and the platform team review it.`);
  if (o.auth === "shared-password") {
    out.line(
      `  ${n++}. A platform operator stores each hub's workshop password (8+ characters) and admin password (32+) as Pulumi secrets (never in YAML):`,
    );
    out.line("       cd stacks/community");
    for (const hub of ["staging", "prod"]) {
      out.line(
        `       pulumi config set --secret --path 'hubnet:sharedPasswords.${hub}' <password> --stack ${o.name}`,
      );
      out.line(
        `       pulumi config set --secret --path 'hubnet:adminPasswords.${hub}' <admin password> --stack ${o.name}`,
      );
    }
  } else if (usesOAuth(o.auth)) {
    out.line(
      `  ${n++}. Register an OAuth app per hub; a platform operator stores each client secret as a Pulumi secret (never in YAML):`,
    );
    out.line("       cd stacks/community");
    for (const hub of ["staging", "prod"]) {
      out.line(
        `       pulumi config set --secret --path 'hubnet:clientSecrets.${hub}' <value> --stack ${o.name}`,
      );
    }
  }
}
