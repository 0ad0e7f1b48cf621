// The hubs a health-check run covers, as a JSON matrix [{community, hub, url}] on stdout.
// COMMUNITY (and HUB) narrow it to one community (one hub); without COMMUNITY: every production hub
// (every hub not named "staging" on a cloud cluster: hubs on local clusters are not reachable from CI).
// Run from packages/cli, where @hubnet/config resolves.
"use strict";
const path = require("node:path");
const fromCli = require("node:module").createRequire(path.join(process.cwd(), "package.json"));
fromCli("tsx/cjs/api").register();
const { loadNetwork } = fromCli("@hubnet/config");

const root = path.resolve(__dirname, "..", "..");
const network = loadNetwork(root);
if (network.problems.length > 0) {
  console.error(`the network has ${network.problems.length} problem(s): run \`pnpm hubnet validate\``);
  process.exit(1);
}
const community = process.env.COMMUNITY || "";
const hub = process.env.HUB || "";
if (community && !network.communities.has(community)) {
  console.error(`no community ${JSON.stringify(community)}`);
  process.exit(1);
}
const rows = [];
for (const { config } of network.communities.values()) {
  if (community && config.name !== community) continue;
  if (!community && network.clusters.get(config.cluster)?.config.cloud === "local") continue;
  for (const h of config.hubs) {
    if (hub ? h.name !== hub : !community && h.name === "staging") continue;
    rows.push({ community: config.name, hub: h.name, url: `https://${h.domain}/` });
  }
}
if (community && hub && rows.length === 0) {
  console.error(`community ${community} has no hub ${JSON.stringify(hub)}`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
