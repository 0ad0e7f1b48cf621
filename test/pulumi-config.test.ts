/**
 * The Pulumi projects load as the Pulumi CLI loads them, and every documented `pulumi config set`
 * command writes a key the programs read (docs/decisions/0017-pulumi-cli-built-from-go-modules.md).
 *
 * - What the programs read is measured, not listed: both programs run under the mock runtime
 *   (`planNetwork` on the test network) with every `pulumi.Config` getter recording its full key,
 *   plus the key the cluster program's own loader reads from its stack file (CLUSTER_CONFIG_KEY).
 * - The rules: Project.Validate, the stack file's and `config set`'s key namespacing, transcribed in
 *   test/support/pulumi-rules.ts from pulumi/pulumi v3.276.0.
 * - The real CLI, built from the Go module proxy at the SDK's version (test/pulumi-cli/install.sh):
 *   it loads both projects and every stack file, runs every documented command against a `file://`
 *   backend with a passphrase secrets provider, and the result is read back through hubnet's own
 *   readers (loadStackFile, readStackConfig) and the SDK's `pulumi.Config`; every other `pulumi ...`
 *   command of the README and docs is checked against the CLI's own `--help`.
 *   Without the binary these fail naming install.sh; HUBNET_PULUMI_CLI=skip skips them (reported as skipped).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { clientIdCommand, clientSecretCommand, sharedPasswordCommand } from "@hubnet/components/hub";
import {
  CLUSTER_CONFIG_KEY,
  kubeconfigCommand,
  loadStackFile,
  PROGRAM_CONFIG_KEYS,
  type StackProject,
  secretCommand,
} from "@hubnet/config";
import { CLUSTER_PROJECT, COMMUNITY_PROJECT, planNetwork, readStackConfig } from "@hubnet/plan";
import * as pulumi from "@pulumi/pulumi";
import { version as SDK_VERSION } from "@pulumi/pulumi/version";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { FIXTURE_NETWORK, REPO, tmpDir } from "./support/cli";
import {
  configSetKey,
  configSetParts,
  type DocumentedCommand,
  documentedConfigCommands,
  documentedPulumiCommands,
  isPlaceholder,
  namespacedByProject,
  shellWords,
  stackFileKeys,
  validateProject,
} from "./support/pulumi-rules";

/** The Pulumi projects, by folder under stacks/ (listed, not named). */
const PROJECTS = fs
  .readdirSync(path.join(REPO, "stacks"))
  .filter((d) => fs.existsSync(path.join(REPO, "stacks", d, "Pulumi.yaml")))
  .sort();
const projectName = (folder: string): string =>
  parse(fs.readFileSync(path.join(REPO, "stacks", folder, "Pulumi.yaml"), "utf8")).name;

/** Every `Pulumi.<stack>.yaml` of a tree's stacks/<folder>/ (the example network's and the test network's). */
function stackFiles(root: string): { folder: string; stack: string; file: string }[] {
  return PROJECTS.flatMap((folder) => {
    const dir = path.join(root, "stacks", folder);
    if (!fs.existsSync(dir)) return [];
    return fs
      .readdirSync(dir)
      .filter((f) => /^Pulumi\.[^/]+\.yaml$/.test(f))
      .map((f) => ({ folder, stack: f.slice("Pulumi.".length, -".yaml".length), file: path.join(dir, f) }));
  });
}

/** The Markdown the commands are documented in: the README and everything under docs/. */
function markdownFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(REPO, "docs"), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".md"))
    .map((f) => path.join("docs", f));
  return ["README.md", ...docs].sort();
}

/**
 * Every documented `config set` command: the Markdown's, the ones in the stack files' comments (run in
 * their own folder), and the ones the programs and `hubnet validate` print when a value is missing.
 */
