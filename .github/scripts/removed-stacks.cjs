// A warning for each stack stacks/removed.yaml lists: removed from the network, still deployed and
// serving, managed by no deploy (docs/platform/deploying.md#removing-a-community). Run by the scheduled
// health run, so a removed community never keeps running silently. Exit 1 when the file is invalid.
// Run from packages/cli, where @hubnet/config resolves.
"use strict";
const path = require("node:path");
const fromCli = require("node:module").createRequire(path.join(process.cwd(), "package.json"));
fromCli("tsx/cjs/api").register();
const { formatProblem, loadRemovedStacks, REMOVED_STACKS_FILE } = fromCli("@hubnet/config");

/** A workflow command's data, escaped as GitHub's toolkit does (@actions/core command.ts): one line, always. */
const commandData = (s) => String(s).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

const root = process.env.HUBNET_ROOT || path.resolve(__dirname, "..", "..");
const { stacks, problems } = loadRemovedStacks(root);
for (const p of problems) console.log(`::error::${commandData(formatProblem(p, root))}`);
for (const s of stacks)
  console.log(
    `::warning file=${REMOVED_STACKS_FILE}::${commandData(`stack ${s.project}/${s.stack} was removed from the network on ${s.removed} and still runs, managed by no deploy: ${s.reason}. Archive its data, destroy it (docs/platform/deploying.md#removing-a-community), then remove its entry.`)}`,
  );
if (stacks.length === 0 && problems.length === 0)
  console.log(`no stack in ${REMOVED_STACKS_FILE}: nothing removed still runs`);
process.exit(problems.length > 0 ? 1 : 0);
