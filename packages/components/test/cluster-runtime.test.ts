/**
 * The cluster program in fresh Node processes: loaded as Pulumi's Node.js
 * runtime loads it (its ts-node and the workspace's typescript), and checked
 * to load only the SDK of its own cloud.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, test } from "vitest";
import { CLUSTER_STACK, CONFIG_ROOT, ROOT } from "./cluster-render";

const MOCKS = `
let count = 0;
const mocks = {
  newResource: (a) => { count++; return { id: a.name + "-id", state: a.inputs }; },
  call: (a) => a.inputs,
};`;

function runScript(name: string, body: string): Record<string, unknown> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-runtime-"));
  const file = path.join(dir, `${name}.cjs`);
  fs.writeFileSync(file, body);
  const out = execFileSync(process.execPath, [file], {
    cwd: CLUSTER_STACK,
    env: { ...process.env, HUBNET_ROOT: CONFIG_ROOT },
    encoding: "utf8",
    timeout: 120_000,
  });
  const last = out.trim().split("\n").pop() ?? "";
  return JSON.parse(last) as Record<string, unknown>;
}

describe("the cluster program in a fresh Node process", () => {
  test("a GCP stack loads @pulumi/gcp and neither @pulumi/aws nor @pulumi/azure-native", () => {
    const result = runScript(
      "isolation",
      `
const { createRequire } = require("node:module");
const path = require("node:path");
const req = createRequire(${JSON.stringify(path.join(CLUSTER_STACK, "index.ts"))});
req("tsx/cjs/api").register();
const pulumi = req("@pulumi/pulumi");
${MOCKS}
(async () => {
  await pulumi.runtime.setMocks(mocks, "hubnet-cluster", "gcp-shared", false);
  const program = req(${JSON.stringify(path.join(CLUSTER_STACK, "index.ts"))});
  await program();
  await new Promise((r) => setTimeout(r, 200));
  const keys = Object.keys(require.cache);
  const has = (pkg) => keys.some((k) => k.includes(path.sep + "node_modules" + path.sep + pkg + path.sep));
  console.log(JSON.stringify({ count, gcp: has("@pulumi/gcp"), aws: has("@pulumi/aws"), azure: has("@pulumi/azure-native"), k8s: has("@pulumi/kubernetes") }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    expect(result).toMatchObject({ gcp: true, aws: false, azure: false, k8s: true });
    expect(result.count).toBeGreaterThan(20);
  });

  test("Pulumi's Node.js runtime (its ts-node, the workspace typescript 5.9.3) compiles and runs the program", () => {
    const result = runScript(
      "pulumi-runtime",
      `
const path = require("node:path");
const stack = ${JSON.stringify(CLUSTER_STACK)};
const { registerLikePulumi } = require(${JSON.stringify(path.join(ROOT, "test/support/register-like-pulumi.cjs"))});
const registered = registerLikePulumi(stack);
const pulumi = require(require.resolve("@pulumi/pulumi", { paths: [stack] }));
${MOCKS}
(async () => {
  await pulumi.runtime.setMocks(mocks, "hubnet-cluster", "aws-research", false);
  const program = require(path.join(stack, "index.ts"));
  const outputs = await program();
  await new Promise((r) => setTimeout(r, 200));
  console.log(JSON.stringify({ count, ...registered, cloud: outputs.cloud, tsx: Object.keys(require.cache).some((k) => k.includes("/tsx/")) }));
  process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
`,
    );
    expect(result).toMatchObject({ typescript: "5.9.3", noCheck: true, cloud: "aws", tsx: false });
    expect(result.count).toBeGreaterThan(50);
  });
});
