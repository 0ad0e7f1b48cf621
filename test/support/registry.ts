/**
 * A real OCI distribution registry (Debian's `docker-registry` package, the CNCF distribution
 * project's `registry`) on 127.0.0.1, with tags pushed through its own HTTP API (a config blob and
 * an OCI manifest per tag). Missing, a failure that says how to install it.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { tmpDir } from "./cli";
import { freePort } from "./free-port";

export interface RunningRegistry {
  url: string;
  push(repo: string, tags: string[]): Promise<void>;
  stop(): Promise<void>;
}

export async function startRegistry(): Promise<RunningRegistry> {
  try {
    execFileSync("docker-registry", ["--version"], { stdio: "pipe" });
  } catch {
    throw new Error(
      "docker-registry is not installed: `sudo apt-get install -y docker-registry` (Debian, Ubuntu)",
    );
  }
  const dir = tmpDir("registry");
  const port = await freePort();
  fs.writeFileSync(
    path.join(dir, "config.yml"),
    `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${path.join(dir, "data")}\nhttp:\n  addr: 127.0.0.1:${port}\n`,
  );
  const child: ChildProcess = spawn("docker-registry", ["serve", path.join(dir, "config.yml")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (d) => {
    log = (log + String(d)).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${log}`);
    try {
      if ((await fetch(`${url}/v2/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`docker-registry did not answer within 30 s: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const config = Buffer.from("{}");
  const digest = `sha256:${createHash("sha256").update(config).digest("hex")}`;
  return {
    url,
    async push(repo, tags) {
      const started = await fetch(`${url}/v2/${repo}/blobs/uploads/`, { method: "POST" });
      if (started.status !== 202) throw new Error(`blob upload: HTTP ${started.status}`);
      const put = new URL(started.headers.get("location") ?? "", url);
      put.searchParams.set("digest", digest);
      const blob = await fetch(put, {
        method: "PUT",
        body: config,
        headers: { "content-type": "application/octet-stream" },
      });
      if (blob.status !== 201) throw new Error(`blob: HTTP ${blob.status}`);
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest, size: config.length },
        layers: [],
      });
      for (const tag of tags) {
        const r = await fetch(`${url}/v2/${repo}/manifests/${tag}`, {
          method: "PUT",
          body: manifest,
          headers: { "content-type": "application/vnd.oci.image.manifest.v1+json" },
        });
        if (r.status !== 201) throw new Error(`manifest ${repo}:${tag}: HTTP ${r.status} ${await r.text()}`);
      }
    },
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
