/**
 * What the deploy's scripts do (.github/scripts, decision 0023), run for real: with git on real
 * repositories (the last good deploy, retries, the tag that moves only forward), with `hubnet
 * affected` on a repository of the test network, and with stand-ins for `pulumi` and `gh` that record
 * what they are asked (stack creation, the config check, the canary's excludes). Hostile names are
 * passed the way the workflows pass them, through the environment, and never run.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hubUrn } from "../packages/components/src/community/stack-setup";
import { generateNetwork } from "./bench/generate-network";
import { FIXTURE_NETWORK, hubnet, REPO, tmpDir } from "./support/cli";
import { type GitNetwork, gitNetwork, replace } from "./support/git-network";

const SCRIPTS = path.join(REPO, ".github", "scripts");

function run(script: string, args: string[], opts: { cwd: string; env?: Record<string, string> }) {
  const r = spawnSync(
    script.endsWith(".cjs") ? process.execPath : "bash",
    [path.join(SCRIPTS, script), ...args],
    {
      cwd: opts.cwd,
      encoding: "utf8",
      env: { ...process.env, GITHUB_OUTPUT: "", ...opts.env },
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, out: `${r.stdout}${r.stderr}` };
}

/** key=value lines of a $GITHUB_OUTPUT file. */
const outputs = (file: string): Record<string, string> =>
  Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

function gitRepo(): { dir: string; git: (...a: string[]) => string; commit: (m: string) => string } {
  const dir = tmpDir("deploy-git");
  const git = (...a: string[]) =>
    execFileSync("git", a, {
      cwd: dir,
      encoding: "utf8",
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: "t",
        GIT_AUTHOR_EMAIL: "t@example.org",
        GIT_COMMITTER_NAME: "t",
        GIT_COMMITTER_EMAIL: "t@example.org",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: dir,
      },
    }).trim();
  git("init", "-q", "-b", "main");
  const commit = (m: string) => {
    git("commit", "-q", "--allow-empty", "-m", m);
    return git("rev-parse", "HEAD");
  };
  return { dir, git, commit };
}

describe("the last good deploy: deploy-base.sh", () => {
  it("measures from the tag deployed/main; without it, stops saying how to record the first deploy", () => {
    const r = gitRepo();
    const a = r.commit("a");
    r.commit("b");
    const c = r.commit("c");
    const out = path.join(r.dir, "out");
    fs.writeFileSync(out, "");
    const none = run("deploy-base.sh", [], { cwd: r.dir, env: { GITHUB_OUTPUT: out } });
    expect(none.code).toBe(1);
    expect(none.out).toMatch(
      /::error::no tag deployed\/main: .*git tag deployed\/main <that commit> && git push origin deployed\/main/,
    );
    r.git("tag", "deployed/main", a);
    expect(run("deploy-base.sh", [], { cwd: r.dir, env: { GITHUB_OUTPUT: out } }).code).toBe(0);
    expect(outputs(out).base).toBe(a);
    // Already deployed: the range is empty.
    r.git("tag", "-f", "deployed/main", c);
    fs.writeFileSync(out, "");
    run("deploy-base.sh", [], { cwd: r.dir, env: { GITHUB_OUTPUT: out } });
    expect(outputs(out).base).toBe(c);
  });

  it("an older run re-run by hand deploys nothing; a rewritten history stops the run", () => {
    const r = gitRepo();
    const a = r.commit("a");
    const b = r.commit("b");
    r.git("tag", "deployed/main", b);
    r.git("checkout", "-q", a);
    const out = path.join(r.dir, "out");
    fs.writeFileSync(out, "");
    const old = run("deploy-base.sh", [], { cwd: r.dir, env: { GITHUB_OUTPUT: out } });
    expect(old.code).toBe(0);
    expect(old.out).toMatch(/older than the last good deploy/);
    expect(outputs(out).base).toBe(a); // a..a: nothing
    r.git("checkout", "-q", "-b", "rewritten", a);
    r.commit("elsewhere");
    const diverged = run("deploy-base.sh", [], { cwd: r.dir, env: { GITHUB_OUTPUT: out } });
    expect(diverged.code).toBe(1);
    expect(diverged.out).toMatch(/is not an ancestor of .*history was rewritten/);
  });
});

