/**
 * The GitHub workflows, parsed: the fork-safe pull-request pattern (no secret where the pull
 * request's code runs; the comment posted by a workflow that never runs it), credentialed previews
 * from `hubnet affected --json` with the policy pack, the deploy order with one job per stack, a
 * concurrency group per stack and isolated failures, and every `hubnet` command and option they call
 * declared by the CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { buildProgram } from "../packages/cli/src/main";
import { REPO } from "./support/cli";

/** The CLI's commander types, without a dependency on commander here. */
type Command = ReturnType<typeof buildProgram>;
type Option = Command["options"][number];

// biome-ignore lint/suspicious/noExplicitAny: workflow files are free-form YAML
type Yaml = any;

const DIR = path.join(REPO, ".github");
const workflow = (name: string): Yaml => parse(fs.readFileSync(path.join(DIR, "workflows", name), "utf8"));
const files = () =>
  [
    ...fs.readdirSync(path.join(DIR, "workflows")).map((f) => path.join("workflows", f)),
    ...fs.readdirSync(path.join(DIR, "actions")).map((d) => path.join("actions", d, "action.yml")),
  ].filter((f) => /\.ya?ml$/.test(f));

/** Every step of every job of a workflow (or a composite action's steps). */
function steps(doc: Yaml): Yaml[] {
  if (doc.runs?.steps) return doc.runs.steps;
  return Object.values(doc.jobs ?? {}).flatMap((j: Yaml) => j.steps ?? []);
}
const text = (doc: Yaml) => JSON.stringify(doc);
/** A GitHub Actions expression, `${{ expr }}`, as the YAML holds it. */
const gh = (expr: string) => ["$", "{{ ", expr, " }}"].join("");

