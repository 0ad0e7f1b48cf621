/**
 * URNs and former URNs (aliases) as the Pulumi engine works them out, so that
 * a plan shows the URNs `pulumi up` creates and which deployed resource a
 * moved one still is.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { formerUrns, makeUrn, parseUrn, renderStack } from "../src";

const U = (qualifiedType: string, name: string) => `urn:pulumi:s::p::${qualifiedType}::${name}`;

describe("makeUrn and parseUrn", () => {
  it("qualify a type with the parent's whole qualified type, and not with the stack's", () => {
    expect(makeUrn("s", "p", undefined, "a:b:C", "n")).toBe(U("a:b:C", "n"));
    expect(makeUrn("s", "p", U("pulumi:pulumi:Stack", "p-s"), "a:b:C", "n")).toBe(U("a:b:C", "n"));
    expect(makeUrn("s", "p", U("x:y:Outer$x:y:Inner", "i"), "a:b:C", "n")).toBe(
      U("x:y:Outer$x:y:Inner$a:b:C", "n"),
    );
    expect(parseUrn(U("x:y:Outer$a:b:C", "name::with::colons"))).toEqual({
      stack: "s",
      project: "p",
      qualifiedType: "x:y:Outer$a:b:C",
      name: "name::with::colons",
    });
  });
});

describe("formerUrns", () => {
  const hub = {
    urn: U("c:c:Community$h:h:Hub", "geo-prod"),
    type: "h:h:Hub",
    name: "geo-prod",
    parent: U("c:c:Community", "geo"),
  };

  it("places an alias with no parent at the top of the stack, keeping name and type", () => {
    expect(formerUrns({ ...hub, aliases: [{ noParent: true }] }, [])).toEqual([U("h:h:Hub", "geo-prod")]);
  });

  it("applies a parent's former URNs to its children, and the parent's former name to their names", () => {
    const child = {
      urn: U("c:c:Community$h:h:Hub$k:v1:Namespace", "geo-prod-ns"),
      type: "k:v1:Namespace",
      name: "geo-prod-ns",
      parent: hub.urn,
      aliases: [],
    };
    expect(formerUrns(child, [U("h:h:Hub", "geo-prod")])).toEqual([
      U("h:h:Hub$k:v1:Namespace", "geo-prod-ns"),
    ]);
    expect(formerUrns(child, [U("h:h:Hub", "old-prod")])).toEqual([
      U("h:h:Hub$k:v1:Namespace", "old-prod-ns"),
    ]);
    expect(formerUrns(child, [])).toEqual([]);
  });

  it("keeps renames and whole-URN aliases, and leaves out aliases to another type (SDK API history)", () => {
    expect(
      formerUrns(
        {
          ...hub,
          aliases: [
            { name: "geo-production", parentUrn: hub.parent },
            { type: "h:h:OldHub", parentUrn: hub.parent },
            { urn: U("h:h:Hub", "elsewhere") },
          ],
        },
        [],
      ),
    ).toEqual([U("c:c:Community$h:h:Hub", "geo-production"), U("h:h:Hub", "elsewhere")]);
  });
});

class Outer extends pulumi.ComponentResource {
  constructor(name: string, moved: boolean) {
    super("test:index:Outer", name, {}, {});
    const inner = new Inner(
      `${name}-inner`,
      moved ? { parent: this, aliases: [{ parent: pulumi.rootStackResource }] } : {},
    );
    this.registerOutputs({ inner });
  }
}
class Inner extends pulumi.ComponentResource {
  constructor(name: string, opts: pulumi.ComponentResourceOptions) {
    super("test:index:Inner", name, {}, opts);
    new k8s.core.v1.ConfigMap(`${name}-cm`, { data: { a: "b" } }, { parent: this });
    this.registerOutputs({});
  }
}

describe("renderStack records engine URNs and former URNs", () => {
  it("of a component moved under another, and of its children", async () => {
    const render = (moved: boolean) =>
      renderStack({
        project: "p",
        stack: "s",
        config: {},
        program: async () => {
          new Outer("o", moved);
          return {};
        },
      });
    const before = await render(false);
    const after = await render(true);
    const cm = after.resources.find((r) => r.name === "o-inner-cm")!;
    expect(cm.urn).toBe(U("test:index:Outer$test:index:Inner$kubernetes:core/v1:ConfigMap", "o-inner-cm"));
    expect(cm.parent).toBe(U("test:index:Outer$test:index:Inner", "o-inner"));
    // Every resource of the stack as it was deployed is a resource of the new program, by URN or alias.
    const answers = new Set(after.resources.flatMap((r) => [r.urn, ...(r.aliases ?? [])]));
    for (const r of before.resources) expect(answers.has(r.urn), r.urn).toBe(true);
    expect(before.resources.every((r) => r.aliases === undefined)).toBe(true);
  });
});
