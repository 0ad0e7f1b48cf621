/**
 * Which stacks a change affects, and in which order to deploy them. Derived from what each stack
 * depends on, never from a hand-kept list:
 *
 * - a community's folder, or its stack's own config (`stacks/community/Pulumi.<name>.yaml`):
 *   that community;
 * - a cluster's stack file: that cluster, and every community on it (before or after the change);
 * - a source file: the stacks whose program loads it (module-graph.ts: a cloud's folder only for
 *   stacks of that cloud);
 * - the chart pins (`packages/components/src/versions.ts`): for each pin that changed, the stacks
 *   whose loaded sources use it (`CHARTS.<name>`); any other change to the file, like other code;
 * - a stack project's own files (`stacks/<project>/Pulumi.yaml`, tsconfig.json, package.json), a
 *   package.json of a workspace package a stack loads: those stacks;
 * - the workspace's lockfile, root package.json, pnpm-workspace.yaml, tsconfig.json: every stack
 *   (they decide which versions of every dependency run);
 * - anything else (docs, tests, workflows, policies): no stack.
 *
 * Deploy order: cluster stacks, then communities with a staging hub (a hub named `staging`: the
 * canary), then the rest. docs/platform/pull-requests.md says the same for readers.
 */
import type { ChangedFile } from "./git";
import { readBlobs } from "./git";
import { filesFor, type ModuleGraph, moduleGraph, PROJECTS, type Project } from "./module-graph";
import {
  type CommunityInfo,
  clusterOfPath,
  communityOfPath,
  communityStackConfigOfPath,
  type NetworkIndex,
} from "./network-index";

export type Phase = "clusters" | "staging" | "production";
export const PHASES: readonly Phase[] = ["clusters", "staging", "production"];

export interface AffectedStack {
  project: Project;
  stack: string;
  /** added: only the head has it; removed: only the base (its stack would be destroyed). */
  change: "added" | "removed" | "changed";
  phase: Phase;
  /** The cluster a community runs on (at the head; at the base for a removed one). */
  cluster?: string;
  cloud?: string;
  /** The community's staging hubs, health-checked before production deploys. */
  stagingHubs?: string[];
  /** The community's hubs with their URLs (at the head), for the health checks after a deploy. */
  hubs?: { name: string; url: string; staging: boolean }[];
  /**
   * For a removed stack: whether the head's `stacks/removed.yaml` lists it (it keeps running, managed
   * by no deploy, until a platform engineer destroys it). CI fails a change that removes an unlisted one.
   */
  tracked?: boolean;
  /** Why: the changed files, and how each reaches the stack. */
  reasons: string[];
}

/** Files whose change affects every stack: they decide the versions of every dependency that runs. */
export const WORKSPACE_FILES = ["pnpm-lock.yaml", "pnpm-workspace.yaml", "package.json", "tsconfig.json"];
/** Where every upstream chart is pinned (CHARTS). */
export const CHART_PINS_FILE = "packages/components/src/versions.ts";
/** The hub name that makes a community part of the staging phase. */
export const STAGING_HUB = "staging";

/** A community deploys in the staging phase when it has a staging hub. */
export function deployPhase(community: Pick<CommunityInfo, "hubs">): Phase {
  return community.hubs.includes(STAGING_HUB) ? "staging" : "production";
}

/** The source files of packages/ and stacks/ at a commit, and the stack programs' graph over them. */
export async function graphAt(
  repo: string,
  index: NetworkIndex,
  list: Map<string, string>,
): Promise<{
  graph: ModuleGraph;
  files: Map<string, Buffer>;
}> {
  const wanted = [...list.keys()].filter(
    (p) =>
      /^(packages|stacks)\//.test(p) &&
      /\.(ts|cts|mts|tsx|js|cjs|mjs|json)$/.test(p) &&
      !/\/(test|node_modules)\//.test(p),
  );
  const files = readBlobs(repo, index.commit, wanted);
  const clouds = new Set<string>();
  for (const c of index.allClusters().values()) if (c.cloud) clouds.add(c.cloud);
  // Clouds with code but no cluster yet still have their folder: it is conditional on them too.
  for (const p of wanted) {
    const m = /^packages\/components\/src\/([^/]+)\/index\.ts$/.exec(p);
    if (m && files.get(p)?.includes("CloudEntry")) clouds.add(m[1]);
  }
  const graph = await moduleGraph(
    files,
    PROJECTS.map((p) => `stacks/${p}/index.ts`),
    clouds,
  );
  return { graph, files };
}

