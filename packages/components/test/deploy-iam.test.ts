/**
 * The IAM each stack needs, from the resource types the stacks create (issue 20, item 3): every Google,
 * AWS and Azure resource type of a rendered cluster stack and of the community stacks on it has a grant
 * in its cloud's table, and the deploy guide's IAM tables are the ones the tables generate.
 * `HUBNET_WRITE_DOCS=1 pnpm vitest run packages/components/test/deploy-iam.test.ts` rewrites them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { AWS_DEPLOY_IAM } from "../src/aws/deploy-iam";
import { AZURE_DEPLOY_IAM } from "../src/azure/deploy-iam";
import { type DeployIamFacts, deployIamMarkdown, grantsFor } from "../src/cluster/deploy-iam";
import { GCP_DEPLOY_IAM } from "../src/gcp/deploy-iam";
import { ROOT, renderCluster } from "./cluster-render";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";

const CLOUDS: { facts: DeployIamFacts; cluster: string; prefix: RegExp }[] = [
  { facts: GCP_DEPLOY_IAM, cluster: "gcp-shared", prefix: /^gcp:/ },
  { facts: AWS_DEPLOY_IAM, cluster: "aws-research", prefix: /^aws:/ },
  { facts: AZURE_DEPLOY_IAM, cluster: "azure-eu", prefix: /^azure-native:/ },
];
const GUIDE = path.join(ROOT, "docs", "platform", "deploying.md");

const types = new Map<string, { cluster: string[]; community: string[] }>();
beforeAll(async () => {
  const { network, outputs } = testNetwork();
  for (const c of CLOUDS) {
    const of = (r: RenderedStack) =>
      r.resources.map((x) => x.type).filter((t) => c.prefix.test(t) && !t.includes(":index/"));
    const cluster = of(await renderCluster(c.cluster));
    const community: string[] = [];
    for (const [name, x] of network.communities) {
      if (x.config.cluster !== c.cluster) continue;
      community.push(
        ...of(
          await renderCommunity(
            name,
            x.config.hubs.map((h) => h.name),
            outputs,
            { cluster: c.cluster },
          ),
        ),
      );
    }
    types.set(c.facts.cloud, {
      cluster: [...new Set(cluster)].sort(),
      community: [...new Set(community)].sort(),
    });
  }
}, 600_000);

const block = (cloud: string) => [`<!-- deploy-iam:${cloud}:start -->`, `<!-- deploy-iam:${cloud}:end -->`];

describe("the deploy identity's grants", () => {
  test("every resource type the stacks create has a grant in its cloud's table", () => {
    for (const c of CLOUDS) {
      const t = types.get(c.facts.cloud)!;
      expect(t.cluster.length, c.facts.cloud).toBeGreaterThan(5);
      expect(t.community.length, c.facts.cloud).toBeGreaterThan(2);
      expect(grantsFor(c.facts.table, [...t.cluster, ...t.community]).missing, c.facts.cloud).toEqual([]);
    }
  });

  test("the deploy guide's IAM tables are generated from the tables and the stacks' types", () => {
    let text = fs.readFileSync(GUIDE, "utf8");
    for (const c of CLOUDS) {
      const t = types.get(c.facts.cloud)!;
      const md = deployIamMarkdown(c.facts, [
        { stack: "cluster", types: t.cluster },
        { stack: "community", types: t.community },
      ]);
      const [start, end] = block(c.facts.cloud);
      const i = text.indexOf(start);
      const j = text.indexOf(end);
      expect(i, `${start} in the guide`).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThan(i);
      const want = `${start}\n${md}\n${end}`;
      if (process.env.HUBNET_WRITE_DOCS === "1") text = text.slice(0, i) + want + text.slice(j + end.length);
      else
        expect(text.slice(i, j + end.length), `${c.facts.cloud}: regenerate with HUBNET_WRITE_DOCS=1`).toBe(
          want,
        );
    }
    if (process.env.HUBNET_WRITE_DOCS === "1") fs.writeFileSync(GUIDE, text);
  });
});
