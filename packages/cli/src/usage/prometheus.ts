/**
 * A small client of Prometheus's HTTP API (`/api/v1/query`, `/api/v1/query_range`; the response
 * format of prometheus.io/docs/prometheus/latest/querying/api/), bounded like every other reader of
 * what a server sends: a response over MAX_RESPONSE_BYTES or slower than the timeout is an error.
 */

export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
export const QUERY_TIMEOUT_MS = 60_000;

export interface Sample {
  labels: Record<string, string>;
  value: number;
}
export interface Series {
  labels: Record<string, string>;
  /** [unix seconds, value] */
  values: [number, number][];
}

export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrometheusError";
  }
}

async function boundedJson(res: Response): Promise<unknown> {
  const reader = res.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_RESPONSE_BYTES) {
        await reader.cancel();
        throw new PrometheusError(`the response is larger than ${MAX_RESPONSE_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text);
  } catch {
    throw new PrometheusError(`HTTP ${res.status}: not a Prometheus API response`);
  }
}

export class Prometheus {
  constructor(
    readonly url: string,
    private readonly token?: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  private async call(path: string, params: Record<string, string>): Promise<unknown> {
    const u = new URL(path, this.url.endsWith("/") ? this.url : `${this.url}/`);
    let res: Response;
    try {
      const get = Object.keys(params).length === 0;
      res = await this.fetchImpl(u, {
        method: get ? "GET" : "POST",
        ...(get ? {} : { body: new URLSearchParams(params) }),
        headers: this.token ? { authorization: `Bearer ${this.token}` } : {},
        signal: AbortSignal.timeout(QUERY_TIMEOUT_MS),
      });
    } catch (e) {
      const err = e as Error;
      throw new PrometheusError(
        err.name === "TimeoutError"
          ? `no answer within ${QUERY_TIMEOUT_MS / 1000} s`
          : `cannot reach it: ${err.message}`,
      );
    }
    const body = (await boundedJson(res)) as {
      status?: string;
      error?: string;
      data?: { resultType?: string; result?: unknown };
    };
    if (body.status !== "success")
      throw new PrometheusError(`HTTP ${res.status}: ${body.error ?? "the query failed"}`);
    return body.data;
  }

  /** The server's version (`/api/v1/status/buildinfo`). */
  async version(): Promise<string> {
    const data = (await this.call("api/v1/status/buildinfo", {})) as { version?: unknown };
    if (typeof data?.version !== "string") throw new PrometheusError("its build info has no version");
    return data.version;
  }

  /** An instant vector at `time` (unix seconds). */
  async query(query: string, time: number): Promise<Sample[]> {
    const data = (await this.call("api/v1/query", { query, time: String(time) })) as {
      resultType: string;
      result: unknown;
    };
    if (data.resultType !== "vector" || !Array.isArray(data.result))
      throw new PrometheusError("expected an instant vector");
    return (data.result as { metric: Record<string, string>; value: [number, string] }[]).map((r) => ({
      labels: r.metric,
      value: Number(r.value[1]),
    }));
  }

  /** A range of instant vectors from `start` to `end`, every `step` seconds. */
  async queryRange(query: string, start: number, end: number, step: number): Promise<Series[]> {
    const data = (await this.call("api/v1/query_range", {
      query,
      start: String(start),
      end: String(end),
      step: String(step),
    })) as { resultType: string; result: unknown };
    if (data.resultType !== "matrix" || !Array.isArray(data.result))
      throw new PrometheusError("expected a range vector");
    return (data.result as { metric: Record<string, string>; values: [number, string][] }[]).map((r) => ({
      labels: r.metric,
      values: r.values.map(([t, v]) => [t, Number(v)]),
    }));
  }
}
