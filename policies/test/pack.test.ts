/**
 * The pack as the Pulumi CLI runs it: policies/index.ts started in its own process (the policy
 * server prints its port), then asked over gRPC, with Pulumi's own analyzer protocol, for its
 * policies and to analyze resources and a whole stack. The policies it serves are those of the
 * module tests and `hubnet policy` use (src/), and unknown inputs are handled by the policies, not
 * downgraded to "can't run during preview".
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { POLICY_CATALOG } from "@hubnet/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { hubnetPolicies, type PlanRow } from "../src";
import {
  COMMUNITIES,
  type RenderedFixture,
  renderFixture,
  rowsOf,
  writeFixtureNetwork,
} from "./support/fixture-network";

const PACK = path.resolve(__dirname, "..");
const sdk = createRequire(require.resolve("@pulumi/pulumi/package.json", { paths: [PACK] }));
const grpc = sdk("@grpc/grpc-js") as { credentials: { createInsecure(): unknown } };
const analyzer = sdk("@pulumi/pulumi/proto/analyzer_pb");
const services = sdk("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = sdk("google-protobuf/google/protobuf/struct_pb");
const { Empty } = sdk("google-protobuf/google/protobuf/empty_pb");
// biome-ignore lint/suspicious/noExplicitAny: protobuf messages and chart values of any shape
type Loose = any;
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const LEVEL = ["advisory", "mandatory", "disabled", "remediate"];

let fixture: RenderedFixture;
let child: ChildProcess;
let client: {
  [rpc: string]: (req: unknown, cb: (err: Error | null, res: Loose) => void) => void;
  close(): void;
};

function call<T>(rpc: string, req: unknown): Promise<T> {
  return new Promise((resolve, reject) => client[rpc](req, (err, res) => (err ? reject(err) : resolve(res))));
}

/** Inputs as the engine sends them: unknowns are the SDK's sentinel values. */
function engineValue(v: unknown): unknown {
  if (v === "[unknown]") return UNKNOWN_STRING;
  if (Array.isArray(v)) return v.map(engineValue);
  if (v && typeof v === "object")
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, engineValue(x)]));
  return v;
}

function options(row: PlanRow) {
  const o = new analyzer.AnalyzerResourceOptions();
  o.setProtect(row.protect);
  if (row.parent) o.setParent(row.parent);
  return o;
}

function analyzeRequest(row: PlanRow) {
  const req = new analyzer.AnalyzeRequest();
  req.setType(row.type);
  req.setName(row.name);
  req.setUrn(row.urn);
  req.setProperties(Struct.fromJavaScript(engineValue(row.inputs)));
  req.setOptions(options(row));
  return req;
}

function stackRequest(rows: PlanRow[]) {
  const req = new analyzer.AnalyzeStackRequest();
  req.setResourcesList(
    rows.map((row) => {
      const r = new analyzer.AnalyzerResource();
      r.setType(row.type);
      r.setName(row.name);
      r.setUrn(row.urn);
      r.setProperties(Struct.fromJavaScript(engineValue(row.inputs)));
      r.setOptions(options(row));
      if (row.parent) r.setParent(row.parent);
      for (const [k, urns] of Object.entries(row.propertyDependencies ?? {})) {
        const deps = new analyzer.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        r.getPropertydependenciesMap().set(k, deps);
      }
      return r;
    }),
  );
  return req;
}

interface Diagnostic {
  policy: string;
  level: string;
  message: string;
}

async function diagnostics(rpc: "analyze" | "analyzeStack", req: unknown): Promise<Diagnostic[]> {
  const res = await call<{ getDiagnosticsList(): Loose[] }>(rpc, req);
  return res.getDiagnosticsList().map((d) => ({
    policy: d.getPolicyname(),
    level: LEVEL[d.getEnforcementlevel()],
    message: d.getMessage(),
  }));
}

beforeAll(async () => {
  fixture = await renderFixture(writeFixtureNetwork());
  child = spawn(process.execPath, ["--import", "tsx", "index.ts"], {
    cwd: PACK,
    env: { ...process.env, HUBNET_ROOT: fixture.root },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d) => {
      out += d;
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`the pack exited (${code}) before serving: ${stderr}`)));
  });
  client = new services.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
}, 180_000);

