/**
 * `hubnet check` against a hostile hub (issue 21): what the hub sends is bounded (body size, the
 * kernel's message count and output, the progress stream, total time), each bound fails the check
 * with a clear message, the check user's server is stopped whatever happened, and a token the hub
 * echoes back never appears in the report.
 */
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { type CheckReport, healthCheckScopes, MAX_KERNEL_MESSAGES, redactToken, runCheck } from "../src";

const TOKEN = `hostile-check-token-${process.pid}`;

interface FakeHub {
  url: string;
  /** DELETE requests of the check user's server. */
  stops: number;
  /** Whether the check user's server is running. */
  running: boolean;
}

interface Behaviour {
  /** Answers `GET /hub/api/` (default: a version). */
  root?: (res: http.ServerResponse) => void;
  /** What the kernel sends after the execute request (default: a correct answer). */
  kernel?: (send: (msg: object) => void, parent: string, close: () => void) => void;
  /** The status of the n-th stop (default 204). */
  stop?: (n: number) => number;
  /** Answers the progress stream (default: one ready event). */
  progress?: (res: http.ServerResponse) => void;
}

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function fakeHub(b: Behaviour = {}): Promise<FakeHub> {
  // `pending`: JupyterHub 5.5.0 answers a stop with 500 while the spawn is still pending, and its user
  // model says so (`pending: "spawn"`) until the cancel has taken.
  const state = { stops: 0, running: false, created: false, pending: null as string | null };
  const json = (res: http.ServerResponse, status: number, body: unknown) =>
    res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? "/", "http://x");
    const p = u.pathname;
    if (p === "/hub/api/") return b.root ? b.root(res) : json(res, 200, { version: "5.5.0" });
    if (p === "/hub/api/user")
      return json(res, 200, {
        kind: "service",
        name: "health-check",
        scopes: healthCheckScopes(),
      });
    if (p === "/hub/api/users/hubnet-health-check") {
      if (req.method === "POST") {
        state.created = true;
        return json(res, 201, {});
      }
      if (!state.created) return json(res, 404, {});
      return json(res, 200, {
        name: "hubnet-health-check",
        server: state.running ? "/user/hubnet-health-check/" : null,
        pending: state.pending,
      });
    }
    if (p === "/hub/api/users/hubnet-health-check/server") {
      if (req.method === "POST") {
        state.running = true;
        return json(res, 201, {});
      }
      if (req.method === "DELETE") {
        state.stops++;
        const status = b.stop?.(state.stops) ?? 204;
        if (status === 204) {
          state.running = false;
          state.pending = null;
        }
        if (status === 500) state.pending = "spawn";
        return status === 204
          ? res.writeHead(204).end()
          : json(res, status, { status, message: "Internal Server Error" });
      }
    }
    if (p === "/hub/api/users/hubnet-health-check/server/progress") {
      if (b.progress) return b.progress(res);
      res.writeHead(200, { "Content-Type": "text/event-stream" });
      return res.end(
        `data: ${JSON.stringify({ progress: 100, ready: true, url: "/user/hubnet-health-check/" })}\n\n`,
      );
    }
    if (p === "/user/hubnet-health-check/api/kernels" && req.method === "POST")
      return json(res, 201, { id: "k1" });
    if (p === "/user/hubnet-health-check/api/kernels/k1" && req.method === "DELETE")
      return res.writeHead(204).end();
    json(res, 404, { message: "not found" });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on("message", (data) => {
        const parent = (JSON.parse(String(data)) as { header: { msg_id: string } }).header.msg_id;
        const send = (m: object) =>
          ws.readyState === ws.OPEN && ws.send(JSON.stringify({ parent_header: { msg_id: parent }, ...m }));
        b.kernel?.(send, parent, () => ws.close());
      });
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const hub: FakeHub = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    get stops() {
      return state.stops;
    },
    get running() {
      return state.running;
    },
  } as FakeHub;
  return hub;
}

const check = (hub: FakeHub, timeoutMs = 10_000): Promise<CheckReport> =>
  runCheck({ hubUrl: new URL(hub.url), token: TOKEN, attempts: 1, timeoutMs, backoffMs: 10 });
const failed = (r: CheckReport) => r.steps.find((s) => s.step === r.failedStep)?.message ?? "";

