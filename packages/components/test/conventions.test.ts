/**
 * The conventions of well-kept Pulumi component libraries (pulumi-eks,
 * pulumi-awsx), checked on the code rather than trusted: every args field is
 * documented and says its default, and every component registers every public
 * output (checked on every component of the test network, which has a cluster of every cloud,
 * rendered whole).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { planNetwork } from "@hubnet/plan";
import * as pulumi from "@pulumi/pulumi";
import ts from "typescript";
import { describe, expect, it, vi } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";

const SRC = path.resolve(__dirname, "../src");

function sources(): ts.SourceFile[] {
  return fs
    .readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) =>
      ts.createSourceFile(f, fs.readFileSync(path.join(SRC, f), "utf8"), ts.ScriptTarget.ES2022, true),
    );
}

/** Every args interface (`*Args`, and the interfaces they extend) with each field's JSDoc. */
function argsInterfaces() {
  const all = new Map<string, { file: string; node: ts.InterfaceDeclaration }>();
  for (const sf of sources())
    for (const st of sf.statements)
      if (ts.isInterfaceDeclaration(st)) all.set(st.name.text, { file: sf.fileName, node: st });
  const wanted = new Set([...all.keys()].filter((n) => n.endsWith("Args")));
  for (const n of [...wanted])
    for (const h of all.get(n)?.node.heritageClauses ?? [])
      for (const t of h.types) if (all.has(t.expression.getText())) wanted.add(t.expression.getText());
  return [...wanted].sort().map((name) => {
    const { file, node } = all.get(name)!;
    const fields = node.members.filter(ts.isPropertySignature).map((m) => ({
      name: m.name.getText(),
      optional: m.questionToken !== undefined,
      doc: ts
        .getJSDocCommentsAndTags(m)
        .map((d) => d.getText())
        .join("\n"),
    }));
    return { name, file, fields };
  });
}

describe("args of components and builders", () => {
  const interfaces = argsInterfaces();

  it("are found (the check reads the components' sources)", () => {
    expect(interfaces.map((i) => i.name)).toEqual(
      expect.arrayContaining([
        "BaselineNeeds",
        "ClusterBaselineArgs",
        "CommunityArgs",
        "HubArgs",
        "GkeClusterArgs",
      ]),
    );
  });

  it("document every field, and every optional field's @default", () => {
    const missing = interfaces.flatMap((i) =>
      i.fields.flatMap((f) => {
        const where = `${i.file}: ${i.name}.${f.name}`;
        if (!f.doc) return [`${where}: no doc comment`];
        if (f.optional && !f.doc.includes("@default")) return [`${where}: optional without @default`];
        return [];
      }),
    );
    expect(missing).toEqual([]);
  });
});

describe("components", () => {
  it("register every public output, on every component of the test network", async () => {
    const registered = new Map<pulumi.ComponentResource, string[]>();
    const spy = vi
      .spyOn(
        pulumi.ComponentResource.prototype as unknown as { registerOutputs(o?: object): void },
        "registerOutputs",
      )
      .mockImplementation(function (this: pulumi.ComponentResource, outputs?: object) {
        // The first call counts (the SDK ignores later ones); the SDK's own empty call comes after the constructor's.
        if (!registered.has(this)) registered.set(this, Object.keys(outputs ?? {}));
      });
    try {
      const r = await planNetwork({ root: FIXTURE_NETWORK, communities: "all" });
      expect(r.problems).toEqual([]);
    } finally {
      spy.mockRestore();
    }
    const base = new Set(Object.keys(new pulumi.ComponentResource("test:index:Bare", "bare")));
    const types = new Set<string>();
    const unregistered: string[] = [];
    for (const [component, keys] of registered) {
      const type =
        (component as unknown as { __pulumiType?: string }).__pulumiType ?? component.constructor.name;
      if (!type.startsWith("hubnet:")) continue;
      types.add(type);
      const outputs = Object.keys(component).filter((k) => !k.startsWith("__") && !base.has(k));
      for (const k of outputs) if (!keys.includes(k)) unregistered.push(`${type}.${k}`);
    }
    expect([...types].sort()).toEqual([
      "hubnet:baseline:ClusterBaseline",
      "hubnet:cluster:AksCluster",
      "hubnet:cluster:EksCluster",
      "hubnet:cluster:ExistingCluster",
      "hubnet:cluster:GkeCluster",
      "hubnet:cluster:LocalCluster",
      "hubnet:community:Community",
      "hubnet:hub:Hub",
    ]);
    expect([...new Set(unregistered)].sort()).toEqual([]);
  }, 180_000);
});
