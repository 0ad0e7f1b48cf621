/**
 * `hubnet plan`: render the cluster and community stacks of a network offline,
 * the way `helm template` renders a chart. Configs are validated first (the
 * same checks and messages as `hubnet validate`); then each needed cluster
 * stack is rendered, and each community stack is rendered with its cluster's
 * outputs served to its StackReference.
 */
import * as path from "node:path";
import {
  type Cluster,
  type Community,
  checkDay,
  clusterMinors,
  clusterStackFile,
  communityFile,
  communityStackFile,
  didYouMean,
  inspect,
  type Loaded,
  listClusterFiles,
  listCommunityFiles,
  loadClusterFile,
  loadCommunityWithCluster,
  loadNetwork,
  nameProblem,
  type Problem,
  sortProblems,
} from "@hubnet/config";
import type { BusyMonth } from "./costs";
import { findHelm, HELM, type HelmLookup } from "./helm";
import { findValidator } from "./k8s-validate";
import { HUBNET_HOME, loadProgram, type Program } from "./load-program";
import {
  RENDER_CACHE_DIR,
  type ReleaseRender,
  type ReleaseToRender,
  releasesOf,
  renderReleases,
} from "./render-releases";
import { ProgramError, type RenderedStack, renderStack } from "./render-stack";
import { renderedProblems } from "./rendered-checks";
import { schemaProblems } from "./rendered-schema";
import { readStackConfig, type StackConfig, standInForCluster, standInForOAuth } from "./stack-config";

export const CLUSTER_PROJECT = "hubnet-cluster";
export const COMMUNITY_PROJECT = "hubnet-community";

export interface PlanOptions {
  /** The tree whose communities/ and stacks/cluster/ are planned. */
  root: string;
  /** Community names, or "all". */
  communities: string[] | "all";
  /** Cluster stacks to plan besides the communities' own (by name), for a change to a cluster alone. */
  clusters?: string[];
  /** Where the stack programs live (this hubnet checkout). */
  home?: string;
  /**
   * Loads the stack programs (what `stacks/cluster` and `stacks/community` export), for a caller
   * that carries them (the compiled `hubnet`); default: loaded from `home`. Called once the
   * configs are valid.
   */
  programs?: () => { cluster: Program; community: Program };
  /**
   * The busy month of the cost estimates: N users × H hours on each community's default profile.
   * @default DEFAULT_BUSY_MONTH (20 users × 30 hours)
   */
  busyMonth?: BusyMonth;
  /** Called before each stack renders (for progress on a terminal). */
  onProgress?: (progress: PlanProgress) => void;
  /**
   * Render every Helm release with the chart's own templates (render-releases.ts). `false`: values
   * only (the plan says what it did not check). @default true
   */
  renderCharts?: boolean;
  /** The Helm to render with. @default findHelm() */
  helm?: HelmLookup;
  /** Where renders are cached; `false`: not cached. @default <checkout>/.cache/helm-render */
  renderCache?: string | false;
}

/** Which stack is about to render: the `index`-th (from 1) of `total`. */
export interface PlanProgress {
  kind: "cluster" | "community";
  stack: string;
  index: number;
  total: number;
}

/** What `stacks/<project>/index.ts` exports: the program, with the tree whose configs it reads. */
type StackProgram = (options?: { root?: string }) => unknown;

export interface StackPlan extends RenderedStack {
  kind: "cluster" | "community";
  /** Secrets the plan had to stand in for (not set in the stack's config). */
  placeholders: string[];
  /** Wall time of rendering this stack, in milliseconds. */
  millis: number;
  /** The advisory policies the community's file exempts it from, with the reasons (community stacks). */
  policyExceptions?: { policy: string; reason: string }[];
  /** The stack's config file (the community's file, or the cluster's stack file): where its problems point. */
  file?: string;
  /** The cluster the stack is on. */
  cluster?: string;
  /** Each Helm release of the stack as its chart renders it (when charts were rendered). */
  releases?: ReleaseRender[];
}

/** What the plan did with the charts of its Helm releases. */
export interface RenderingReport {
  /** The Helm it rendered with; absent when none was found. */
  helm?: string;
  rendered: number;
  /** One line per kind of thing not checked, with why (Helm missing, a chart without a pinned archive). */
  notChecked: string[];
}

