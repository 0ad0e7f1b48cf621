// What a deploy run does, as GitHub job matrices (decision 0023).
//
//   node .github/scripts/deploy-matrix.cjs --rollout ROLLOUT_JSON OUTPUT_FILE PLAN_FILE [--root DIR]
//     the deploy, from `hubnet rollout --json`: for each wave (clusters, canaries, staging,
//     production) a matrix of its batches, one entry per batch (`<wave>=`), the batches with hubs to
//     check (`<wave>-checks=`), its `max-parallel` (`<wave>-parallel=`), and `cluster-names=`, as lines
//     of OUTPUT_FILE (the step's $GITHUB_OUTPUT); ::warning:: lines for skipped stacks. An entry names
//     its batch (`id`, its cluster and cloud); the batch's stacks, with their config and excludes, and
//     its hubs are in PLAN_FILE (`{batches: {id: stacks}, checks: {id: hubs}}`, the run's artifact
//     `deploy-plan`), so a job's outputs stay far below GitHub's 1 MB for any number of communities.
//   node .github/scripts/deploy-matrix.cjs AFFECTED_JSON [OUTPUT_FILE] [--root DIR]
//     the previews, from `hubnet affected --json`: writes stacks= (every stack CI reaches, with its config).
//   node .github/scripts/deploy-matrix.cjs --setup-markdown AFFECTED_JSON [--root DIR]
//     prints what the platform owner must do for each stack a pull request adds (its comment).
//
// Each community stack carries the stack config it needs (`config`, from the community program's own
// rules: packages/components/src/community/stack-setup.ts), checked before its first `pulumi up`, and,
// in the staging wave (target "staging"), the URNs of its other hubs (`exclude`): that `pulumi up`
// leaves them as they are (`--exclude ... --exclude-dependents`); the production wave runs the full
// `pulumi up` after the staging hubs' health checks pass.
// Every name is checked to be a DNS-1123 label before it reaches a matrix: the workflows pass them to
// shells through the environment only, and a name that is not one is refused here as well.
// Run from anywhere: it loads @hubnet/config and the components' sources through packages/cli's tsx.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..", "..");
const fromCli = require("node:module").createRequire(path.join(repo, "packages", "cli", "package.json"));
fromCli("tsx/cjs/api").register();
const { loadNetwork, kubeconfigCommand, EXISTING_KUBECONFIG_KEY } = fromCli("@hubnet/config");
const { hubUrn, requiredStackConfig } = require(
  path.join(repo, "packages", "components", "src", "community", "stack-setup.ts"),
);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function fail(message) {
  console.error(`::error::${message}`);
  process.exit(1);
}

function args(argv) {
  const out = { positional: [], root: repo, markdown: false, rollout: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root") out.root = path.resolve(argv[++i] ?? fail("--root needs a folder"));
    else if (argv[i] === "--setup-markdown") out.markdown = true;
    else if (argv[i] === "--rollout") out.rollout = true;
    else out.positional.push(argv[i]);
  }
  return out;
}

/** The stacks of `hubnet affected --json`, each name checked. */
function readAffected(file) {
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  if (!json || !Array.isArray(json.stacks)) fail(`${file} is not the output of \`hubnet affected --json\``);
  for (const s of json.stacks) {
    for (const [what, v] of [
      ["stack", s.stack],
      ["cluster", s.cluster],
    ])
      if (v !== undefined && !(typeof v === "string" && DNS_LABEL.test(v)))
        fail(
          `a ${what} name from hubnet affected is not a DNS-1123 label: ${JSON.stringify(v)}; not deploying`,
        );
    if (!["cluster", "community"].includes(s.project)) fail(`unknown project ${JSON.stringify(s.project)}`);
    for (const h of s.hubs ?? [])
      if (!DNS_LABEL.test(String(h.name)))
        fail(`a hub name is not a DNS-1123 label: ${JSON.stringify(h.name)}`);
  }
  return json.stacks;
}

/** The stack config each stack needs before its first deploy ([] when none, or when it is not in the tree). */
function configOf(network, s) {
  if (s.project === "cluster") {
    const c = network.clusters.get(s.stack);
    return c?.config.cloud === "existing"
      ? [
          {
            key: EXISTING_KUBECONFIG_KEY,
            secret: true,
            command: kubeconfigCommand(s.stack),
            why: "the kubeconfig of the existing cluster, for a deployer of it",
          },
        ]
      : [];
  }
  const c = network.communities.get(s.stack);
  return c ? requiredStackConfig(c.config) : [];
}