/** `CHARTS` entries of a versions.ts text, by name, comments and spacing left out; and the rest of the file. */
export function chartPins(text: string): { pins: Map<string, string>; rest: string } {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => /^export const CHARTS\b.*=\s*\{\s*$/.test(l));
  const pins = new Map<string, string>();
  if (start < 0) return { pins, rest: text };
  let end = start + 1;
  while (end < lines.length && !/^\}/.test(lines[end])) end++;
  let key: string | undefined;
  for (const line of lines.slice(start + 1, end)) {
    const code = line.replace(/\/\/.*$/, "").trim();
    if (code === "" || code.startsWith("/*") || code.startsWith("*")) continue;
    const m = /^ {2}([A-Za-z_$][\w$]*)\s*:/.exec(line);
    if (m) key = m[1];
    if (key) pins.set(key, `${pins.get(key) ?? ""}${code.replace(/\s+/g, " ")}`);
  }
  const rest = [...lines.slice(0, start), ...lines.slice(end + 1)].join("\n");
  return { pins, rest };
}

/**
 * Whether a source reads CHARTS other than one pin at a time (`Object.values(CHARTS)`, a computed
 * key): then every pin is used there. Imports do not count.
 */
export function usesEveryPin(source: string): boolean {
  return source
    .split("\n")
    .filter((l) => !/^\s*(import|export)\b.*\bfrom\b/.test(l))
    .some((l) => /\bCHARTS\b(?!\s*\.\s*[A-Za-z_$])(?!\s*\[\s*["'][A-Za-z_$][\w$]*["']\s*\])/.test(l));
}

/** Whether a module's source reads the CHARTS entry `pin` (`CHARTS.pin` or `CHARTS["pin"]`). */
export function usesPin(pin: string, source: string): boolean {
  // A pin is an identifier, which may hold `$`: escaped, it matches only itself.
  const name = pin.replace(/\$/g, "\\$");
  return new RegExp(`\\bCHARTS\\s*(\\.\\s*${name}(?![\\w$])|\\[\\s*["']${name}["']\\s*\\])`).test(source);
}

/** The names of CHARTS entries that differ between two texts of versions.ts. */
export function changedPins(before: string, after: string): { pins: string[]; other: boolean } {
  const a = chartPins(before);
  const b = chartPins(after);
  const names = new Set([...a.pins.keys(), ...b.pins.keys()]);
  const pins = [...names].filter((n) => a.pins.get(n) !== b.pins.get(n)).sort();
  const strip = (s: string) =>
    s
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "")
      .replace(/\s+/g, " ");
  return { pins, other: strip(a.rest) !== strip(b.rest) };
}

export interface AffectedInput {
  repo: string;
  changed: ChangedFile[];
  base: NetworkIndex;
  head: NetworkIndex;
  /** Lists (path → mode) of the two commits' trees, for the module graphs. */
  baseTree: () => Map<string, string>;
  headTree: () => Map<string, string>;
}

/** The stacks `changed` affects, in deploy order. */
export async function affectedStacks(input: AffectedInput): Promise<AffectedStack[]> {
  const { base, head } = input;
  const reasons = new Map<string, Set<string>>();
  const add = (project: Project, stack: string, reason: string) => {
    const key = `${project}/${stack}`;
    if (!reasons.has(key)) reasons.set(key, new Set());
    reasons.get(key)?.add(reason);
  };
  const communitiesOnCluster = (cluster: string) => {
    const names = new Set<string>();
    for (const side of [base, head]) for (const c of side.communitiesOn(cluster)) names.add(c);
    return [...names].sort();
  };
  const describe = (f: ChangedFile) =>
    f.status === "renamed" ? `${f.from} renamed to ${f.path}` : `${f.path} ${f.status}`;

  const code: ChangedFile[] = [];
  for (const f of input.changed) {
    let matched = false;
    for (const p of [f.path, f.from].filter((x): x is string => !!x)) {
      const community = communityOfPath(p) ?? communityStackConfigOfPath(p);
      if (community) {
        add("community", community, describe(f));
        matched = true;
      }
      const cluster = clusterOfPath(p);
      if (cluster) {
        add("cluster", cluster, describe(f));
        for (const c of communitiesOnCluster(cluster)) add("community", c, `its cluster's file ${p} changed`);
        matched = true;
      }
    }
    if (!matched) code.push(f);
  }

  if (code.length > 0) {
    const codeReasons = await codeChanges(input, code);
    for (const [key, why] of codeReasons) {
      const [project, stack] = key.split("/") as [Project, string];
      for (const r of why) add(project, stack, r);
    }
  }

  const out: AffectedStack[] = [];
  for (const [key, why] of reasons) {
    const [project, stack] = key.split("/") as [Project, string];
    const inBase = project === "cluster" ? base.hasCluster(stack) : base.hasCommunity(stack);
    const inHead = project === "cluster" ? head.hasCluster(stack) : head.hasCommunity(stack);
    if (!inBase && !inHead) continue; // a folder without a community file: nothing to deploy
    const change = inBase && inHead ? "changed" : inHead ? "added" : "removed";
    const side = inHead ? head : base;
    const tracked = change === "removed" ? { tracked: head.removedStacks().has(key) } : {};
    if (project === "cluster") {
      out.push({
        project,
        stack,
        change,
        phase: "clusters",
        cloud: side.cluster(stack)?.cloud,
        ...tracked,
        reasons: [...why],
      });
    } else {
      const info = side.community(stack) ?? { name: stack, file: "", hubs: [] };
      out.push({
        project,
        stack,
        change,
        phase: deployPhase(info),
        cluster: info.cluster,
        cloud: side.cloudOf(info),
        stagingHubs: info.hubs.filter((h) => h === STAGING_HUB),
        hubs: info.hubs
          .filter((h) => info.domains?.[h])
          .map((h) => ({ name: h, url: `https://${info.domains?.[h]}`, staging: h === STAGING_HUB })),
        ...tracked,
        reasons: [...why],
      });
    }
  }
  return sortForDeploy(out);
}

export function sortForDeploy<T extends { phase: Phase; stack: string }>(stacks: T[]): T[] {
  return stacks.sort(
    (a, b) => PHASES.indexOf(a.phase) - PHASES.indexOf(b.phase) || a.stack.localeCompare(b.stack),
  );
}

/** The fields of a package.json that decide what code runs (not `scripts`, `description`, …). */
const MANIFEST_FIELDS = [
  "name",
  "main",
  "type",
  "exports",
  "imports",
  "dependencies",
  "devDependencies",
  "peerDependencies",
  "optionalDependencies",
  "engines",
  "pnpm",
  "overrides",
];

/** Whether two texts of a package.json differ in what decides the code that runs. */
export function manifestChanged(before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return before !== after;
  try {
    const [a, b] = [JSON.parse(before), JSON.parse(after)] as Record<string, unknown>[];
    return MANIFEST_FIELDS.some((k) => JSON.stringify(a?.[k]) !== JSON.stringify(b?.[k]));
  } catch {
    return true;
  }
}

/** The stacks each changed code file reaches: key `project/stack` → reasons. */
async function codeChanges(
  input: AffectedInput,
  changedCode: ChangedFile[],
): Promise<Map<string, Set<string>>> {
  let code = changedCode;
  const { base, head } = input;
  const out = new Map<string, Set<string>>();
  const add = (project: Project, stack: string, reason: string) => {
    const key = `${project}/${stack}`;
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)?.add(reason);
  };
  const stacksOf = (project: Project) =>
    project === "cluster"
      ? [...new Set([...base.clusterFiles.keys(), ...head.clusterFiles.keys()])]
      : [...new Set([...base.communityFiles.keys(), ...head.communityFiles.keys()])];

  // A package.json whose dependencies, exports and the like stay the same changes no code that runs.
  const manifests = code.filter((f) => f.status === "modified" && /(^|\/)package\.json$/.test(f.path));
  if (manifests.length > 0) {
    const before = readBlobs(
      input.repo,
      base.commit,
      manifests.map((f) => f.path),
    );
    const after = readBlobs(
      input.repo,
      head.commit,
      manifests.map((f) => f.path),
    );
    const same = new Set(
      manifests
        .filter(
          (f) => !manifestChanged(before.get(f.path)?.toString("utf8"), after.get(f.path)?.toString("utf8")),
        )
        .map((f) => f.path),
    );
    code = code.filter((f) => !same.has(f.path));
  }

  // Files that decide every stack.
  const everywhere = code.filter(
    (f) => WORKSPACE_FILES.includes(f.path) || (f.from && WORKSPACE_FILES.includes(f.from)),
  );
  for (const f of everywhere)
    for (const project of PROJECTS)
      for (const s of stacksOf(project)) add(project, s, `${f.path} changed (every stack)`);

  const rest = code.filter(
    (f) => !everywhere.includes(f) && [f.path, f.from].some((p) => p && /^(packages|stacks)\//.test(p)),
  );
  if (rest.length === 0) return out;

  // A stack project's own files.
  for (const f of rest) {
    for (const project of PROJECTS) {
      if (
        [f.path, f.from].some(
          (p) =>
            p && new RegExp(`^stacks/${project}/(Pulumi\\.yaml|tsconfig\\.json|package\\.json)$`).test(p),
        )
      )
        for (const s of stacksOf(project)) add(project, s, `${f.path} changed (every ${project} stack)`);
    }
  }

  const { graph, files } = await graphAt(input.repo, head, input.headTree());
  /** The sources a stack loads, by project and cloud, computed once per pair. */
  const cache = new Map<string, Set<string>>();
  const loaded = (project: Project, cloud: string | undefined) => {
    const key = `${project}/${cloud}`;
    if (!cache.has(key)) cache.set(key, filesFor(graph, project, cloud));
    return cache.get(key) as Set<string>;
  };
  /** Each stack with its cloud, at the head (or the base, for a removed stack). */
  const stacks: { project: Project; stack: string; cloud?: string }[] = [];
  for (const project of PROJECTS) {
    for (const s of stacksOf(project)) {
      const side =
        project === "cluster" ? (head.hasCluster(s) ? head : base) : head.hasCommunity(s) ? head : base;
      const cloud = project === "cluster" ? side.cluster(s)?.cloud : side.cloudOfCommunity(s);
      stacks.push({ project, stack: s, cloud });
    }
  }
  /** Adds the reason `why` gives for each stack whose loaded sources make it say one. */
  const reach = (why: (loadedFiles: Set<string>) => string | undefined) => {
    for (const st of stacks) {
      // A stack whose cloud is unknown (its file does not parse) is reached through any cloud.
      const sets = st.cloud
        ? [loaded(st.project, st.cloud)]
        : [...graph.clouds].map((c) => loaded(st.project, c));
      for (const set of sets) {
        const reason = why(set);
        if (reason) {
          add(st.project, st.stack, reason);
          break;
        }
      }
    }
  };

  for (const f of rest) {
    const p = f.path;
    if (p === CHART_PINS_FILE && f.status === "modified") {
      const before = readBlobs(input.repo, base.commit, [p]).get(p)?.toString("utf8") ?? "";
      const after = files.get(p)?.toString("utf8") ?? "";
      const { pins, other } = changedPins(before, after);
      if (other) reach((s) => (s.has(p) ? `${p} changed (loaded by this stack)` : undefined));
      for (const pin of pins) {
        const users = [...files.entries()]
          .filter(
            ([file, bytes]) =>
              file !== p && (usesPin(pin, bytes.toString("utf8")) || usesEveryPin(bytes.toString("utf8"))),
          )
          .map(([file]) => file);
        reach((s) => {
          const here = users.filter((u) => s.has(u));
          return here.length ? `chart pin ${pin} changed in ${p} (used in ${here.join(", ")})` : undefined;
        });
      }
      continue;
    }
    const pkg = /^(packages|stacks)\/([^/]+)\/package\.json$/.exec(p);
    if (pkg) {
      const dir = `${pkg[1]}/${pkg[2]}/`;
      reach((s) =>
        [...s].some((x) => x.startsWith(dir)) ? `${p} changed (a package this stack loads)` : undefined,
      );
      continue;
    }
    for (const file of [f.path, f.from].filter((x): x is string => !!x)) {
      reach((s) => (s.has(file) ? `${file} ${f.status} (loaded by this stack)` : undefined));
    }
  }
  return out;
}