function allDocumentedCommands(): DocumentedCommand[] {
  const docs = markdownFiles().flatMap((f) =>
    documentedConfigCommands(f, fs.readFileSync(path.join(REPO, f), "utf8")),
  );
  const comments = stackFiles(REPO).flatMap(({ folder, file }) =>
    fs
      .readFileSync(file, "utf8")
      .split("\n")
      .flatMap((line, i) => {
        const m = line.match(/^\s*#.*?(\bpulumi\b.*\bconfig\s+set\b.*)$/);
        return m
          ? [
              {
                file: path.relative(REPO, file),
                line: i + 1,
                text: m[1],
                words: shellWords(m[1]),
                project: folder,
                elided: false,
              },
            ]
          : [];
      }),
  );
  const printed: [string, string][] = [
    ["community", clientSecretCommand("staging", "a-community")],
    ["community", clientIdCommand("staging", "a-community")],
    ["community", sharedPasswordCommand("prod", "a-community")],
    ["community", sharedPasswordCommand("prod", "a-community", true)],
    ["cluster", kubeconfigCommand("a-cluster")],
    // hubnet validate's message for a plain client secret: "`pulumi config set ...` in stacks/community".
    [
      "community",
      secretCommand("community", "a-community", ["hubnet:clientSecrets", "staging"]).split("`")[1],
    ],
  ];
  return [
    ...docs,
    ...comments,
    ...printed.map(([project, text], i) => ({
      file: "(printed by hubnet)",
      line: i + 1,
      text,
      words: shellWords(text),
      project,
      elided: false,
    })),
  ];
}

const where = (c: DocumentedCommand) => `${c.file}:${c.line}: ${c.text}`;

interface Read {
  secret: boolean;
  object: boolean;
}

/**
 * The config keys each project's program reads, by project name: the programs run under the mock
 * runtime on the test network (a shared-password community on an existing cluster, an OAuth community
 * on a cloud one) with every `pulumi.Config` getter recording `fullKey(key)`, the getter's kind and the
 * project it ran in; the cluster program also reads its stack file's CLUSTER_CONFIG_KEY itself.
 */
async function keysTheProgramsRead(): Promise<Map<string, Map<string, Read>>> {
  const reads = new Map<string, Map<string, Read>>();
  const proto = pulumi.Config.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const getters = Object.getOwnPropertyNames(proto).filter(
    (n) => /^(get|require)/.test(n) && !n.endsWith("Impl") && typeof proto[n] === "function",
  );
  const originals = new Map(getters.map((n) => [n, proto[n]]));
  for (const name of getters) {
    const original = originals.get(name) as (...args: unknown[]) => unknown;
    proto[name] = function (this: pulumi.Config, key: unknown, ...rest: unknown[]) {
      const project = pulumi.getProject();
      const byKey = reads.get(project) ?? new Map<string, Read>();
      reads.set(project, byKey);
      // fullKey is private in the typings; it is what every getter looks up (config.js getImpl).
      const full = (this as unknown as { fullKey(k: string): string }).fullKey(String(key));
      const was = byKey.get(full) ?? { secret: false, object: false };
      byKey.set(full, {
        secret: was.secret || /Secret/.test(name),
        object: was.object || /Object/.test(name),
      });
      return original.call(this, key, ...rest);
    };
  }
  try {
    const result = await planNetwork({
      root: FIXTURE_NETWORK,
      communities: ["carpentry-workshop", "physics-101"],
    });
    expect(result.problems).toEqual([]);
    expect(result.clusters.map((c) => c.stack).sort()).toEqual(["campus-k8s", "gcp-shared"]);
  } finally {
    for (const [name, fn] of originals) proto[name] = fn;
  }
  const cluster = reads.get(CLUSTER_PROJECT) ?? new Map<string, Read>();
  cluster.set(CLUSTER_CONFIG_KEY, { secret: false, object: true });
  reads.set(CLUSTER_PROJECT, cluster);
  return reads;
}

/**
 * The config namespaces of the resource providers a project's program loads (`aws:region` goes to the
 * aws plugin, not the program): the `pulumi.name` of every `@pulumi/*` resource package its
 * package.json reaches through the workspace's `@hubnet/*` packages.
 */
function providerNamespaces(folder: string): Set<string> {
  const found = new Set<string>();
  const seen = new Set<string>();
  const walk = (dir: string) => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const req = createRequire(path.join(dir, "package.json"));
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      if (!/^@(hubnet|pulumi)\//.test(dep)) continue;
      const depDir = path.dirname(req.resolve(`${dep}/package.json`));
      const manifest = JSON.parse(fs.readFileSync(path.join(depDir, "package.json"), "utf8"));
      if (manifest.pulumi?.resource && manifest.pulumi.name) found.add(manifest.pulumi.name);
      if (dep.startsWith("@hubnet/")) walk(depDir);
    }
  };
  walk(path.join(REPO, "stacks", folder));
  return found;
}

