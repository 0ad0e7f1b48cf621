/**
 * The GitHub workflows, parsed (decision 0023): the fork-safe pull-request pattern (no secret where
 * the pull request's code runs; the comment posted by a workflow that never runs it), read-only
 * previews, deploys serialized and measured from the last good deploy, the staging canary, new
 * stacks created and checked before their first preview and up, the guard re-run by the deployed
 * code, deploy credentials behind the Environment `production`, no untrusted value interpolated into
 * a shell, current action majors, the Pulumi CLI pinned to the SDK, and every `hubnet` command and
 * option they call declared by the CLI. What the scripts they call do is test/workflow-scripts.test.ts.
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
const docs = () =>
  files().map((f) => ({ file: f, doc: parse(fs.readFileSync(path.join(DIR, f), "utf8")) as Yaml }));

/** Every step of every job of a workflow (or a composite action's steps). */
function steps(doc: Yaml): Yaml[] {
  if (doc.runs?.steps) return doc.runs.steps;
  return Object.values(doc.jobs ?? {}).flatMap((j: Yaml) => j.steps ?? []);
}
const text = (doc: Yaml) => JSON.stringify(doc);
/** A GitHub Actions expression, `${{ expr }}`, as the YAML holds it. */
const gh = (expr: string) => ["$", "{{ ", expr, " }}"].join("");
const stepRunning = (job: Yaml, re: RegExp) => job.steps.find((s: Yaml) => re.test(s.run ?? ""));

/**
 * The expressions a shell or a script would receive written into its text: `${{ … }}` inside a
 * `run:` (every workflow and composite action) or an actions/github-script `script:`, whose
 * expression is not one of a few values no pull request, stack name or command output can set.
 * Anything else reaches a shell through `env:` and is quoted there (`"$STACK"`).
 */
const TRUSTED_IN_SCRIPTS = [
  "github.run_id",
  "github.run_attempt",
  "github.sha",
  "github.repository",
  "github.server_url",
  "github.workspace",
  "github.event_name",
  "runner.temp",
  "runner.os",
];
function interpolations(doc: Yaml): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  const jobs: [string, Yaml[]][] = doc.runs?.steps
    ? [["(composite)", doc.runs.steps]]
    : Object.entries(doc.jobs ?? {}).map(([n, j]: [string, Yaml]) => [n, j.steps ?? []]);
  for (const [job, list] of jobs)
    list.forEach((s: Yaml, i: number) => {
      const scripts = [
        s.run,
        String(s.uses ?? "").startsWith("actions/github-script@") ? s.with?.script : undefined,
      ];
      for (const script of scripts.filter((x) => typeof x === "string"))
        for (const m of (script as string).matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
          const expr = m[1].trim();
          if (!TRUSTED_IN_SCRIPTS.includes(expr))
            out.push({ where: `${job} step ${s.name ?? s.id ?? i}`, expr });
        }
    });
  return out;
}