describe("retries from the last good commit", () => {
  let net: GitNetwork;
  beforeAll(() => {
    net = gitNetwork();
  });

  it("a stack whose deploy failed is in the next run's range again, beside what merged since", async () => {
    net.git("tag", "deployed/main", "base");
    // Merge 1 changes physics-101; its deploy fails, so the tag is not moved.
    net.commit("m1", {
      "communities/physics-101/community.yaml": replace(
        "displayName: Physics 101 at Lakeside Community College",
        "displayName: Physics at Lakeside",
      ),
    });
    // Merge 2 changes open-geo only. Measured from the previous commit, physics-101 would be forgotten.
    const m2 = net.commit("m2", { "communities/open-geo/community.yaml": (t) => `${t}# touched\n` }, "m1");
    const out = path.join(net.dir, ".out");
    fs.writeFileSync(out, "");
    expect(run("deploy-base.sh", [], { cwd: net.dir, env: { GITHUB_OUTPUT: out } }).code).toBe(0);
    const base = outputs(out).base;
    expect(base).toBe(net.base);
    const stacks = async (from: string) => {
      const r = await hubnet(["affected", "--base", from, "--head", m2, "--json", "--root", net.dir]);
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout).stacks.map((s: { stack: string }) => s.stack);
    };
    expect(await stacks(base)).toEqual(["physics-101", "open-geo"]);
    expect(await stacks("m1")).toEqual(["open-geo"]); // what `github.event.before` gave
  });
});

describe("recording a good deploy: record-deploy.sh", () => {
  function withRemote() {
    const r = gitRepo();
    const a = r.commit("a");
    const remote = tmpDir("deploy-remote");
    execFileSync("git", ["init", "-q", "--bare", remote]);
    r.git("remote", "add", "origin", remote);
    r.git("push", "-q", "origin", "main");
    r.git("tag", "deployed/main", a);
    r.git("push", "-q", "origin", "deployed/main");
    const remoteTag = () =>
      execFileSync("git", ["--git-dir", remote, "rev-parse", "refs/tags/deployed/main"], {
        encoding: "utf8",
      }).trim();
    return { ...r, a, remoteTag };
  }

  it("moves the tag from the run's base to the deployed commit", () => {
    const r = withRemote();
    const c = r.commit("c");
    const res = run("record-deploy.sh", [], { cwd: r.dir, env: { BASE: r.a } });
    expect(res.code).toBe(0);
    expect(r.remoteTag()).toBe(c);
  });

  it("refuses when someone moved the tag meanwhile, and never moves it backwards", () => {
    const r = withRemote();
    const b = r.commit("b");
    const c = r.commit("c");
    // Someone moved the remote tag to b while this run (base a) deployed c.
    r.git("push", "-q", "--force", "origin", `${b}:refs/tags/deployed/main`);
    const raced = run("record-deploy.sh", [], { cwd: r.dir, env: { BASE: r.a } });
    expect(raced.code).not.toBe(0);
    expect(r.remoteTag()).toBe(b);
    // A run of an older commit (base newer than it) leaves the tag.
    r.git("checkout", "-q", r.a);
    const older = run("record-deploy.sh", [], { cwd: r.dir, env: { BASE: c } });
    expect(older.code).toBe(0);
    expect(older.out).toMatch(/the tag stays/);
    expect(r.remoteTag()).toBe(b);
  });
});