let programReads: Map<string, Map<string, Read>>;
beforeAll(async () => {
  programReads = await keysTheProgramsRead();
}, 180_000);

/** A key a project's stack may hold: one its program reads, or one of a provider plugin it loads. */
function readBy(folder: string, key: string): boolean {
  return (
    programReads.get(projectName(folder))?.has(key) === true ||
    providerNamespaces(folder).has(key.split(":")[0])
  );
}

describe("what the programs read (measured)", () => {
  it("the community program reads its OAuth and password keys, the cluster program the existing cluster's kubeconfig", () => {
    const community = programReads.get(COMMUNITY_PROJECT);
    expect([...(community?.keys() ?? [])]).toEqual(
      expect.arrayContaining(["hubnet:clientSecrets", "hubnet:clientIds", "hubnet:sharedPasswords"]),
    );
    expect(community?.get("hubnet:clientSecrets")).toEqual({ secret: true, object: true });
    expect(programReads.get(CLUSTER_PROJECT)?.get("hubnet:kubeconfig")?.secret).toBe(true);
  });

  it.each(PROJECTS)("hubnet validate's list of the %s program's keys is what it reads", (folder) => {
    const read = [...(programReads.get(projectName(folder))?.keys() ?? [])].filter((k) =>
      k.startsWith("hubnet:"),
    );
    expect([...PROGRAM_CONFIG_KEYS[folder as StackProject]].sort()).toEqual(read.sort());
  });

  it("the cluster program loads the cloud providers (their config namespaces)", () => {
    expect([...providerNamespaces("cluster")]).toEqual(expect.arrayContaining(["aws", "gcp", "kubernetes"]));
  });
});

describe("Project.Validate's rules (pulumi/pulumi v3.276.0 sdk/go/common/workspace/project.go)", () => {
  it("the transcription gives upstream's own errors (project_test.go's cases)", () => {
    const p = (config: unknown) => validateProject({ name: "test", runtime: "dotnet", config });
    expect(p({ "aws:region": { type: "string" } })).toBe(
      "Configuration key 'aws:region' is not namespaced by the project and should not define a type",
    );
    expect(p({ "aws:region": { default: "us-west-1" } })).toMatch(/should not define a default value/);
    expect(p({ "aws:region": { description: "x" } })).toBe(
      "Configuration key 'aws:region' is namespaced and must provide an attribute 'value'",
    );
    expect(p({ "aws:region": "us-west-1" })).toBeUndefined(); // shorthand: a value
    expect(p({ "test:size": { type: "string", default: "x" }, size2: "y" })).toBeUndefined();
    expect(p({ values: { type: "array" } })).toMatch(/does not specify the underlying type/);
    expect(p({ x: { default: 1, value: 2 } })).toMatch(/cannot have both/);
  });

  it.each(PROJECTS)("stacks/%s/Pulumi.yaml loads", (folder) => {
    const project = parse(fs.readFileSync(path.join(REPO, "stacks", folder, "Pulumi.yaml"), "utf8"));
    expect(validateProject(project)).toBeUndefined();
  });
});

