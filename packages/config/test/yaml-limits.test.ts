/**
 * The library side of untrusted input: the YAML limits and refusals (each at its own position),
 * reading inside a root (links, special files, sizes), the checkout's layout, value bounds after
 * normalisation, and writing an output folder. The whole command line is tested on the same
 * inputs in test/untrusted-input.test.ts.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CommunitySchema,
  checkOutputDir,
  escapeControl,
  findPlaintextSecrets,
  formatProblem,
  inspect,
  listCommunities,
  listStackFiles,
  loadCommunityFile,
  MAX_FILE_BYTES,
  MAX_PROBLEMS_PER_FILE,
  MAX_YAML_ALIASES,
  MAX_YAML_DEPTH,
  OUTPUT_MANIFEST,
  OutputDirError,
  parseBytes,
  parseCpu,
  parseDuration,
  parseYaml,
  readFileInTree,
  SYMLINK_MESSAGE,
  writeOutputDir,
} from "../src";
import { communityYaml, GITHUB_AUTH, SMALL_PROFILE } from "./community-fixtures";

/**
 * CPU time (user + system) this process spent since `since`, in milliseconds. The bounds below
 * are on CPU time, not wall time: the work is synchronous, and wall time on a shared 2-core
 * machine measures the neighbours as much as hubnet (decision 0010).
 */
function cpuMillis(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-limits-"));
  dirs.push(d);
  return d;
}

/** Each problem as `LINE:COL: message` (the file is always f.yaml). */
function problems(text: string): string[] {
  return parseYaml("f.yaml", text).problems.map(
    (p) => `${p.line}:${p.col}: ${p.path ? `${p.path}: ` : ""}${p.message}`,
  );
}

