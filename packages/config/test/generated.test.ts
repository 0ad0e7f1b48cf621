import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  clusterJsonSchema,
  clusterStackJsonSchema,
  communityJsonSchema,
  generatedFiles,
  renderReference,
  typeOf,
} from "../src";
import { REPO_ROOT } from "./helpers";

describe("generated files", () => {
  it("the committed schemas and reference docs equal what `hubnet generate` produces", () => {
    const stale = Object.entries(generatedFiles())
      .filter(([rel, text]) => {
        const file = path.join(REPO_ROOT, rel);
        return !fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text;
      })
      .map(([rel]) => rel);
    expect(stale, "run `pnpm hubnet generate` and commit the result").toEqual([]);
  });

  it("every community file starts with the yaml-language-server schema line", () => {
    const dir = path.join(REPO_ROOT, "communities");
    const names = fs.readdirSync(dir).filter((n) => fs.existsSync(path.join(dir, n, "community.yaml")));
    expect(names.length).toBeGreaterThan(0);
    for (const n of names) {
      const first = fs.readFileSync(path.join(dir, n, "community.yaml"), "utf8").split("\n")[0];
      expect(first, n).toBe(
        "# yaml-language-server: $schema=../../packages/config/schemas/community.schema.json",
      );
    }
  });

  it("every cluster stack file starts with the yaml-language-server schema line", () => {
    const dir = path.join(REPO_ROOT, "stacks", "cluster");
    const files = fs.readdirSync(dir).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const first = fs.readFileSync(path.join(dir, f), "utf8").split("\n")[0];
      expect(first, f).toBe(
        "# yaml-language-server: $schema=../../packages/config/schemas/cluster-stack.schema.json",
      );
    }
  });

  it("the community schema carries $id, title, descriptions and refuses unknown keys", () => {
    const s = communityJsonSchema() as Record<string, any>;
    expect(s.$id).toBe("community.schema.json");
    expect(s.title).toContain("community");
    expect(s.additionalProperties).toBe(false);
    expect(s.required).toEqual(expect.arrayContaining(["name", "cluster", "hubs", "auth", "profiles"]));
    expect(s.properties.name.description).toBe("Community identifier; must equal the folder name.");
    expect(s.properties.auth.oneOf.map((o: any) => o.properties.provider.const)).toEqual([
      "github",
      "cilogon",
      "google",
      "oidc",
      "shared-password",
      "anonymous",
      "dummy",
    ]);
  });

  it("the cluster schemas describe hubnet:cluster, and the stack schema wraps it under config", () => {
    const c = clusterJsonSchema() as Record<string, any>;
    expect(c.oneOf.map((o: any) => o.properties.cloud.const)).toEqual([
      "gcp",
      "aws",
      "azure",
      "existing",
      "local",
    ]);
    const stack = clusterStackJsonSchema() as Record<string, any>;
    expect(stack.properties.config.properties["hubnet:cluster"].oneOf).toHaveLength(5);
    expect(stack.properties.config.required).toEqual(["hubnet:cluster"]);
  });

  it("the reference has a table per object with field, type, default and description", () => {
    const md = renderReference(
      {
        type: "object",
        description: "Root.",
        required: ["a"],
        properties: {
          a: { type: "string", description: "The a | b field, e.g. <name>." },
          b: {
            type: "object",
            default: {},
            description: "Nested.",
            properties: { c: { type: "integer", default: 1 } },
          },
          d: { type: "array", items: { type: "string" }, default: [] },
        },
      },
      { title: "T", intro: "Intro.", rootName: "Top" },
    );
    expect(md).toContain("## Top\n\nRoot.\n\n| Field | Type | Default | Description |");
    expect(md).toContain("| `a` | string | **required** | The a \\| b field, e.g. &lt;name&gt;. |");
    expect(md).toContain("| `d` | list of string | `[]` |  |");
    expect(md).toContain("## `b`\n\nNested.");
    expect(md).toContain("| `c` | integer | `1` |  |");
    expect(typeOf({ enum: ["x", "y"] })).toBe("`x`, `y`");
  });
});
