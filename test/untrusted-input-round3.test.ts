/**
 * Hostile pull requests, round three (issue 21): secrets by meaning, reserved namespaces, values
 * the hub and the browser interpret, and crashes. Each case plants one hostile input in a network
 * of the tests' own and runs the real `hubnet`, in text and with `--json`, and checks the exact exit
 * code (1 bad input, 2 usage; never 3, an internal error), the file and line of the message, no
 * stack trace, no terminal control character, and that nothing was written.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { community, makeNetwork, type Run, runHubnet, snapshot } from "./support/hostile-tree";

const STACK_LINE = "    at ";
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const C = "communities/alpha/community.yaml";
const LAB = "stacks/cluster/Pulumi.lab.yaml";

interface Expected {
  /** Relative to the root; null for a usage error. */
  file: string | null;
  line: number | null;
  says: string;
}
interface Case {
  name: string;
  setup: (root: string) => void;
  args: (root: string) => string[];
  code: 1 | 2;
  expect: Expected[];
  /** Paths (relative to the root) that must not exist after the run. */
  absent?: string[];
  /** What must not be printed (a secret planted by the case). */
  never?: string[];
}

const read = (root: string, rel: string) => fs.readFileSync(path.join(root, rel), "utf8");
const write = (root: string, rel: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
};
const edit = (rel: string, f: (s: string) => string) => (root: string) =>
  write(root, rel, f(read(root, rel)));
const append = (text: string) => edit(C, (s) => s + text);
const swap = (from: string, to: string, rel = C) =>
  edit(rel, (s) => {
    if (!s.includes(from)) throw new Error(`test setup: ${from} not found`);
    return s.replace(from, to);
  });
