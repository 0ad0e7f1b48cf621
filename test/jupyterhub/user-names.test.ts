/**
 * The user-name rule validate applies (schema/common.ts hubUserNameProblem) is JupyterHub's own:
 * each name is given to the real `Authenticator.validate_username` of the installed JupyterHub
 * (after `normalize_username`, as app.py does for admins and allowed users at start-up), and the
 * two must agree. A name JupyterHub refuses stops the hub from starting (issue 21).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { hubUserNameProblem } from "../../packages/config/src/schema/common";
import { hubPython } from "../support/hub-python";
import { SKIP_E2E } from "../support/local-hub";

const NAMES = [
  "alice",
  "Alice",
  "team/alice",
  "/",
  "alice ",
  " alice",
  "\talice",
  "alice\u00a0",
  "alice\u001c",
  "alice\u0085",
  "al ice",
  "google:jo@gmail.com",
  "jo@uni.example.edu",
  "a:b:c",
  "ünïcödé",
];

/** The hub image's own Python (JupyterHub 5.5.0, as the z2jh 4.4.0 image pins it: test/support/hub-python.ts). */
function python(): string {
  return hubPython().python;
}

describe.skipIf(SKIP_E2E)("user names: hubnet's rule is JupyterHub's", () => {
  it("validate_username of the installed JupyterHub accepts exactly the names validate accepts", () => {
    const script = [
      "import json, sys",
      "from jupyterhub.auth import Authenticator",
      "a = Authenticator()",
      "names = json.loads(sys.stdin.read())",
      "print(json.dumps([a.validate_username(a.normalize_username(n)) for n in names]))",
    ].join("\n");
    const out = execFileSync(python(), ["-c", script], { input: JSON.stringify(NAMES), encoding: "utf8" });
    const hub = JSON.parse(out) as boolean[];
    const ours = NAMES.map((n) => hubUserNameProblem(n) === undefined);
    // hubnet refuses control characters too (a name is printed in logs and pages); JupyterHub does not.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    const control = NAMES.map((n) => /[\u0000-\u001f\u007f-\u009f]/.test(n.trim()));
    expect(NAMES.map((n, i) => [n, ours[i]])).toEqual(NAMES.map((n, i) => [n, hub[i] && !control[i]]));
  });
});
