/**
 * No input makes a command exit 3 (an internal error) (issue 21): generated YAML, from a grammar of
 * the tokens that have crashed readers before (compact sequences, complex keys, anchors, tags, block
 * scalars, flow brackets, directives, escapes), alone or planted into a valid community or stack
 * file, is always answered with problems or a value, never an exception.
 */
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadClusterFile, loadCommunityFile, loadStackFile } from "../src";

const ROOT = "/checkout";
const COMMUNITY = path.join(ROOT, "communities/alpha/community.yaml");
const CLUSTER = path.join(ROOT, "stacks/cluster/Pulumi.lab.yaml");

const VALID = `name: alpha
displayName: Alpha
owners: [octo-cat]
cluster: lab
hubs:
  - { name: dev, domain: alpha.lab.example.org }
auth:
  provider: oidc
  issuer: https://idp.example.org/
  authorizeUrl: https://idp.example.org/authorize
  tokenUrl: https://idp.example.org/token
  userdataUrl: https://idp.example.org/userinfo
  allowAll: true
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
defaultUrl: /lab
env: { A: b }
gitPuller:
  - { repo: https://github.com/example/course }
profiles:
  - { name: small, displayName: Small, cpu: 500m, memory: 1Gi, default: true }
`;

const token = fc.constantFrom(
  "- ",
  "- - ",
  "? ",
  ": ",
  "[",
  "]",
  "{",
  "}",
  ", ",
  "&a ",
  "*a",
  "!!str ",
  "!!binary ",
  "!Ref ",
  "|\n",
  ">-\n",
  '"',
  "'",
  "# c",
  "\n",
  "  ",
  "\t",
  "%YAML 1.2\n",
  "---\n",
  "...\n",
  "<<: *a\n",
  "__proto__: ",
  "\\0",
  '"\\u0000"',
  "https://[idp.example.org]/",
  "https://u:p@h/",
  "/%2e%2e/",
  "1.10",
  "1e999",
  "0x10",
  "~",
  "null",
  "true",
  "é",
  "\u202e",
  "x",
  "key",
  "hubnet:kubeconfig: ",
  "users:\n",
  "token: ",
  "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t",
);
const fragment = fc.array(token, { minLength: 1, maxLength: 40 }).map((t) => t.join(""));
const lines = VALID.split("\n");
const planted = fc
  .tuple(fc.nat({ max: lines.length - 1 }), fc.nat({ max: 40 }), fragment)
  .map(([line, col, f]) =>
    lines
      .map((l, i) =>
        i === line ? `${l.slice(0, Math.min(col, l.length))}${f}${l.slice(Math.min(col, l.length))}` : l,
      )
      .join("\n"),
  );

describe("no generated input throws", () => {
  it("a community file", () => {
    fc.assert(
      fc.property(fc.oneof(fragment, planted), (text) => {
        expect(() => loadCommunityFile(COMMUNITY, text, ROOT)).not.toThrow();
      }),
      { numRuns: 600 },
    );
  });

  it("a cluster stack file", () => {
    const stack = (f: string) => `config:\n  hubnet:cluster:\n    cloud: local\n    ${f}\n`;
    fc.assert(
      fc.property(fragment, (f) => {
        expect(() => loadClusterFile(CLUSTER, stack(f), ROOT)).not.toThrow();
        expect(() =>
          loadStackFile(CLUSTER, "cluster", { text: `config:\n  ${f}\n`, root: ROOT }),
        ).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  it("the valid file it starts from is valid (so planted fragments reach the checks)", () => {
    expect(loadCommunityFile(COMMUNITY, VALID, ROOT).problems).toEqual([]);
  });
});
