/**
 * The pack's project files, checked against what the Pulumi CLI reads. PulumiPolicy.yaml has no
 * JSON Schema upstream: the CLI reads it into `PolicyPackProject` (pulumi/pulumi,
 * sdk/go/common/workspace/project.go: runtime, version, main, description, author, website,
 * license), whose runtime is the same `ProjectRuntimeInfo` as Pulumi.yaml's, so the runtime is
 * checked with Pulumi.yaml's schema (the oracle `pulumi-project`, found by test/oracles) and the keys against the struct.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { oracleFile } from "../../test/oracles";

const PACK = path.resolve(__dirname, "..");
/** The fields of PolicyPackProject (pulumi/pulumi sdk/go/common/workspace/project.go), by their yaml tags. */
const POLICY_PACK_PROJECT_FIELDS = [
  "runtime",
  "version",
  "main",
  "description",
  "author",
  "website",
  "license",
];

const policyYaml = parse(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8")) as Record<
  string,
  unknown
>;
const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));

describe("policies/PulumiPolicy.yaml", () => {
  it("has only the fields the CLI's PolicyPackProject reads, and a runtime", () => {
    expect(Object.keys(policyYaml).filter((k) => !POLICY_PACK_PROJECT_FIELDS.includes(k))).toEqual([]);
    expect(policyYaml.runtime).toBeDefined();
  });

  it("has a runtime valid for the Pulumi project schema (the same runtime type), nodejs with TypeScript", () => {
    const schema = JSON.parse(fs.readFileSync(oracleFile("pulumi-project", "project.json"), "utf8"));
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    const asProject = { name: "hubnet-policies", runtime: policyYaml.runtime };
    expect(validate(asProject), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ name: "x", runtime: { name: "nodejs", option: { typescript: true } } })).toBe(false); // the oracle is live
    expect(policyYaml.runtime).toMatchObject({ name: "nodejs", options: { typescript: true } });
  });

  it("description is a string, as *string in the struct", () => {
    expect(typeof policyYaml.description).toBe("string");
  });
});

describe("policies/package.json", () => {
  it("runs the pack (main, what Pulumi loads from the folder) and exports the policies without it", () => {
    expect(pkg.main).toBe("index.ts");
    expect(fs.readFileSync(path.join(PACK, pkg.main), "utf8")).toMatch(/new PolicyPack\("hubnet"/);
    expect(pkg.exports["."]).toBe("./src/index.ts");
    expect(fs.readFileSync(path.join(PACK, "src", "index.ts"), "utf8")).not.toMatch(/PolicyPack\(/);
  });

  it("has the version the policy server requires", () => {
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe("docs/platform/policies.md", () => {
  it("has a row for every policy of the catalog, with its level", async () => {
    const { POLICY_CATALOG } = await import("@hubnet/config");
    const doc = fs.readFileSync(path.join(PACK, "..", "docs", "platform", "policies.md"), "utf8");
    for (const p of POLICY_CATALOG) expect(doc, p.name).toContain(`| \`${p.name}\` | ${p.level} |`);
  });
});