function plan(stacks, network) {
  const deployed = stacks.filter((s) => s.change !== "removed" && s.cloud !== "local");
  const warnings = [];
  for (const s of stacks) {
    if (s.change === "removed")
      warnings.push(
        `stack ${s.project}/${s.stack} was removed from the network: it is not destroyed and keeps running` +
          (s.tracked
            ? " (listed in stacks/removed.yaml)"
            : ", and stacks/removed.yaml does not list it: add it") +
          " (docs/platform/deploying.md#removing-a-community)",
      );
    else if (s.cloud === "local")
      warnings.push(
        `stack ${s.project}/${s.stack} runs on a local cluster: deploy it from the machine that reaches it`,
      );
  }
  const row = (s) => ({
    project: s.project,
    stack: s.stack,
    cloud: s.cloud,
    ...(s.cluster ? { cluster: s.cluster } : {}),
    config: configOf(network, s),
  });
  return {
    outputs: {
      // Every stack CI reaches, for the previews of a pull request.
      stacks: deployed.map((s) => ({ ...row(s), change: s.change })),
    },
    warnings,
  };
}

const WAVES = ["clusters", "canaries", "staging", "production"];
const TARGETS = ["all", "staging", "production"];
/** GitHub Actions: "A matrix can generate a maximum of 256 jobs per workflow run." */
const MAX_MATRIX_JOBS = 256;

const label = (what, v) => {
  if (!(typeof v === "string" && DNS_LABEL.test(v)))
    fail(`a ${what} name from hubnet rollout is not a DNS-1123 label: ${JSON.stringify(v)}; not deploying`);
  return v;
};

/** The waves of `hubnet rollout --json`, every name, project, target and size checked. */
function readRollout(file) {
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  if (json?.ok !== true || !Array.isArray(json.waves) || !Array.isArray(json.skipped))
    fail(`${file} is not the output of a successful \`hubnet rollout --json\``);
  for (const s of json.skipped) label("skipped stack", s.stack);
  const seen = new Set();
  for (const w of json.waves) {
    if (!WAVES.includes(w.kind)) fail(`unknown wave ${JSON.stringify(w.kind)}`);
    if (seen.has(w.kind)) fail(`wave ${w.kind} twice in the rollout`);
    seen.add(w.kind);
    if (!Array.isArray(w.batches) || w.batches.length > MAX_MATRIX_JOBS)
      fail(`wave ${w.kind} has more than ${MAX_MATRIX_JOBS} batches: GitHub runs no such matrix`);
    if (!Number.isInteger(w.maxParallel) || w.maxParallel < 1 || w.maxParallel > MAX_MATRIX_JOBS)
      fail(
        `wave ${w.kind}: maxParallel ${JSON.stringify(w.maxParallel)} is not a whole number from 1 to ${MAX_MATRIX_JOBS}`,
      );
    for (const b of w.batches) {
      if (!Array.isArray(b.stacks) || b.stacks.length === 0)
        fail(`batch ${JSON.stringify(b.name)} has no stacks`);
      for (const s of b.stacks) {
        if (!["cluster", "community"].includes(s.project))
          fail(`unknown project ${JSON.stringify(s.project)}`);
        label("stack", s.stack);
        if (s.cluster !== undefined) label("cluster", s.cluster);
        if (s.cloud !== undefined) label("cloud", s.cloud);
        if (!TARGETS.includes(s.target)) fail(`unknown target ${JSON.stringify(s.target)} of ${s.stack}`);
        for (const h of s.hubs ?? []) label("hub", h.name);
      }
    }
  }
  return json;
}

/**
 * One wave as matrix entries, one per batch: its stacks in order, each with the config its first
 * deploy checks and, for an `up` of the staging hubs only (target "staging"), the URNs of its other
 * hubs, left as they are (`--exclude ... --exclude-dependents`). A batch is one cluster's stacks, so
 * one cloud: the job logs in once.
 */
function waveEntries(wave, network) {
  return wave.batches.map((b, i) => {
    const projects = new Set(b.stacks.map((s) => s.project));
    const clouds = new Set(b.stacks.map((s) => s.cloud));
    if (projects.size !== 1 || clouds.size !== 1)
      fail(`batch ${JSON.stringify(b.name)} mixes projects or clouds: one batch is one cluster's stacks`);
    const project = b.stacks[0].project;
    const cluster = project === "cluster" ? b.stacks[0].stack : b.stacks[0].cluster;
    if (b.stacks.some((s) => (project === "cluster" ? s.stack : s.cluster) !== cluster))
      fail(`batch ${JSON.stringify(b.name)} spans clusters: one batch is one cluster's stacks`);
    const stacks = b.stacks.map((s) => {
      const row = { project: s.project, stack: s.stack, target: s.target, config: configOf(network, s) };
      if (s.target !== "staging") return row;
      const community = network.communities.get(s.stack);
      if (!community)
        fail(`community ${s.stack} is not in the network: cannot deploy its staging hubs alone`);
      const staging = new Set((s.hubs ?? []).map((h) => h.name));
      const others = community.config.hubs.map((h) => h.name).filter((h) => !staging.has(h));
      return { ...row, exclude: others.map((h) => hubUrn(s.stack, s.stack, label("hub", h))) };
    });
    const checks = b.stacks.flatMap((s) =>
      (s.hubs ?? []).map((h) => ({ community: s.stack, hub: h.name, url: String(h.url) })),
    );
    return {
      entry: {
        id: `${wave.kind}-${i + 1}`,
        name: String(b.name),
        project,
        cluster,
        cloud: b.stacks[0].cloud,
      },
      stacks,
      checks,
    };
  });
}