describe("pull requests, forks included", () => {
  const ci = workflow("ci.yml");

  it("ci runs on every pull request with read-only permissions and no secret", () => {
    expect(Object.keys(ci.on)).toEqual(["pull_request", "push"]);
    expect(ci.permissions).toEqual({ contents: "read" });
    expect(text(ci)).not.toMatch(/secrets\./);
    for (const job of Object.values(ci.jobs) as Yaml[]) expect(job.permissions ?? {}).toEqual({});
  });

  it("installs, fetches the oracles, validates and tests (.ci/run), and makes the diff comment an artifact", () => {
    const ciRun = fs.readFileSync(path.join(REPO, ".ci/run"), "utf8");
    expect(ciRun).toMatch(/pnpm install --frozen-lockfile/);
    expect(ciRun).toMatch(/pnpm oracles:fetch/);
    expect(ciRun).toMatch(/pnpm check/);
    expect(ciRun).toMatch(/pnpm hubnet validate/);
    expect(ci.jobs.check.steps.map((s: Yaml) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    const diff = ci.jobs.diff;
    expect(diff.if).toBe("github.event_name == 'pull_request'");
    const run = diff.steps.find((s: Yaml) => /hubnet diff/.test(s.run ?? "")).run;
    expect(run).toMatch(/hubnet diff --base "\$BASE" --head HEAD --markdown/);
    const upload = diff.steps.find((s: Yaml) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.if).toBe("always()");
    expect(upload.with.name).toBe("pr-comment");
    // The job fails on data loss (exit 4) after the comment is uploaded.
    const verdict = diff.steps.at(-1);
    expect(diff.steps.indexOf(verdict)).toBeGreaterThan(diff.steps.indexOf(upload));
    expect(verdict.run).toMatch(/exit "\$STATUS"/);
  });

  it("the comment is posted by a workflow_run job that never checks out or runs the pull request's code", () => {
    const post = workflow("pr-comment.yml");
    expect(post.on).toEqual({ workflow_run: { workflows: [ci.name], types: ["completed"] } });
    const job = post.jobs.comment;
    expect(job.permissions).toEqual({ actions: "read", "pull-requests": "write" });
    const uses = job.steps.map((s: Yaml) => String(s.uses ?? "").replace(/@.*/, ""));
    expect(uses).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(job.steps.some((s: Yaml) => s.run)).toBe(false);
    expect(text(post)).not.toMatch(/actions\/checkout|pnpm|head\.ref|\.\/\.github/);
    // The pull request is found by the run's head commit, not by what the artifact says.
    expect(job.steps[1].with.script).toMatch(/p\.head\.sha === sha/);
    expect(job.steps[1].with.script).not.toMatch(/pr-comment\/number/);
  });
});

describe("credentialed previews", () => {
  const preview = workflow("preview.yml");

  it("run only for pull requests from this repository, from `hubnet affected --json`", () => {
    expect(preview.jobs.affected.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    const run = preview.jobs.affected.steps.find((s: Yaml) => /hubnet affected/.test(s.run ?? "")).run;
    expect(run).toMatch(/hubnet affected --base "\$BASE" --head HEAD --json/);
    expect(preview.jobs.preview.needs).toBe("affected");
    expect(preview.jobs.preview.strategy).toEqual({
      "fail-fast": false,
      matrix: { include: gh("fromJSON(needs.affected.outputs.stacks)") },
    });
  });

  it("preview each stack with pulumi/actions and the policy pack, with short-lived cloud credentials", () => {
    const job = preview.jobs.preview;
    const pulumi = job.steps.find((s: Yaml) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumi.with).toMatchObject({
      command: "preview",
      policyPacks: "../../policies",
      "work-dir": `stacks/${gh("matrix.project")}`,
    });
    expect(job.permissions["id-token"]).toBe("write");
    expect(job.steps.map((s: Yaml) => s.uses)).toContain("./.github/actions/cloud-login");
    // The pack's folder, resolved from the work-dir of each project, is the policy project.
    for (const project of ["cluster", "community"])
      expect(
        fs.existsSync(path.join(REPO, "stacks", project, pulumi.with.policyPacks, "PulumiPolicy.yaml")),
        project,
      ).toBe(true);
  });
});

describe("deploy on merge", () => {
  const deploy = workflow("deploy.yml");
  const up = workflow("stack-up.yml");
  const health = workflow("health.yml");

  it("runs on pushes to main in order: clusters, staging, staging checks, production, production checks", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    const needs = (j: string) => [deploy.jobs[j].needs ?? []].flat();
    expect(needs("clusters")).toEqual(["plan"]);
    expect(needs("staging")).toEqual(["plan", "clusters"]);
    expect(needs("check-staging")).toEqual(["plan", "staging"]);
    expect(needs("production")).toEqual(["plan", "clusters", "staging", "check-staging"]);
    expect(needs("check-production")).toEqual(["plan", "staging", "production"]);
    for (const j of ["clusters", "staging", "production"])
      expect(deploy.jobs[j].uses).toBe("./.github/workflows/stack-up.yml");
    // One health check per hub (health.yml, which also runs on a schedule), each on its own.
    for (const [j, hubs] of [
      ["check-staging", "staging-hubs"],
      ["check-production", "production-hubs"],
    ]) {
      expect(deploy.jobs[j].uses).toBe("./.github/workflows/health.yml");
      expect(deploy.jobs[j].strategy).toEqual({
        "fail-fast": false,
        matrix: { include: gh(`fromJSON(needs.plan.outputs.${hubs})`) },
      });
      expect(deploy.jobs[j].with).toEqual({ community: gh("matrix.community"), hub: gh("matrix.hub") });
    }
    // A failed staging phase or staging check stops production; a skipped one does not.
    expect(deploy.jobs.production.if).toMatch(
      /needs\.staging\.result != 'failure' && needs\.check-staging\.result != 'failure'/,
    );
    expect(deploy.jobs.plan.steps.find((s: Yaml) => /hubnet affected/.test(s.run ?? "")).run).toMatch(
      /hubnet affected --base "\$BEFORE" --head HEAD --json/,
    );
  });

  it("one job per stack, failures isolated, a concurrency group per stack, a community only after its cluster", () => {
    const job = up.jobs.up;
    expect(job.strategy["fail-fast"]).toBe(false);
    expect(job.strategy.matrix.include).toBe(gh("fromJSON(inputs.stacks)"));
    expect(job.concurrency).toEqual({
      group: `deploy-${gh("matrix.project")}-${gh("matrix.stack")}`,
      "cancel-in-progress": false,
    });
    const pulumi = job.steps.find((s: Yaml) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumi.with).toMatchObject({ command: "up", policyPacks: "../../policies" });
    expect(text(job.steps)).toContain("was to be deployed first and was not");
  });

  it("every job that calls a reusable workflow grants what the called jobs ask for (GitHub rejects the run otherwise)", () => {
    const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };
    const level = (p: Yaml, scope: string) => LEVEL[p?.[scope] ?? "none"];
    let calls = 0;
    for (const file of fs.readdirSync(path.join(DIR, "workflows"))) {
      const caller = workflow(file);
      for (const [name, job] of Object.entries(caller.jobs) as [string, Yaml][]) {
        const called = /^\.\/\.github\/workflows\/(.+)$/.exec(job.uses ?? "")?.[1];
        if (!called) continue;
        calls++;
        const granted = job.permissions ?? caller.permissions;
        const callee = workflow(called);
        for (const [inner, innerJob] of Object.entries(callee.jobs) as [string, Yaml][]) {
          const asked = innerJob.permissions ?? callee.permissions ?? {};
          for (const scope of Object.keys(asked))
            expect(
              level(granted, scope),
              `${file}: job ${name} calls ${called}, whose job ${inner} asks for ${scope}: ${asked[scope]}`,
            ).toBeGreaterThanOrEqual(level(asked, scope));
        }
      }
    }
    expect(calls).toBeGreaterThan(0);
  });

  it("health checks call `hubnet check <url> --token-env HUBNET_HEALTH_TOKEN`, the token masked", () => {
    expect(health.on.workflow_call.inputs.community.required).toBe(true);
    const run = health.jobs.check.steps.find((s: Yaml) => /hubnet check/.test(s.run ?? "")).run;
    expect(run).toMatch(/hubnet check "\$URL" --token-env HUBNET_HEALTH_TOKEN/);
    expect(run.indexOf("::add-mask::")).toBeLessThan(run.indexOf("hubnet check"));
  });

  it("health checks read the token from the stack the deploy wrote: same backend, same stack name", () => {
    const step = health.jobs.check.steps.find((s: Yaml) => /hubnet check/.test(s.run ?? ""));
    const deployed = up.jobs.up.steps.find((s: Yaml) => String(s.uses).startsWith("pulumi/actions@")).with;
    expect(step.run).toMatch(/pulumi stack output healthTokens [^|]*--stack "\$STACK"/);
    expect(step.env.STACK).toBe(deployed["stack-name"].replace(gh("matrix.stack"), gh("matrix.community")));
    expect(step.env.PULUMI_BACKEND_URL).toBe(deployed["cloud-url"]);
  });
});

/** `hubnet <command> <args>` in every `run:` of the workflows and actions. */
function hubnetCalls(): { file: string; command: string; flags: string[] }[] {
  const out: { file: string; command: string; flags: string[] }[] = [];
  for (const f of files()) {
    const doc = parse(fs.readFileSync(path.join(DIR, f), "utf8"));
    for (const s of steps(doc)) {
      for (const line of String(s.run ?? "").split("\n")) {
        for (const m of line.matchAll(
          /(?:pnpm\s+(?:-s\s+|--silent\s+)?hubnet|\bhubnet)\s+([a-z][a-z-]*)([^|;&>]*)/g,
        )) {
          const flags = [...m[2].matchAll(/(?:^|\s)(--[a-z][a-z-]*)/g)].map((x) => x[1]);
          out.push({ file: f, command: m[1], flags });
        }
      }
    }
  }
  return out;
}

function optionNames(c: Command): string[] {
  return (c.options as readonly Option[])
    .flatMap((o) => [o.long, o.negate ? o.long?.replace(/^--no-/, "--") : undefined])
    .filter((x): x is string => !!x);
}

/** What the CLI does not declare of a call: its command, or each option it passes. */
function undeclared(program: Command, call: { command: string; flags: string[] }): string[] {
  const command = program.commands.find((c) => c.name() === call.command);
  if (!command) return [`hubnet ${call.command} is not a command of the CLI`];
  const known = [...optionNames(command), ...optionNames(program), "--help"];
  return call.flags.filter((f) => !known.includes(f)).map((f) => `hubnet ${call.command} has no option ${f}`);
}

describe("every hubnet command and option the workflows call exists", () => {
  const program = buildProgram();
  const calls = hubnetCalls();

  it("finds the calls", () => {
    expect(calls.map((c) => c.command).sort()).toEqual(expect.arrayContaining(["affected", "check", "diff"]));
  });

  it.each(calls.map((c) => [`${c.file}: hubnet ${c.command} ${c.flags.join(" ")}`, c]))(
    "%s",
    (_name, call) => {
      expect(undeclared(program, call)).toEqual([]);
    },
  );

  it("the check itself is live: an unknown command or option is caught, global and negated options pass", () => {
    expect(undeclared(program, { command: "diff", flags: ["--allow-dataloss", "--base"] })).toEqual([
      "hubnet diff has no option --allow-dataloss",
    ]);
    expect(undeclared(program, { command: "deploy", flags: [] })).toEqual([
      "hubnet deploy is not a command of the CLI",
    ]);
    expect(
      undeclared(program, {
        command: "diff",
        flags: ["--base", "--head", "--markdown", "--allow-data-loss", "--root", "--json", "--color"],
      }),
    ).toEqual([]);
  });
});
