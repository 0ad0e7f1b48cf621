/**
 * `hubnet plan` shows which stack it is rendering on a terminal (stderr, rewritten in place), and
 * nothing of it in pipes, CI logs or `--json`. The terminal comes from `script` (util-linux).
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { FIXTURE_NETWORK } from "../../../test/fixtures";
import { BIN, hubnet } from "./run";

function onTerminal(args: string[]): { code: number | null; out: string } {
  const command = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.CI;
  const r = spawnSync("script", ["-qec", command, "/dev/null"], { env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, out: r.stdout };
}

describe("progress while stacks render", () => {
  it("on a terminal: one line per stack, rewritten in place, cleared before the summary", () => {
    const r = onTerminal(["plan", "dev-sandbox", "--root", FIXTURE_NETWORK]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("\r\u001b[K[1/2] rendering cluster local-dev");
    expect(r.out).toContain("\r\u001b[K[2/2] rendering community dev-sandbox");
    const cleared = r.out.lastIndexOf("\r\u001b[K");
    expect(r.out.indexOf("cluster local-dev (hubnet-cluster)")).toBeGreaterThan(cleared);
  });

  it("never with --json, even on a terminal", () => {
    const r = onTerminal(["plan", "dev-sandbox", "--json", "--root", FIXTURE_NETWORK]);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain("rendering");
    expect(JSON.parse(r.out.replace(/\r\n/g, "\n")).ok).toBe(true);
  });

  it("never when stderr is not a terminal", async () => {
    const r = await hubnet(["plan", "dev-sandbox", "--root", FIXTURE_NETWORK]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});
