/**
 * Credentials by meaning, not by name (issue 21): a value that is a credential by its shape or its
 * place is refused in every stack and community file unless it is a Pulumi secret, with the exact
 * command that stores it. Property tests generate credentials and non-credentials, so both the
 * misses and the false positives are measured.
 */
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialValue, formatProblem, loadCommunityFile, loadStackFile } from "../src";

const ROOT = "/checkout";
const LAB = path.join(ROOT, "stacks/cluster/Pulumi.lab.yaml");
const COMMUNITY = path.join(ROOT, "communities/alpha/community.yaml");

const CLUSTER = `config:
  hubnet:cluster:
    cloud: local
    context: kind-lab
    node: { cpu: 4, memory: 8Gi }
    domain: lab.example.org
    certificateEmail: ops@example.org
`;

const stackProblems = (text: string) =>
  loadStackFile(LAB, "cluster", { text, root: ROOT }).problems.map((p) => formatProblem(p, ROOT));

const community = (auth: string, extra = "") => `name: alpha
displayName: Alpha
owners: [octo-cat]
cluster: lab
hubs:
  - { name: dev, domain: alpha.lab.example.org }
${auth}
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 500m, memory: 1Gi, default: true }
${extra}`;
const communityProblems = (text: string) =>
  loadCommunityFile(COMMUNITY, text, ROOT).problems.map((p) => formatProblem(p, ROOT));

const b64 = (s: string) => Buffer.from(s).toString("base64");
const PEM_KEY = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx\n-----END RSA PRIVATE KEY-----\n";
const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
  - name: prod
    cluster: { server: "https://10.0.0.1:6443" }
users:
  - name: admin
    user:
      token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzeXN0ZW06YWRtaW4ifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ
contexts: []
`;

describe("stack files: a credential by its place or shape is refused unless it is a Pulumi secret", () => {
  it("hubnet:kubeconfig in clear (the issue's case): the exact command", () => {
    const text = `${CLUSTER}  hubnet:kubeconfig: |\n${KUBECONFIG.replace(/^/gm, "    ")}`;
    expect(stackProblems(text)).toEqual([
      'stacks/cluster/Pulumi.lab.yaml:8:3: config.hubnet:kubeconfig: looks like a kubeconfig written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret hubnet:kubeconfig "$(cat <kubeconfig file>)" --stack lab` in stacks/cluster',
    ]);
  });

  it("hubnet:kubeconfig as an encrypted value passes", () => {
    expect(
      stackProblems(
        `${CLUSTER}  hubnet:kubeconfig:\n    secure: v1:Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZkFCQ0RFRg==\n`,
      ),
    ).toEqual([]);
  });

  it("a kubeconfig written as YAML under another key: each user's credential, with --path", () => {
    const text = `${CLUSTER}  other:config:
    users:
      - name: admin
        user:
          client-certificate-data: ${b64("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n")}
          client-key-data: ${b64(PEM_KEY)}
`;
    expect(stackProblems(text)).toEqual([
      "stacks/cluster/Pulumi.lab.yaml:12:11: config.other:config.users[0].user.client-certificate-data: looks like a kubeconfig user's client-certificate-data written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret --path 'other:config.users[0].user.client-certificate-data' <value> --stack lab` in stacks/cluster",
      "stacks/cluster/Pulumi.lab.yaml:13:11: config.other:config.users[0].user.client-key-data: looks like a kubeconfig user's client-key-data written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret --path 'other:config.users[0].user.client-key-data' <value> --stack lab` in stacks/cluster",
    ]);
  });

  it("a bearer token, a private key and a URL with a password under keys that name nothing", () => {
    const text = `${CLUSTER}  ops:header: "Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"
  ops:deployKey: |
${PEM_KEY.trimEnd().replace(/^/gm, "    ")}
  ops:mirror: https://ci:s3cr3tPa55@registry.example.org/v2/
`;
    expect(stackProblems(text)).toEqual([
      "stacks/cluster/Pulumi.lab.yaml:8:15: config.ops:header: is a bearer token written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret ops:header <value> --stack lab` in stacks/cluster",
      "stacks/cluster/Pulumi.lab.yaml:9:18: config.ops:deployKey: is a private key written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret ops:deployKey <value> --stack lab` in stacks/cluster",
      "stacks/cluster/Pulumi.lab.yaml:13:15: config.ops:mirror: is a URL with a password written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret ops:mirror <value> --stack lab` in stacks/cluster",
    ]);
  });

  it("the cluster's own settings (a kubeconfig path, a context) are no credentials", () => {
    const text = CLUSTER.replace("context: kind-lab", "context: kind-lab\n    kubeconfig: ~/.kube/config");
    expect(stackProblems(text)).toEqual([]);
  });
});

