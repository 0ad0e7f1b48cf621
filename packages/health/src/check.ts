/**
 * `hubnet check`: the health of a live hub, as a user sees it. Steps: the hub
 * answers (and its version); the token is accepted and may do what the check
 * needs; the check user exists; its server starts (following the spawn
 * progress); a kernel runs a computation whose result is verified; the server
 * stops. The server is stopped whenever a start was asked for, whatever failed,
 * also when interrupted. Every wait is bounded: the steps up to the kernel
 * share one deadline of `timeoutMs`; stopping has its own (stopTimeoutMs).
 */
import { HEALTH_CHECK_USER, healthCheckScopes } from "./contract";
import { Deadline, InterruptedError, seconds, TimeoutError } from "./deadline";
import { HubClient, HubError, printable, redactToken } from "./hub-client";
import { deleteKernel, execute, startKernel } from "./kernel";
import { followProgress, type ProgressEvent } from "./progress";

export const STEPS = ["hub", "token", "user", "spawn", "kernel", "stop"] as const;
export type StepName = (typeof STEPS)[number];

export interface StepReport {
  step: StepName;
  ok: boolean;
  durationMs: number;
  /** What was found, or why the step failed. Never contains the token. */
  message: string;
}

export interface CheckReport {
  ok: boolean;
  url: string;
  /** JupyterHub's version, once the hub answered. */
  version?: string;
  user: string;
  durationMs: number;
  steps: StepReport[];
  /** The first step that failed. */
  failedStep?: StepName;
  interrupted?: boolean;
}

export interface CheckOptions {
  hubUrl: URL;
  token: string;
  /** Attempts per request for transient failures (>= 1). */
  attempts: number;
  timeoutMs: number;
  /** The check user (default hubnet-health-check). */
  user?: string;
  /** Aborted on Ctrl-C: the check stops waiting, then stops the server. */
  interrupt?: AbortSignal;
  /** Backoff before the first retry (default 500 ms). */
  backoffMs?: number;
  /** Called as each step ends (for live output). */
  onStep?: (s: StepReport) => void;
  onProgress?: (e: ProgressEvent) => void;
}

interface UserModel {
  name?: string;
  server?: string | null;
  pending?: string | null;
}

class StepFailure extends Error {}