export interface PlanResult {
  problems: Problem[];
  /** The busy-month assumption of the cost estimates (costs/estimate.ts), when not the default. */
  busyMonth?: BusyMonth;
  clusters: StackPlan[];
  communities: StackPlan[];
  /** What was checked on the rendered objects (absent when charts were not asked for). */
  rendering?: RenderingReport;
  /** Problems of the rendered objects (rendered-checks.ts): the plan is complete, and wrong. */
  renderedProblems?: Problem[];
}

/**
 * The Kubernetes minor a cluster's charts are rendered at: its own version (EKS, AKS); on GKE, the
 * oldest minor its release channel may run on the check day; for local and existing clusters (whose
 * owners choose) the oldest minor in standard support on any managed cloud that day.
 */
export function renderKubeVersion(cluster: Cluster, today: Date = checkDay()): string {
  const byMinor = (a: string, b: string) => Number(a.split(".")[1]) - Number(b.split(".")[1]);
  const own = clusterMinors(
    cluster.cloud,
    "kubernetesVersion" in cluster ? cluster.kubernetesVersion : undefined,
    today,
  );
  if (own.length > 0) return [...own].sort(byMinor)[0];
  const any = (["aws", "azure", "gcp"] as const).flatMap((c) => clusterMinors(c, undefined, today));
  return any.sort(byMinor)[0] ?? "1.34";
}

/** The API groups a cluster serves besides Kubernetes' own: what its baseline's releases install. */
export function clusterApiVersions(
  clusterResources: readonly { type: string; inputs: Record<string, unknown> }[],
): string[] {
  const charts = new Set(
    clusterResources
      .filter((r) => r.type === "kubernetes:helm.sh/v3:Release")
      .map((r) => String(r.inputs.chart)),
  );
  const out: string[] = [];
  if ([...charts].some((c) => c.includes("gateway-helm"))) out.push("gateway.networking.k8s.io/v1");
  if (charts.has("cert-manager")) out.push("cert-manager.io/v1");
  if (charts.has("kube-prometheus-stack")) out.push("monitoring.coreos.com/v1");
  return out;
}

export async function planNetwork(opts: PlanOptions): Promise<PlanResult> {
  const home = opts.home ?? HUBNET_HOME;
  const selected = selectCommunities(opts);
  if (selected.problems.length > 0) return { problems: selected.problems, clusters: [], communities: [] };
  // Every stack file is read and checked before anything renders: a broken one is a problem of that file.
  const configs = new Map<string, StackConfig>();
  const configProblems: Problem[] = [];
  for (const [file, project] of [
    ...selected.clusters.map((c) => [clusterStackFile(opts.root, c.name), CLUSTER_PROJECT]),
    ...selected.communities.map((c) => [communityStackFile(opts.root, c.name), COMMUNITY_PROJECT]),
  ]) {
    const config = readStackConfig(file, project, opts.root);
    configs.set(file, config);
    configProblems.push(...config.problems);
  }
  if (configProblems.length > 0)
    return { problems: sortProblems(configProblems), clusters: [], communities: [] };

  // The stack programs read the tree to plan from `root`; Pulumi calls them with no argument (this checkout).
  const given = opts.programs?.();
  const clusterProgram = (given?.cluster ??
    loadProgram(path.join(home, "stacks", "cluster"))) as StackProgram;
  const communityProgram = (given?.community ??
    loadProgram(path.join(home, "stacks", "community"))) as StackProgram;
  const clusters: StackPlan[] = [];
  const byName = new Map<string, StackPlan>();
  const problems: Problem[] = [];
  const total = selected.clusters.length + selected.communities.length;
  let index = 0;
  const progress = (kind: PlanProgress["kind"], stack: string) =>
    opts.onProgress?.({ kind, stack, index: ++index, total });
  for (const cluster of selected.clusters) {
    progress("cluster", cluster.name);
    const plan = await asProblem(problems, cluster.file, () =>
      renderCluster(opts.root, cluster, clusterProgram, configs),
    );
    if (!plan) continue;
    clusters.push(plan);
    byName.set(cluster.name, plan);
  }
  const communities: StackPlan[] = [];
  for (const community of selected.communities) {
    progress("community", community.name);
    if (!byName.has(community.config.cluster)) continue; // its cluster failed: reported once, above
    const plan = await asProblem(problems, community.file, () =>
      renderCommunity(opts.root, community, communityProgram, byName, configs),
    );
    if (plan) communities.push(plan);
  }
  const result: PlanResult = {
    problems,
    clusters,
    communities,
    ...(opts.busyMonth ? { busyMonth: opts.busyMonth } : {}),
  };
  if (problems.length === 0 && opts.renderCharts === false) {
    result.rendering = {
      rendered: 0,
      notChecked: [
        "charts not rendered (asked for values only): cluster-scoped name collisions, namespaces, the Kubernetes schema of chart objects and restarts were not checked",
      ],
    };
  } else if (problems.length === 0) {
    const clusterOf = new Map(selected.clusters.map((c) => [c.name, c]));
    await renderAll(result, clusterOf, opts);
  }
  return result;
}