describe("pull requests, forks included", () => {
  const ci = workflow("ci.yml");
  const diff = workflow("diff.yml");

  it("ci and diff run on every pull request with read-only permissions and no secret", () => {
    for (const wf of [ci, diff]) {
      expect(wf.permissions).toEqual({ contents: "read" });
      expect(text(wf)).not.toMatch(/secrets\.|environment/);
      for (const job of Object.values(wf.jobs) as Yaml[]) expect(job.permissions ?? {}).toEqual({});
    }
    expect(Object.keys(ci.on)).toEqual(["pull_request", "push"]);
    expect(Object.keys(diff.on)).toEqual(["pull_request"]);
  });

  it("a label runs the diff again (it can change the verdict), not the whole check", () => {
    expect(ci.on.pull_request.types).toEqual(["opened", "synchronize", "reopened"]);
    expect(diff.on.pull_request.types).toEqual(["opened", "synchronize", "reopened", "labeled", "unlabeled"]);
    // A newer push or label cancels the older diff (whose comment pr-comment then does not post).
    expect(diff.concurrency).toEqual({
      group: `diff-${gh("github.event.pull_request.number")}`,
      "cancel-in-progress": true,
    });
  });

  it("installs with the pnpm cache, fetches the oracles, validates and tests (.ci/run)", () => {
    const ciRun = fs.readFileSync(path.join(REPO, ".ci/run"), "utf8");
    expect(ciRun).toMatch(/pnpm install --frozen-lockfile/);
    expect(ciRun).toMatch(/pnpm oracles:fetch/);
    expect(ciRun).toMatch(/pnpm check/);
    expect(ciRun).toMatch(/pnpm hubnet validate/);
    expect(ci.jobs.check.steps.map((s: Yaml) => s.run).filter(Boolean)).toEqual(["bash .ci/run"]);
    const uses = ci.jobs.check.steps.map((s: Yaml) => String(s.uses ?? "").replace(/@.*/, ""));
    expect(uses.indexOf("pnpm/action-setup")).toBeLessThan(uses.indexOf("actions/setup-node"));
    expect(ci.jobs.check.steps.find((s: Yaml) => /setup-node/.test(s.uses ?? "")).with.cache).toBe("pnpm");
  });

  it("makes the diff comment an artifact, with what a platform owner does for a new stack, and fails on data loss after", () => {
    const job = diff.jobs.diff;
    const run = stepRunning(job, /hubnet diff/).run;
    expect(run).toMatch(/hubnet diff --base "\$BASE" --head HEAD --markdown/);
    expect(run).toMatch(/deploy-matrix\.cjs --setup-markdown affected\.json >> pr-comment\/comment\.md/);
    const upload = job.steps.find((s: Yaml) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.if).toBe("always()");
    expect(upload.with.name).toBe("pr-comment");
    const verdict = job.steps.at(-1);
    expect(job.steps.indexOf(verdict)).toBeGreaterThan(job.steps.indexOf(upload));
    expect(verdict.run).toMatch(/exit "\$STATUS"/);
    // A removal that stacks/removed.yaml does not list fails the pull request.
    expect(stepRunning(job, /stacks\/removed\.yaml/).run).toMatch(
      /select\(\.change == "removed" and \(\.tracked \| not\)\)/,
    );
  });

  it("the comment is posted by a workflow_run job that never runs the pull request's code, and never for a cancelled run", () => {
    const post = workflow("pr-comment.yml");
    expect(post.on).toEqual({ workflow_run: { workflows: [diff.name], types: ["completed"] } });
    const job = post.jobs.comment;
    expect(job.if).toMatch(
      /conclusion == 'success' \|\| github\.event\.workflow_run\.conclusion == 'failure'/,
    );
    expect(job.if).not.toMatch(/cancelled/);
    expect(job.permissions).toEqual({ actions: "read", "pull-requests": "write" });
    const uses = job.steps.map((s: Yaml) => String(s.uses ?? "").replace(/@.*/, ""));
    expect(uses).toEqual(["actions/download-artifact", "actions/github-script"]);
    expect(job.steps.some((s: Yaml) => s.run)).toBe(false);
    expect(text(post)).not.toMatch(/actions\/checkout|pnpm|head\.ref|\.\/\.github/);
    expect(job.steps[1].with.script).toMatch(/p\.head\.sha === sha/);
    expect(job.steps[1].with.script).not.toMatch(/pr-comment\/number/);
  });
});