describe("community files", () => {
  const OIDC = (issuer: string) => `auth:
  provider: oidc
  issuer: ${issuer}
  authorizeUrl: https://idp.example.org/authorize
  tokenUrl: https://idp.example.org/token
  userdataUrl: https://idp.example.org/userinfo
  allowAll: true`;

  it("an OIDC endpoint with a password in it: one problem, at the value", () => {
    expect(communityProblems(community(OIDC("https://hub:hunter2@idp.example.org/")))).toEqual([
      "communities/alpha/community.yaml:9:11: auth.issuer: is a URL with a password written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret --path 'hubnet:clientSecrets.<hub>' <value> --stack <community>` in stacks/community",
    ]);
  });

  it("an OIDC endpoint with a user name in it", () => {
    expect(communityProblems(community(OIDC("https://hub@idp.example.org/")))).toEqual([
      "communities/alpha/community.yaml:9:11: auth.issuer: must not hold credentials (user@ or user:password@)",
    ]);
  });

  it("an issuer no URL parser reads (https://[idp.example.org]/) is refused, not left to crash the catalog", () => {
    expect(communityProblems(community(OIDC('"https://[idp.example.org]/"')))).toEqual([
      'communities/alpha/community.yaml:9:11: auth.issuer: "https://[idp.example.org]/" is not a URL a browser can open: check the host name (brackets are only for IPv6 addresses) and escape spaces and special characters',
    ]);
  });

  const DUMMY = "auth: { provider: dummy, allowedUsers: [alice] }";
  it("a public OAuth client ID in env is not a random key; the same value under another name is", () => {
    const id = "yQnJ3Q4L2mWs8Z1P0aBcDeFgHiJkLmNo"; // an Auth0 client ID's shape: 32 letters and digits
    expect(communityProblems(community(DUMMY, `env: { OAUTH_CLIENT_ID: ${id} }\n`))).toEqual([]);
    expect(communityProblems(community(DUMMY, `env: { APP: ${id} }\n`))).toEqual([
      "communities/alpha/community.yaml:11:13: env.APP: the value of APP looks like a random key: never put secrets in the community file (a public identifier, such as an OAuth client ID, is accepted under a name ending in _ID)",
    ]);
  });

  it("a token anywhere in the file, not only under a secret's name", () => {
    expect(communityProblems(community(DUMMY, `description: "ghp_${"a1B2c3D4e5".repeat(4)}"\n`))).toEqual([
      "communities/alpha/community.yaml:11:14: description: is a GitHub token written in plain text; remove it from this file and store it encrypted with `pulumi config set --secret --path 'hubnet:clientSecrets.<hub>' <value> --stack <community>` in stacks/community",
    ]);
  });
});

// --- properties: generated credentials are found, generated non-credentials are not -------------

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");
const hex = "0123456789abcdef".split("");
const str = (chars: string[], min: number, max = min) =>
  fc.array(fc.constantFrom(...chars), { minLength: min, maxLength: max }).map((a) => a.join(""));
/** A random string that mixes lower case, upper case and digits (as every random key does). */
const mixed = (n: number) =>
  fc
    .tuple(str(alnum, n - 3), fc.constantFrom(..."abc"), fc.constantFrom(..."XYZ"), fc.constantFrom(..."789"))
    .map(([s, a, b, c]) => `${a}${b}${c}${s}`);
const host = fc.constantFrom("idp.example.org", "registry.example.com", "git.uni.example.edu");