describe("bounded I/O", () => {
  it("an endless body is cut off: a clear failure, memory stays small", async () => {
    const hub = await fakeHub({
      root: (res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        const chunk = Buffer.alloc(64 * 1024, 0x20);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        pump();
      },
    });
    const before = process.memoryUsage().rss;
    const r = await check(hub);
    expect(r.ok).toBe(false);
    expect(r.failedStep).toBe("hub");
    expect(failed(r)).toMatch(/reaching the hub: the answer is larger than 1024 KiB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("a huge error body is not read whole either", async () => {
    const hub = await fakeHub({
      root: (res) => {
        res.writeHead(500, { "Content-Type": "application/json" });
        res.end(`{"message": "${"x".repeat(2 * 1024 * 1024)}"}`);
      },
    });
    const r = await check(hub);
    expect(failed(r)).toBe("reaching the hub: 500 Internal Server Error");
  });

  it("a kernel flooding messages: the check fails clearly and the server is stopped", async () => {
    const hub = await fakeHub({
      kernel: (send) => {
        for (let i = 0; i < MAX_KERNEL_MESSAGES + 50; i++)
          send({ header: { msg_type: "stream" }, content: { name: "stdout", text: "y".repeat(10) } });
      },
    });
    const r = await check(hub);
    expect(r.failedStep).toBe("kernel");
    expect(failed(r)).toContain(`the kernel sent more than ${MAX_KERNEL_MESSAGES} messages`);
    expect(r.steps.find((s) => s.step === "stop")?.ok).toBe(true);
    expect(hub.stops).toBeGreaterThan(0);
    expect(hub.running).toBe(false);
  });

  it("a kernel printing without end (large messages): a clear failure, no RangeError, the server stopped", async () => {
    const hub = await fakeHub({
      kernel: (send) => {
        for (let i = 0; i < 40; i++)
          send({
            header: { msg_type: "stream" },
            content: { name: "stdout", text: "z".repeat(3 * 1024 * 1024) },
          });
      },
    });
    const r = await check(hub, 20_000);
    expect(r.failedStep).toBe("kernel");
    expect(failed(r)).toMatch(/the kernel printed more than 1 MiB/);
    expect(hub.running).toBe(false);
  });

  it("a progress stream of events that never say ready: bounded by count, then the server is stopped", async () => {
    const hub = await fakeHub({
      progress: (res) => {
        res.writeHead(200, { "Content-Type": "text/event-stream" });
        const pump = () => {
          while (!res.destroyed && res.write(`data: {"progress": 1, "message": "still starting"}\n\n`));
          if (!res.destroyed) res.once("drain", pump);
        };
        pump();
      },
    });
    const r = await check(hub);
    expect(r.failedStep).toBe("spawn");
    expect(failed(r)).toContain("more than 1000 events without ready or failed");
    expect(hub.running).toBe(false);
  });

  it("a hub that answers slowly forever: the total time is bounded by --timeout", async () => {
    const hub = await fakeHub({
      root: (res) => {
        res.writeHead(200, { "Content-Type": "application/json" });
        const t = setInterval(() => (res.destroyed ? clearInterval(t) : res.write(" ")), 50);
      },
    });
    const t0 = Date.now();
    const r = await check(hub, 1500);
    expect(r.ok).toBe(false);
    expect(failed(r)).toMatch(/no answer within 1\.50s/);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});

describe("the check user's server is always stopped", () => {
  it("a stop the hub answers with 500 (JupyterHub 5.5.0 at the start of a spawn) is asked again", async () => {
    const hub = await fakeHub({
      stop: (n) => (n === 1 ? 500 : 204),
      kernel: (send) => {
        send({ header: { msg_type: "error" }, content: { ename: "E", evalue: "x" } });
        send({ header: { msg_type: "execute_reply" }, content: { status: "error" } });
        send({ header: { msg_type: "status" }, content: { execution_state: "idle" } });
      },
    });
    const r = await check(hub);
    expect(r.steps.find((s) => s.step === "stop")).toMatchObject({ ok: true, message: "stopped" });
    expect(hub.stops).toBe(2);
    expect(hub.running).toBe(false);
  });
});

describe("an echoed token is redacted everywhere the report prints", () => {
  it("in an error message (text) and in the whole report (JSON)", async () => {
    const hub = await fakeHub({
      root: (res) =>
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ status: 401, message: `bad Authorization header: token ${TOKEN}` })),
    });
    const r = await check(hub);
    expect(failed(r)).toBe("reaching the hub: 401 Unauthorized (bad Authorization header: token [token])");
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it("in a kernel's error and in the version", async () => {
    const hub = await fakeHub({
      kernel: (send) => {
        send({ header: { msg_type: "error" }, content: { ename: "KeyError", evalue: `token ${TOKEN}` } });
        send({ header: { msg_type: "execute_reply" }, content: { status: "error" } });
        send({ header: { msg_type: "status" }, content: { execution_state: "idle" } });
      },
    });
    const r = await check(hub);
    expect(failed(r)).toBe("the kernel returned an error: KeyError: token [token]");
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it("redactToken replaces every occurrence", () => {
    expect(redactToken(`a ${TOKEN} b ${TOKEN}`, TOKEN)).toBe("a [token] b [token]");
  });
});
