/**
 * A real JupyterHub on 127.0.0.1, for `hubnet dev` and the end-to-end tests.
 * Its state (config, database, users' homes) lives in one temporary folder
 * that `stop()` removes; `stop()` leaves no process behind: JupyterHub stops
 * its servers and proxy on SIGTERM; whatever is left of its process group or
 * runs inside the state folder is then killed.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { findJupyterHub, proxyCommand } from "./install";
import { jupyterhubConfigPy, type PlainHubSettings, templateFilesByName } from "./jupyterhub-config";

export interface StartLocalHubOptions {
  /** Settings for a state folder: called with the folder the hub will use. */
  settings: (stateDir: string) => { settings: PlainHubSettings; extraConfig?: string[] };
  /** The public port; when taken (or 0), a free one is used. */
  port?: number;
  /** How long to wait for the hub to answer (default 60 s). */
  startTimeoutMs?: number;
  /** Where the hub's output goes besides its log file. */
  onOutput?: (chunk: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface LocalHub {
  url: string;
  port: number;
  stateDir: string;
  pid: number;
  /** The hub's log so far. */
  log(): string;
  /** Stops the hub and everything it started, and removes the state folder. Safe to call twice. */
  stop(): Promise<void>;
  /** At once and synchronously (for process exit): kills everything the hub started, removes the folder. */
  killNow(): void;
  /** Resolves when the hub process exits, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A random token or password (hex). */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString("hex");
}

export async function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1", exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Hubs of this process not yet stopped: killed when the process exits, whatever the reason. */
const live = new Set<LocalHub>();
let exitHook = false;
function track(hub: LocalHub) {
  live.add(hub);
  if (!exitHook) {
    exitHook = true;
    process.once("exit", () => {
      for (const h of live) h.killNow();
    });
  }
}

export async function startLocalHub(o: StartLocalHubOptions): Promise<LocalHub> {
  const jupyterhub = findJupyterHub(o.env ?? process.env);
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-hub-"));
  let child: ChildProcess | undefined;
  try {
    const port = o.port && (await portIsFree(o.port)) ? o.port : await freePort();
    const hubPort = await freePort();
    const proxyApiPort = await freePort();
    const templateDir = path.join(stateDir, "templates");
    fs.mkdirSync(templateDir);
    fs.mkdirSync(path.join(stateDir, "users"));
    const { settings, extraConfig } = o.settings(stateDir);
    for (const [name, text] of Object.entries(templateFilesByName(settings)))
      fs.writeFileSync(path.join(templateDir, name), text);
    const configFile = path.join(stateDir, "jupyterhub_config.py");
    fs.writeFileSync(
      configFile,
      jupyterhubConfigPy(settings, {
        port,
        hubPort,
        proxyApiPort,
        stateDir,
        templateDir,
        proxyCommand: proxyCommand(),
        extraConfig,
      }),
      { mode: 0o600 },
    );

    const logFile = path.join(stateDir, "jupyterhub.log");
    let log = "";
    child = spawn(jupyterhub, ["-f", configFile], {
      cwd: stateDir,
      env: { ...(o.env ?? process.env), PYTHONUNBUFFERED: "1", PYDEVD_DISABLE_FILE_VALIDATION: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      // Its own process group, so that nothing it starts outlives stop().
      detached: true,
    });
    const proc = child;
    const onData = (b: Buffer) => {
      const s = b.toString();
      log += s;
      if (log.length > 2_000_000) log = log.slice(-1_000_000);
      fs.appendFileSync(logFile, s);
      o.onOutput?.(s);
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      proc.once("exit", (code, signal) => resolve({ code, signal })),
    );
    const spawnError = new Promise<never>((_, reject) => proc.once("error", reject));

    const url = `http://127.0.0.1:${port}/`;
    let stopped: Promise<void> | undefined;
    const hub: LocalHub = {
      url,
      port,
      stateDir,
      pid: proc.pid as number,
      log: () => log,
      exited,
      stop: () => {
        stopped ??= stopHub(proc, exited, stateDir).finally(() => live.delete(hub));
        return stopped;
      },
      killNow: () => {
        live.delete(hub);
        signalGroup(proc.pid as number, "SIGKILL");
        for (const pid of processesUnder(stateDir)) tryKill(pid, "SIGKILL");
        fs.rmSync(stateDir, { recursive: true, force: true });
      },
    };
    track(hub);
    try {
      await Promise.race([
        waitUntilAnswers(`${url}hub/api/`, o.startTimeoutMs ?? 60_000, exited),
        spawnError,
      ]);
    } catch (err) {
      await hub.stop();
      const tail = log.split("\n").slice(-30).join("\n");
      throw new Error(`JupyterHub did not start: ${(err as Error).message}\n--- its log ---\n${tail}`);
    }
    return hub;
  } catch (err) {
    if (!child) fs.rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
}

async function waitUntilAnswers(
  url: string,
  timeoutMs: number,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  let gone: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited.then((e) => {
    gone = e;
  });
  while (Date.now() < until) {
    if (gone) throw new Error(`it exited (${gone.code ?? gone.signal})`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer at ${url} within ${Math.round(timeoutMs / 1000)}s`);
}

async function stopHub(
  proc: ChildProcess,
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>,
  stateDir: string,
): Promise<void> {
  const pgid = proc.pid as number;
  const running = proc.exitCode === null && proc.signalCode === null;
  if (running) {
    signalGroup(pgid, "SIGTERM", proc);
    const ended = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!ended) signalGroup(pgid, "SIGKILL", proc);
    await Promise.race([exited, sleep(5000)]);
  }
  // The proxy shares the hub's process group; servers run in sessions of their own, inside stateDir.
  signalGroup(pgid, "SIGKILL");
  for (let i = 0; i < 20; i++) {
    const left = processesUnder(stateDir);
    if (left.length === 0) break;
    for (const pid of left) tryKill(pid, i < 5 ? "SIGTERM" : "SIGKILL");
    await sleep(250);
  }
  fs.rmSync(stateDir, { recursive: true, force: true });
}

function signalGroup(pgid: number, sig: NodeJS.Signals, proc?: ChildProcess) {
  try {
    // SIGTERM to the hub alone first: it stops its servers and proxy itself.
    if (proc && sig === "SIGTERM") proc.kill(sig);
    else process.kill(-pgid, sig);
  } catch {
    // already gone
  }
}

function tryKill(pid: number, sig: NodeJS.Signals) {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Processes whose working folder is inside `dir` (Linux: /proc; elsewhere none are found). */
export function processesUnder(dir: string): number[] {
  if (!fs.existsSync("/proc/self/cwd") || !fs.existsSync(dir)) return [];
  const root = fs.realpathSync(dir);
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cwd = fs.readlinkSync(`/proc/${entry}/cwd`);
      if (cwd === root || cwd.startsWith(`${root}/`)) pids.push(Number(entry));
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

function sleep(ms: number) {
  return new Promise<void>((r) => setTimeout(r, ms).unref());
}