function rolloutOutputs(json, network) {
  const outputs = {};
  const file = { batches: {}, checks: {} };
  const warnings = json.skipped.map(
    (s) => `stack ${s.project}/${s.stack} is not deployed by CI: ${s.reason}`,
  );
  for (const kind of WAVES) {
    const wave = json.waves.find((w) => w.kind === kind);
    const entries = wave ? waveEntries(wave, network) : [];
    outputs[kind] = entries.map((e) => e.entry);
    outputs[`${kind}-checks`] = entries
      .filter((e) => e.checks.length > 0)
      .map((e) => ({ id: e.entry.id, name: e.entry.name }));
    outputs[`${kind}-parallel`] = wave ? wave.maxParallel : 1;
    if (kind === "clusters") outputs["cluster-names"] = entries.map((e) => e.entry.cluster);
    for (const e of entries) {
      file.batches[e.entry.id] = e.stacks;
      if (e.checks.length > 0) file.checks[e.entry.id] = e.checks;
    }
  }
  return { outputs, warnings, file };
}

/** What the platform owner does for each stack a pull request adds, as a comment section (or ""). */
function setupMarkdown(stacks, network) {
  const added = stacks.filter((s) => s.change === "added");
  if (added.length === 0) return "";
  const lines = ["### New stacks: what a platform owner does before merging", ""];
  for (const s of added) {
    const config = configOf(network, s);
    lines.push(
      `**${s.project} stack \`${s.stack}\`**${s.cloud === "local" ? " (local cluster: not deployed by CI)" : ""}`,
      "",
    );
    lines.push(
      "1. Create the stack with the network's secrets provider: " +
        `\`pulumi -C stacks/${s.project} stack init <org>/${s.stack} --secrets-provider "$HUBNET_SECRETS"\` ` +
        "(the deploy creates it otherwise, and then stops at the next step).",
    );
    if (config.length > 0) {
      lines.push(
        `2. Set its config (in \`stacks/${s.project}\`); the deploy checks each key before the first \`pulumi up\` and stops, naming the missing ones:`,
      );
      // A URL in a code span: GitHub makes no link of it (a pull request chose the domain).
      const why = (k) => k.why.replace(/https:\/\/[^\s)]+/g, (u) => `\`${u}\``);
      for (const k of config)
        lines.push(`   - \`${k.key}\`${k.secret ? " (secret)" : ""}: ${why(k)}: \`${k.command}\``);
    } else lines.push("2. No stack config to set.");
    if (s.project === "cluster")
      lines.push(
        "3. After its deploy, point DNS at `pulumi stack output loadBalancerAddresses` (docs/platform/deploying.md#5-dns-point-the-domains-at-the-load-balancer).",
      );
    lines.push("");
  }
  return lines.join("\n");
}

function main() {
  const a = args(process.argv.slice(2));
  const [inputFile, outputFile, planFile] = a.positional;
  if (a.rollout && !planFile)
    fail("usage: deploy-matrix.cjs --rollout ROLLOUT_JSON OUTPUT_FILE PLAN_FILE [--root DIR]");
  if (!inputFile)
    fail(
      "usage: deploy-matrix.cjs --rollout ROLLOUT_JSON [OUTPUT_FILE] [--root DIR] | AFFECTED_JSON [OUTPUT_FILE] [--root DIR] | --setup-markdown AFFECTED_JSON",
    );
  const input = a.rollout ? readRollout(inputFile) : readAffected(inputFile);
  const network = loadNetwork(a.root);
  if (network.problems.length > 0)
    fail(`the network has ${network.problems.length} problem(s): run \`pnpm hubnet validate\``);
  if (a.markdown) {
    process.stdout.write(setupMarkdown(input, network));
    return;
  }
  const { outputs, warnings, file } = a.rollout ? rolloutOutputs(input, network) : plan(input, network);
  if (file) fs.writeFileSync(planFile, `${JSON.stringify(file)}\n`);
  for (const w of warnings) console.log(`::warning::${w}`);
  const text = Object.entries(outputs)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
    .join("");
  if (outputFile && outputFile !== "-") fs.appendFileSync(outputFile, text);
  else process.stdout.write(text);
}

main();