const at = (line: number, says: string, file = C): Expected => ({ file, line, says });
const usage = (says: string): Expected => ({ file: null, line: null, says });
const validate = () => ["validate"];
const OIDC = (issuer: string) => `auth:
  provider: oidc
  issuer: ${issuer}
  authorizeUrl: https://idp.example.org/authorize
  tokenUrl: https://idp.example.org/token
  userdataUrl: https://idp.example.org/userinfo
  allowAll: true
`;
const TOKEN = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06YWRtaW4ifQ.planted${process.pid}signature`;

const CASES: Case[] = [
  // --- reserved names ------------------------------------------------------------------------
  {
    name: "community kube with hub system would render Namespace kube-system",
    setup: (root) =>
      write(root, "communities/kube/community.yaml", community("kube").replace("name: dev", "name: system")),
    args: validate,
    code: 1,
    expect: [at(6, "would get the namespace kube-system", "communities/kube/community.yaml")],
  },
  {
    name: "community cert with hub manager would take the baseline's cert-manager",
    setup: (root) =>
      write(root, "communities/cert/community.yaml", community("cert").replace("name: dev", "name: manager")),
    args: () => ["plan", "cert"],
    code: 1,
    expect: [at(6, "would get the namespace cert-manager", "communities/cert/community.yaml")],
  },
  {
    name: "a hub named default-... is fine, but community envoy-gateway with hub system is not",
    setup: (root) =>
      write(
        root,
        "communities/envoy-gateway/community.yaml",
        community("envoy-gateway").replace("name: dev", "name: system"),
      ),
    args: validate,
    code: 1,
    expect: [
      at(
        6,
        "envoy-gateway-system is a namespace of every cluster's baseline",
        "communities/envoy-gateway/community.yaml",
      ),
    ],
  },
  // --- secrets by meaning --------------------------------------------------------------------
  {
    name: "hubnet:kubeconfig in clear in a cluster stack file (validate)",
    setup: swap(
      "config:\n",
      `config:\n  hubnet:kubeconfig: |\n    apiVersion: v1\n    kind: Config\n    users:\n      - name: admin\n        user: { token: ${TOKEN} }\n`,
      LAB,
    ),
    args: validate,
    code: 1,
    expect: [
      at(3, 'pulumi config set --secret hubnet:kubeconfig "$(cat <kubeconfig file>)" --stack lab', LAB),
    ],
    never: [TOKEN],
  },
  {
    name: "hubnet:kubeconfig in clear in a cluster stack file (plan)",
    setup: swap("config:\n", `config:\n  hubnet:kubeconfig: "${TOKEN}"\n`, LAB),
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [at(3, "looks like a kubeconfig written in plain text", LAB)],
    never: [TOKEN],
  },
  {
    name: "a client key of a kubeconfig written as YAML in a community stack file",
    setup: (root) =>
      write(
        root,
        "stacks/community/Pulumi.alpha.yaml",
        `config:\n  ops:access:\n    users:\n      - name: a\n        user:\n          client-key-data: ${Buffer.from("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n").toString("base64")}\n`,
      ),
    args: validate,
    code: 1,
    expect: [
      at(
        6,
        "--path 'ops:access.users[0].user.client-key-data' <value> --stack alpha",
        "stacks/community/Pulumi.alpha.yaml",
      ),
    ],
  },
  {
    name: "an OIDC endpoint URL with a user and password in it",
    setup: swap(
      "auth:\n  provider: dummy\n  allowedUsers: [alice]\n",
      OIDC("https://hub:hunter2@idp.example.org/"),
    ),
    args: validate,
    code: 1,
    expect: [at(9, "is a URL with a password written in plain text")],
    never: ["hunter2"],
  },
  {
    name: "a JSON web token in a display name",
    setup: swap("displayName: Community alpha", `displayName: "${TOKEN}"`),
    args: validate,
    code: 1,
    expect: [at(2, "is a JSON web token written in plain text")],
    never: [TOKEN],
  },
  // --- crashes (never exit 3) ----------------------------------------------------------------
  {
    name: "an OIDC issuer https://[idp.example.org]/ (validate)",
    setup: swap("auth:\n  provider: dummy\n  allowedUsers: [alice]\n", OIDC('"https://[idp.example.org]/"')),
    args: validate,
    code: 1,
    expect: [at(9, "is not a URL a browser can open")],
  },
  {
    name: "an OIDC issuer https://[idp.example.org]/ (catalog)",
    setup: swap("auth:\n  provider: dummy\n  allowedUsers: [alice]\n", OIDC('"https://[idp.example.org]/"')),
    args: (root) => ["catalog", "--out", path.join(root, "site")],
    code: 1,
    expect: [at(9, "is not a URL a browser can open")],
    absent: ["site"],
  },
  {
    name: "10,000 levels of compact block sequences",
    setup: (root) => write(root, C, `name: alpha\nx:\n${"- ".repeat(10_000)}x\n`),
    args: validate,
    code: 1,
    expect: [at(3, "nested deeper than 64 levels")],
  },
  {
    name: "10,000 levels of compact block sequences in a cluster stack file",
    setup: (root) => write(root, LAB, `config:\n  hubnet:cluster:\n    ${"- ".repeat(10_000)}x\n`),
    args: () => ["plan", "alpha"],
    code: 1,
    expect: [at(3, "nested deeper than 64 levels", LAB)],
  },
  // --- values the hub and the browser interpret ----------------------------------------------
  {
    name: "a user name JupyterHub refuses at start-up (team/alice)",
    setup: swap("allowedUsers: [alice]", "allowedUsers: [team/alice]"),
    args: validate,
    code: 1,
    expect: [at(9, 'JupyterHub accepts: it refuses names with "/"')],
  },
  {
    name: "hubnet dev of a community with a user name JupyterHub refuses (was: internal error)",
    setup: swap("allowedUsers: [alice]", "allowedUsers: [team/alice]"),
    args: () => ["dev", "alpha"],
    code: 1,
    expect: [at(9, 'JupyterHub accepts: it refuses names with "/"')],
  },
  {
    name: "an admin name ending in a space",
    setup: swap("allowedUsers: [alice]", 'allowedUsers: [alice]\n  admins: ["root "]'),
    args: validate,
    code: 1,
    expect: [at(10, "starts or ends with white space, which JupyterHub refuses")],
  },
  {
    name: "defaultUrl /%2e%2e/%2e%2e/hub/admin (browsers read %2e%2e as ..)",
    setup: append("defaultUrl: /%2e%2e/%2e%2e/hub/admin\n"),
    args: validate,
    code: 1,
    expect: [at(13, "also written %2e or %2e%2e")],
  },
  {
    name: "defaultUrl with an encoded slash",
    setup: append("defaultUrl: /lab/..%2f..%2fhub\n"),
    args: validate,
    code: 1,
    expect: [at(13, "must not hold an encoded /")],
  },
  {
    name: "a gitPuller repository ending in /.. (pulls into the home's parent)",
    setup: append("gitPuller:\n  - { repo: https://github.com/example/course/.. }\n"),
    args: validate,
    code: 1,
    expect: [at(14, "the URL holds a . or .. segment")],
  },
  {
    name: "a gitPuller repository ending in /.jupyter (pulls into Jupyter's settings)",
    setup: append("gitPuller:\n  - { repo: https://github.com/example/.jupyter }\n"),
    args: validate,
    code: 1,
    expect: [at(14, "would be pulled into ~/.jupyter, which is a hidden folder")],
  },
  {
    name: "an unquoted tag: 1.10 (YAML reads 1.1)",
    setup: swap('tag: "2025-11-03"', "tag: 1.10"),
    args: validate,
    code: 1,
    expect: [at(10, 'YAML reads 1.10 as the number 1.1, so this would be "1.1": quote it (tag: "1.10")')],
  },
  {
    name: "an unquoted tag: 1e3 (YAML reads 1000)",
    setup: swap('tag: "2025-11-03"', "tag: 1e3"),
    args: validate,
    code: 1,
    expect: [at(10, "quote it")],
  },
  {
    name: "an unquoted branch: 1.10 and env value: yes-like boolean (YAML changes their type)",
    setup: append(
      "gitPuller:\n  - { repo: https://github.com/example/course, branch: 1.10 }\nenv: { DEBUG: true }\n",
    ),
    args: validate,
    code: 1,
    expect: [
      at(14, 'expected a string, got 1.10, which YAML reads as the number 1.1: quote it ("1.10")'),
      at(15, 'expected a string, got true, which YAML reads as the boolean true: quote it ("true")'),
    ],
  },
  {
    name: "an operator name JupyterHub refuses, in a cluster stack file",
    setup: swap("operators: { local: [admin] }", 'operators: { local: ["ops/admin"] }', LAB),
    args: validate,
    code: 1,
    expect: [at(9, 'it refuses names with "/"', LAB)],
  },
  {
    name: "a NUL byte in an env value",
    setup: append('env: { GREETING: "hello\\0world" }\n'),
    args: validate,
    code: 1,
    expect: [at(13, "must not hold control characters")],
  },
  {
    name: "an escape sequence in an env value",
    setup: append('env: { PS1: "\\e]0;pwned\\a" }\n'),
    args: validate,
    code: 1,
    expect: [at(13, "must not hold control characters")],
  },
  // --- hubnet new quotes (refuses) what it would write ---------------------------------------
  {
    name: 'new --owner "a, b" (two owners in one)',
    setup: () => {},
    args: () => ["new", "gamma", "--cluster", "lab", "--owner", "a, b"],
    code: 2,
    expect: [usage('--owner: "a, b" is not a GitHub handle')],
    absent: ["communities/gamma"],
  },
  {
    name: 'new --owner "a]  # x" (a comment into the file)',
    setup: () => {},
    args: () => ["new", "gamma", "--cluster", "lab", "--owner", "a]  # x"],
    code: 2,
    expect: [usage("is not a GitHub handle")],
    absent: ["communities/gamma"],
  },
  {
    name: 'new --domain "x.lab.example.org }  # y"',
    setup: () => {},
    args: () => [
      "new",
      "gamma",
      "--cluster",
      "lab",
      "--owner",
      "octo-cat",
      "--domain",
      "x.lab.example.org }  # y",
    ],
    code: 2,
    expect: [usage("--domain:")],
    absent: ["communities/gamma"],
  },
];

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function check(c: Case, r: Run, mode: "text" | "json") {
  const all = r.stdout + r.stderr;
  expect(r.code, `${mode}: exit code; stdout: ${r.stdout}; stderr: ${r.stderr}`).toBe(c.code);
  expect(all).not.toContain(STACK_LINE);
  expect(all).not.toContain("internal error");
  for (const s of c.never ?? []) expect(all, "a planted secret was printed").not.toContain(s);
  if (mode === "text") {
    expect(CONTROL.test(all), `a control character in: ${JSON.stringify(all)}`).toBe(false);
    const lines = (c.code === 1 ? r.stdout : r.stderr).split("\n");
    for (const e of c.expect) {
      const where = e.file === null ? "error: " : `${e.file}:${e.line}:`;
      expect(
        lines.some((l) => l.startsWith(where) && l.includes(e.says)),
        `a line starting with ${where} saying ${e.says} in:\n${all}`,
      ).toBe(true);
    }
  } else {
    const doc = JSON.parse(r.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
    expect(doc.ok).toBe(false);
    for (const e of c.expect)
      expect(
        doc.problems.some(
          (p) => p.file === e.file && p.line === e.line && String(p.message).includes(e.says),
        ),
        `a problem {file: ${e.file}, line: ${e.line}} saying ${e.says} in ${r.stdout}`,
      ).toBe(true);
  }
}

describe.concurrent("hostile input, round three: a located message, exit 1 or 2 (never 3), nothing written", () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const root = makeNetwork();
      roots.push(root);
      c.setup(root);
      const before = snapshot(root);
      const args = [...c.args(root), "--root", root];
      check(c, await runHubnet(args, { cwd: root }), "text");
      check(c, await runHubnet([...args, "--json"], { cwd: root }), "json");
      expect(snapshot(root)).toEqual(before);
      for (const p of c.absent ?? [])
        expect(fs.existsSync(path.join(root, p)), `${p} was written`).toBe(false);
    });
  }
});

describe("what must keep passing (no false positive)", () => {
  it("a public OAuth client ID in env, and hubs whose names only resemble platform namespaces", async () => {
    const root = makeNetwork();
    roots.push(root);
    append(
      "env: { OAUTH_CLIENT_ID: yQnJ3Q4L2mWs8Z1P0aBcDeFgHiJkLmNo, DATA_URL: https://example.org/d/3f2a9c41e0b7d6a5f4c3b2a19080706050403020 }\n",
    )(root);
    write(
      root,
      "communities/kubeflow/community.yaml",
      community("kubeflow").replace("name: dev", "name: systems"),
    );
    const r = await runHubnet(["validate", "--root", root], { cwd: root });
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