/** Renders the releases of every stack, records them on the stacks, and checks the objects. */
async function renderAll(
  result: PlanResult,
  clusterOf: Map<string, Loaded<Cluster>>,
  opts: PlanOptions,
): Promise<void> {
  const helm = opts.helm ?? (await findHelm());
  const stacks = [...result.clusters, ...result.communities];
  const apis = new Map(result.clusters.map((c) => [c.stack, clusterApiVersions(c.resources)]));
  const todo: { stack: StackPlan; releases: ReleaseToRender[] }[] = stacks.map((stack) => {
    const cluster = clusterOf.get(stack.cluster ?? "");
    const kubeVersion = cluster ? renderKubeVersion(cluster.config) : "1.34";
    return {
      stack,
      releases: releasesOf(stack.resources, {
        kubeVersion,
        apiVersions: apis.get(stack.cluster ?? "") ?? [],
      }),
    };
  });
  const rendered = await renderReleases(
    todo.flatMap((t) => t.releases),
    { helm, cacheDir: opts.renderCache },
  );
  let i = 0;
  for (const t of todo) {
    t.stack.releases = rendered.slice(i, i + t.releases.length);
    i += t.releases.length;
  }
  const notChecked: string[] = [];
  if ("missing" in helm) {
    notChecked.push(
      `charts not rendered (${rendered.length} release${rendered.length === 1 ? "" : "s"}): ${helm.missing}; ` +
        "checked on values only: cluster-scoped name collisions, namespaces, the Kubernetes schema of chart objects and restarts were not checked",
    );
  } else {
    const skipped = new Map<string, string>();
    for (const r of rendered)
      if (r.status === "not-rendered") skipped.set(`${r.chart} ${r.version}`, r.reason);
    for (const [chart, reason] of [...skipped].sort())
      notChecked.push(`${chart} not rendered: ${reason.replace(`${chart}: `, "")}`);
  }
  result.rendering = {
    ...("found" in helm ? { helm: helm.found.version } : {}),
    rendered: rendered.filter((r) => r.status === "rendered").length,
    notChecked,
  };
  result.renderedProblems = renderedProblems(stacks);
  if ("found" in helm && result.rendering.rendered > 0) {
    const validator = findValidator();
    if ("missing" in validator)
      notChecked.push(`rendered objects not checked against the Kubernetes API schema: ${validator.missing}`);
    else {
      const schema = await schemaProblems(stacks, validator.found, opts.renderCache ?? RENDER_CACHE_DIR);
      result.renderedProblems.push(...schema.problems);
      if (schema.unknownKinds.length > 0)
        notChecked.push(
          `custom resources not checked against a schema (no Go types for their kinds): ${schema.unknownKinds.join(", ")}`,
        );
    }
  }
}

/** A program that stops with a RunError becomes a problem of its config file, not a crash. */
async function asProblem<T>(
  problems: Problem[],
  file: string,
  render: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await render();
  } catch (err) {
    if (err instanceof ProgramError) {
      problems.push({
        file,
        line: 1,
        col: 1,
        message: `${err.project} stack ${err.stackName}: ${err.message}`,
      });
      return undefined;
    }
    throw err;
  }
}

interface Selection {
  problems: Problem[];
  clusters: Loaded<Cluster>[];
  communities: Loaded<Community>[];
}

