/**
 * Every file of a pull request is hostile (docs/platform/threat-model.md). Each case below plants
 * one hostile input in a network of the tests' own and runs the real `hubnet`, in text and with
 * `--json`, and checks: the exact exit code (1 bad input, 2 usage; never 3), the file and line in
 * the message, no stack trace, no terminal control character, nothing from outside the tree
 * printed, nothing written anywhere, exactly one JSON document on stdout, and what the case costs.
 *
 * Time: each run must use under 2 s of CPU time (measured in the hubnet process itself), and
 * finish within 10 s of wall time (a hang fails here, or at the 30 s kill). CPU time is what a
 * case costs; wall time also counts the other work sharing this 2-core machine.
 *
 * Cases that need an unreadable file run as an unprivileged user (setpriv, uid 65534); where
 * that is impossible, they are skipped and their names say why.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { community, makeNetwork, type Run, runHubnet, snapshot, unprivileged } from "./support/hostile-tree";

const SECRET = `OUTSIDE-SECRET-${process.pid}`;
const STACK_LINE = "    at ";
/** A control character a terminal acts on; `\n` and `\t` are ordinary text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CPU_BUDGET_MS = 2000;
const WALL_LIMIT_MS = 10_000;

const C = "communities/alpha/community.yaml";
const LAB = "stacks/cluster/Pulumi.lab.yaml";
const ALPHA_STACK = "stacks/community/Pulumi.alpha.yaml";

interface Expected {
  /** Relative to the root; null for a problem of no file (usage errors). */
  file: string | null;
  line: number | null;
  /** A part of the message. */
  says: string;
}

interface Case {
  name: string;
  /** Plants the hostile input; `outside` is a folder outside the tree holding a secret. */
  setup?: (root: string, outside: string) => void;
  /** The command line, without --root and --json (added). */
  args: (root: string, outside: string) => string[];
  code: 1 | 2;
  expect: Expected[];
  /** Run as an unprivileged user (the case makes something unreadable). */
  unprivileged?: boolean;
  /** Paths that must not exist after the run (where a refused write would have gone). */
  absent?: (root: string, outside: string) => string[];
  /** More to check on the text output. */
  text?: (out: string) => void;
}

const edit = (root: string, rel: string, f: (s: string) => string) =>
  fs.writeFileSync(path.join(root, rel), f(fs.readFileSync(path.join(root, rel), "utf8")));
const write = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const append = (text: string) => (root: string) => edit(root, C, (s) => s + text);
const line = (n: number, says: string, file = C): Expected => ({ file, line: n, says });
const usage = (says: string): Expected => ({ file: null, line: null, says });
const validate = () => ["validate"];
const SYMLINK = "is a symbolic link; hubnet reads only regular files inside the repository";