afterAll(() => {
  client?.close();
  child?.kill();
});

describe("the policy pack served by policies/index.ts", () => {
  it("serves every policy of the catalog, with its level, as the module builds them", async () => {
    const info = await call<{ getName(): string; getPoliciesList(): Loose[] }>(
      "getAnalyzerInfo",
      new Empty(),
    );
    expect(info.getName()).toBe("hubnet");
    const served = info.getPoliciesList().map((p) => [p.getName(), LEVEL[p.getEnforcementlevel()]]);
    expect(served).toEqual(POLICY_CATALOG.map((p) => [p.name, p.level]));
    expect(served.map(([n]) => n)).toEqual(hubnetPolicies().map((p) => p.name));
  });

  it("passes the fixture network's resources and stacks", async () => {
    for (const s of fixture.stacks) {
      const rows = rowsOf(fixture, s.stack);
      for (const row of rows) expect(await diagnostics("analyze", analyzeRequest(row)), row.urn).toEqual([]);
      expect(await diagnostics("analyzeStack", stackRequest(rows)), s.stack).toEqual([]);
    }
  });

  it("reports a resource that breaks a policy, in config terms, at the policy's level", async () => {
    const row = rowsOf(fixture, "fx-dev").find((r) => r.inputs.chart === "jupyterhub") as PlanRow;
    (row.inputs.values as Loose).singleuser.profileList[1].kubespawner_override.mem_limit = null;
    expect(await diagnostics("analyze", analyzeRequest(row))).toEqual([
      {
        policy: "user-pod-memory-limit",
        level: "mandatory",
        // The policy server puts the policy's description on the first line.
        message: expect.stringMatching(
          /\ncommunities\/fx-dev\/community\.yaml: profiles\[1\]\.memory: profile "Large" of hub fx-dev-dev sets no memory limit/,
        ),
      },
    ]);
  });

  it("treats an input unknown during preview as a violation of a mandatory policy, not as advisory", async () => {
    const row = rowsOf(fixture, "fx-dev").find((r) => r.inputs.chart === "jupyterhub") as PlanRow;
    (row.inputs.values as Loose).singleuser.profileList[0].kubespawner_override.mem_limit = "[unknown]";
    const found = await diagnostics("analyze", analyzeRequest(row));
    expect(found).toEqual([
      {
        policy: "user-pod-memory-limit",
        level: "mandatory",
        message: expect.stringContaining("is not known before deploy"),
      },
    ]);
  });

  it("analyzes a whole broken stack: a namespace without its default-deny policy", async () => {
    const rows = rowsOf(fixture, "fx-neuro").filter(
      (r) => !(r.type.endsWith(":NetworkPolicy") && r.name.endsWith("-default-deny")),
    );
    const found = await diagnostics("analyzeStack", stackRequest(rows));
    expect(found.map((d) => d.policy)).toEqual(["hub-default-deny-egress"]);
    expect(found[0].message).toMatch(/hub namespace fx-neuro-prod has no default-deny NetworkPolicy/);
  });

  it("drops an advisory violation the community's file exempts it from, and never a mandatory one", async () => {
    // A community the pack has not read yet, whose file exempts it from hub-culling.
    const file = path.join(fixture.root, "communities", "fx-exempt", "community.yaml");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const dev = COMMUNITIES.find((c) => c.name === "fx-dev") as Record<string, unknown>;
    fs.writeFileSync(
      file,
      stringify({
        ...dev,
        name: "fx-exempt",
        policyExceptions: [
          { policy: "hub-culling", reason: "a week-long workshop keeps servers running overnight" },
        ],
      }),
    );
    const row = rowsOf(fixture, "fx-dev").find((r) => r.inputs.chart === "jupyterhub") as PlanRow;
    row.urn = row.urn.replace("urn:pulumi:fx-dev::", "urn:pulumi:fx-exempt::");
    const values = row.inputs.values as Loose;
    values.cull.enabled = false;
    expect(await diagnostics("analyze", analyzeRequest(row))).toEqual([]);
    values.singleuser.profileList[0].kubespawner_override.mem_limit = null;
    expect((await diagnostics("analyze", analyzeRequest(row))).map((d) => d.policy)).toEqual([
      "user-pod-memory-limit",
    ]);
  });
});