function selectCommunities(opts: PlanOptions): Selection {
  if (opts.communities === "all") {
    const network = loadNetwork(opts.root);
    if (network.problems.length > 0) return { problems: network.problems, clusters: [], communities: [] };
    return {
      problems: [],
      clusters: [...network.clusters.values()].sort(byName),
      communities: [...network.communities.values()].sort(byName),
    };
  }
  const problems: Problem[] = [];
  const clusters = new Map<string, Loaded<Cluster>>();
  const communities: Loaded<Community>[] = [];
  for (const name of [...new Set(opts.clusters ?? [])]) {
    const badName = nameProblem("cluster", name);
    if (badName) {
      problems.push({ message: badName });
      continue;
    }
    const file = clusterStackFile(opts.root, name);
    const state = inspect(opts.root, file);
    if (state.kind === "refused") {
      problems.push(state.problem);
      continue;
    }
    if (state.kind !== "file") {
      const known = listClusterFiles(opts.root).map((f) =>
        path.basename(f).replace(/^Pulumi\.|\.ya?ml$/g, ""),
      );
      const suggestion = didYouMean(name, known);
      problems.push({
        message: `no cluster named "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (clusters are the stacks/cluster/Pulumi.<cluster>.yaml files)`,
      });
      continue;
    }
    const r = loadClusterFile(file);
    problems.push(...r.problems);
    if (r.cluster) clusters.set(r.cluster.name, r.cluster);
  }
  for (const name of [...new Set(opts.communities)]) {
    const badName = nameProblem("community", name);
    if (badName) {
      problems.push({ message: badName });
      continue;
    }
    const state = inspect(opts.root, communityFile(opts.root, name));
    if (state.kind === "refused") {
      problems.push(state.problem);
      continue;
    }
    if (state.kind !== "file") {
      problems.push(unknownCommunity(opts.root, name));
      continue;
    }
    const r = loadCommunityWithCluster(opts.root, name);
    problems.push(...r.problems);
    if (r.community && r.cluster) {
      communities.push(r.community);
      clusters.set(r.cluster.name, r.cluster);
    }
  }
  return {
    problems: sortProblems(problems),
    clusters: [...clusters.values()].sort(byName),
    communities: communities.sort(byName),
  };
}

function unknownCommunity(root: string, name: string): Problem {
  const known = listCommunityFiles(root).files.map((f) => path.basename(path.dirname(f)));
  const isCluster = inspect(root, clusterStackFile(root, name)).kind === "file";
  const suggestion = didYouMean(name, known);
  return {
    message: isCluster
      ? `"${name}" is a cluster, not a community: name communities (their clusters are planned with them), or use --all`
      : `no community named "${name}"${suggestion ? `; did you mean "${suggestion}"?` : ""} (communities are the folders of ${path.join(root, "communities")})`,
  };
}

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);

async function renderCluster(
  root: string,
  cluster: Loaded<Cluster>,
  program: StackProgram,
  configs: Map<string, StackConfig>,
): Promise<StackPlan> {
  const { config, secretKeys } = configs.get(clusterStackFile(root, cluster.name)) as StackConfig;
  const placeholders = standInForCluster(cluster.config, config, secretKeys);
  const started = performance.now();
  const rendered = await renderStack({
    project: CLUSTER_PROJECT,
    stack: cluster.name,
    config,
    secretKeys,
    program: () => program({ root }),
  });
  return {
    ...rendered,
    kind: "cluster",
    placeholders,
    millis: performance.now() - started,
    file: cluster.file,
    cluster: cluster.name,
  };
}

async function renderCommunity(
  root: string,
  community: Loaded<Community>,
  program: StackProgram,
  clusters: Map<string, StackPlan>,
  configs: Map<string, StackConfig>,
): Promise<StackPlan> {
  const { config, secretKeys } = configs.get(communityStackFile(root, community.name)) as StackConfig;
  const placeholders = standInForOAuth(community.config, config, secretKeys);
  const started = performance.now();
  const rendered = await renderStack({
    project: COMMUNITY_PROJECT,
    stack: community.name,
    config,
    secretKeys,
    program: () => program({ root }),
    stackOutputs: (ref) => {
      const cluster = clusters.get(ref.split("/").pop() ?? ref);
      return cluster?.rawOutputs;
    },
  });
  return {
    ...rendered,
    kind: "community",
    placeholders,
    millis: performance.now() - started,
    file: community.file,
    cluster: community.config.cluster,
    policyExceptions: community.config.policyExceptions ?? [],
  };
}
