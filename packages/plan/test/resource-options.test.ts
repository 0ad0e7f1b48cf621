/**
 * The plan records the resource options that change what a deploy does (issue 20, item 2), as the SDK
 * sends them to the engine: a test or the diff can then reason about replacements and ordering.
 */
import * as k8s from "@pulumi/kubernetes";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { renderStack } from "../src";

function program() {
  const first = new random.RandomPassword("first", { length: 8 });
  const ns = new k8s.core.v1.Namespace("ns", { metadata: { name: "ns" } });
  new k8s.core.v1.ConfigMap(
    "cm",
    { metadata: { namespace: ns.metadata.name, name: "cm" }, data: { a: "b" } },
    {
      deleteBeforeReplace: true,
      replaceOnChanges: ["data"],
      ignoreChanges: ["metadata.labels", "data.a"],
      dependsOn: [first],
      deletedWith: ns,
      aliases: [{ name: "old-cm" }],
    },
  );
  new k8s.core.v1.ConfigMap("plain", { metadata: { name: "plain" }, data: { a: "b" } });
  return {};
}

describe("recorded resource options", () => {
  it("records deleteBeforeReplace, replaceOnChanges, ignoreChanges, dependsOn, deletedWith and aliases", async () => {
    const r = await renderStack({ project: "demo", stack: "opts", config: {}, program });
    const byName = Object.fromEntries(r.resources.map((x) => [x.name, x]));
    expect(byName.cm.options).toEqual({
      deleteBeforeReplace: true,
      replaceOnChanges: ["data"],
      ignoreChanges: ["data.a", "metadata.labels"],
      // The namespace is an input's source (metadata.namespace), so only the explicit dependency is here.
      dependsOn: [byName.first.urn],
      deletedWith: byName.ns.urn,
    });
    expect(byName.cm.aliases).toEqual(["urn:pulumi:opts::demo::kubernetes:core/v1:ConfigMap::old-cm"]);
    expect(byName.plain.options).toBeUndefined();
  });
});