/** A folder with stacks/<project>/ and stand-ins for pulumi and gh that log their arguments. */
function stubbed(
  state: {
    stacks?: string[];
    config?: string[];
    labelled?: Record<string, boolean>;
    /** Stacks whose `pulumi up` fails. */
    failUp?: string[];
    /** URLs whose `hubnet check` fails. */
    failCheck?: string[];
  } = {},
) {
  const dir = tmpDir("deploy-stub");
  for (const p of ["cluster", "community"]) fs.mkdirSync(path.join(dir, "stacks", p), { recursive: true });
  const bin = path.join(dir, "bin");
  fs.mkdirSync(bin);
  const log = path.join(dir, "calls.jsonl");
  fs.writeFileSync(path.join(dir, "stacks.txt"), (state.stacks ?? []).map((s) => `${s}\n`).join(""));
  fs.writeFileSync(path.join(dir, "config.txt"), (state.config ?? []).map((s) => `${s}\n`).join(""));
  fs.writeFileSync(path.join(dir, "labelled.json"), JSON.stringify(state.labelled ?? {}));
  fs.writeFileSync(path.join(dir, "fail-up.txt"), (state.failUp ?? []).map((s) => `${s}\n`).join(""));
  fs.writeFileSync(path.join(dir, "fail-check.txt"), (state.failCheck ?? []).map((s) => `${s}\n`).join(""));
  const logCall = `node -e 'require("fs").appendFileSync(process.argv[1], JSON.stringify({cwd: process.cwd(), args: process.argv.slice(2)}) + "\\n")' "${log}" "$(basename "$0")" "$@"`;
  fs.writeFileSync(
    path.join(bin, "pulumi"),
    `#!/usr/bin/env bash
${logCall}
case "$1 $2" in
  "stack select") grep -qxF -- "$3" "${dir}/stacks.txt" ;;
  "stack init") echo "$3" >> "${dir}/stacks.txt" ;;
  "config get") grep -qxF -- "$4" "${dir}/config.txt" && echo secret-value ;;
  "stack output") echo '{"staging": "tok-staging", "prod": "tok-prod"}' ;;
  up*) for a in "$@"; do [ "\${last:-}" = "--stack" ] && grep -qxF -- "$a" "${dir}/fail-up.txt" && exit 1; last=$a; done; exit 0 ;;
  *) exit 0 ;;
esac
`,
    { mode: 0o755 },
  );
  // pnpm -s hubnet check <url> --token-env VAR ...: fails for the URLs listed, records the token it got.
  fs.writeFileSync(
    path.join(bin, "pnpm"),
    `#!/usr/bin/env bash
${logCall}
printf '{"url": "%s", "token": "%s"}\\n' "$4" "\${!6}"
grep -qxF -- "$4" "${dir}/fail-check.txt" && exit 1
exit 0
`,
    { mode: 0o755 },
  );
  // gh api repos/<r>/commits/<sha>/pulls --jq <filter>: whether that commit's pull request is labelled.
  fs.writeFileSync(
    path.join(bin, "gh"),
    `#!/usr/bin/env bash
${logCall}
sha=$(echo "$2" | sed -E 's#.*/commits/([0-9a-f]+)/pulls#\\1#')
jq -r --arg s "$sha" '.[$s] // false' "${dir}/labelled.json"
`,
    { mode: 0o755 },
  );
  const env = (extra: Record<string, string>) => ({ PATH: `${bin}:${process.env.PATH}`, ...extra });
  const calls = () =>
    fs.existsSync(log)
      ? fs
          .readFileSync(log, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as { cwd: string; args: string[] })
      : [];
  return { dir, env, calls };
}

const CONFIG = JSON.stringify([
  {
    key: "hubnet:clientSecrets.staging",
    secret: true,
    command: "pulumi config set --secret --path 'hubnet:clientSecrets.staging' <value> --stack alpha",
    why: "the client secret of hub staging",
  },
  {
    key: "hubnet:clientSecrets.prod",
    secret: true,
    command: "pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack alpha",
    why: "the client secret of hub prod",
  },
]);

describe("a new stack: stack-ready.sh", () => {
  it("init creates a missing stack with the secrets provider, then stops on each missing config key, naming its command", () => {
    const s = stubbed({ config: ["hubnet:clientSecrets.staging"] });
    const out = path.join(s.dir, "out");
    fs.writeFileSync(out, "");
    const r = run("stack-ready.sh", ["init"], {
      cwd: s.dir,
      env: s.env({
        PROJECT: "community",
        STACK: "acme/alpha",
        CONFIG,
        SECRETS_PROVIDER: "gcpkms://k",
        GITHUB_OUTPUT: out,
      }),
    });
    expect(r.code).toBe(1);
    const calls = s.calls().map((c) => c.args.join(" "));
    expect(calls).toEqual([
      "pulumi stack select acme/alpha",
      "pulumi stack init acme/alpha --secrets-provider gcpkms://k",
      "pulumi config get --path hubnet:clientSecrets.staging --stack acme/alpha",
      "pulumi config get --path hubnet:clientSecrets.prod --stack acme/alpha",
    ]);
    expect(s.calls().every((c) => c.cwd === path.join(s.dir, "stacks", "community"))).toBe(true);
    expect(r.out).toMatch(
      /::error::stack acme\/alpha has no hubnet:clientSecrets\.prod \(the client secret of hub prod\)\. A platform owner sets it, in stacks\/community: pulumi config set --secret --path 'hubnet:clientSecrets\.prod' <value> --stack alpha/,
    );
    expect(r.out).not.toMatch(/clientSecrets\.staging \(/);
    expect(r.out).not.toContain("secret-value"); // a value is never printed
    expect(outputs(out).exists).toBe("true");
  });

  it("init passes once every key is set, and does not create a stack that exists", () => {
    const s = stubbed({
      stacks: ["acme/alpha"],
      config: ["hubnet:clientSecrets.staging", "hubnet:clientSecrets.prod"],
    });
    const r = run("stack-ready.sh", ["init"], {
      cwd: s.dir,
      env: s.env({ PROJECT: "community", STACK: "acme/alpha", CONFIG }),
    });
    expect(r.code).toBe(0);
    expect(s.calls().some((c) => c.args.includes("init"))).toBe(false);
  });

  it("check (a preview, read-only) never creates a stack: a missing one is reported and not previewed", () => {
    const s = stubbed();
    const out = path.join(s.dir, "out");
    fs.writeFileSync(out, "");
    const r = run("stack-ready.sh", ["check"], {
      cwd: s.dir,
      env: s.env({ PROJECT: "community", STACK: "acme/alpha", CONFIG, GITHUB_OUTPUT: out }),
    });
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/::notice::stack acme\/alpha does not exist yet/);
    expect(outputs(out).exists).toBe("false");
    expect(s.calls().map((c) => c.args.join(" "))).toEqual(["pulumi stack select acme/alpha"]);
  });

  it("a hostile stack name reaches pulumi as one argument and runs nothing", () => {
    const s = stubbed();
    const name = "x$(touch PWNED)`touch PWNED2`";
    const r = run("stack-ready.sh", ["init"], {
      cwd: s.dir,
      env: s.env({ PROJECT: "community", STACK: name, CONFIG: "[]" }),
    });
    expect(r.code).toBe(0);
    expect(s.calls()[1].args).toEqual(["pulumi", "stack", "init", name]);
    expect(fs.readdirSync(s.dir).filter((f) => f.startsWith("PWNED"))).toEqual([]);
    expect(
      fs.readdirSync(path.join(s.dir, "stacks", "community")).filter((f) => f.startsWith("PWNED")),
    ).toEqual([]);
    const bad = run("stack-ready.sh", ["init"], {
      cwd: s.dir,
      env: s.env({ PROJECT: "../x", STACK: "a", CONFIG: "[]" }),
    });
    expect(bad.code).toBe(2);
  });
});

