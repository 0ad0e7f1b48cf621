/** The REST client against small local servers: redirects, retries, deadlines, untrusted text. */
import * as http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Deadline, HubClient, HubError, missingScopes, parseEvents, printable, TimeoutError } from "../src";

const servers: http.Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

async function serve(handler: http.RequestListener): Promise<string> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
}

const client = (url: string, attempts = 3) =>
  new HubClient({ hubUrl: new URL(url), token: "s3cret", attempts, backoffMs: 20 });

describe("HubClient", () => {
  it("follows redirects within the hub's origin, with the token", async () => {
    const auth: (string | undefined)[] = [];
    const url = await serve((req, res) => {
      auth.push(req.headers.authorization);
      if (req.url === "/hub/api/") return res.writeHead(302, { Location: "/hub/api/v2" }).end();
      res.end(JSON.stringify({ version: "5.4.0" }));
    });
    const c = client(url);
    const r = await c.request(c.api(""), new Deadline(5000), { what: "reaching the hub" });
    expect(r.json).toEqual({ version: "5.4.0" });
    expect(r.url.pathname).toBe("/hub/api/v2");
    expect(auth).toEqual(["token s3cret", "token s3cret"]);
  });

  it("never follows a redirect to another origin, and never sends the token there", async () => {
    const seen: (string | undefined)[] = [];
    const other = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end("{}");
    });
    const url = await serve((_req, res) => res.writeHead(307, { Location: `${other}steal` }).end());
    const c = client(url);
    await expect(c.request(c.api(""), new Deadline(5000), { what: "reaching the hub" })).rejects.toThrow(
      /another origin .* not followed/,
    );
    expect(seen).toEqual([]);
  });

  it("retries transient failures with backoff, up to --attempts", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      if (calls < 3) return res.writeHead(503).end();
      res.end("{}");
    });
    const c = client(url, 3);
    await c.request(c.api("user"), new Deadline(5000), { what: "checking the token" });
    expect(calls).toBe(3);
    calls = -10;
    await expect(
      c.request(c.api("user"), new Deadline(5000), { what: "checking the token" }),
    ).rejects.toThrow(/checking the token: 503/);
  });

  it("does not retry a refusal, and keeps only one printable line of the hub's message", async () => {
    let calls = 0;
    const url = await serve((_req, res) => {
      calls++;
      res.writeHead(403, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ status: 403, message: "no\u001b[31m red\nline" }));
    });
    const c = client(url);
    const err = await c
      .request(c.api("user"), new Deadline(5000), { what: "checking the token" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(HubError);
    expect(err.status).toBe(403);
    expect(err.message).toBe("checking the token: 403 Forbidden (no [31m red line)");
    expect(calls).toBe(1);
  });

  it("gives up at the deadline when the hub never answers", async () => {
    const url = await serve(() => {}); // accepts, never answers
    const c = client(url);
    const t0 = Date.now();
    const err = await c.request(c.api(""), new Deadline(600), { what: "reaching the hub" }).catch((e) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err.message).toBe("reaching the hub: no answer within 0.60s");
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it("an interrupt ends a wait at once", async () => {
    const url = await serve(() => {});
    const c = client(url);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 100);
    const err = await c.request(c.api(""), new Deadline(10_000, stop.signal), { what: "x" }).catch((e) => e);
    expect(err.name).toBe("InterruptedError");
  });
});

describe("spawn progress events", () => {
  it("parses data fields of complete events and keeps the rest", () => {
    const { events, rest } = parseEvents(
      'data: {"progress": 50}\n\n\n\ndata: {"ready": true, "url": "/user/x/"}\r\n\r\ndata: {"par',
    );
    expect(events).toEqual([{ progress: 50 }, { ready: true, url: "/user/x/" }]);
    expect(rest).toBe('data: {"par');
  });
});

describe("scopes and text", () => {
  it("names the scopes the token lacks; an unfiltered scope covers the filtered one", () => {
    expect(missingScopes(["read:hub"], "u")).toEqual([
      "admin:users!user=u",
      "servers!user=u",
      "access:servers!user=u",
    ]);
    expect(missingScopes(["read:hub", "admin:users", "servers", "access:servers!user=u"], "u")).toEqual([]);
  });
  it("printable: one line, no control characters, bounded", () => {
    expect(printable("a\u0007b\r\nc\u009b")).toBe("a b c");
    expect(printable("x".repeat(400))).toHaveLength(301);
  });
});
