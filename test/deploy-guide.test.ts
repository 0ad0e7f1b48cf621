/**
 * The deploy guide's commands are the ones the code answers to (issue 20): every `pulumi` command of
 * docs/platform/deploying.md runs from the checkout's root on a Pulumi project with subcommands and
 * flags the Pulumi CLI has, every config key it sets is one the stack programs read, every `hubnet`
 * command and option exists, and the APIs it enables by hand and says the stack enables are the
 * ones the cluster stack's table has.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../packages/cli/src/main";
import { GCP_BOOTSTRAP_API, gcpApis } from "../packages/components/src/gcp/apis";
import { EXISTING_KUBECONFIG_KEY } from "../packages/config/src";
import { REPO } from "./support/cli";

const guide = fs.readFileSync(path.join(REPO, "docs", "platform", "deploying.md"), "utf8");
const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
/** Shell lines, continuations joined, comments dropped. */
const lines = blocks
  .flatMap((b) => b.replace(/\\\n\s*/g, " ").split("\n"))
  .map((l) => l.replace(/\s+#.*$/, "").trim())
  .filter(Boolean);

/** Pulumi CLI 3.x subcommands and the flags the guide may use with them (pulumi.com/docs/iac/cli/commands). */
const PULUMI: Record<string, string[]> = {
  login: [],
  "stack init": ["--secrets-provider", "--stack"],
  "stack change-secrets-provider": ["--stack"],
  "stack output": ["--stack", "--show-secrets", "--json"],
  "stack rm": ["--stack", "--yes"],
  "stack ls": ["--all"],
  "config set": ["--secret", "--path", "--stack"],
  "state unprotect": ["--all", "--stack", "--yes"],
  up: ["--stack", "--yes", "--policy-pack"],
  preview: ["--stack", "--policy-pack"],
  destroy: ["--stack", "--yes"],
};

/** The config keys each project's program reads (its source), as `hubnet:<key>`. */
function keysRead(project: string): string[] {
  const src = fs.readFileSync(path.join(REPO, "stacks", project, "index.ts"), "utf8");
  return [...src.matchAll(/config\.(?:get|require)\w*(?:<.*?>)?\("([A-Za-z]+)"\)/g)].map(
    (m) => `hubnet:${m[1]}`,
  );
}

describe("the deploy guide's commands", () => {
  const pulumi = lines.filter((l) => l.startsWith("pulumi "));

  it("pulumi runs from the root on a project, with known subcommands and flags", () => {
    expect(pulumi.length).toBeGreaterThan(12);
    for (const line of pulumi) {
      const words = line.split(/\s+/).slice(1);
      let dir: string | undefined;
      if (words[0] === "-C") {
        dir = words[1];
        words.splice(0, 2);
        expect(
          fs.existsSync(path.join(REPO, dir, "Pulumi.yaml")),
          `${line}: ${dir} is a Pulumi project`,
        ).toBe(true);
      }
      const sub = PULUMI[`${words[0]} ${words[1]}`] ? `${words[0]} ${words[1]}` : words[0];
      expect(Object.keys(PULUMI), line).toContain(sub);
      if (sub !== "login") expect(dir, `${line}: run from the root with -C`).toBeDefined();
      for (const flag of words.filter((w) => w.startsWith("--")))
        expect(PULUMI[sub], `${line}: ${flag}`).toContain(flag);
    }
    for (const dir of ["stacks/cluster", "stacks/community"])
      expect(
        pulumi.some((l) => l.includes(`-C ${dir} destroy`)),
        `a teardown of ${dir}`,
      ).toBe(true);
  });

  it("every config key it sets is one the stack's program reads", () => {
    const sets = pulumi.filter((l) => / config set /.test(l));
    expect(sets.length).toBeGreaterThan(3);
    const read: Record<string, string[]> = {
      "stacks/community": keysRead("community"),
      "stacks/cluster": [EXISTING_KUBECONFIG_KEY],
    };
    expect(read["stacks/community"]).toContain("hubnet:clientSecrets");
    for (const line of sets) {
      const dir = line.split(/\s+/)[2];
      const key = line
        .replace(/^.* config set\s+/, "")
        .split(/\s+/)
        .filter((w) => !w.startsWith("--"))[0]
        .replace(/^'|'$/g, "");
      const root = line.includes("--path") ? key.split(".")[0] : key;
      expect(read[dir], `${line}: ${root} is read by ${dir}`).toContain(root);
      if (line.includes("clientSecrets")) expect(line, line).toContain("--secret");
    }
  });

  it("every hubnet command and option it shows exists", () => {
    const program = buildProgram();
    const global = program.options.map((o) => o.long);
    const inline = [...guide.matchAll(/`(?:pnpm )?(hubnet [^`]*)`/g)].map((m) => m[1]);
    const calls = [...lines, ...inline].flatMap((l) => [...l.matchAll(/hubnet\s+([a-z][a-z-]*)([^&;`]*)/g)]);
    expect(calls.length).toBeGreaterThan(3);
    for (const [, name, rest] of calls) {
      const command = program.commands.find((c) => c.name() === name);
      expect(command, `hubnet ${name}`).toBeDefined();
      const known = [...(command?.options.map((o) => o.long) ?? []), ...global];
      for (const [flag] of rest.matchAll(/--[a-z][a-z-]*/g))
        expect(known, `hubnet ${name} ${flag}`).toContain(flag);
    }
  });

  it("the APIs: enabled by hand the one the stack cannot enable, and named as the stack enables them", () => {
    const enable = lines.find((l) => l.startsWith("gcloud services enable"));
    expect(enable).toBeDefined();
    expect(enable).toContain(GCP_BOOTSTRAP_API);
    const sentence = /The stack then enables ([a-z, ]+) and ([a-z]+)\./.exec(guide.replace(/\s+/g, " "));
    expect(sentence, "the guide names the APIs the stack enables").not.toBeNull();
    const named = [...sentence![1].split(/,\s*/), sentence![2]].map((s) => s.trim()).sort();
    expect(named).toEqual(
      gcpApis()
        .map((a) => a.split(".")[0])
        .sort(),
    );
  });
});