describe("the staging canary: stack-up.sh", () => {
  it("excludes the listed hubs with their dependents, with the policy pack; without a list, the whole stack", () => {
    const urns = [hubUrn("alpha", "alpha", "prod"), hubUrn("alpha", "alpha", "prod-eu")];
    const s = stubbed();
    const canary = run("stack-up.sh", [], {
      cwd: s.dir,
      env: s.env({ PROJECT: "community", STACK: "acme/alpha", EXCLUDE: JSON.stringify(urns) }),
    });
    expect(canary.code).toBe(0);
    expect(s.calls().at(-1)?.args).toEqual([
      "pulumi",
      "up",
      "--yes",
      "--non-interactive",
      "--stack",
      "acme/alpha",
      "--policy-pack",
      "../../policies",
      "--suppress-outputs",
      "--exclude",
      urns[0],
      "--exclude",
      urns[1],
      "--exclude-dependents",
    ]);
    expect(s.calls().at(-1)?.cwd).toBe(path.join(s.dir, "stacks", "community"));
    for (const exclude of ["[]", "null", ""]) {
      run("stack-up.sh", [], {
        cwd: s.dir,
        env: s.env({ PROJECT: "community", STACK: "acme/alpha", EXCLUDE: exclude }),
      });
      expect(
        s
          .calls()
          .at(-1)
          ?.args.filter((a) => a.startsWith("--exclude")),
      ).toEqual([]);
    }
  });
});

/** A plan file as deploy-matrix.cjs --rollout writes it, in a stubbed folder. */
function planFile(dir: string, plan: { batches: object; checks?: object }): string {
  const file = path.join(dir, "deploy-plan.json");
  fs.writeFileSync(file, JSON.stringify({ checks: {}, ...plan }));
  return file;
}