const CASES: Case[] = [
  // --- reading: YAML that would exhaust or confuse a reader ---------------------------------
  {
    name: "an alias bomb",
    setup: (root) =>
      write(
        root,
        C,
        `${community("alpha")}a: &a [x, x, x, x, x, x, x, x, x]\n${["b", "c", "d", "e", "f", "g", "h"]
          .map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`)
          .join("\n")}\n`,
      ),
    args: validate,
    code: 1,
    expect: [line(14, "expand to more than 100 copies")],
  },
  {
    name: "an alias to an anchor that does not exist",
    setup: append("extra: *nowhere\n"),
    args: validate,
    code: 1,
    expect: [line(13, "the alias *nowhere refers to no anchor")],
  },
  {
    name: "block nesting 3,000 levels deep",
    setup: (root) => write(root, C, `name: alpha\nx:\n  ${"- ".repeat(3000)}x\n`),
    args: validate,
    code: 1,
    expect: [line(3, "nested deeper than 64 levels")],
  },
  {
    name: "block nesting deeper than the limit",
    setup: (root) =>
      write(
        root,
        C,
        `${Array.from({ length: 100 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")}\n${" ".repeat(100)}x\n`,
      ),
    args: validate,
    code: 1,
    expect: [line(65, "nested deeper than 64 levels")],
  },
  {
    name: "flow nesting 100,000 levels deep",
    setup: (root) => write(root, C, `name: alpha\nx: ${"[".repeat(100_000)}\n`),
    args: validate,
    code: 1,
    expect: [line(2, "nested deeper than 64 levels")],
  },
  {
    name: "a 20 MB community file",
    setup: (root) => write(root, C, "a: b\n".repeat(4 * 1024 * 1024)),
    args: validate,
    code: 1,
    expect: [line(1, "the file is 20.0 MiB, larger than the 256 KiB hubnet reads")],
  },
  {
    name: "a secret-looking key with a literal value under an unknown key",
    setup: append("extra: {password: x}\n"),
    args: validate,
    code: 1,
    expect: [line(13, 'unknown field "extra"'), line(13, "looks like a secret written in plain text")],
  },
  {
    name: "a custom tag",
    setup: append("image: !Ref the-image\n"),
    args: validate,
    code: 1,
    expect: [line(13, "the YAML tag !Ref is not supported")],
  },
  {
    name: "a complex key",
    setup: append("? [a, b]\n: c\n"),
    args: validate,
    code: 1,
    expect: [line(13, "keys must be plain words")],
  },
  {
    name: "a null key",
    setup: append("~: x\n"),
    args: validate,
    code: 1,
    expect: [line(13, "a null or empty key")],
  },
  {
    name: "__proto__ in a mapping",
    setup: (root) => edit(root, C, (s) => s.replace("auth:\n", "auth:\n  __proto__: { provider: github }\n")),
    args: validate,
    code: 1,
    expect: [line(8, 'the key "__proto__" is not allowed')],
  },
  {
    name: "constructor and prototype as keys",
    setup: append("constructor: 1\nbranding: { prototype: 2 }\n"),
    args: validate,
    code: 1,
    expect: [
      line(13, 'the key "constructor" is not allowed'),
      line(14, 'the key "prototype" is not allowed'),
    ],
  },
  {
    name: "a raw escape character in the file",
    setup: append("description: \u001b]0;pwned\u0007\n"),
    args: validate,
    code: 1,
    expect: [line(13, "the control character U+001B")],
  },
  {
    name: "an unknown key made of escape sequences is printed escaped",
    setup: append('"\\e]0;pwned\\a\\e[2J": 1\n'),
    args: validate,
    code: 1,
    expect: [line(13, "unknown field")],
    text: (out) => expect(out).toContain("\\u001b]0;pwned\\u0007\\u001b[2J"),
  },
  {
    name: "a file that is not UTF-8",
    setup: (root) => fs.writeFileSync(path.join(root, C), Buffer.from([0x6e, 0x3a, 0x20, 0xff, 0xfe, 0x0a])),
    args: validate,
    code: 1,
    expect: [line(1, "not UTF-8 text")],
  },
  // --- reading: links, special files and permissions -----------------------------------------
  {
    name: "community.yaml is a symbolic link to a file outside the tree",
    setup: (root, outside) => {
      fs.rmSync(path.join(root, C));
      fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(root, C));
    },
    args: validate,
    code: 1,
    expect: [{ file: C, line: null, says: SYMLINK }],
  },
  {
    name: "community.yaml is a symbolic link to the system's password file",
    setup: (root) => {
      fs.rmSync(path.join(root, C));
      fs.symlinkSync("/etc/passwd", path.join(root, C));
    },
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [{ file: C, line: null, says: SYMLINK }],
  },
  {
    name: "community.yaml is a symbolic link to another community's file",
    setup: (root) => {
      fs.rmSync(path.join(root, C));
      fs.symlinkSync("../beta/community.yaml", path.join(root, C));
    },
    args: validate,
    code: 1,
    expect: [{ file: C, line: null, says: SYMLINK }],
  },
  {
    name: "a community folder that is a symbolic link to a folder outside (validate)",
    setup: (root, outside) =>
      fs.symlinkSync(path.join(outside, "gamma"), path.join(root, "communities/gamma")),
    args: validate,
    code: 1,
    expect: [{ file: "communities/gamma", line: null, says: SYMLINK }],
  },
  {
    name: "a community folder that is a symbolic link to a folder outside (plan)",
    setup: (root, outside) =>
      fs.symlinkSync(path.join(outside, "gamma"), path.join(root, "communities/gamma")),
    args: () => ["plan", "gamma"],
    code: 1,
    expect: [{ file: "communities/gamma", line: null, says: SYMLINK }],
  },
  {
    name: "a community folder that is a symbolic link inside the tree",
    setup: (root) => fs.symlinkSync("beta", path.join(root, "communities/gamma")),
    args: validate,
    code: 1,
    expect: [{ file: "communities/gamma", line: null, says: SYMLINK }],
  },
  {
    name: "communities/ is a symbolic link",
    setup: (root, outside) => {
      fs.renameSync(path.join(root, "communities"), path.join(outside, "moved"));
      fs.symlinkSync(path.join(outside, "moved"), path.join(root, "communities"));
    },
    args: validate,
    code: 1,
    expect: [{ file: "communities", line: null, says: SYMLINK }],
  },
  {
    name: "a cluster stack file that is a symbolic link",
    setup: (root, outside) => {
      fs.renameSync(path.join(root, LAB), path.join(outside, "lab.yaml"));
      fs.symlinkSync(path.join(outside, "lab.yaml"), path.join(root, LAB));
    },
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [{ file: LAB, line: null, says: SYMLINK }],
  },
  {
    name: "community.yaml is a named pipe (never opened, no hang)",
    setup: (root) => {
      fs.rmSync(path.join(root, C));
      execFileSync("mkfifo", [path.join(root, C)]);
    },
    args: validate,
    code: 1,
    expect: [{ file: C, line: null, says: "is a named pipe" }],
  },
  {
    name: "community.yaml is a folder",
    setup: (root) => {
      fs.rmSync(path.join(root, C));
      fs.mkdirSync(path.join(root, C));
    },
    args: validate,
    code: 1,
    expect: [{ file: C, line: null, says: "is a folder" }],
  },
  {
    name: "an unreadable community file",
    unprivileged: true,
    setup: (root) => fs.chmodSync(path.join(root, C), 0),
    args: validate,
    code: 1,
    expect: [{ file: C, line: null, says: "cannot read the file: permission denied (EACCES)" }],
  },
  {
    name: "an unreadable communities/ folder",
    unprivileged: true,
    setup: (root) => fs.chmodSync(path.join(root, "communities"), 0),
    args: validate,
    code: 1,
    expect: [
      { file: "communities", line: null, says: "cannot read this folder: permission denied (EACCES)" },
    ],
  },
  {
    name: "an unreadable stacks/cluster/ folder",
    unprivileged: true,
    setup: (root) => fs.chmodSync(path.join(root, "stacks/cluster"), 0),
    args: validate,
    code: 1,
    expect: [{ file: "stacks/cluster", line: null, says: "permission denied (EACCES)" }],
  },
  // --- reading: what looks like config but is not read ---------------------------------------
  {
    name: "Pulumi.<c>.yml beside Pulumi.<c>.yaml",
    setup: (root) => write(root, "stacks/cluster/Pulumi.lab.yml", "config: {}\n"),
    args: validate,
    code: 1,
    expect: [
      { file: "stacks/cluster/Pulumi.lab.yml", line: null, says: "hubnet and Pulumi read Pulumi.lab.yaml" },
    ],
  },
  {
    name: "a dotted stack name",
    setup: (root) => write(root, "stacks/cluster/Pulumi.a.b.yaml", "config: {}\n"),
    args: validate,
    code: 1,
    expect: [{ file: "stacks/cluster/Pulumi.a.b.yaml", line: null, says: "rename it to Pulumi.a-b.yaml" }],
  },
  {
    name: "a stray communities/x.yaml",
    setup: (root) => write(root, "communities/x.yaml", community("x")),
    args: validate,
    code: 1,
    expect: [
      { file: "communities/x.yaml", line: null, says: "move this file to communities/x/community.yaml" },
    ],
  },
  {
    name: "a community folder without community.yaml",
    setup: (root) => write(root, "communities/gamma/README.md", "notes\n"),
    args: validate,
    code: 1,
    expect: [{ file: "communities/gamma", line: null, says: "has no community.yaml" }],
  },
  // --- Pulumi stack files ---------------------------------------------------------------------
  {
    name: "a broken community stack file during plan",
    setup: (root) => write(root, ALPHA_STACK, "config:\n  hubnet:clientIds: [unclosed\n"),
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [line(2, "YAML syntax error", ALPHA_STACK)],
  },
  {
    name: "hubnet:clientSecrets that is not a mapping",
    setup: (root) => write(root, ALPHA_STACK, "config:\n  hubnet:clientSecrets: just-a-string\n"),
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [line(2, "hubnet:clientSecrets must be a mapping of hub name", ALPHA_STACK)],
  },
  {
    name: "a plain-text client secret in a community stack file",
    setup: (root) => write(root, ALPHA_STACK, "config:\n  hubnet:clientSecrets:\n    dev: hunter2\n"),
    args: validate,
    code: 1,
    expect: [
      line(
        3,
        "`pulumi config set --secret --path 'hubnet:clientSecrets.dev' <value> --stack alpha` in stacks/community",
        ALPHA_STACK,
      ),
    ],
  },
  {
    name: "a plain-text secret in a cluster stack file",
    setup: (root) => edit(root, LAB, (s) => s.replace("config:\n", "config:\n  aws:secretKey: abc123\n")),
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [
      line(3, "`pulumi config set --secret aws:secretKey <value> --stack lab` in stacks/cluster", LAB),
    ],
  },
  {
    name: "a community stack file of no community",
    setup: (root) => write(root, "stacks/community/Pulumi.gamma.yaml", "config: {}\n"),
    args: validate,
    code: 1,
    expect: [{ file: "stacks/community/Pulumi.gamma.yaml", line: null, says: "configures no community" }],
  },
  // --- values ---------------------------------------------------------------------------------
  {
    name: "cpu that rounds to zero",
    setup: (root) => edit(root, C, (s) => s.replace("cpu: 500m", "cpu: 0.0000001")),
    args: validate,
    code: 1,
    expect: [line(12, "finer than 1m")],
  },
  {
    name: "memory that rounds to zero",
    setup: (root) => edit(root, C, (s) => s.replace("memory: 1Gi", "memory: 0.0000001G")),
    args: validate,
    code: 1,
    expect: [line(12, "too small: a size is at least 1Mi")],
  },
  {
    name: "a duration that overflows",
    setup: append("features: { culling: { maxAge: 99999999999999999999d } }\n"),
    args: validate,
    code: 1,
    expect: [line(13, "a duration is at most 365d")],
  },
  {
    name: "a cluster domain that is an IP address",
    setup: (root) => edit(root, LAB, (s) => s.replace("domain: lab.example.org", "domain: 10.1.2.3")),
    args: validate,
    code: 1,
    expect: [line(7, "an IP address is not a domain name", LAB)],
  },
  // --- names on the command line --------------------------------------------------------------
  {
    name: "plan of a path outside the root",
    args: (_root, outside) => ["plan", path.relative(process.cwd(), path.join(outside, "gamma"))],
    code: 2,
    expect: [usage("is not a community name")],
  },
  {
    name: "plan of a name holding escape sequences",
    args: () => ["plan", "a\u001b]0;pwned\u0007"],
    code: 2,
    expect: [usage("is not a community name")],
  },
  {
    name: "dev with a name that is a path",
    args: () => ["dev", "../../etc"],
    code: 2,
    expect: [usage("is not a community name")],
  },
  {
    name: "new with a cluster that is a path",
    args: () => ["new", "gamma", "--cluster", "../../lab"],
    code: 2,
    expect: [usage("is not a cluster name")],
    absent: (root) => [path.join(root, "communities/gamma")],
  },
  // --- writing --------------------------------------------------------------------------------
  {
    name: "plan --out /",
    args: () => ["plan", "alpha", "--out", "/"],
    code: 2,
    expect: [usage("is the root of the file system")],
    absent: () => ["/plan.json", "/clusters", "/communities"],
  },
  {
    name: "plan --out /proc/x (no hang)",
    args: () => ["plan", "alpha", "--out", "/proc/x"],
    code: 2,
    expect: [usage("is a system folder")],
  },
  {
    name: "plan --out in a system folder",
    args: () => ["plan", "alpha", "--out", `/etc/hubnet-test-${process.pid}`],
    code: 2,
    expect: [usage("is a system folder")],
    absent: () => [`/etc/hubnet-test-${process.pid}`],
  },
  {
    name: "plan --out under a regular file",
    setup: (root) => write(root, "notes.txt", "mine\n"),
    args: (root) => ["plan", "alpha", "--out", path.join(root, "notes.txt", "plan")],
    code: 2,
    expect: [usage("no folder can be made inside it")],
  },
  {
    name: "plan --out a folder that holds files hubnet did not write",
    setup: (root) => write(root, "out/notes.txt", "mine\n"),
    args: (root) => ["plan", "alpha", "--out", path.join(root, "out")],
    code: 2,
    expect: [usage("holds notes.txt, which hubnet plan did not write")],
  },
  {
    name: "plan --out the checkout itself",
    args: (root) => ["plan", "alpha", "--out", root],
    code: 2,
    expect: [usage("would replace the checkout")],
  },
  {
    name: "plan --out inside communities/",
    args: (root) => ["plan", "alpha", "--out", path.join(root, "communities", "out")],
    code: 2,
    expect: [usage("lies in communities/")],
    absent: (root) => [path.join(root, "communities", "out")],
  },
  {
    name: "generate --check with a generated file linked to /dev/zero (never read, no hang)",
    setup: (root) => {
      fs.mkdirSync(path.join(root, "docs/reference"), { recursive: true });
      fs.symlinkSync("/dev/zero", path.join(root, "docs/reference/community.md"));
    },
    args: () => ["generate", "--check"],
    code: 1,
    expect: [{ file: "docs/reference/community.md", line: null, says: "out of date" }],
  },
  {
    name: "generate never writes through a link",
    setup: (root, outside) => {
      fs.mkdirSync(path.join(root, "docs/reference"), { recursive: true });
      fs.symlinkSync(path.join(outside, "secret.yaml"), path.join(root, "docs/reference/community.md"));
    },
    args: () => ["generate"],
    code: 1,
    expect: [{ file: "docs/reference/community.md", line: null, says: SYMLINK }],
  },
  // --- usage ----------------------------------------------------------------------------------
  {
    name: "an unknown command",
    args: () => ["frobnicate"],
    code: 2,
    expect: [usage("unknown command 'frobnicate'")],
  },
  {
    name: "plan without a community",
    args: () => ["plan"],
    code: 2,
    expect: [usage("name at least one community, or use --all")],
  },
];

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) {
    execFileSync("chmod", ["-R", "u+rwx", r]);
    fs.rmSync(r, { recursive: true, force: true });
  }
});