export async function runCheck(o: CheckOptions): Promise<CheckReport> {
  const started = Date.now();
  const user = o.user ?? HEALTH_CHECK_USER;
  const client = new HubClient({
    hubUrl: o.hubUrl,
    token: o.token,
    attempts: o.attempts,
    backoffMs: o.backoffMs,
  });
  const deadline = new Deadline(o.timeoutMs, o.interrupt);
  const redact = (text: string) => redactToken(text, o.token);
  const report: CheckReport = {
    ok: false,
    url: client.base.href,
    version: undefined,
    user,
    durationMs: 0,
    steps: [],
  };
  const userPath = `users/${encodeURIComponent(user)}`;
  let spawnAsked = false;
  let serverPath = "";

  async function step(name: StepName, run: () => Promise<string>): Promise<boolean> {
    const t0 = Date.now();
    let s: StepReport;
    try {
      s = { step: name, ok: true, durationMs: 0, message: await run() };
    } catch (err) {
      if (err instanceof InterruptedError) report.interrupted = true;
      s = { step: name, ok: false, durationMs: 0, message: failureMessage(err) };
    }
    s.durationMs = Date.now() - t0;
    // Whatever the hub sent back (an echoed Authorization header) never prints the token.
    s.message = redact(s.message);
    report.steps.push(s);
    if (!s.ok && !report.failedStep) report.failedStep = name;
    o.onStep?.(s);
    return s.ok;
  }

  const getUser = async (d: Deadline): Promise<UserModel | undefined> => {
    const res = await client.request(client.api(userPath), d, {
      ok: (s) => s === 200 || s === 404,
      what: `reading user ${user}`,
    });
    return res.status === 404 ? undefined : ((res.json ?? {}) as UserModel);
  };

  const ok =
    (await step("hub", async () => {
      const res = await client.request(client.api(""), deadline, { what: "reaching the hub" });
      const version = (res.json as { version?: unknown } | undefined)?.version;
      if (typeof version !== "string")
        throw new StepFailure(
          `${client.api("").href} answered without a JupyterHub version: is this a JupyterHub?`,
        );
      report.version = redact(printable(version, 40));
      return `JupyterHub ${report.version} answers at ${client.base.href}`;
    })) &&
    (await step("token", async () => {
      const res = await client.request(client.api("user"), deadline, {
        ok: (s) => s === 200 || s === 403 || s === 401,
        what: "checking the token",
      });
      if (res.status !== 200)
        throw new StepFailure(
          `the hub refused the token (${res.status}): is it the hub's health-check service token?`,
        );
      const who = (res.json ?? {}) as { kind?: string; name?: string; scopes?: unknown };
      const missing = Array.isArray(who.scopes) ? missingScopes(who.scopes as string[], user) : [];
      if (missing.length > 0)
        throw new StepFailure(
          `the token's owner (${printable(String(who.kind))} ${printable(String(who.name))}) lacks the scopes ${missing.join(", ")}`,
        );
      return `accepted: ${printable(String(who.kind ?? "token"))} ${printable(String(who.name ?? ""))}`.trim();
    })) &&
    (await step("user", async () => {
      let model = await getUser(deadline);
      let said = `reused ${user}`;
      if (!model) {
        await client.request(client.api(userPath), deadline, {
          method: "POST",
          ok: (s) => s === 201 || s === 409,
          what: `creating user ${user}`,
        });
        model = { name: user };
        said = `created ${user}`;
      }
      if (model.server || model.pending) {
        spawnAsked = true; // a server left by an earlier check: stopped here, and again at the end if need be
        await stopServer(deadline);
        said += "; stopped a server left running by an earlier check";
      }
      return said;
    })) &&
    (await step("spawn", async () => {
      spawnAsked = true;
      let last: ProgressEvent | undefined;
      try {
        try {
          await client.request(client.api(`${userPath}/server`), deadline, {
            method: "POST",
            body: {},
            ok: (s) => s === 201 || s === 202,
            what: "starting the server",
          });
        } catch (err) {
          // The hub's answer to a failed start is terse ("500: error"); its progress stream says why.
          if (err instanceof HubError && err.status !== undefined)
            throw new StepFailure(await spawnFailure(err));
          throw err;
        }
        const res = await client.request(client.api(`${userPath}/server/progress`), deadline, {
          stream: true,
          what: "following the spawn progress",
        });
        last = await followProgress(res.response as Response, deadline, (e) => {
          last = { ...e, message: e.message === undefined ? undefined : redact(e.message) };
          o.onProgress?.(last);
        });
      } catch (err) {
        if (err instanceof TimeoutError)
          throw new StepFailure(
            `the server was not ready within ${seconds(o.timeoutMs)}${last?.message ? ` (last progress: ${last.message})` : ""}`,
          );
        throw err;
      }
      if (last?.failed) throw new StepFailure(last.message ?? "the spawn failed");
      const model = await getUser(deadline);
      if (!model?.server) throw new StepFailure("the progress stream ended but the server is not running");
      serverPath = safeServerPath(last?.ready ? last.url : undefined, model.server, client, user);
      return `ready at ${serverPath}`;
    })) &&
    (await step("kernel", async () => {
      const n = 1000 + Math.floor(Math.random() * 9000);
      const expected = String((n * (n - 1) * (2 * n - 1)) / 6);
      const code = `sum(i * i for i in range(${n}))`;
      const id = await startKernel(client, serverPath, deadline);
      try {
        const r = await execute(client, serverPath, id, code, deadline);
        if (r.status !== "ok" || r.error)
          throw new StepFailure(
            `the kernel returned an error: ${r.error ? `${r.error.ename}: ${r.error.evalue}` : r.status}`,
          );
        if (r.result?.trim() !== expected)
          throw new StepFailure(
            `the kernel computed ${printable(String(r.result), 60)} for ${code}, not ${expected}`,
          );
      } finally {
        await deleteKernel(client, serverPath, id, deadline).catch(() => {});
      }
      return `${code} = ${expected}`;
    }));

  /** Why a start failed, from the progress stream's failed event when the hub has one (within 5 s). */
  async function spawnFailure(err: HubError): Promise<string> {
    const d = new Deadline(Math.min(5000, deadline.remaining()), o.interrupt);
    try {
      const res = await client.request(client.api(`${userPath}/server/progress`), d, {
        stream: true,
        what: "reading why the start failed",
      });
      const last = await followProgress(res.response as Response, d, () => {});
      if (last?.failed && last.message) return `the hub could not start the server: ${last.message}`;
    } catch {
      // no progress to read: the hub's own answer is all there is
    }
    return err.message;
  }

  async function stopServer(d: Deadline): Promise<string> {
    for (;;) {
      const res = await client.request(client.api(`${userPath}/server`), d, {
        method: "DELETE",
        // A spawn still pending: JupyterHub 3 answers 400 ("please wait"). JupyterHub 5.5.0 cancels it,
        // waits 1 s and, when the spawn has not ended by then, answers 500 (its stop_single_user raises
        // "pending spawn": jupyterhub/apihandlers/users.py at 5.5.0). Both: ask again while pending.
        ok: (s) => s === 202 || s === 204 || s === 404 || s === 400 || s === 500,
        what: "stopping the server",
      });
      if (res.status !== 400 && res.status !== 500) break;
      if (res.status === 500 && (await getUser(d))?.pending !== "spawn")
        throw new StepFailure("stopping the server: the hub answered 500 Internal Server Error");
      await d.sleep(1000, "stopping the server (the hub says its spawn is still pending)");
    }
    for (;;) {
      const model = await getUser(d);
      if (!model || (!model.server && !model.pending)) return "stopped";
      await d.sleep(500, "waiting for the server to stop");
    }
  }

  if (spawnAsked) {
    // Its own deadline, not interrupted by Ctrl-C: the server must not be left running.
    await step("stop", () => stopServer(new Deadline(stopTimeoutMs(o.timeoutMs))));
  }

  report.ok = ok && report.steps.every((s) => s.ok);
  report.durationMs = Date.now() - started;
  return report;
}