describe("parseYaml refuses what a hostile file can do, at its own position", () => {
  const bomb = [
    "a: &a [x, x, x, x, x, x, x, x, x]",
    ...["b", "c", "d", "e", "f", "g"].map(
      (k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdef"[i]}`).join(", ")}]`,
    ),
  ].join("\n");
  const cases: [string, string, string][] = [
    ["an alias bomb", bomb, `2:8: the aliases of this file expand to more than ${MAX_YAML_ALIASES} copies`],
    [
      "too many aliases",
      `a: &a 1\nb: [${Array(MAX_YAML_ALIASES + 1)
        .fill("*a")
        .join(", ")}]`,
      `2:${5 + 4 * MAX_YAML_ALIASES}: more than ${MAX_YAML_ALIASES} aliases`,
    ],
    ["an alias to no anchor", "a: 1\nb: *nope\n", "2:4: the alias *nope refers to no anchor"],
    ["an alias before its anchor", "b: *a\na: &a 1\n", "1:4: the alias *a refers to no anchor"],
    [
      "block nesting over the limit",
      `${Array.from({ length: MAX_YAML_DEPTH + 5 }, (_, i) => `${" ".repeat(i)}a:`).join("\n")}\n`,
      `${MAX_YAML_DEPTH + 1}:${MAX_YAML_DEPTH + 1}: nested deeper than ${MAX_YAML_DEPTH} levels`,
    ],
    ["compact block nesting", `a:\n  ${"- ".repeat(5000)}x\n`, "2:"],
    [
      "flow nesting",
      `a: ${"[".repeat(50_000)}`,
      `1:${4 + MAX_YAML_DEPTH}: nested deeper than ${MAX_YAML_DEPTH} levels`,
    ],
    ["a custom tag", "a: 1\nb: !Ref x\n", "2:4: the YAML tag !Ref is not supported"],
    ["a custom tag on a mapping", "a: !Thing\n  x: 1\n", "1:4: the YAML tag !Thing is not supported"],
    ["a YAML 1.1 tag", "a: !!binary aGk=\n", "1:4: the YAML tag !!binary is not supported"],
    ["a complex key", "a: 1\n? [x, y]\n: 2\n", "2:3: a key here is a list, mapping or alias"],
    ["a flow complex key", "a: {[x]: 1}\n", "1:5: a key here is a list, mapping or alias"],
    ["a null key", "a: 1\n~: 2\n", "2:1: a null or empty key"],
    ["an empty key", "a: 1\n: 2\n", "2:1: a null or empty key"],
    ["__proto__", "a:\n  __proto__: {x: 1}\n", '2:3: a.__proto__: the key "__proto__" is not allowed'],
    ["constructor", "constructor: 1\n", '1:1: constructor: the key "constructor" is not allowed'],
    ["prototype", "a: [{prototype: 1}]\n", '1:6: a[0].prototype: the key "prototype" is not allowed'],
    ["a duplicate key", "a: 1\nb: 2\na: 3\n", '3:1: a: duplicate key "a" (first at line 1)'],
    ["a duplicate after conversion", "1: x\n'1': y\n", '2:1: 1: duplicate key "1" (first at line 1)'],
    ["a raw escape character", "a: 1\nb: x\u001by\n", "2:5: the file holds the control character U+001B"],
    ["a raw NUL", "a: \u0000\n", "1:4: the file holds the control character U+0000"],
    ["two documents", "a: 1\n---\nb: 2\n", "2:1: YAML syntax error"],
  ];
  it.each(cases)("%s", (_name, text, expected) => {
    const cpu = process.cpuUsage();
    const found = problems(text);
    expect(cpuMillis(cpu)).toBeLessThan(2000);
    expect(
      found.some((p) => p.startsWith(expected)),
      `${expected} in ${JSON.stringify(found)}`,
    ).toBe(true);
    expect(parseYaml("f.yaml", text).source).toBeUndefined();
  });

  it("keeps escapes written in double quotes as values, and they print escaped", () => {
    const { source } = parseYaml("f.yaml", 'a: "\\e]0;title\\a"\n');
    expect(source?.data).toEqual({ a: "\u001b]0;title\u0007" });
    expect(escapeControl("\u001b]0;title\u0007\u202e\n")).toBe("\\u001b]0;title\\u0007\\u202e\\n");
  });

  it("never builds a key that reaches a prototype, even when reporting on the rest", () => {
    const r = parseYaml("f.yaml", "name: x\nlabels: {__proto__: {polluted: true}}\n");
    expect(r.source).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("a secret-looking key under a key the schema does not know is a problem, not a crash", () => {
    const { source } = parseYaml("f.yaml", "name: x\nextra: {password: x, nested: {token: y}}\n");
    if (!source) throw new Error("the file should parse");
    // The schema is consulted for each secret-looking key's parent: `extra` is not in it.
    const found = findPlaintextSecrets(source, [], "pulumi config set --secret", CommunitySchema);
    expect(found.paths).toEqual(["extra.password", "extra.nested.token"]);
    expect(found.problems.map((p) => `${p.line}:${p.col}: ${p.path}`)).toEqual([
      "2:9: extra.password",
      "2:31: extra.nested.token",
    ]);
  });

  it(`parses a file of ${MAX_FILE_BYTES / 1024} KiB with one key per line in well under 2 s`, () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`)
      .join("\n")
      .slice(0, MAX_FILE_BYTES);
    const cpu = process.cpuUsage();
    expect(problems(text)).toEqual([]);
    expect(cpuMillis(cpu)).toBeLessThan(2000);
  });
});

describe("one file's problems are capped, whichever check finds them", () => {
  const file = "communities/c/community.yaml";
  const lines = (n: number, line: (i: number) => string) =>
    Array.from({ length: n }, (_, i) => line(i)).join("\n");
  it.each([
    ["unknown fields (the schema)", lines(200, (i) => `unknown${i}: x`)],
    ["variables the platform sets (the file's own checks)", `env:\n${lines(200, (i) => `  AWS_X${i}: v`)}`],
  ])("%s", (_name, body) => {
    const text = communityYaml("c", "gke", `${GITHUB_AUTH}\n${SMALL_PROFILE}\n${body}`);
    const { problems } = loadCommunityFile(file, text);
    expect(problems).toHaveLength(MAX_PROBLEMS_PER_FILE);
    expect(problems[0]).toEqual({
      file,
      message: `${200 - (MAX_PROBLEMS_PER_FILE - 1)} more problems in this file are not shown: fix these first`,
    });
  });
});

describe("reading inside a root: regular files only, links reported and never followed", () => {
  const root = tmp();
  const outside = tmp();
  fs.writeFileSync(path.join(outside, "secret.yaml"), "SECRET: 1\n");
  fs.mkdirSync(path.join(outside, "folder"));
  fs.writeFileSync(path.join(outside, "folder", "community.yaml"), "SECRET: 1\n");
  fs.mkdirSync(path.join(root, "communities", "real"), { recursive: true });
  fs.writeFileSync(path.join(root, "communities", "real", "community.yaml"), "name: real\n");
  const link = (target: string, at: string) => {
    fs.mkdirSync(path.dirname(path.join(root, at)), { recursive: true });
    fs.symlinkSync(target, path.join(root, at));
  };
  link(path.join(outside, "secret.yaml"), "communities/a/community.yaml");
  link("../real/community.yaml", "communities/b/community.yaml");
  link(path.join(outside, "folder"), "communities/c");
  link("real", "communities/d");
  link("/nonexistent/target", "communities/e/community.yaml");

  it.each([
    ["a link to a file outside", "communities/a/community.yaml", "communities/a/community.yaml"],
    ["a link to a file inside", "communities/b/community.yaml", "communities/b/community.yaml"],
    ["a link to a folder outside", "communities/c/community.yaml", "communities/c"],
    ["a link to a folder inside", "communities/d/community.yaml", "communities/d"],
    ["a dangling link", "communities/e/community.yaml", "communities/e/community.yaml"],
  ])("%s is reported at the link's own path", (_name, rel, at) => {
    const r = readFileInTree(root, path.join(root, rel));
    expect(r.text).toBeUndefined();
    expect(r.problems).toEqual([{ file: path.join(root, at), message: SYMLINK_MESSAGE }]);
  });

  it("lists every link as a problem and reads only the real community", () => {
    const listed = listCommunities(root);
    expect([...listed.files.keys()]).toEqual(["real"]);
    expect(listed.problems.map((p) => formatProblem(p, root)).sort()).toEqual([
      `communities/a/community.yaml: ${SYMLINK_MESSAGE}`,
      `communities/b/community.yaml: ${SYMLINK_MESSAGE}`,
      `communities/c: ${SYMLINK_MESSAGE}`,
      `communities/d: ${SYMLINK_MESSAGE}`,
      `communities/e/community.yaml: ${SYMLINK_MESSAGE}`,
    ]);
  });

  it("refuses a path outside the root without naming it", () => {
    const r = readFileInTree(root, path.join(outside, "secret.yaml"));
    expect(r.problems).toEqual([{ message: "refused to read a path outside the repository (--root)" }]);
  });

  it("answers a 20 MB file from its size, without reading it", () => {
    const file = path.join(root, "big.yaml");
    fs.writeFileSync(file, "");
    fs.truncateSync(file, 20 * 1024 * 1024);
    const cpu = process.cpuUsage();
    const r = readFileInTree(root, file);
    expect(cpuMillis(cpu)).toBeLessThan(100);
    expect(r.problems[0].message).toBe(
      "the file is 20.0 MiB, larger than the 256 KiB hubnet reads: a config file is a few kilobytes; remove what does not belong in it",
    );
  });

  it("never opens a named pipe (it would block)", () => {
    const fifo = path.join(root, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(inspect(root, fifo)).toMatchObject({
      kind: "refused",
      problem: { message: expect.stringContaining("named pipe") },
    });
    expect(readFileInTree(root, fifo).problems[0].message).toContain("is a named pipe");
  });
});

describe("the layout: what looks like config but is not read is reported", () => {
  const root = tmp();
  const dir = path.join(root, "stacks", "cluster");
  fs.mkdirSync(dir, { recursive: true });
  for (const f of [
    "Pulumi.yaml",
    "Pulumi.ok.yaml",
    "Pulumi.ok.yml",
    "Pulumi.a.b.yaml",
    "Pulumi.Big_Name.yaml",
    "Pulumi.x.json",
    "kind.yaml",
    "index.ts",
    "package.json",
  ])
    fs.writeFileSync(path.join(dir, f), "config: {}\n");

  it("reads Pulumi.<label>.yaml only, and says what to rename the rest to", () => {
    const listed = listStackFiles(root, path.join("stacks", "cluster"));
    expect([...listed.files.keys()]).toEqual(["ok"]);
    expect(listed.problems.map((p) => formatProblem(p, root))).toEqual([
      "stacks/cluster/Pulumi.Big_Name.yaml: not read: the stack name \"Big_Name\" is not a DNS-1123 label (lower-case letters, digits and '-'), so hubnet does not read this file: rename it to Pulumi.big-name.yaml and the stack to match (`pulumi stack rename`)",
      "stacks/cluster/Pulumi.a.b.yaml: not read: the stack name \"a.b\" is not a DNS-1123 label (lower-case letters, digits and '-'), so hubnet does not read this file: rename it to Pulumi.a-b.yaml and the stack to match (`pulumi stack rename`)",
      "stacks/cluster/Pulumi.ok.yml: not read: hubnet and Pulumi read Pulumi.ok.yaml, not this .yml file: move what it holds into Pulumi.ok.yaml and remove it",
      "stacks/cluster/Pulumi.x.json: not read: hubnet and Pulumi read only .yaml stack files: rename it to Pulumi.x.yaml",
      "stacks/cluster/kind.yaml: not read: stack files are named Pulumi.<stack>.yaml; rename it or move it out of this folder",
    ]);
  });
});

describe("values are checked after normalisation, with upper bounds", () => {
  it.each([
    ["0.0000001G", "too small: a size is at least 1Mi"],
    ["0.5k", "too small"],
    ["1.0000000001k", "is not a whole number of bytes"],
    ["99999999999999999999999G", "too large: a size is at most 8Pi"],
    ["9Pi", "too large: a size is at most 8Pi"],
  ])("size %s is refused: %s", (input, says) => {
    const r = parseBytes(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });

  it.each([
    ["1.5Gi", 1.5 * 2 ** 30, "1.5Gi"],
    ["1.1k", undefined, undefined],
    ["0004.50G", 4.5e9, "4.5G"],
    ["8Pi", 2 ** 53, "8Pi"],
  ])("size %s is exact: %s bytes, written %s", (input, bytes, text) => {
    const r = parseBytes(input);
    if (bytes === undefined) expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, value: { bytes, text } });
  });

  it.each([
    [0.0000001, "finer than 1m"],
    ["0.0001", "finer than 1m"],
    [1e21, "too large"],
    ["1025", "too large: at most 1024 cores"],
    ["0.1m", "is not a cpu amount"],
  ])("cpu %s is refused: %s", (input, says) => {
    const r = parseCpu(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });

  it("cpu keeps exact spellings", () => {
    expect(parseCpu(1.001)).toEqual({ ok: true, value: { cores: 1.001, text: "1.001" } });
    expect(parseCpu("0250m")).toEqual({ ok: true, value: { cores: 0.25, text: "250m" } });
  });

  it.each([
    ["99999999999999999999d", "at most 365d"],
    [1e20, "at most 365d"],
    ["366d", "at most 365d"],
    ["0s", "is not a duration"],
  ])("duration %s is refused: %s", (input, says) => {
    const r = parseDuration(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(says);
  });

  it("domains end in an alphabetic label", () => {
    const domain = (d: string) => CommunitySchema.shape.hubs.element.shape.domain.safeParse(d).success;
    expect(["hub.example.org", "a.b.localhost", "x.xn--p1ai"].map(domain)).toEqual([true, true, true]);
    expect(["10.1.2.3", "hub.example.123", "localhost", "hub.example.o"].map(domain)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe("writeOutputDir: never over what hubnet did not write, never half-written", () => {
  const opts = { command: "hubnet test", option: "--out" };

  it("writes a new folder with its manifest, then replaces it whole", () => {
    const out = path.join(tmp(), "a", "b");
    writeOutputDir(out, { "x/one.json": "1\n", "two.json": "2\n" }, opts);
    expect(JSON.parse(fs.readFileSync(path.join(out, OUTPUT_MANIFEST), "utf8"))).toEqual({
      command: "hubnet test",
      files: ["two.json", "x/one.json"],
    });
    writeOutputDir(out, { "three.json": "3\n" }, opts);
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, "three.json"]);
    expect(fs.readdirSync(path.dirname(out))).toEqual(["b"]);
  });

  it("a write that fails half-way leaves the target as it was, and nothing beside it", () => {
    const parent = tmp();
    const out = path.join(parent, "out");
    writeOutputDir(out, { "keep.json": "kept\n" }, opts);
    const before = fs.readFileSync(path.join(out, "keep.json"), "utf8");
    // The second file's name is longer than any file system allows: the write fails after the first.
    expect(() => writeOutputDir(out, { "a.json": "1\n", [`${"n".repeat(300)}.json`]: "2\n" }, opts)).toThrow(
      OutputDirError,
    );
    expect(fs.readdirSync(out).sort()).toEqual([OUTPUT_MANIFEST, "keep.json"]);
    expect(fs.readFileSync(path.join(out, "keep.json"), "utf8")).toBe(before);
    expect(fs.readdirSync(parent)).toEqual(["out"]);
  });

  it("a failed write into a new folder removes the folders it made", () => {
    const parent = tmp();
    expect(() => writeOutputDir(path.join(parent, "x", "y"), { [`${"n".repeat(300)}`]: "" }, opts)).toThrow(
      OutputDirError,
    );
    expect(fs.readdirSync(parent)).toEqual([]);
  });

  it.each([
    ["/", "is the root of the file system"],
    ["/etc/hubnet-x", "is a system folder"],
    ["/proc/1/x", "is a system folder"],
    ["/sys/kernel/x", "is a system folder"],
    ["/usr", "is a system folder"],
    [os.tmpdir(), "is a system folder"],
  ])("refuses %s", (target, says) => {
    expect(() => checkOutputDir(target, opts)).toThrow(says);
  });

  it("refuses a folder holding something it did not write, or written by another command", () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, "mine.txt"), "x");
    expect(() => checkOutputDir(out, opts)).toThrow("holds mine.txt, which hubnet test did not write");
    const other = path.join(tmp(), "o");
    writeOutputDir(other, { "a.json": "" }, { command: "hubnet other" });
    expect(() => checkOutputDir(other, opts)).toThrow("(hubnet other wrote this folder)");
  });

  it("refuses a link as the target, and a path through a link to a system folder", () => {
    const dir = tmp();
    fs.symlinkSync("/etc", path.join(dir, "etc"));
    expect(() => checkOutputDir(path.join(dir, "etc"), opts)).toThrow("is a system folder");
    expect(() => checkOutputDir(path.join(dir, "etc", "x"), opts)).toThrow("is a system folder");
    fs.mkdirSync(path.join(dir, "real"));
    fs.symlinkSync(path.join(dir, "real"), path.join(dir, "link"));
    expect(() => checkOutputDir(path.join(dir, "link"), opts)).toThrow("is a symbolic link");
  });

  it("accepts what an earlier version wrote when `legacy` recognises it", () => {
    const out = tmp();
    fs.writeFileSync(path.join(out, "plan.json"), "{}");
    expect(() => checkOutputDir(out, opts)).toThrow("holds plan.json");
    expect(() => checkOutputDir(out, { ...opts, legacy: () => ["plan.json"] })).not.toThrow();
  });

  it("refuses a folder it cannot check as an OutputDirError, never a crash", () => {
    expect(() => checkOutputDir("", opts)).toThrow(OutputDirError);
  });
});