/** A network and, beside it, a folder outside the tree that holds a secret. */
function plant(c: Case): { root: string; outside: string } {
  const root = makeNetwork();
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-outside-"));
  fs.chmodSync(outside, 0o755);
  roots.push(root, outside);
  fs.writeFileSync(path.join(outside, "secret.yaml"), `${SECRET}: [unclosed\n`, { mode: 0o644 });
  fs.mkdirSync(path.join(outside, "gamma"), { mode: 0o755 });
  fs.writeFileSync(path.join(outside, "gamma", "community.yaml"), `${community("gamma")}${SECRET}: 1\n`, {
    mode: 0o644,
  });
  c.setup?.(root, outside);
  return { root, outside };
}

function checkRun(c: Case, r: Run, mode: "text" | "json") {
  const all = r.stdout + r.stderr;
  expect(r.code, `${mode}: exit code; stderr: ${r.stderr}`).toBe(c.code);
  expect(all).not.toContain(STACK_LINE);
  expect(all).not.toContain(SECRET);
  expect(all).not.toContain("root:x:0:0");
  expect(r.stderr, "a Node warning").not.toMatch(/\(node:\d+\) \w*Warning/);
  expect(r.wallMs, `${mode}: wall time`).toBeLessThan(WALL_LIMIT_MS);
  expect(r.cpuMs, `${mode}: CPU time of the hubnet process`).toBeLessThan(CPU_BUDGET_MS);
  if (mode === "text") {
    expect(CONTROL.test(all), `a control character in: ${JSON.stringify(all)}`).toBe(false);
    const lines = (c.code === 1 ? r.stdout : r.stderr).split("\n");
    for (const e of c.expect) {
      const where = e.file === null ? "error: " : e.line === null ? `${e.file}: ` : `${e.file}:${e.line}:`;
      expect(
        lines.some((l) => l.startsWith(where) && l.includes(e.says)),
        `a line starting with ${where} saying ${e.says} in:\n${r.stdout}${r.stderr}`,
      ).toBe(true);
    }
    c.text?.(all);
  } else {
    const doc = JSON.parse(r.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(doc.ok).toBe(false);
    for (const e of c.expect) {
      expect(
        doc.problems.some(
          (p) => p.file === e.file && p.line === e.line && String(p.message).includes(e.says),
        ),
        `a problem {file: ${e.file}, line: ${e.line}} saying ${e.says} in ${r.stdout}`,
      ).toBe(true);
    }
    for (const p of doc.problems)
      expect(Object.keys(p).sort()).toEqual(["column", "file", "line", "message", "path"]);
  }
}

const runner = unprivileged();

describe.concurrent("hostile input: a located message, the right exit code, nothing written", () => {
  for (const c of CASES) {
    const impossible = c.unprivileged && "impossible" in runner ? runner.impossible : undefined;
    const name = impossible ? `${c.name} — SKIPPED: no unprivileged user (${impossible})` : c.name;
    it.skipIf(impossible !== undefined)(name, async () => {
      const { root, outside } = plant(c);
      const before = snapshot(root);
      const outsideBefore = snapshot(outside);
      const prefix = c.unprivileged && "prefix" in runner ? runner.prefix : undefined;
      const args = [...c.args(root, outside), "--root", root];
      const text = await runHubnet(args, { cwd: root, prefix });
      checkRun(c, text, "text");
      const json = await runHubnet([...args, "--json"], { cwd: root, prefix });
      checkRun(c, json, "json");
      expect(snapshot(root)).toEqual(before);
      expect(snapshot(outside)).toEqual(outsideBefore);
      for (const p of c.absent?.(root, outside) ?? [])
        expect(fs.existsSync(p), `${p} was written`).toBe(false);
      expect(
        fs
          .readdirSync(path.dirname(root))
          .filter((f) => f.includes(".tmp-") && f.includes(path.basename(root))),
      ).toEqual([]);
    });
  }
});

describe("plan --out replaces what an earlier run wrote", () => {
  it("the folder always matches its plan.json", async () => {
    const root = makeNetwork();
    roots.push(root);
    const out = path.join(root, "out", "plan");
    const first = await runHubnet(["plan", "alpha", "beta", "--out", out, "--root", root], { cwd: root });
    expect(first.code, first.stderr).toBe(0);
    expect(fs.existsSync(path.join(out, "communities/beta/resources.json"))).toBe(true);
    const second = await runHubnet(["plan", "alpha", "--out", out, "--root", root], { cwd: root });
    expect(second.code, second.stderr).toBe(0);
    const plan = JSON.parse(fs.readFileSync(path.join(out, "plan.json"), "utf8")) as {
      stacks: { kind: string; stack: string }[];
    };
    const listed = plan.stacks.map(
      (s) => `${s.kind === "cluster" ? "clusters" : "communities"}/${s.stack}/resources.json`,
    );
    expect(listed.sort()).toEqual(["clusters/lab/resources.json", "communities/alpha/resources.json"]);
    const files = fs.readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const rel = files.map((e) => path.relative(out, path.join(e.parentPath, e.name))).sort();
    // Each stack's rendered.json (its Helm releases as the charts render them) beside its resources.json.
    const rendered = listed.map((f) => f.replace(/resources\.json$/, "rendered.json"));
    expect(rel).toEqual([".hubnet-output.json", "plan.json", ...listed, ...rendered].sort());
    // Nothing left beside it: no temporary or old folder.
    expect(fs.readdirSync(path.dirname(out))).toEqual(["plan"]);
  });
});

describe("values from files are printed escaped", () => {
  it("a profile's display name holding escape sequences, in plan's summary", async () => {
    const root = makeNetwork();
    roots.push(root);
    edit(root, C, (s) => s.replace("displayName: Small", 'displayName: "\\e]0;pwned\\a\\e[2JSmall"'));
    const r = await runHubnet(["plan", "alpha", "--root", root], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("\\u001b]0;pwned\\u0007\\u001b[2JSmall");
    expect(CONTROL.test(r.stdout + r.stderr)).toBe(false);
    const json = await runHubnet(["plan", "alpha", "--root", root, "--json"], { cwd: root });
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain("\\u001b]0;pwned\\u0007");
  });
});
