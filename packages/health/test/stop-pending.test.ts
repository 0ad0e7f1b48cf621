/**
 * Stopping a server whose spawn is still pending, as each JupyterHub answers it: 3.0 with 400
 * ("please wait"), 5.5.0 with 500 when its cancel has not taken within 1 s
 * (jupyterhub/apihandlers/users.py: `stop_single_user` raises "pending spawn"). The check asks again
 * while the hub reports the spawn pending; a 500 on anything else is a failure, not a retry.
 */
import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { HEALTH_CHECK_USER, healthCheckScopes, runCheck } from "../src";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

/**
 * A hub whose check user has a server left by an earlier check (`left`: pending spawn, or running)
 * until a DELETE of it answers 204; the first `busy.length` DELETEs answer `busy[i]`. Starting a
 * server fails (these tests are about the stop).
 */
async function hubWithServerLeft(left: "spawn" | "running", busy: number[]) {
  const deletes: number[] = [];
  let gone = false;
  const userPath = `/hub/api/users/${HEALTH_CHECK_USER}`;
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    if (req.url === "/hub/api/") return json(200, { version: "5.5.0" });
    if (req.url === "/hub/api/user")
      return json(200, { kind: "service", name: "hubnet-health", scopes: healthCheckScopes() });
    if (req.url === userPath && req.method === "GET")
      return json(200, {
        name: HEALTH_CHECK_USER,
        server: !gone && left === "running" ? `/user/${HEALTH_CHECK_USER}/` : null,
        pending: !gone && left === "spawn" ? "spawn" : null,
      });
    if (req.url === `${userPath}/server` && req.method === "DELETE") {
      const answer = busy[deletes.length];
      deletes.push(Date.now());
      if (answer !== undefined) return json(answer, { status: answer, message: "pending spawn" });
      gone = true;
      return res.writeHead(204).end();
    }
    if (req.url === `${userPath}/server` && req.method === "POST") return json(500, { message: "no" });
    return json(404, {});
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const url = new URL(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  return { url, deletes };
}

const check = (hubUrl: URL) =>
  runCheck({ hubUrl, token: "t", attempts: 1, timeoutMs: 20_000, backoffMs: 10 });

describe("stopping a spawn that is still pending", () => {
  for (const [hub, busy] of [
    ["JupyterHub 5.5.0", 500],
    ["JupyterHub 3.0", 400],
  ] as const) {
    it(`${hub} (${busy} while pending): asks again until the hub has stopped it`, async () => {
      const hub = await hubWithServerLeft("spawn", [busy, busy]);
      const report = await check(hub.url);
      const user = report.steps.find((s) => s.step === "user");
      expect(user).toMatchObject({ ok: true });
      expect(user?.message).toContain("stopped a server left running by an earlier check");
      // Three in the user step (two answered busy), one by the final stop step (the start was asked).
      expect(hub.deletes).toHaveLength(4);
    });
  }

  it("a 500 when no spawn is pending is the hub's failure: reported, not retried", async () => {
    const hub = await hubWithServerLeft("running", [500, 500]);
    const report = await check(hub.url);
    expect(report.ok).toBe(false);
    expect(report.failedStep).toBe("user");
    expect(report.steps.find((s) => s.step === "user")?.message).toContain(
      "stopping the server: the hub answered 500 Internal Server Error",
    );
    // One in the user step and one by the final stop step: neither asks again.
    expect(hub.deletes).toHaveLength(2);
  });
});
