/**
 * `hubnet check <hub-url>`: is a live hub healthy for a user? Through
 * JupyterHub's REST API with the hub's health-check service token (read from
 * an environment variable, never printed): hub and version, token, check
 * user, server start with its progress, a computation in a kernel, server
 * stop. Exit 0 healthy, 1 unhealthy (naming the step), 2 usage.
 */
import { type CheckReport, runCheck, type StepReport } from "@hubnet/health";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { messageJson, Output } from "../output";

export interface CheckOptions {
  tokenEnv: string;
  attempts: string;
  timeout: string;
}

export async function check(hubUrl: string, opts: CheckOptions & GlobalOptions): Promise<void> {
  const url = parseHubUrl(hubUrl);
  const attempts = integerOption("--attempts", opts.attempts, 1, 10);
  const timeout = integerOption("--timeout", opts.timeout, 1, 3600);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.tokenEnv))
    throw new UsageError(`--token-env ${opts.tokenEnv}: not an environment variable name`, "check");
  const token = process.env[opts.tokenEnv];
  if (!token)
    throw new UsageError(
      `set ${opts.tokenEnv} to the hub's health-check token (the community stack's output healthTokens.<hub>)`,
      "check",
    );
  const out = new Output({ color: opts.color });
  const report = await checkWithSignals(out, url, token, attempts, timeout * 1000, opts.json === true);
  if (!report.ok) throw new Exit(ExitCode.Problems);
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** The hub URL: http(s), no credentials, query or fragment; plain http only on this machine. */
export function parseHubUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(
      `${JSON.stringify(text)} is not a URL (write it as https://hub.example.org)`,
      "check",
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new UsageError(`${url.protocol} URLs are not hubs: use https://`, "check");
  if (url.protocol === "http:" && !LOOPBACK.test(url.hostname))
    throw new UsageError(
      `http://${url.host} would send the token unencrypted: use https:// (http is accepted for localhost only)`,
      "check",
    );
  if (url.username || url.password) throw new UsageError("the hub URL must not contain credentials", "check");
  if (url.search || url.hash)
    throw new UsageError("the hub URL must not contain ?query or #fragment", "check");
  // The hub's root, also when given as .../hub/ or .../hub/home.
  url.pathname = url.pathname.replace(/\/hub(\/.*)?$/, "/");
  return url;
}

function integerOption(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`${flag} ${value}: give a whole number from ${min} to ${max}`, "check");
  return n;
}

async function checkWithSignals(
  out: Output,
  hubUrl: URL,
  token: string,
  attempts: number,
  timeoutMs: number,
  json: boolean,
): Promise<CheckReport> {
  const interrupt = new AbortController();
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals++;
    if (signals === 1) {
      out.error(`${sig}: stopping the check user's server before exiting (again to quit at once)`);
      interrupt.abort();
    } else {
      out.error("quit: the check user's server may still be running; run the check again to stop it");
      process.exit(ExitCode.Problems);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    if (!json) out.line(`checking ${hubUrl.href}`);
    const report = await runCheck({
      hubUrl,
      token,
      attempts,
      timeoutMs,
      interrupt: interrupt.signal,
      onStep: json ? undefined : (s) => out.line(stepLine(out, s)),
    });
    if (json) out.json({ ...report, problems: checkProblems(report) });
    else out.line(summaryLine(out, report));
    return report;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

/** An unhealthy hub as problems in the shape every command uses: one per failed step, in no file. */
export function checkProblems(r: CheckReport) {
  return r.steps.filter((s) => !s.ok).map((s) => messageJson(`step ${s.step}: ${s.message}`));
}

export function stepLine(out: Output, s: StepReport): string {
  const st = out.style;
  const mark = s.ok ? st.green("✓") : st.red("✗");
  return `${mark} ${s.step.padEnd(6)} ${formatMs(s.durationMs).padStart(7)}  ${s.ok ? s.message : st.red(s.message)}`;
}

export function summaryLine(out: Output, r: CheckReport): string {
  const st = out.style;
  if (r.ok) return `${st.green("✓")} healthy in ${formatMs(r.durationMs)}`;
  const failed = r.steps.find((s) => s.step === r.failedStep);
  const leftover = r.steps.find((s) => s.step === "stop" && !s.ok)
    ? " — the check user's server may still be running"
    : "";
  return `${st.red("✗")} unhealthy: step ${r.failedStep} failed: ${failed?.message ?? "?"} (after ${formatMs(r.durationMs)})${leftover}`;
}

export function formatMs(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}
