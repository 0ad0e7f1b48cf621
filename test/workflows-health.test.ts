/**
 * The health and catalog workflows: their triggers and job graph, the hubs a scheduled run covers, and
 * every `hubnet` command and flag they call exists.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../packages/cli/src/main";
import { REPO } from "./support/cli";

const workflow = (name: string) =>
  parse(fs.readFileSync(path.join(REPO, ".github", "workflows", name), "utf8")) as {
    on: Record<string, { inputs?: Record<string, { required?: boolean }> } | null>;
    jobs: Record<string, { needs?: string | string[]; steps?: { run?: string }[] }>;
  };

function hubnetCalls(wf: ReturnType<typeof workflow>): string[][] {
  const calls: string[][] = [];
  for (const job of Object.values(wf.jobs))
    for (const step of job.steps ?? [])
      for (const m of (step.run ?? "").matchAll(/hubnet ([a-z]+)([^\n|>;&]*)/g))
        calls.push([m[1], ...[...m[2].matchAll(/--[a-z-]+/g)].map((f) => f[0])]);
  return calls;
}

describe("workflows of the health checks and the catalog", () => {
  const program = buildProgram();

  for (const file of ["health.yml", "catalog.yml"])
    it(`${file}: every hubnet command and flag it calls exists`, () => {
      const calls = hubnetCalls(workflow(file));
      expect(calls.length).toBeGreaterThan(0);
      for (const [command, ...flags] of calls) {
        const cmd = program.commands.find((c) => c.name() === command);
        expect(cmd, command).toBeDefined();
        // its own options and those every command takes (--root, --json, --no-color)
        const known = [...(cmd?.options ?? []), ...program.options].map((o) => o.long);
        for (const flag of flags) expect(known, `${command} ${flag}`).toContain(flag);
      }
    });

  it("health.yml: scheduled, callable after a deploy with the community, a check job per hub after the list", () => {
    const wf = workflow("health.yml");
    expect(wf.on.schedule).toBeDefined();
    expect(wf.on.workflow_call?.inputs?.community?.required).toBe(true);
    expect(wf.jobs.check.needs).toBe("hubs");
    expect(hubnetCalls(wf)).toContainEqual(["check", "--timeout", "--json"]);
  });

  it("a scheduled run covers every production hub on a cloud cluster of the network", () => {
    const rows = JSON.parse(
      execFileSync(process.execPath, [path.join(REPO, ".github", "scripts", "hubs-to-check.cjs")], {
        cwd: path.join(REPO, "packages", "cli"),
        encoding: "utf8",
      }),
    ) as { community: string; hub: string; url: string }[];
    const network = loadNetwork(REPO);
    const expected = [...network.communities.values()].flatMap(({ config }) =>
      network.clusters.get(config.cluster)?.config.cloud === "local"
        ? []
        : config.hubs
            .filter((h) => h.name !== "staging")
            .map((h) => `${config.name}/${h.name} https://${h.domain}/`),
    );
    expect(rows.map((r) => `${r.community}/${r.hub} ${r.url}`)).toEqual(expected);
  });
});
