/**
 * A real Prometheus (Debian's `prometheus` package) on 127.0.0.1, loaded with generated series:
 * the samples are written as OpenMetrics and turned into TSDB blocks by the same Prometheus's
 * `promtool tsdb create-blocks-from openmetrics`, then the server serves them. Missing, a failure
 * that says how to install it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { tmpDir } from "./cli";
import { freePort } from "./free-port";

export interface GeneratedSeries {
  metric: string;
  type: "gauge";
  labels: Record<string, string>;
  /** [unix seconds, value], in time order. */
  samples: [number, number][];
}

function binary(name: string): string {
  try {
    execFileSync(name, ["--version"], { stdio: "pipe" });
    return name;
  } catch {
    throw new Error(`${name} is not installed: \`sudo apt-get install -y prometheus\` (Debian, Ubuntu)`);
  }
}

/** The OpenMetrics text of the series, families grouped, `# EOF` last. */
export function openMetrics(series: GeneratedSeries[]): string {
  const byMetric = new Map<string, GeneratedSeries[]>();
  for (const s of series) byMetric.set(s.metric, [...(byMetric.get(s.metric) ?? []), s]);
  const lines: string[] = [];
  for (const [metric, list] of byMetric) {
    lines.push(`# TYPE ${metric} ${list[0]?.type ?? "gauge"}`);
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
        .join(",");
      for (const [t, v] of s.samples) lines.push(`${metric}{${labels}} ${v} ${t}`);
    }
  }
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}

export interface RunningPrometheus {
  url: string;
  stop(): Promise<void>;
}

export async function startPrometheus(series: GeneratedSeries[]): Promise<RunningPrometheus> {
  const prometheus = binary("prometheus");
  const promtool = binary("promtool");
  const dir = tmpDir("prometheus");
  const data = path.join(dir, "data");
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(dir, "series.om"), openMetrics(series));
  execFileSync(promtool, ["tsdb", "create-blocks-from", "openmetrics", path.join(dir, "series.om"), data], {
    stdio: "pipe",
    maxBuffer: 64 * 2 ** 20,
  });
  fs.writeFileSync(path.join(dir, "prometheus.yml"), "global:\n  scrape_interval: 1m\nscrape_configs: []\n");
  const port = await freePort();
  const child: ChildProcess = spawn(
    prometheus,
    [
      `--config.file=${path.join(dir, "prometheus.yml")}`,
      `--storage.tsdb.path=${data}`,
      "--storage.tsdb.retention.time=100y",
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (d) => {
    log = (log + String(d)).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
    try {
      const res = await fetch(`${url}/-/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`prometheus did not become ready within 60 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