describe("stack files hold only keys their program reads", () => {
  const files = [...stackFiles(REPO), ...stackFiles(FIXTURE_NETWORK)];
  it("there are stack files to check", () => expect(files.length).toBeGreaterThan(0));
  it.each(files.map((f) => [path.relative(REPO, f.file), f]))("%s", (_rel, { folder, file }) => {
    const name = projectName(folder);
    const config = (parse(fs.readFileSync(file, "utf8"))?.config ?? {}) as Record<string, unknown>;
    for (const key of stackFileKeys(config, name)) {
      expect(
        readBy(folder, key),
        `${key} (as the CLI namespaces it) is read by ${name} or its providers`,
      ).toBe(true);
    }
  });
});

describe("every documented `pulumi config set` writes a key its program reads", () => {
  const commands = allDocumentedCommands();
  const runnable = commands.filter((c) => !c.elided);

  it("the docs' commands are all found (a line that names one is parsed or is prose)", () => {
    for (const f of markdownFiles()) {
      const lines = fs.readFileSync(path.join(REPO, f), "utf8").split("\n");
      const expected = lines.flatMap((l, i) => (/\bpulumi\b.*\bconfig\s+set\b/.test(l) ? [i + 1] : []));
      const found = commands.filter((c) => c.file === f).map((c) => c.line);
      expect([...new Set(found)], f).toEqual(expected);
    }
    expect(runnable.filter((c) => c.file === "README.md").length).toBeGreaterThan(0);
  });

  it.each(runnable.map((c) => [where(c), c]))("%s", (_where, c) => {
    expect(
      c.project,
      `${where(c)}: say which project it runs in (-C stacks/<project>, cd, or its sentence)`,
    ).toBeDefined();
    const folder = c.project as string;
    expect(PROJECTS).toContain(folder);
    const name = projectName(folder);
    const parts = configSetParts(c.words);
    const written = configSetKey(parts.key as string, parts.path, name);
    if ("error" in written) throw new Error(`${where(c)}: ${written.error}`);
    const read = programReads.get(name)?.get(written.top);
    expect(
      readBy(folder, written.top),
      `${where(c)} writes ${written.top}, which ${name} does not read (${[...(programReads.get(name)?.keys() ?? [])].join(", ")})`,
    ).toBe(true);
    if (read?.secret)
      expect(parts.secret, `${where(c)}: ${written.top} is read as a secret: --secret`).toBe(true);
    if (read?.object) {
      expect(
        parts.path && written.rest.startsWith("."),
        `${where(c)}: ${written.top} is a mapping: --path '${written.top}.<hub>'`,
      ).toBe(true);
    }
    expect(parts.value, `${where(c)}: a value`).toBeDefined();
    // What the CLI writes (config/map.go Set: the path's mapping, the secret as `secure:`), as
    // `hubnet validate` reads the stack file: no problem.
    const leaf = parts.secret ? { secure: "v1:AAAA" } : "a-value";
    const value = written.rest
      .slice(1)
      .split(".")
      .filter((s) => s !== "")
      .reduceRight<unknown>((inner, seg) => ({ [seg.replace(/[<>]/g, "")]: inner }), leaf);
    const text = JSON.stringify({ config: { [written.top]: value } });
    const loaded = loadStackFile(`stacks/${folder}/Pulumi.a-stack.yaml`, folder as StackProject, { text });
    expect(loaded.problems, where(c)).toEqual([]);
  });
});

// ---- The real Pulumi CLI ------------------------------------------------------------------------

/** The options of the documented `config set` commands the CLI test runs (no other is run). */
const ALLOWED_OPTIONS = new Set(["-C", "--cwd", "--stack", "-s", "--secret", "--path", "--plaintext"]);

/** The CLI install.sh builds: $HUBNET_PULUMI, else .cache/pulumi-cli/<SDK version>/pulumi. */
const CLI = process.env.HUBNET_PULUMI || path.join(REPO, ".cache", "pulumi-cli", SDK_VERSION, "pulumi");
const skipCli = process.env.HUBNET_PULUMI_CLI === "skip";