describe("previews: read-only credentials, a new stack checked first", () => {
  const preview = workflow("preview.yml");

  it("run only for pull requests from this repository, from `hubnet affected --json`", () => {
    expect(preview.jobs.affected.if).toBe(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
    const run = stepRunning(preview.jobs.affected, /hubnet affected/).run;
    expect(run).toMatch(/hubnet affected --base "\$BASE" --head HEAD --json/);
    expect(run).toMatch(/deploy-matrix\.cjs affected\.json "\$GITHUB_OUTPUT"/);
    expect(preview.jobs.preview.strategy).toEqual({
      "fail-fast": false,
      matrix: { include: gh("fromJSON(needs.affected.outputs.stacks)") },
    });
  });

  it("the read-only token is in the Environment preview, given to the Pulumi steps only; no deploy credential", () => {
    expect(preview.env).toBeUndefined();
    const job = preview.jobs.preview;
    expect(job.environment).toBe("preview");
    expect(text(preview)).not.toMatch(
      /PULUMI_DEPLOY_TOKEN|_DEPLOY_SERVICE_ACCOUNT }}|AWS_DEPLOY_ROLE_ARN }}|AZURE_DEPLOY_CLIENT_ID/,
    );
    expect(job.env.GCP_DEPLOY_SERVICE_ACCOUNT).toBe(gh("vars.GCP_PREVIEW_SERVICE_ACCOUNT"));
    expect(job.env.AWS_DEPLOY_ROLE_ARN).toBe(gh("vars.AWS_PREVIEW_ROLE_ARN"));
    expect(job.env.AZURE_CLIENT_ID).toBe(gh("vars.AZURE_PREVIEW_CLIENT_ID"));
    expect(text(job.env)).not.toMatch(/secrets\./);
    for (const s of job.steps) {
      const token = s.env?.PULUMI_ACCESS_TOKEN;
      if (/pulumi|stack-ready/.test(s.run ?? "")) expect(token, s.name).toBe(gh("secrets.PULUMI_READ_TOKEN"));
      else expect(token, s.name ?? s.uses).toBeUndefined();
    }
    // `pnpm install` (the pull request's `prepare`) runs before any step with the token.
    const setup = job.steps.findIndex((s: Yaml) => s.uses === "./.github/actions/setup");
    expect(setup).toBeLessThan(job.steps.findIndex((s: Yaml) => s.env?.PULUMI_ACCESS_TOKEN));
  });

  it("checks that the stack exists, with its config, before the preview; a missing stack is not previewed", () => {
    const job = preview.jobs.preview;
    const ready = stepRunning(job, /stack-ready\.sh/);
    expect(ready.run).toBe("bash .github/scripts/stack-ready.sh check");
    expect(ready.env.CONFIG).toBe(gh("toJSON(matrix.config)"));
    const run = stepRunning(job, /pulumi preview/);
    expect(job.steps.indexOf(ready)).toBeLessThan(job.steps.indexOf(run));
    expect(run.if).toBe(`steps.${ready.id}.outputs.exists == 'true'`);
    expect(run.run).toMatch(/pulumi preview [^\n]*--stack "\$STACK" --policy-pack \.\.\/\.\.\/policies/);
    for (const project of ["cluster", "community"])
      expect(fs.existsSync(path.join(REPO, "stacks", project, "../../policies", "PulumiPolicy.yaml"))).toBe(
        true,
      );
  });
});