const credentials: [string, fc.Arbitrary<string>][] = [
  [
    "a PEM private key",
    str(alnum, 40, 80).map((k) => `-----BEGIN PRIVATE KEY-----\n${k}\n-----END PRIVATE KEY-----`),
  ],
  [
    "a base64 PEM private key",
    str(alnum, 40, 80).map((k) =>
      b64(`-----BEGIN EC PRIVATE KEY-----\n${k}\n-----END EC PRIVATE KEY-----\n`),
    ),
  ],
  ["a GitHub token", str(alnum, 36).map((k) => `ghp_${k}`)],
  ["a GitHub fine-grained token", str([...alnum, "_"], 82).map((k) => `github_pat_${k}`)],
  ["an AWS access key", str("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".split(""), 16).map((k) => `AKIA${k}`)],
  ["a Pulumi access token", str(hex, 40).map((k) => `pul-${k}`)],
  ["a JSON web token", fc.tuple(mixed(20), mixed(30), mixed(40)).map(([a, b, c]) => `eyJ${a}.eyJ${b}.${c}`)],
  ["a bearer header", mixed(32).map((k) => `Authorization: Bearer ${k}`)],
  [
    "a URL with a password",
    fc.tuple(str(alnum, 3, 10), str(alnum, 6, 20), host).map(([u, p, h]) => `https://${u}:${p}@${h}/path`),
  ],
  ["a URL with a token as user", fc.tuple(mixed(40), host).map(([t, h]) => `https://${t}@${h}/org/repo.git`)],
  [
    "a signed URL",
    fc.tuple(host, mixed(43)).map(([h, s]) => `https://${h}/blob?sv=2024&sig=${encodeURIComponent(s)}`),
  ],
  ["a kubeconfig", mixed(40).map((t) => KUBECONFIG.replace(/token: .*/, `token: ${t}`))],
  ["a random key", mixed(40)],
];

const nonCredentials: [string, fc.Arbitrary<string>][] = [
  [
    "a Google OAuth client ID",
    fc
      .tuple(str("0123456789".split(""), 12), str([...hex, ..."ghijklmnopqrstuv"], 32))
      .map(([n, s]) => `${n}-${s}.apps.googleusercontent.com`),
  ],
  ["a GitHub App client ID", str(hex, 16).map((k) => `Iv1.${k}`)],
  ["a GitHub OAuth app client ID", str(alnum, 16).map((k) => `Ov23li${k}`)],
  ["a GUID (an Azure tenant or client ID)", fc.uuid()],
  ["a commit hash in a URL", str(hex, 40).map((h) => `https://github.com/example/course/tree/${h}`)],
  [
    "a sha256 digest in an image reference",
    str(hex, 64).map((h) => `quay.io/jupyter/base-notebook@sha256:${h}`),
  ],
  ["a file ID in a link's path", mixed(33).map((id) => `https://drive.google.com/file/d/${id}/view`)],
  [
    "a base64 image",
    fc
      .uint8Array({ minLength: 60, maxLength: 200 })
      .map((b) => `data:image/png;base64,${Buffer.from(b).toString("base64")}`),
  ],
  [
    "an ordinary sentence",
    fc.constantFrom(
      "Physics 101 at the University of Example",
      "Welcome! Run the notebooks in order.",
      "team-a:instructors",
    ),
  ],
  [
    "a URL with a query of no credential",
    fc.tuple(host, str(alnum, 8, 20)).map(([h, q]) => `https://${h}/search?q=${q}&page=2`),
  ],
  [
    "words that begin like a header",
    fc.constantFrom(
      "Basic Statistics for Biologists",
      "Bearer of the course: the Physics department",
      "https://example.org/read?key=chapter-one&token=guest",
      "Authorization is handled by the university",
    ),
  ],
  ["an ssh-style git user", host.map((h) => `ssh://git@${h}/org/repo.git`)],
];

describe("property: every generated credential is found (no misses)", () => {
  for (const [what, arb] of credentials) {
    it(what, () => {
      fc.assert(
        fc.property(arb, (v) => credentialValue(v) !== undefined),
        { numRuns: 200 },
      );
    });
  }
});

describe("property: no generated non-credential is refused (false positives measured: none)", () => {
  for (const [what, arb] of nonCredentials) {
    it(what, () => {
      fc.assert(
        fc.property(arb, (v) => credentialValue(v) === undefined),
        { numRuns: 200 },
      );
    });
  }
  it("a public client ID of any provider's shape, under a name that says it is one", () => {
    fc.assert(
      fc.property(mixed(32), (v) => credentialValue(v, "OAUTH_CLIENT_ID") === undefined),
      { numRuns: 200 },
    );
  });
});
