// What a deploy run does, from `hubnet affected --json` (decision 0023), as GitHub job matrices.
//
//   node .github/scripts/deploy-matrix.cjs AFFECTED_JSON [OUTPUT_FILE] [--root DIR]
//     writes stacks=, clusters=, canary=, production=, cluster-names=, staging-hubs=, production-hubs= lines
//     to OUTPUT_FILE (the step's $GITHUB_OUTPUT; default: stdout) and prints ::warning:: lines.
//   node .github/scripts/deploy-matrix.cjs --setup-markdown AFFECTED_JSON [--root DIR]
//     prints what the platform owner must do for each stack a pull request adds (its comment).
//
// Each community stack carries the stack config it needs (`config`, from the community program's own
// rules: packages/components/src/community/stack-setup.ts), checked before its first `pulumi up`, and,
// in the canary phase, the URNs of its production hubs (`exclude`): the first `pulumi up` of a
// community with a staging hub leaves them as they are (`--exclude ... --exclude-dependents`), the
// production phase runs the full `pulumi up` after the staging hubs' health checks pass.
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
  const out = { positional: [], root: repo, markdown: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root") out.root = path.resolve(argv[++i] ?? fail("--root needs a folder"));
    else if (argv[i] === "--setup-markdown") out.markdown = true;
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
  const productionHubs = (s) => (s.hubs ?? []).filter((h) => !h.staging).map((h) => h.name);
  const clusters = deployed.filter((s) => s.phase === "clusters").map(row);
  // The canary: communities with a staging hub, their production hubs left out of this first up.
  const canary = deployed
    .filter((s) => s.phase === "staging")
    .map((s) => ({ ...row(s), exclude: productionHubs(s).map((h) => hubUrn(s.stack, s.stack, h)) }));
  // Production: the full up of the other communities, and of each canary community with production hubs.
  const production = [
    ...canary.filter((s) => s.exclude.length > 0).map(({ exclude: _, ...s }) => s),
    ...deployed.filter((s) => s.phase === "production").map(row),
  ];
  const hubs = (staging) =>
    deployed
      .filter((s) => s.project === "community")
      .flatMap((s) =>
        (s.hubs ?? [])
          .filter((h) => h.staging === staging)
          .map((h) => ({ community: s.stack, hub: h.name, url: h.url })),
      );
  return {
    outputs: {
      // Every stack CI reaches, for the previews of a pull request.
      stacks: deployed.map((s) => ({ ...row(s), change: s.change })),
      clusters,
      "cluster-names": clusters.map((s) => s.stack),
      canary,
      production,
      "staging-hubs": hubs(true),
      "production-hubs": hubs(false),
    },
    warnings,
  };
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
  const [affectedFile, outputFile] = a.positional;
  if (!affectedFile)
    fail(
      "usage: deploy-matrix.cjs AFFECTED_JSON [OUTPUT_FILE] [--root DIR] | --setup-markdown AFFECTED_JSON",
    );
  const stacks = readAffected(affectedFile);
  const network = loadNetwork(a.root);
  if (network.problems.length > 0)
    fail(`the network has ${network.problems.length} problem(s): run \`pnpm hubnet validate\``);
  if (a.markdown) {
    process.stdout.write(setupMarkdown(stacks, network));
    return;
  }
  const { outputs, warnings } = plan(stacks, network);
  for (const w of warnings) console.log(`::warning::${w}`);
  const text = Object.entries(outputs)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
    .join("");
  if (outputFile) fs.appendFileSync(outputFile, text);
  else process.stdout.write(text);
}

main();