describe("deploy on merge", () => {
  const deploy = workflow("deploy.yml");
  const up = workflow("stack-up.yml");
  const health = workflow("health.yml");
  const needs = (j: string) => [deploy.jobs[j].needs ?? []].flat();

  const WAVES = ["clusters", "canaries", "staging", "production"];
  const CHECKS: Record<string, string> = {
    canaries: "check-canaries",
    staging: "check-staging",
    production: "check-production",
  };
  /** The jobs in the order they run: each wave, then the check of its hubs. */
  const ORDER = ["plan", "guard", ...WAVES.flatMap((w) => (CHECKS[w] ? [w, CHECKS[w]] : [w]))];
  const HALT =
    "!cancelled() && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')";

  it("is serialized: one run at a time, a waiting run never cancels the one deploying", () => {
    expect(deploy.concurrency).toEqual({ group: "deploy-main", "cancel-in-progress": false });
    // No job opts out into a group of its own, nor does a batch of stack-up.
    for (const job of Object.values(deploy.jobs) as Yaml[]) expect(job.concurrency).toBeUndefined();
    expect(up.jobs.up.concurrency).toBeUndefined();
  });

  it("deploys what changed since the last good deploy (deployed/main), as the waves of `hubnet rollout`, and moves it only after a run with nothing failed", () => {
    const plan = deploy.jobs.plan;
    const base = plan.steps.find((s: Yaml) => s.id === "base");
    expect(base.run).toBe("bash .github/scripts/deploy-base.sh");
    expect(plan.steps.find((s: Yaml) => s.uses?.startsWith("actions/checkout@")).with["fetch-depth"]).toBe(0);
    const matrix = stepRunning(plan, /hubnet rollout/);
    expect(matrix.env.BASE).toBe(gh("steps.base.outputs.base"));
    expect(matrix.run).toMatch(/hubnet rollout --base "\$BASE" --head HEAD --json > rollout\.json/);
    expect(matrix.run).toMatch(
      /deploy-matrix\.cjs --rollout rollout\.json "\$GITHUB_OUTPUT" deploy-plan\.json/,
    );
    expect(stepRunning(plan, /hubnet affected/)).toBeUndefined();
    // The plan file (each batch's stacks, config, excludes and hubs) is the run's artifact, read by every batch.
    const upload = plan.steps.find((s: Yaml) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.with).toMatchObject({ name: "deploy-plan", path: "deploy-plan.json" });
    expect(plan.steps.indexOf(upload)).toBeGreaterThan(plan.steps.indexOf(matrix));
    for (const w of WAVES) {
      expect(plan.outputs[w]).toBe(gh(`steps.matrix.outputs.${w}`));
      expect(plan.outputs[`${w}-parallel`]).toBe(gh(`steps.matrix.outputs.${w}-parallel`));
    }
    expect(text(deploy)).not.toMatch(/github\.event\.before/);
    const record = deploy.jobs.record;
    expect(needs("record").sort()).toEqual(
      Object.keys(deploy.jobs)
        .filter((j) => j !== "record")
        .sort(),
    );
    expect(record.if).toMatch(
      /!contains\(needs\.\*\.result, 'failure'\) && !contains\(needs\.\*\.result, 'cancelled'\)/,
    );
    expect(record.if).toMatch(/^\$\{\{ !cancelled\(\)/);
    expect(stepRunning(record, /record-deploy/).env.BASE).toBe(gh("needs.plan.outputs.base"));
    // The only job that may write to the repository is the one that moves the tag.
    for (const [name, job] of Object.entries(deploy.jobs) as [string, Yaml][])
      expect(job.permissions?.contents ?? "read", name).toBe(name === "record" ? "write" : "read");
  });

  it("in order: plan, guard, clusters, canaries, their checks, staging hubs, their checks, production, its checks, record", () => {
    expect(Object.keys(deploy.jobs)).toEqual([...ORDER, "record"]);
    expect(needs("guard")).toEqual(["plan"]);
    // Each job after the guard needs every job before it, so a failure anywhere earlier is in its needs.
    for (const [i, j] of ORDER.entries()) if (i >= 2) expect(needs(j), j).toEqual(ORDER.slice(0, i));
  });

  it("a wave starts only when every job before it succeeded or had nothing to do: a failed batch or check halts the rest", () => {
    for (const j of ORDER.slice(2)) {
      const cond = String(deploy.jobs[j].if).replace(/\s+/g, " ");
      expect(cond, j).toMatch(new RegExp(`^\\$\\{\\{ ${HALT.replace(/[()*.|]/g, "\\$&")} `));
      // Nothing reaches `pulumi up` or a check unless the plan and the guard passed.
      expect(cond, j).toMatch(/needs\.plan\.result == 'success' && needs\.guard\.result == 'success'/);
    }
    for (const w of WAVES)
      expect(String(deploy.jobs[w].if).replace(/\s+/g, " ")).toMatch(
        new RegExp(`&& needs\\.plan\\.outputs\\.${w} != '\\[\\]' \\}\\}$`),
      );
    // A check runs only after its own wave succeeded (not after a skipped one).
    for (const [w, c] of Object.entries(CHECKS))
      expect(String(deploy.jobs[c].if).replace(/\s+/g, " ")).toMatch(
        new RegExp(`needs\\.${w}\\.result == 'success' && needs\\.plan\\.outputs\\.${w}-checks != '\\[\\]'`),
      );
  });

  it("each wave is one matrix of batches: max-parallel from the rollout, a failed batch stops the wave (all clusters at once)", () => {
    for (const w of WAVES) {
      const job = deploy.jobs[w];
      expect(job.uses).toBe("./.github/workflows/stack-up.yml");
      expect(job.with).toEqual({
        batches: gh(`needs.plan.outputs.${w}`),
        "max-parallel": gh(`fromJSON(needs.plan.outputs.${w}-parallel)`),
        // Every cluster batch runs at once (maxParallel: all): fail-fast would only cancel ups in flight.
        "fail-fast": w !== "clusters",
        clusters: gh("needs.plan.outputs.cluster-names"),
      });
    }
    const strategy = up.jobs.up.strategy;
    expect(strategy).toEqual({
      "fail-fast": gh("inputs.fail-fast"),
      "max-parallel": gh("inputs.max-parallel"),
      matrix: { include: gh("fromJSON(inputs.batches)") },
    });
    expect(up.on.workflow_call.inputs["fail-fast"]).toMatchObject({ type: "boolean", default: true });
    expect(up.on.workflow_call.inputs["max-parallel"]).toMatchObject({ type: "number", default: 1 });
  });

  it("the hubs a wave changed are checked per batch (at most 256 jobs), every hub of the wave, with the read-only token", () => {
    for (const [w, c] of Object.entries(CHECKS)) {
      const job = deploy.jobs[c];
      expect(job.strategy).toEqual({
        "fail-fast": false,
        matrix: { include: gh(`fromJSON(needs.plan.outputs.${w}-checks)`) },
      });
      expect(job.environment).toBe("preview");
      const step = stepRunning(job, /check-hubs\.sh/);
      expect(step.run).toBe("bash .github/scripts/check-hubs.sh");
      expect(step.env).toMatchObject({
        BATCH: gh("matrix.id"),
        PULUMI_ACCESS_TOKEN: gh("secrets.PULUMI_READ_TOKEN"),
        PULUMI_BACKEND_URL: up.jobs.up.env.PULUMI_BACKEND_URL,
        STACK_PREFIX: up.jobs.up.env.STACK_PREFIX,
      });
      const download = job.steps.find((s: Yaml) => String(s.uses).startsWith("actions/download-artifact@"));
      expect(download.with).toEqual({ name: "deploy-plan" });
      expect(job.steps.indexOf(download)).toBeLessThan(job.steps.indexOf(step));
    }
    const script = fs.readFileSync(path.join(DIR, "scripts", "check-hubs.sh"), "utf8");
    expect(script).toMatch(/pulumi stack output healthTokens --show-secrets --json --stack "\$stack"/);
    expect(script.indexOf('echo "::add-mask::')).toBeLessThan(script.indexOf("pnpm -s hubnet check"));
    expect(script.indexOf('echo "::add-mask::')).toBeGreaterThan(0);
  });

  it("one job per batch: its stacks one after another from the plan file, one cloud login, a staging up excluding the other hubs", () => {
    const job = up.jobs.up;
    const batch = stepRunning(job, /batch-up\.sh/);
    expect(batch.run).toBe("bash .github/scripts/batch-up.sh");
    expect(batch.env.BATCH).toBe(gh("matrix.id"));
    expect(job.env.STACK_PREFIX).toBe(gh("vars.PULUMI_STACK_PREFIX"));
    const download = job.steps.find(
      (s: Yaml) => String(s.uses).startsWith("actions/download-artifact@") && s.with?.name === "deploy-plan",
    );
    expect(job.steps.indexOf(download)).toBeLessThan(job.steps.indexOf(batch));
    const logins = job.steps.filter((s: Yaml) => s.uses === "./.github/actions/cloud-login");
    expect(logins).toHaveLength(1);
    expect(logins[0].with.cloud).toBe(gh("matrix.cloud"));
    const script = fs.readFileSync(path.join(DIR, "scripts", "batch-up.sh"), "utf8");
    expect(script).toMatch(/bash "\$here\/stack-ready\.sh" init/);
    expect(script).toMatch(/bash "\$here\/stack-up\.sh"/);
    const stackUp = fs.readFileSync(path.join(DIR, "scripts", "stack-up.sh"), "utf8");
    expect(stackUp).toMatch(/args\+=\(--exclude "\$urn"\)/);
    expect(stackUp).toMatch(/args\+=\(--exclude-dependents\)/);
  });

  it("the guard runs again before any up, with the code last deployed, on the merged tree", () => {
    const guard = deploy.jobs.guard;
    expect(guard.permissions).toEqual({ contents: "read", "pull-requests": "read" });
    expect(text(guard)).not.toMatch(/secrets\.|environment/);
    const run = stepRunning(guard, /hubnet\.cjs" diff/);
    expect(run.env.BASE).toBe(gh("needs.plan.outputs.base"));
    expect(run.run).toMatch(/git worktree add --detach "\$RUNNER_TEMP\/deployed" "\$BASE"/);
    expect(run.run).toMatch(
      /node "\$RUNNER_TEMP\/deployed\/packages\/cli\/bin\/hubnet\.cjs" diff --root "\$GITHUB_WORKSPACE" --base "\$BASE" --head HEAD/,
    );
    expect(run.run).toMatch(/exit "\$status"/);
    expect(stepRunning(guard, /allow-data-loss\.sh/).env.DISPATCH_ALLOW).toBe(
      gh("inputs.allow-data-loss || false"),
    );
    // Every wave needs the guard.
    for (const w of WAVES) expect(needs(w)).toContain("guard");
  });

  it("a new stack is created, and its config checked, before its first up", () => {
    const job = up.jobs.up;
    const batch = stepRunning(job, /batch-up\.sh/);
    expect(batch.env.SECRETS_PROVIDER).toBe(gh("vars.PULUMI_SECRETS_PROVIDER"));
    expect(batch.env.PULUMI_ACCESS_TOKEN).toBe(gh("secrets.PULUMI_DEPLOY_TOKEN"));
    const script = fs.readFileSync(path.join(DIR, "scripts", "batch-up.sh"), "utf8");
    expect(script.indexOf("stack-ready.sh")).toBeLessThan(script.indexOf('stack-up.sh"'));
    // pulumi/actions' own up (upsert: false) is gone: the CLI runs, pinned.
    expect(text(up)).not.toMatch(/pulumi\/actions@/);
    expect(job.steps.map((s: Yaml) => s.uses)).toContain("./.github/actions/pulumi");
  });

  it("a community batch only after its cluster", () => {
    const job = up.jobs.up;
    expect(text(job.steps)).toContain("was to be deployed first and was not");
    const upload = job.steps.find((s: Yaml) => String(s.uses).startsWith("actions/upload-artifact@"));
    expect(upload.if).toBe("matrix.project == 'cluster'");
    expect(upload.with.name).toBe(`deployed-cluster-${gh("matrix.cluster")}`);
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

  it("health checks call `hubnet check <url> --token-env HUBNET_HEALTH_TOKEN`, the token masked, read with the read-only token", () => {
    expect(health.on.workflow_call.inputs.community.required).toBe(true);
    const step = stepRunning(health.jobs.check, /hubnet check/);
    expect(step.run).toMatch(/hubnet check "\$URL" --token-env HUBNET_HEALTH_TOKEN/);
    expect(step.run.indexOf("::add-mask::")).toBeLessThan(step.run.indexOf("hubnet check"));
    expect(health.jobs.check.environment).toBe("preview");
    expect(step.env.PULUMI_ACCESS_TOKEN).toBe(gh("secrets.PULUMI_READ_TOKEN"));
  });

  it("health checks read the token from the stack the deploy wrote: same backend, same stack name", () => {
    const step = stepRunning(health.jobs.check, /hubnet check/);
    const deployed = up.jobs.up.env;
    expect(step.run).toMatch(/pulumi stack output healthTokens [^|]*--stack "\$STACK"/);
    expect(step.env.STACK).toBe(`${deployed.STACK_PREFIX}${gh("matrix.community")}`);
    expect(step.env.PULUMI_BACKEND_URL).toBe(deployed.PULUMI_BACKEND_URL);
    // batch-up.sh names each stack the same way: <STACK_PREFIX><name>.
    expect(fs.readFileSync(path.join(DIR, "scripts", "batch-up.sh"), "utf8")).toContain(
      ["STACK=", '"$', "{STACK_PREFIX:-}$name", '"'].join(""),
    );
  });

  it("the scheduled health run warns about every stack removed from the network that still runs", () => {
    expect(health.jobs.removed.if).toBe("github.event_name == 'schedule'");
    expect(stepRunning(health.jobs.removed, /removed-stacks\.cjs/)).toBeDefined();
  });
});

describe("trust: the Environment gate, CODEOWNERS", () => {
  it("deploy credentials only in jobs of the Environment production, whose branch rule admits main; never inherited", () => {
    const deployCredentials =
      /secrets\.PULUMI_DEPLOY_TOKEN|vars\.(GCP_DEPLOY_SERVICE_ACCOUNT|AWS_DEPLOY_ROLE_ARN|AZURE_DEPLOY_CLIENT_ID)/;
    let gated = 0;
    for (const { file, doc } of docs()) {
      if (!doc.jobs) {
        expect(text(doc), `${file}: a composite action names no credential`).not.toMatch(deployCredentials);
        continue;
      }
      expect(text(doc.env ?? {}), `${file}: workflow-level env holds no credential`).not.toMatch(/secrets\./);
      expect(text(doc), `${file}: no secrets: inherit`).not.toMatch(/"secrets":"inherit"/);
      for (const [name, job] of Object.entries(doc.jobs) as [string, Yaml][]) {
        if (!deployCredentials.test(text(job))) continue;
        gated++;
        expect(job.environment, `${file}: job ${name} holds deploy credentials`).toBe("production");
      }
    }
    expect(gated).toBeGreaterThan(0);
    // The only secret anywhere else is the read-only token of the Environment preview, and the run's own token.
    for (const { file, doc } of docs())
      for (const [name, job] of Object.entries(doc.jobs ?? {}) as [string, Yaml][])
        for (const m of text(job).matchAll(/secrets\.([A-Z_]+)/g))
          expect(
            {
              PULUMI_DEPLOY_TOKEN: "production",
              PULUMI_READ_TOKEN: "preview",
              GITHUB_TOKEN: job.environment,
            }[m[1]],
            `${file}: job ${name} reads secret ${m[1]}`,
          ).toBe(job.environment);
  });

  it("a deploy by hand deploys main only", () => {
    const deploy = workflow("deploy.yml");
    expect(Object.keys(deploy.on.workflow_dispatch.inputs ?? {})).toEqual(["allow-data-loss"]);
    expect(deploy.jobs.plan.if).toBe("github.ref == 'refs/heads/main'");
    for (const j of ["clusters", "canaries", "staging", "production", "record"])
      expect(JSON.stringify(deploy.jobs[j].needs)).toMatch(/"plan"/);
  });

  it("only the job that publishes the catalog holds pages: write", () => {
    const catalog = workflow("catalog.yml");
    expect(catalog.permissions).toEqual({ contents: "read" });
    expect(catalog.jobs.build.permissions).toEqual({ contents: "read" });
    expect(catalog.jobs.deploy.permissions).toEqual({ pages: "write", "id-token": "write" });
    expect(text(catalog.jobs.deploy)).not.toMatch(/pnpm|checkout/);
  });

  it("CODEOWNERS covers .github/, packages/, stacks/, policies/ and the dependency files", () => {
    const owners = fs
      .readFileSync(path.join(DIR, "CODEOWNERS"), "utf8")
      .split("\n")
      .filter((l) => l.trim() && !l.startsWith("#"))
      .map((l) => l.trim().split(/\s+/));
    const paths = owners.map(([p]) => p);
    for (const p of ["/.github/", "/packages/", "/stacks/", "/policies/", "/pnpm-lock.yaml", "/package.json"])
      expect(paths).toContain(p);
    for (const [, ...who] of owners) expect(who.length).toBeGreaterThan(0);
  });
});

describe("no untrusted value is interpolated into a shell or a script", () => {
  it("every run: and github-script of every workflow and action passes values through the environment", () => {
    const found = docs().flatMap(({ file, doc }) =>
      interpolations(doc).map((x) => `${file}: ${x.where}: ${x.expr}`),
    );
    expect(found).toEqual([]);
    expect(docs().filter(({ doc }) => steps(doc).some((s) => s.run)).length).toBeGreaterThan(5);
  });

  it("the check is live: it finds the stack name stack-up.yml wrote into a shell line, secrets, outputs and inputs", () => {
    // stack-up.yml as it was: a stack name from `hubnet affected` such as x$(touch PWNED) ran.
    const before = parse(`
jobs:
  up:
    steps:
      - if: matrix.project == 'cluster'
        run: mkdir -p deployed && echo ok > "deployed/${gh("matrix.stack")}"
      - run: echo ${gh("secrets.PULUMI_ACCESS_TOKEN")} ${gh("steps.diff.outputs.status")} ${gh("needs.plan.outputs.base")}
      - run: echo "${gh("inputs.community")}" "${gh("github.event.pull_request.title")}" "${gh("github.head_ref")}" ${gh("github.run_id")}
      - uses: actions/github-script@v8
        with:
          script: core.notice("${gh("github.event.workflow_run.head_branch")}")
`);
    expect(interpolations(before).map((x) => x.expr)).toEqual([
      "matrix.stack",
      "secrets.PULUMI_ACCESS_TOKEN",
      "steps.diff.outputs.status",
      "needs.plan.outputs.base",
      "inputs.community",
      "github.event.pull_request.title",
      "github.head_ref",
      "github.event.workflow_run.head_branch",
    ]);
    // A composite action's steps are read too.
    expect(interpolations({ runs: { steps: [{ run: `cd ${gh("inputs.directory")}` }] } })).toHaveLength(1);
  });
});

describe("versions: current action majors, the Pulumi CLI of the SDK", () => {
  /** The major each action is used at (checked against each action's tags when this was written). */
  const MAJORS: Record<string, string> = {
    "actions/checkout": "v7",
    "actions/setup-node": "v7",
    "pnpm/action-setup": "v4",
    "actions/cache": "v5",
    "actions/upload-artifact": "v7",
    "actions/download-artifact": "v8",
    "actions/github-script": "v8",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
    "pulumi/actions": "v7",
    "google-github-actions/auth": "v3",
    "google-github-actions/setup-gcloud": "v3",
    "aws-actions/configure-aws-credentials": "v6",
    "azure/login": "v3",
  };

  it("every action is used at its current major", () => {
    const used = docs().flatMap(({ file, doc }) =>
      steps(doc)
        .map((s) => String(s.uses ?? ""))
        .filter((u) => u && !u.startsWith("./"))
        .map((u) => ({ file, u })),
    );
    expect(used.length).toBeGreaterThan(20);
    for (const { file, u } of used) {
      const [name, ref] = u.split("@");
      expect(MAJORS[name], `${file}: ${u} is not in the table of majors`).toBeDefined();
      expect(ref, `${file}: ${u}`).toBe(MAJORS[name]);
    }
  });

  it("the Pulumi CLI is installed in one place, at the @pulumi/pulumi version pnpm-lock.yaml pins", () => {
    const lock = parse(fs.readFileSync(path.join(REPO, "pnpm-lock.yaml"), "utf8"));
    const sdk = Object.keys(lock.packages)
      .map((k) => /^@pulumi\/pulumi@(\d+\.\d+\.\d+)$/.exec(k)?.[1])
      .filter(Boolean);
    expect(sdk).toHaveLength(1);
    const pinned = fs.readFileSync(path.join(DIR, "pulumi-version"), "utf8").trim();
    expect(pinned).toBe(sdk[0]);
    const action = parse(fs.readFileSync(path.join(DIR, "actions", "pulumi", "action.yml"), "utf8"));
    const install = action.runs.steps.find((s: Yaml) => String(s.uses).startsWith("pulumi/actions@"));
    expect(install.with).toEqual({ "pulumi-version-file": ".github/pulumi-version" });
    // Nothing else installs a CLI of its own.
    for (const { file, doc } of docs())
      if (file !== path.join("actions", "pulumi", "action.yml"))
        expect(text(doc), file).not.toMatch(/pulumi\/actions@/);
  });

  it("the setup action installs pnpm from package.json's packageManager and caches its store", () => {
    const setup = parse(fs.readFileSync(path.join(DIR, "actions", "setup", "action.yml"), "utf8"));
    const [pnpm, node] = setup.runs.steps;
    expect(pnpm.uses).toMatch(/^pnpm\/action-setup@/);
    expect(pnpm.with?.version).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).packageManager).toMatch(
      /^pnpm@10\./,
    );
    expect(node.with).toMatchObject({ "node-version": 24, cache: "pnpm" });
  });
});

/** `hubnet <command> <args>` in every `run:` of the workflows and actions, and in the scripts they run. */
function hubnetCalls(): { file: string; command: string; flags: string[] }[] {
  const out: { file: string; command: string; flags: string[] }[] = [];
  const scripts = fs
    .readdirSync(path.join(DIR, "scripts"))
    .filter((f) => f.endsWith(".sh"))
    .map((f) => ({
      file: path.join("scripts", f),
      runs: [fs.readFileSync(path.join(DIR, "scripts", f), "utf8")],
    }));
  const workflows = files().map((f) => ({
    file: f,
    runs: steps(parse(fs.readFileSync(path.join(DIR, f), "utf8"))).map((s) => String(s.run ?? "")),
  }));
  for (const { file: f, runs } of [...workflows, ...scripts]) {
    for (const run of runs) {
      for (const line of run.split("\n").filter((l) => !l.trim().startsWith("#"))) {
        for (const m of line.matchAll(
          /(?:pnpm\s+(?:-s\s+|--silent\s+)?hubnet|\bhubnet\.cjs"?|\bhubnet)\s+([a-z][a-z-]*)([^|;&>]*)/g,
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

  it("finds the calls, the guard's call of the deployed code's binary included", () => {
    expect(calls.map((c) => c.command).sort()).toEqual(
      expect.arrayContaining(["affected", "check", "diff", "rollout"]),
    );
    expect(calls.filter((c) => c.command === "diff" && c.flags.includes("--root"))).toHaveLength(1);
    expect(calls).toContainEqual({
      file: path.join("scripts", "check-hubs.sh"),
      command: "check",
      flags: ["--token-env", "--timeout", "--json"],
    });
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