describe("test/pulumi-cli/go.mod", () => {
  it("builds the CLI at the SDK's version", () => {
    const gomod = fs.readFileSync(path.join(REPO, "test", "pulumi-cli", "go.mod"), "utf8");
    expect(gomod).toContain(`github.com/pulumi/pulumi/pkg/v3 v${SDK_VERSION}`);
    expect(gomod).toContain(`github.com/pulumi/pulumi/sdk/v3 v${SDK_VERSION}`);
  });
});

describe.skipIf(skipCli)(`the Pulumi CLI v${SDK_VERSION} (built from the Go module proxy)`, () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  const pulumiCli = (args: string[], cwd: string) => {
    const r = spawnSync(CLI, args, { cwd, env, encoding: "utf8", timeout: 60_000 });
    return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
  };
  const ok = (args: string[], cwd: string) => {
    const r = pulumiCli(args, cwd);
    if (r.error || r.status !== 0)
      throw new Error(`pulumi ${args.join(" ")} (in ${cwd}): ${r.error ?? r.stderr}`);
    return r.stdout;
  };
  const inited = new Set<string>();
  const stackInit = (folder: string, stack: string) => {
    if (inited.has(`${folder}/${stack}`)) return;
    ok(["stack", "init", stack, "--secrets-provider", "passphrase"], path.join(work, "stacks", folder));
    inited.add(`${folder}/${stack}`);
  };

  // A setup failure (no CLI) fails every test of this block, each with the message, not skipped.
  let setupError: unknown;
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  beforeAll(() => {
    try {
      setUp();
    } catch (e) {
      setupError = e;
    }
  });
  const setUp = () => {
    if (!fs.existsSync(CLI)) {
      throw new Error(
        `no Pulumi CLI at ${path.relative(REPO, CLI)}: build it with test/pulumi-cli/install.sh (Go, several minutes once), ` +
          "or set HUBNET_PULUMI to a pulumi v" +
          SDK_VERSION +
          " binary; HUBNET_PULUMI_CLI=skip skips these tests (reported as skipped)",
      );
    }
    expect(execFileSync(CLI, ["version"], { encoding: "utf8" }).trim()).toBe(`v${SDK_VERSION}`);
    // A copy of each project folder: its Pulumi.yaml and every stack file; state in a file:// backend.
    work = tmpDir("pulumi-cli");
    for (const folder of PROJECTS) {
      fs.mkdirSync(path.join(work, "stacks", folder), { recursive: true });
      fs.copyFileSync(
        path.join(REPO, "stacks", folder, "Pulumi.yaml"),
        path.join(work, "stacks", folder, "Pulumi.yaml"),
      );
    }
    for (const { folder, file } of stackFiles(REPO)) {
      fs.copyFileSync(file, path.join(work, "stacks", folder, path.basename(file)));
    }
    fs.mkdirSync(path.join(work, "home"));
    fs.mkdirSync(path.join(work, "state"));
    env = {
      PATH: process.env.PATH,
      HOME: path.join(work, "home"),
      PULUMI_HOME: path.join(work, "home", ".pulumi"),
      PULUMI_CONFIG_PASSPHRASE: "hubnet test passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
    };
    ok(["login", `file://${path.join(work, "state")}`], work);
  };

  afterAll(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it.each(PROJECTS)("loads stacks/%s (LoadProject, Project.Validate): `pulumi stack ls`", (folder) => {
    const r = pulumiCli(["stack", "ls", "--json"], path.join(work, "stacks", folder));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(stackFiles(REPO).map((s) => [`stacks/${s.folder}/Pulumi.${s.stack}.yaml`, s]))(
    "loads %s: `pulumi config`",
    (_rel, { folder, stack }) => {
      stackInit(folder, stack);
      const shown = JSON.parse(ok(["config", "--json", "--stack", stack], path.join(work, "stacks", folder)));
      const config = (parse(
        fs.readFileSync(path.join(REPO, "stacks", folder, `Pulumi.${stack}.yaml`), "utf8"),
      )?.config ?? {}) as Record<string, unknown>;
      expect(Object.keys(shown).sort()).toEqual(stackFileKeys(config, projectName(folder)).sort());
    },
  );

  /** `pulumi <sub> --help`, once per subcommand. */
  const helps = new Map<string, string>();
  const help = (sub: string[]) => {
    const k = sub.join(" ");
    if (!helps.has(k)) {
      const r = pulumiCli([...sub, "--help"], work);
      helps.set(k, r.status === 0 ? r.stdout : "");
    }
    return helps.get(k) as string;
  };
  /** The subcommands a help text lists (under "Available Commands:", or "... Commands:" at the top). */
  const subcommandsIn = (text: string) =>
    [...text.matchAll(/^[A-Za-z ]*Commands:\n((?: {2}\S.*\n)+)/gm)].flatMap((m) =>
      m[1]
        .split("\n")
        .map((l) => l.trim().split(/\s+/)[0])
        .filter(Boolean),
    );
  /** Whether `pulumi <sub> <word>` is a subcommand: listed, or an alias its own help names (`stack init`). */
  const isSubcommand = (sub: string[], word: string) => {
    if (/^-/.test(word)) return false;
    if (subcommandsIn(help(sub)).includes(word)) return true;
    if (subcommandsIn(help(sub)).length === 0) return false;
    const aliases =
      help([...sub, word])
        .match(/^Aliases:\n {2}(.*)$/m)?.[1]
        .split(/,\s*/) ?? [];
    return aliases.includes(word);
  };
  /** The options a help text lists: name (with its short form) to whether it takes a value. */
  const optionsIn = (text: string) => {
    const options = new Map<string, boolean>();
    for (const m of text.matchAll(/^\s+(?:-(\w), )?--([\w-]+)(?: (\S+))?/gm)) {
      const value = m[3] !== undefined && !/^ /.test(m[3]);
      options.set(`--${m[2]}`, value);
      if (m[1]) options.set(`-${m[1]}`, value);
    }
    return options;
  };

  const everyCommand = markdownFiles().flatMap((f) =>
    documentedPulumiCommands(f, fs.readFileSync(path.join(REPO, f), "utf8")),
  );

  it("the README and docs show pulumi commands", () => {
    expect(everyCommand.filter((c) => c.file === "README.md").length).toBeGreaterThan(3);
  });

  it.each(everyCommand.map((c) => [`${c.file}:${c.line}: ${c.text}`, c] as const))(
    "%s: a command of the CLI, with options it takes",
    (label, c) => {
      const words = c.words.slice(1);
      // The global -C/--cwd comes first in the docs; then the subcommand words the CLI lists.
      while (words[0] === "-C" || words[0] === "--cwd") words.splice(0, 2);
      const sub: string[] = [];
      while (words.length > 0 && isSubcommand(sub, words[0])) sub.push(words.shift() as string);
      expect(sub.length, `${label}: no pulumi subcommand ${words[0]}`).toBeGreaterThan(0);
      const text = help(sub);
      const options = optionsIn(text);
      const positional: string[] = [];
      for (let k = 0; k < words.length; k++) {
        const w = words[k];
        if (!/^--?[A-Za-z]/.test(w)) {
          positional.push(w);
          continue;
        }
        const flag = w.split("=")[0];
        expect(options.has(flag), `${label}: pulumi ${sub.join(" ")} has no option ${flag}`).toBe(true);
        if (options.get(flag) && !w.includes("=")) k++;
      }
      // Arguments only where the usage line takes some (`pulumi stack output [property-name]`).
      const usage = text.match(/^Usage:\n((?: {2}.*\n)+)/m)?.[1] ?? "";
      const takesArgs = /\[(?!flags\]|command\])[^\]]+\]|<[^>]+>/.test(usage);
      if (!takesArgs) expect(positional, `${label}: pulumi ${sub.join(" ")} takes no argument`).toEqual([]);
    },
  );

  /** A documented command with its placeholders filled in and its stack made; the value it sets. */
  const prepare = (c: DocumentedCommand, i: number) => {
    const folder = c.project as string;
    expect(PROJECTS, where(c)).toContain(folder);
    const dir = path.join(work, "stacks", folder);
    const parts = configSetParts(c.words);
    // Docs are files of a pull request: only the options a documented `config set` needs run, so that a
    // command cannot point the CLI at a file outside the copy (`--config-file`) or elsewhere.
    const options = c.words.filter((w) => w.startsWith("-"));
    expect(
      options.filter((o) => !ALLOWED_OPTIONS.has(o)),
      `${where(c)}: options a documented command may use`,
    ).toEqual([]);
    // A stack of its own per command, so that one command's result is not another's.
    const stack = `${parts.stack && !isPlaceholder(parts.stack) ? parts.stack : folder}-${i}`;
    const value = `value-${i}-of-${folder}`;
    const args = c.words.slice(1).map((w, j, all) => {
      if (all[j - 1] === "-C" || all[j - 1] === "--cwd") return dir;
      if (all[j - 1] === "--stack" || all[j - 1] === "-s") return stack;
      if (w === parts.value) return value;
      return w.replace(/<hub>/g, "staging");
    });
    stackInit(folder, stack);
    const key = (parts.key as string).replace(/<hub>/g, "staging");
    return { folder, dir, stack, args, value, key, parts };
  };

  it.each(
    allDocumentedCommands()
      .filter((c) => !c.elided)
      .map((c, i) => [where(c), c, i] as const),
  )("%s: the program sees what it sets", (_where, c, i) => {
    const { folder, dir, stack, args, value, key, parts } = prepare(c, i);
    // Run where the docs run it: from the checkout's root with -C, else in the project's folder.
    ok(args, parts.cwd ? work : dir);
    // The real CLI reads it back.
    const got = ok(["config", "get", ...(parts.path ? ["--path"] : []), key, "--stack", stack], dir).trim();
    expect(got).toBe(value);
    // hubnet validate's stack-file checks accept the file the CLI wrote.
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    const project = projectName(folder);
    const checked = loadStackFile(file, folder as StackProject, { root: work });
    expect(checked.problems).toEqual([]);
    // The plan reads it as the CLI hands it to the program (an encrypted value as a secret placeholder).
    const written = configSetKey(key, parts.path, project);
    if ("error" in written) throw new Error(written.error);
    const planned = readStackConfig(file, project, work);
    expect(planned.problems).toEqual([]);
    expect(Object.keys(planned.config)).toContain(written.top);
    if (parts.secret) expect(planned.secretKeys).toContain(written.top);
    // The SDK's own reader, given the config the CLI decrypts for a run (`pulumi config --show-secrets --json`).
    const all = JSON.parse(ok(["config", "--show-secrets", "--json", "--stack", stack], dir)) as Record<
      string,
      { value?: string; secret: boolean }
    >;
    pulumi.runtime.setAllConfig(
      Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.value ?? ""])),
      Object.keys(all).filter((k) => all[k].secret),
    );
    const [ns, name] = written.top.split(":");
    const seen = programReads.get(project)?.get(written.top)?.object
      ? new pulumi.Config(ns).getObject<Record<string, unknown>>(name)?.[written.rest.slice(1)]
      : new pulumi.Config(ns).get(name);
    expect(seen).toBe(value);
  });
});

describe("namespacing (config/io.go parseConfigKey)", () => {
  it("a key without namespace is the project's, with --path only its top segment", () => {
    expect(configSetKey("clientSecrets.staging", true, "hubnet-community")).toEqual({
      top: "hubnet-community:clientSecrets",
      rest: ".staging",
    });
    expect(configSetKey("hubnet:clientSecrets.staging", true, "p")).toEqual({
      top: "hubnet:clientSecrets",
      rest: ".staging",
    });
    expect(configSetKey("hubnet:a.b", false, "p")).toEqual({ top: "hubnet:a.b", rest: "" });
    expect(configSetKey("a:b:c", false, "p")).toHaveProperty("error");
    expect(configSetKey("aws:config:region", false, "p")).toEqual({ top: "aws:region", rest: "" });
    expect(namespacedByProject("hubnet-cluster", "hubnet:cluster")).toBe(false);
  });
});