/**
 * Stopping is bounded by --timeout too, but by at least 30 s: JupyterHub 3 refuses to stop a spawn
 * that is still pending, so after a short --timeout the stop waits for the hub to give up on it.
 */
export function stopTimeoutMs(timeoutMs: number): number {
  return Math.max(timeoutMs, 30_000);
}

/** The scopes the check needs that the token's owner lacks (an unfiltered scope covers its filtered form). */
export function missingScopes(have: readonly string[], user: string): string[] {
  const set = new Set(have);
  return healthCheckScopes(user).filter((s) => !set.has(s) && !set.has(s.split("!")[0]));
}

/** The user server's path: from the hub's answer when it is a plain path on the hub's origin. */
function safeServerPath(fromEvent: string | undefined, fromModel: string, client: HubClient, user: string) {
  for (const p of [fromEvent, fromModel]) if (p && /^\/(?!\/)[^\s?#\\]*\/$/.test(p)) return p;
  return new URL(`user/${encodeURIComponent(user)}/`, client.base).pathname;
}

function failureMessage(err: unknown): string {
  if (err instanceof InterruptedError) return "interrupted";
  if (err instanceof StepFailure || err instanceof HubError || err instanceof TimeoutError)
    return err.message;
  return `unexpected: ${err instanceof Error ? printable(err.message) : printable(String(err))}`;
}
