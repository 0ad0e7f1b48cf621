/**
 * A small client of JupyterHub's REST API (the part JupyterHub 3.0 and 5.x
 * share) and of a user server's API, for health checks:
 * - the token goes only to the hub's origin: redirects are followed only
 *   within that origin, and no message ever contains the token;
 * - every request is bounded by the check's deadline and interruptible;
 * - transient failures (connection errors, 429, 502, 503, 504) are retried
 *   with exponential backoff, at most `attempts` times.
 */
import type { Deadline } from "./deadline";

export class HubError extends Error {
  constructor(
    message: string,
    /** The HTTP status, when the hub answered. */
    readonly status?: number,
    /** Worth retrying: the hub did not answer or answered "try later". */
    readonly transient = false,
  ) {
    super(message);
    this.name = "HubError";
  }
}

export interface HubResponse {
  status: number;
  url: URL;
  /** Parsed JSON body, or undefined. */
  json?: unknown;
  /** The raw response, only for streamed requests. */
  response?: Response;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "DELETE";
  body?: unknown;
  /** Statuses that are answers rather than errors (default: 2xx). */
  ok?: (status: number) => boolean;
  /** Return the unread response (for event streams). */
  stream?: boolean;
  /** What the step is doing, for messages ("starting the server"). */
  what: string;
}

const TRANSIENT_STATUS = new Set([429, 502, 503, 504]);
const MAX_REDIRECTS = 5;

export interface HubClientOptions {
  /** The hub's public URL (origin and base path), e.g. https://hub.example.org/. */
  hubUrl: URL;
  token: string;
  attempts: number;
  /** Backoff before the second attempt, doubled for each further one (default 500 ms, at most 5 s). */
  backoffMs?: number;
}

export class HubClient {
  readonly origin: string;
  readonly base: URL;
  private readonly backoffMs: number;

  constructor(readonly opts: HubClientOptions) {
    this.base = new URL(opts.hubUrl.href.endsWith("/") ? opts.hubUrl.href : `${opts.hubUrl.href}/`);
    this.origin = this.base.origin;
    this.backoffMs = opts.backoffMs ?? 500;
  }

  /** A URL under the hub, e.g. `hub/api/users`; absolute paths (`/user/x/`) are taken from the origin. */
  url(pathname: string): URL {
    return new URL(pathname.replace(/^\//, ""), pathname.startsWith("/") ? this.origin : this.base);
  }

  /** The hub's REST API, `hub/api/<path>`. */
  api(path: string): URL {
    return this.url(`hub/api/${path}`);
  }

  /** One request, retried when transient, following same-origin redirects only. */
  async request(target: URL, deadline: Deadline, o: RequestOptions): Promise<HubResponse> {
    const attempts = Math.max(1, this.opts.attempts);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(target, deadline, o);
      } catch (err) {
        const e = deadline.reason(err, o.what);
        if (!(e instanceof HubError) || !e.transient || attempt >= attempts) throw e;
        await deadline.sleep(Math.min(this.backoffMs * 2 ** (attempt - 1), 5000), o.what);
      }
    }
  }

  private async once(target: URL, deadline: Deadline, o: RequestOptions): Promise<HubResponse> {
    let url = target;
    let method = o.method ?? "GET";
    let body = o.body === undefined ? undefined : JSON.stringify(o.body);
    for (let hop = 0; ; hop++) {
      if (url.origin !== this.origin)
        throw new HubError(
          `${o.what}: redirected to ${url.origin}, another origin than the hub's ${this.origin}; not followed (the token is only sent to the hub)`,
        );
      deadline.check(o.what);
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          redirect: "manual",
          signal: deadline.signal(),
          headers: {
            Authorization: `token ${this.opts.token}`,
            Accept: o.stream ? "text/event-stream" : "application/json",
            ...(body === undefined ? {} : { "Content-Type": "application/json" }),
          },
          body,
        });
      } catch (err) {
        const e = deadline.reason(err, o.what);
        if (e.name === "TimeoutError" || e.name === "InterruptedError") throw e;
        throw new HubError(`${o.what}: ${url.origin} did not answer (${networkCause(err)})`, undefined, true);
      }
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new HubError(`${o.what}: more than ${MAX_REDIRECTS} redirects`);
        url = new URL(res.headers.get("location") as string, url);
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === "POST")) {
          method = "GET";
          body = undefined;
        }
        continue;
      }
      const ok = o.ok ?? ((s: number) => s >= 200 && s < 300);
      if (ok(res.status)) {
        if (o.stream) return { status: res.status, url, response: res };
        return { status: res.status, url, json: await readJson(res, deadline, o.what) };
      }
      const detail = await errorDetail(res, deadline);
      throw new HubError(
        `${o.what}: ${res.status} ${res.statusText || ""}${detail ? ` (${detail})` : ""}`.replace(/ +/g, " "),
        res.status,
        TRANSIENT_STATUS.has(res.status),
      );
    }
  }
}

/** At most this much of a JSON answer is read: JupyterHub's answers are a few kilobytes. */
export const MAX_JSON_BYTES = 1024 * 1024;
/** At most this much of an error answer is read (only its message is kept). */
export const MAX_ERROR_BYTES = 64 * 1024;

/** The body's text, reading at most `limit` bytes: a larger (or endless) body is cut off and refused. */
export async function readLimited(
  res: Response,
  limit: number,
  deadline: Deadline,
  what: string,
): Promise<string> {
  if (!res.body) return "";
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        throw new HubError(
          `${what}: the answer is larger than ${Math.round(limit / 1024)} KiB, more than a JupyterHub sends; not read further`,
          res.status,
        );
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw deadline.reason(err, what);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJson(res: Response, deadline: Deadline, what: string): Promise<unknown> {
  const text = await readLimited(res, MAX_JSON_BYTES, deadline, what);
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new HubError(`${what}: the answer is not JSON (is this a JupyterHub?)`, res.status);
  }
}

/** JupyterHub's error body is `{"status": N, "message": "..."}`; keep one short, printable line of it. */
async function errorDetail(res: Response, deadline: Deadline): Promise<string> {
  let text = "";
  try {
    text = await readLimited(res, MAX_ERROR_BYTES, deadline, "");
  } catch (err) {
    if (!(err instanceof HubError)) deadline.reason(err, "");
    return "";
  }
  try {
    const j = JSON.parse(text) as { message?: unknown };
    if (typeof j.message === "string") return printable(j.message);
  } catch {
    // not JSON: an HTML error page, a proxy's message
  }
  return "";
}

/**
 * `text` with every occurrence of the token replaced: a hostile or broken hub may echo the
 * Authorization header back in an error, and what the check prints (text and JSON) is uploaded.
 */
export function redactToken(text: string, token: string): string {
  if (token.length < 4) return text;
  return text.split(token).join("[token]");
}

/** One line without control characters, at most 300 characters: hub messages are not trusted. */
export function printable(s: string, max = 300): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const line = s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

function networkCause(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
  if (cause?.code) return cause.code;
  if (cause?.message) return printable(cause.message, 120);
  return err instanceof Error ? printable(err.message, 120) : "network error";
}