describe("one batch of a wave: batch-up.sh", () => {
  const urn = hubUrn("alpha", "alpha", "prod");
  const batch = [
    { project: "community", stack: "alpha", target: "staging", config: JSON.parse(CONFIG), exclude: [urn] },
    { project: "community", stack: "beta", target: "all", config: [] },
    { project: "community", stack: "gamma", target: "production", config: [] },
  ];

  it("deploys the batch's stacks one after another: each created if new, its config checked, then up (a staging up without its other hubs)", () => {
    const s = stubbed({ config: ["hubnet:clientSecrets.staging", "hubnet:clientSecrets.prod"] });
    planFile(s.dir, { batches: { "staging-1": batch, "staging-2": [] } });
    const r = run("batch-up.sh", [], {
      cwd: s.dir,
      env: s.env({ BATCH: "staging-1", STACK_PREFIX: "acme/", SECRETS_PROVIDER: "gcpkms://k" }),
    });
    expect(r.code, r.out).toBe(0);
    const calls = s.calls().map((c) => c.args.slice(1, 4).join(" "));
    expect(calls).toEqual([
      "stack select acme/alpha",
      "stack init acme/alpha",
      "config get --path",
      "config get --path",
      "up --yes --non-interactive",
      "stack select acme/beta",
      "stack init acme/beta",
      "up --yes --non-interactive",
      "stack select acme/gamma",
      "stack init acme/gamma",
      "up --yes --non-interactive",
    ]);
    const ups = s.calls().filter((c) => c.args[1] === "up");
    expect(ups[0]?.args.slice(-3)).toEqual(["--exclude", urn, "--exclude-dependents"]);
    for (const u of ups.slice(1)) expect(u.args.filter((a) => a.startsWith("--exclude"))).toEqual([]);
    expect(r.out).toMatch(/deployed 3 stack\(s\)/);
  });

  it("the first failed stack stops the batch: the stacks after it are not deployed, and the job fails", () => {
    const s = stubbed({ stacks: ["acme/alpha", "acme/beta", "acme/gamma"], failUp: ["acme/beta"] });
    planFile(s.dir, {
      batches: { "production-1": batch.map((b) => ({ ...b, config: [], exclude: undefined })) },
    });
    const r = run("batch-up.sh", [], {
      cwd: s.dir,
      env: s.env({ BATCH: "production-1", STACK_PREFIX: "acme/" }),
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(
      /::error::community stack acme\/beta failed .*the 1 stack\(s\) after it in this batch were not deployed/,
    );
    expect(s.calls().some((c) => c.args.includes("acme/gamma"))).toBe(false);
  });

  it("a missing config key stops the batch before any up of that stack; a cluster that deployed is marked for its communities", () => {
    const s = stubbed();
    planFile(s.dir, {
      batches: {
        "canaries-1": [batch[0], batch[1]],
        "clusters-1": [{ project: "cluster", stack: "gke", target: "all", config: [] }],
      },
    });
    const r = run("batch-up.sh", [], { cwd: s.dir, env: s.env({ BATCH: "canaries-1" }) });
    expect(r.code).toBe(1);
    expect(s.calls().some((c) => c.args[1] === "up")).toBe(false);
    expect(s.calls().some((c) => c.args.includes("beta"))).toBe(false);
    const c = run("batch-up.sh", [], { cwd: s.dir, env: s.env({ BATCH: "clusters-1" }) });
    expect(c.code, c.out).toBe(0);
    expect(fs.readFileSync(path.join(s.dir, "deployed", "gke"), "utf8")).toBe("ok\n");
    // A batch the plan does not have deploys nothing.
    const none = run("batch-up.sh", [], { cwd: s.dir, env: s.env({ BATCH: "production-9" }) });
    expect(none.code).toBe(2);
    expect(none.out).toMatch(/batch production-9 is not in the plan/);
  });

  it("a hostile stack name in the plan reaches pulumi as one argument and runs nothing", () => {
    const s = stubbed();
    const name = "x$(touch PWNED)`touch PWNED2`";
    planFile(s.dir, { batches: { b: [{ project: "community", stack: name, target: "all", config: [] }] } });
    const r = run("batch-up.sh", [], { cwd: s.dir, env: s.env({ BATCH: "b", STACK_PREFIX: "o/" }) });
    expect(r.code).toBe(0);
    expect(s.calls()[1]?.args).toEqual(["pulumi", "stack", "init", `o/${name}`]);
    const all = fs.readdirSync(s.dir, { recursive: true }).map(String);
    expect(all.filter((f) => f.includes("PWNED"))).toEqual([]);
  });
});

describe("the health checks of a batch: check-hubs.sh", () => {
  it("checks every hub of the batch with its stack's token, masked; fails when any check failed, after checking all", () => {
    const s = stubbed({ failCheck: ["https://a.example.org"] });
    const hubs = [
      { community: "alpha", hub: "prod", url: "https://a.example.org" },
      { community: "beta", hub: "staging", url: "https://b.example.org" },
    ];
    planFile(s.dir, { batches: {}, checks: { "production-1": hubs } });
    const r = run("check-hubs.sh", [], {
      cwd: s.dir,
      env: s.env({ BATCH: "production-1", STACK_PREFIX: "acme/" }),
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::error::hub prod of alpha \(https:\/\/a\.example\.org\) failed its health check/);
    expect(r.out).toMatch(/2 hub\(s\) checked, 1 failed/);
    const calls = s.calls();
    expect(calls.filter((c) => c.args[0] === "pulumi").map((c) => c.args.at(-1))).toEqual([
      "acme/alpha",
      "acme/beta",
    ]);
    expect(calls.filter((c) => c.args[0] === "pnpm").map((c) => c.args.slice(1))).toEqual(
      hubs.map((h) => [
        "-s",
        "hubnet",
        "check",
        h.url,
        "--token-env",
        "HUBNET_HEALTH_TOKEN",
        "--timeout",
        "600",
        "--json",
      ]),
    );
    // Each hub's own token, masked before the check runs.
    expect(r.out.indexOf("::add-mask::tok-prod")).toBeLessThan(r.out.indexOf('"token": "tok-prod"'));
    expect(r.out).toContain('"token": "tok-staging"');
    expect(fs.readdirSync(path.join(s.dir, "health-reports")).sort()).toEqual([
      "alpha-prod.json",
      "beta-staging.json",
    ]);
    const ok = stubbed();
    planFile(ok.dir, { batches: {}, checks: { c: [hubs[1]] } });
    expect(run("check-hubs.sh", [], { cwd: ok.dir, env: ok.env({ BATCH: "c" }) }).code).toBe(0);
    expect(run("check-hubs.sh", [], { cwd: ok.dir, env: ok.env({ BATCH: "nope" }) }).code).toBe(2);
  });
});

describe("the deploy's matrices: deploy-matrix.cjs", () => {
  const affected = (stacks: object[]) => {
    const dir = tmpDir("deploy-matrix");
    fs.writeFileSync(path.join(dir, "affected.json"), JSON.stringify({ ok: true, stacks }));
    return dir;
  };
  const physics = {
    project: "community",
    stack: "physics-101",
    change: "changed",
    phase: "staging",
    cluster: "gcp-shared",
    cloud: "gcp",
    hubs: [
      { name: "staging", url: "https://s.example.org", staging: true },
      { name: "prod", url: "https://p.example.org", staging: false },
    ],
    reasons: [],
  };

  it("the previews' stacks: every stack CI reaches, with its config; a removed stack is a warning, not a preview", () => {
    const dir = affected([
      {
        project: "cluster",
        stack: "gcp-shared",
        change: "changed",
        phase: "clusters",
        cloud: "gcp",
        reasons: [],
      },
      physics,
      {
        project: "community",
        stack: "gone",
        change: "removed",
        phase: "production",
        tracked: false,
        reasons: [],
      },
    ]);
    const out = path.join(dir, "out");
    fs.writeFileSync(out, "");
    const r = run("deploy-matrix.cjs", [path.join(dir, "affected.json"), out, "--root", FIXTURE_NETWORK], {
      cwd: dir,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /::warning::stack community\/gone was removed .*stacks\/removed\.yaml does not list it/,
    );
    const o = Object.fromEntries(Object.entries(outputs(out)).map(([k, v]) => [k, JSON.parse(v)]));
    expect(Object.keys(o)).toEqual(["stacks"]);
    expect(o.stacks.map((s: { project: string; stack: string }) => `${s.project}/${s.stack}`)).toEqual([
      "cluster/gcp-shared",
      "community/physics-101",
    ]);
    // The config each stack's first deploy checks: the program's own requirements.
    expect(o.stacks[1].config.map((k: { key: string }) => k.key)).toContain("hubnet:clientSecrets.prod");
  });

  it("refuses a name that is not a DNS-1123 label before it reaches any matrix", () => {
    const dir = affected([{ ...physics, stack: "x$(touch PWNED)" }]);
    const r = run("deploy-matrix.cjs", [path.join(dir, "affected.json"), "--root", FIXTURE_NETWORK], {
      cwd: dir,
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/::error::a stack name from hubnet affected is not a DNS-1123 label/);
    expect(r.stdout).not.toMatch(/stacks=/);
  });

  it("tells the platform owner of a new stack what to do, for the pull request's comment", () => {
    const dir = affected([{ ...physics, change: "added" }]);
    const r = run(
      "deploy-matrix.cjs",
      ["--setup-markdown", path.join(dir, "affected.json"), "--root", FIXTURE_NETWORK],
      {
        cwd: dir,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^### New stacks: what a platform owner does before merging/);
    expect(r.stdout).toContain(
      '`pulumi -C stacks/community stack init <org>/physics-101 --secrets-provider "$HUBNET_SECRETS"`',
    );
    expect(r.stdout).toContain(
      "`pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack physics-101`",
    );
    // A pull request's domain is no link.
    expect(r.stdout).toMatch(/`https:\/\/[^`]+\/hub\/oauth_callback`/);
    const none = affected([physics]);
    expect(
      run(
        "deploy-matrix.cjs",
        ["--setup-markdown", path.join(none, "affected.json"), "--root", FIXTURE_NETWORK],
        { cwd: none },
      ).stdout,
    ).toBe("");
  });
});

describe("the deploy's waves as matrices of batches: deploy-matrix.cjs --rollout", () => {
  type Entry = { id: string; name: string; project: string; cluster: string; cloud: string };
  type Row = {
    project: string;
    stack: string;
    target: string;
    config: { key: string }[];
    exclude?: string[];
  };

  it("a network of 1,050 communities: every wave within 256 jobs, outputs far below 1 MB, each batch's stacks and hubs in the plan file", async () => {
    const n = 1050;
    const net = gitNetwork({ dir: generateNetwork(n), network: false });
    const head = net.commit("change", {
      "packages/components/src/hub/hub.ts": (old) => `${old}\n// a platform change that reaches every hub\n`,
      // Batches of one: the rollout must grow them to fit GitHub's matrix.
      "stacks/rollout.yaml": "canaries: [community-0001, community-0002]\nbatchSize: 1\nmaxParallel: 3\n",
    });
    const r = await hubnet(["rollout", "--base", "base", "--head", head, "--json", "--root", net.dir], {
      timeout: 240_000,
    });
    expect(r.code, r.stderr).toBe(0);
    fs.writeFileSync(path.join(net.dir, "rollout.json"), r.stdout);
    const rollout = JSON.parse(r.stdout) as {
      waves: {
        kind: string;
        batches: { stacks: { stack: string; target: string; hubs: { name: string }[] }[] }[];
      }[];
    };
    const out = path.join(net.dir, "out");
    fs.writeFileSync(out, "");
    const m = run(
      "deploy-matrix.cjs",
      [
        "--rollout",
        path.join(net.dir, "rollout.json"),
        out,
        path.join(net.dir, "plan.json"),
        "--root",
        net.dir,
      ],
      { cwd: net.dir },
    );
    expect(m.code, m.out).toBe(0);
    expect(m.stdout).toMatch(
      /::warning::stack community\/community-0003 is not deployed by CI: runs on a local cluster/,
    );
    // GitHub: a job's outputs are at most 1 MB in all; a matrix at most 256 jobs.
    expect(fs.statSync(out).size).toBeLessThan(200_000);
    const o = Object.fromEntries(Object.entries(outputs(out)).map(([k, v]) => [k, JSON.parse(v)]));
    const plan = JSON.parse(fs.readFileSync(path.join(net.dir, "plan.json"), "utf8")) as {
      batches: Record<string, Row[]>;
      checks: Record<string, { community: string; hub: string; url: string }[]>;
    };
    expect(o.clusters).toEqual([]);
    expect(o["canaries-parallel"]).toBe(1);
    expect(o["production-parallel"]).toBe(3);
    for (const kind of ["canaries", "staging", "production"]) {
      const entries = o[kind] as Entry[];
      const wave = rollout.waves.find((w) => w.kind === kind);
      expect(entries.length, kind).toBe(wave?.batches.length);
      expect(entries.length).toBeLessThanOrEqual(256);
      expect(o[`${kind}-checks`].length).toBeLessThanOrEqual(256);
      // Each entry is its batch, in order, with the rollout's stacks in the plan file.
      entries.forEach((e, i) => {
        expect(e.id).toBe(`${kind}-${i + 1}`);
        expect(plan.batches[e.id]?.map((s) => s.stack)).toEqual(wave?.batches[i]?.stacks.map((s) => s.stack));
        expect(new Set(plan.batches[e.id]?.map((s) => s.project))).toEqual(new Set([e.project]));
        expect(plan.checks[e.id]?.map((h) => `${h.community}/${h.hub}`)).toEqual(
          wave?.batches[i]?.stacks.flatMap((s) => s.hubs.map((h) => `${s.stack}/${h.name}`)),
        );
      });
    }
    expect(o.production.length).toBeGreaterThan(128); // batches of one grew, but not into one batch
    const rows = (kind: string) => (o[kind] as Entry[]).flatMap((e) => plan.batches[e.id] ?? []);
    expect(rows("canaries").map((s) => s.stack)).toEqual(["community-0001", "community-0002"]);
    // A staging up leaves each of the community's other hubs as they are; every other up is whole.
    expect(rows("staging").length).toBeGreaterThan(100);
    for (const s of rows("staging")) {
      expect(s.target).toBe("staging");
      expect(s.exclude?.length, s.stack).toBeGreaterThan(0);
      expect(s.exclude).not.toContain(hubUrn(s.stack, s.stack, "staging"));
      expect(s.exclude).toContain(hubUrn(s.stack, s.stack, "prod"));
    }
    for (const s of [...rows("canaries"), ...rows("production")]) expect(s.exclude).toBeUndefined();
    // Every deployed community once in production, with the config its first deploy checks.
    const production = rows("production");
    expect(new Set(production.map((s) => s.stack)).size).toBe(production.length);
    // Every fourth generated community is on the local cluster: skipped, not deployed.
    const local = [...Array(n)].filter((_, i) => i % 4 === 3).length;
    expect(production.length).toBe(n - local - 2);
    for (const s of production) expect(s.config.length, s.stack).toBeGreaterThan(0);
  }, 300_000);

  it("refuses a rollout whose names are not DNS-1123 labels, or a wave beyond GitHub's matrix, writing no matrix", () => {
    const dir = tmpDir("deploy-rollout");
    const rollout = (waves: object[]) => {
      fs.writeFileSync(path.join(dir, "rollout.json"), JSON.stringify({ ok: true, waves, skipped: [] }));
      return run(
        "deploy-matrix.cjs",
        [
          "--rollout",
          path.join(dir, "rollout.json"),
          path.join(dir, "out"),
          path.join(dir, "plan.json"),
          "--root",
          FIXTURE_NETWORK,
        ],
        { cwd: dir },
      );
    };
    const stack = {
      project: "community",
      stack: "physics-101",
      cloud: "gcp",
      cluster: "gcp-shared",
      target: "all",
      hubs: [],
    };
    const wave = (stacks: object[], batches = 1) => ({
      kind: "production",
      maxParallel: 2,
      batches: [...Array(batches)].map((_, i) => ({ name: `b ${i}`, cluster: "gcp-shared", stacks })),
    });
    expect(rollout([wave([stack])]).code).toBe(0);
    const bad = rollout([wave([{ ...stack, stack: "x$(touch PWNED)" }])]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/::error::a stack name from hubnet rollout is not a DNS-1123 label/);
    expect(rollout([wave([{ ...stack, hubs: [{ name: "a\n::add-mask::x", url: "u" }] }])]).code).toBe(1);
    expect(rollout([wave([stack], 257)]).out).toMatch(/more than 256 batches/);
    expect(rollout([wave([stack, { ...stack, stack: "open-geo", cloud: "aws" }])]).out).toMatch(
      /mixes projects or clouds/,
    );
    fs.rmSync(path.join(dir, "out"), { force: true });
    rollout([wave([{ ...stack, target: "everything" }])]);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });
});

describe("accepting data loss in the deploy: allow-data-loss.sh", () => {
  it("only when every merged pull request of the range carries the label, or a platform owner says so by hand", () => {
    const r = gitRepo();
    const base = r.commit("base");
    const m1 = r.commit("m1");
    const m2 = r.commit("m2");
    const check = (labelled: Record<string, boolean>, dispatch = "false") => {
      const s = stubbed({ labelled });
      const out = path.join(s.dir, "out");
      fs.writeFileSync(out, "");
      const res = run("allow-data-loss.sh", [], {
        cwd: r.dir,
        env: s.env({
          BASE: base,
          DISPATCH_ALLOW: dispatch,
          REPOSITORY: "acme/hubnet",
          GH_TOKEN: "t",
          GITHUB_OUTPUT: out,
        }),
      });
      expect(res.code).toBe(0);
      return outputs(out).allow;
    };
    expect(check({ [m1]: true, [m2]: true })).toBe("true");
    expect(check({ [m1]: true, [m2]: false })).toBe("false");
    expect(check({})).toBe("false");
    expect(check({}, "true")).toBe("true");
  });
});

describe("removed stacks that still run: removed-stacks.cjs", () => {
  it("warns about each entry on one line each, whatever its reason holds", () => {
    const root = tmpDir("removed");
    fs.cpSync(path.join(FIXTURE_NETWORK, "communities"), path.join(root, "communities"), { recursive: true });
    fs.cpSync(path.join(FIXTURE_NETWORK, "stacks"), path.join(root, "stacks"), { recursive: true });
    fs.writeFileSync(
      path.join(root, "stacks", "removed.yaml"),
      'stacks:\n  - { project: community, stack: old-school, removed: "2026-11-02", reason: "archived\\n::add-mask::x" }\n',
    );
    const r = run("removed-stacks.cjs", [], {
      cwd: path.join(REPO, "packages", "cli"),
      env: { HUBNET_ROOT: root },
    });
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^::warning file=stacks\/removed\.yaml::stack community\/old-school was removed .* on 2026-11-02 and still runs/,
    );
    expect(lines[0]).toContain("archived%0A::add-mask::x");
  });
});
