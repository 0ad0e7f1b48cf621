/**
 * The README's commands run as written: every `hubnet` command and option it shows exists, and its
 * deploy snippet runs from the checkout's root (each `pulumi -C <dir>` names a Pulumi project, with
 * the subcommands and flags the Pulumi CLI has; no `cd` that the next line would run from).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { buildProgram } from "../packages/cli/src/main";
import { REPO } from "./support/cli";

const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
const lines = blocks
  .flatMap((b) => b.split("\n"))
  .map((l) => l.replace(/\s+#.*$/, "").trim())
  .filter(Boolean);

/** Pulumi CLI 3.x subcommands and flags the snippet may use (pulumi.com/docs/iac/cli/commands). */
const PULUMI: Record<string, string[]> = {
  login: [],
  "stack init": ["--secrets-provider", "--stack"],
  up: ["--stack", "--yes", "--policy-pack"],
  preview: ["--stack", "--policy-pack"],
  "stack output": ["--stack", "--show-secrets", "--json"],
  "config set": ["--secret", "--path", "--stack"],
};

describe("the README's commands", () => {
  it("every hubnet command and option it shows exists", () => {
    const program = buildProgram();
    const global = program.options.map((o) => o.long);
    // In the shell blocks, and in inline code (the commands table, the prose).
    const inline = [...readme.matchAll(/`(?:pnpm )?(hubnet [^`]*)`/g)].map((m) => m[1].replace(/\\\|/g, "|"));
    const calls = [...lines, ...inline].flatMap((l) => [...l.matchAll(/hubnet\s+([a-z][a-z-]*)([^&;]*)/g)]);
    expect(calls.length).toBeGreaterThan(8);
    for (const [, name, rest] of calls) {
      const command = program.commands.find((c) => c.name() === name);
      expect(command, `hubnet ${name}`).toBeDefined();
      const known = [...(command?.options.map((o) => o.long) ?? []), ...global];
      for (const [flag] of rest.matchAll(/--[a-z][a-z-]*/g))
        expect(known, `hubnet ${name} ${flag}`).toContain(flag);
    }
  });

  it("the deploy snippet runs from the root: pulumi -C <project>, known subcommands and flags, no cd", () => {
    const pulumi = lines.filter((l) => l.startsWith("pulumi "));
    expect(pulumi.length).toBeGreaterThanOrEqual(4);
    expect(lines.filter((l) => /^cd\s|&&\s*cd\s/.test(l))).toEqual([]);
    for (const line of pulumi) {
      const words = line.split(/\s+/).slice(1);
      let dir: string | undefined;
      if (words[0] === "-C") {
        dir = words[1];
        words.splice(0, 2);
        expect(fs.existsSync(path.join(REPO, dir, "Pulumi.yaml")), `${dir} is a Pulumi project`).toBe(true);
      }
      const sub = PULUMI[`${words[0]} ${words[1]}`] ? `${words[0]} ${words[1]}` : words[0];
      expect(Object.keys(PULUMI), line).toContain(sub);
      if (sub !== "login") expect(dir, `${line}: run from the root with -C`).toBeDefined();
      for (const flag of words.filter((w) => w.startsWith("--")))
        expect(PULUMI[sub], `${line}: ${flag}`).toContain(flag);
    }
    // A community's stack needs a client secret per hub before `up`, as the snippet sets them.
    expect(pulumi.some((l) => /config set --secret --path 'hubnet:clientSecrets\.\w+'/.test(l))).toBe(true);
  });
});
