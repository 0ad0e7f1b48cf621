/** renderStack: the real SDK under Pulumi's mock runtime, recorded as the engine would receive it. */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { ProgramError, renderStack } from "../src";

const SECRET = "s3cr3t-value-from-config";

function program() {
  const cfg = new pulumi.Config("hubnet");
  const ns = new k8s.core.v1.Namespace(
    "home",
    { metadata: { name: `ns-${cfg.require("suffix")}` } },
    { protect: true, retainOnDelete: true },
  );
  const pw = new random.RandomPassword("pw", { length: 16 });
  new k8s.core.v1.Secret(
    "creds",
    { metadata: { namespace: ns.metadata.name }, stringData: { token: cfg.requireSecret("token") } },
    { parent: ns },
  );
  new k8s.core.v1.ConfigMap("plain", { metadata: { namespace: ns.metadata.name }, data: { a: "b" } });
  return {
    namespace: ns.metadata.name,
    password: pulumi.secret(pw.result),
    token: cfg.requireSecret("token"),
  };
}

const render = (stack: string, config: Record<string, string>, secretKeys: string[] = []) =>
  renderStack({ project: "demo", stack, config, secretKeys, program });

describe("renderStack", () => {
  it("records type, name, parent, protect, retainOnDelete and the inputs of every resource", async () => {
    const r = await render("one", { "hubnet:suffix": "a", "hubnet:token": SECRET }, ["hubnet:token"]);
    const byName = Object.fromEntries(r.resources.map((x) => [x.name, x]));
    expect(Object.keys(byName).sort()).toEqual(["creds", "demo-one", "home", "plain", "pw"]);
    expect(byName.home).toMatchObject({
      type: "kubernetes:core/v1:Namespace",
      urn: "urn:pulumi:one::demo::kubernetes:core/v1:Namespace::home",
      parent: "urn:pulumi:one::demo::pulumi:pulumi:Stack::demo-one",
      protect: true,
      retainOnDelete: true,
      inputs: { apiVersion: "v1", kind: "Namespace", metadata: { name: "ns-a" } },
    });
    expect(byName.creds.parent).toBe(byName.home.urn);
    expect(byName.plain).toMatchObject({ protect: false, retainOnDelete: false });
    expect(byName.plain.inputs.metadata).toEqual({ namespace: "ns-a" });
  });

  it("replaces secrets with [secret] in inputs and outputs, and says which outputs are secret", async () => {
    const r = await render("two", { "hubnet:suffix": "b", "hubnet:token": SECRET }, ["hubnet:token"]);
    expect(JSON.stringify(r.resources)).not.toContain(SECRET);
    expect(r.resources.find((x) => x.name === "creds")?.inputs.stringData).toBe("[secret]");
    expect(r.outputs).toEqual({ namespace: "ns-b", password: "[secret]", token: "[secret]" });
    expect(r.secretOutputs.sort()).toEqual(["password", "token"]);
    expect(r.rawOutputs.token).toBe(SECRET);
  });

  it("gives every stack a fresh runtime: config and resources do not leak between stacks", async () => {
    await render("three", { "hubnet:suffix": "c", "hubnet:token": SECRET }, ["hubnet:token"]);
    const err = await render("four", { "hubnet:token": SECRET }).catch((e) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect(err.message).toContain("hubnet:suffix");
    const ok = await render("five", { "hubnet:suffix": "e", "hubnet:token": "x" });
    expect(ok.resources.every((x) => x.urn.startsWith("urn:pulumi:five::"))).toBe(true);
  });

  it("turns a pulumi.RunError into a ProgramError and keeps the process alive", async () => {
    const err = await renderStack({
      project: "demo",
      stack: "bad",
      config: {},
      program: async () => {
        new k8s.core.v1.Namespace("before", {});
        throw new pulumi.RunError("set hubnet:thing first");
      },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(ProgramError);
    expect(err).toMatchObject({ project: "demo", stackName: "bad", message: "set hubnet:thing first" });
    const after = await render("after", { "hubnet:suffix": "z", "hubnet:token": "t" });
    expect(after.resources.length).toBe(5);
  });
});
