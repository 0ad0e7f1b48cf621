/**
 * Every Pulumi project file in the repository is valid for the Pulumi CLI: it
 * validates against the CLI's own project schema (the pulumi-project oracle, test/oracles),
 * the check `pulumi` runs when it loads a project.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { oracleFile } from "./oracles";
import { REPO } from "./support/cli";

function projectFiles(): string[] {
  const found: string[] = [];
  for (const top of ["stacks", "policies"]) {
    const dir = path.join(REPO, top);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir, { recursive: true, encoding: "utf8" })) {
      if (!f.includes("node_modules") && /(^|\/)Pulumi\.yaml$/.test(f)) found.push(path.join(dir, f));
    }
  }
  return found.sort();
}

const schema = JSON.parse(fs.readFileSync(oracleFile("pulumi-project", "project.json"), "utf8"));
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

describe("Pulumi project files", () => {
  const files = projectFiles();

  it("exist for the cluster and community projects", () => {
    expect(files.map((f) => path.relative(REPO, f))).toEqual(
      expect.arrayContaining(["stacks/cluster/Pulumi.yaml", "stacks/community/Pulumi.yaml"]),
    );
  });

  it.each(files.map((f) => [path.relative(REPO, f), f]))(
    "%s validates against the Pulumi project schema",
    (_rel, file) => {
      const project = parse(fs.readFileSync(file, "utf8"));
      const ok = validate(project);
      expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
      expect(ok).toBe(true);
      expect(project.runtime.name ?? project.runtime).toBe("nodejs");
    },
  );

  it("the schema rejects a broken project file (the oracle is live)", () => {
    expect(validate({ runtime: "nodejs" })).toBe(false); // no name
    expect(validate({ name: "x", runtime: { name: "nodejs", option: { typescript: true } } })).toBe(false); // misspelled key
    expect(validate({ name: "x", runtime: { name: "" } })).toBe(false);
  });
});
