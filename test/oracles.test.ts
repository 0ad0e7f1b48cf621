/**
 * The upstream oracles: found in HUBNET_ORACLES, then beside the checkout, then in the cache, only
 * with their pinned checksums; `pnpm oracles:fetch` fills the cache from a mirror of the upstream
 * layout (a local HTTP server and a file:// folder here: these machines reach no GitHub).
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { findChart } from "@hubnet/plan/helm";
import { treeDigest } from "@hubnet/plan/oracles";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchCharts, fetchOracles } from "./oracles/fetch";
import { CHART_ORACLES, findOracle, ORACLES, oracleDir, oracleFile, REPO, sha256 } from "./oracles/index";
import { tmpDir } from "./support/cli";

/** A folder laid out as raw.githubusercontent.com (<owner>/<repo>/<commit>/<path>) with every pinned file. */
function mirrorFolder(): string {
  const dir = tmpDir("oracle-mirror");
  for (const o of ORACLES) {
    if ("vendored" in o.source) continue;
    for (const f of o.files) {
      const to = path.join(dir, o.source.repo, o.source.commit, f.path);
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(path.join(oracleDir(o.name), f.name), to);
    }
  }
  return dir;
}

/** Copies oracle `name` (as the resolver finds it now) into `<parent>/<name>/`. */
function copyOracle(name: string, parent: string): string {
  const to = path.join(parent, name);
  fs.mkdirSync(to, { recursive: true });
  for (const f of fs.readdirSync(oracleDir(name)))
    fs.copyFileSync(path.join(oracleDir(name), f), path.join(to, f));
  return to;
}

const empty = () => tmpDir("no-oracles");

/** A folder of chart archives as their repositories publish them (`<chart>-<version>.tgz`), packed from the pinned trees. */
function chartMirrorFolder(tamper?: string): string {
  const dir = tmpDir("chart-mirror");
  for (const c of CHART_ORACLES) {
    const found = findChart(c.chart, c.version);
    if ("missing" in found) throw new Error(found.missing);
    let from = path.dirname(found.dir);
    if (tamper === c.chart) {
      from = tmpDir("tampered-chart");
      fs.cpSync(path.dirname(found.dir), from, { recursive: true });
      fs.appendFileSync(path.join(from, c.chart, "Chart.yaml"), "# changed\n");
    }
    execFileSync("tar", ["-czf", path.join(dir, `${c.chart}-${c.version}.tgz`), "-C", from, c.chart]);
  }
  return dir;
}

describe("finding an oracle", () => {
  it("HUBNET_ORACLES first, then beside the checkout, then the cache", () => {
    const [env, shared, cache] = [empty(), empty(), empty()];
    for (const d of [env, shared, cache]) copyOracle("pulumi-project", d);
    const where = { env: { HUBNET_ORACLES: env }, shared, cache };
    expect(findOracle("pulumi-project", where)).toBe(path.join(env, "pulumi-project"));
    expect(findOracle("pulumi-project", { ...where, env: {} })).toBe(path.join(shared, "pulumi-project"));
    fs.rmSync(path.join(shared, "pulumi-project"), { recursive: true });
    expect(findOracle("pulumi-project", { ...where, env: {} })).toBe(path.join(cache, "pulumi-project"));
    expect(oracleFile("pulumi-project", "project.json", { ...where, env: {} })).toBe(
      path.join(cache, "pulumi-project", "project.json"),
    );
  });

  it("a missing oracle fails with a message naming the command that fetches it", () => {
    const where = { env: {}, shared: empty(), cache: empty() };
    expect(findOracle("z2jh-4.4.0", where)).toBeUndefined();
    expect(() => oracleDir("z2jh-4.4.0", where)).toThrow(
      /the upstream oracle "z2jh-4\.4\.0" \(Zero to JupyterHub 4\.4\.0 chart.*\) is not on this machine: run `pnpm oracles:fetch`/,
    );
  });

  it("a copy of another version is refused, not used", () => {
    const env = empty();
    const dir = copyOracle("pulumi-project", env);
    fs.appendFileSync(path.join(dir, "project.json"), "\n");
    expect(() => findOracle("pulumi-project", { env: { HUBNET_ORACLES: env }, shared: empty() })).toThrow(
      /project\.json has sha256 [0-9a-f]{64}, not the pinned 55b50752.*run `pnpm oracles:fetch`/,
    );
  });

  it("every oracle the tests use is pinned with a sha256 of 64 hex digits, and found here with it", () => {
    expect(ORACLES.map((o) => o.name).sort()).toEqual([
      "cert-manager-v1.21.1",
      "dask-gateway-2026.3.0",
      "jupyterhub-traits-z2jh-4.4.0",
      "pulumi-project",
      "z2jh-4.4.0",
    ]);
    for (const o of ORACLES) {
      for (const f of o.files) {
        expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
        expect(sha256(path.join(oracleDir(o.name), f.name))).toBe(f.sha256);
      }
      if (!("vendored" in o.source)) expect(o.source.commit).toMatch(/^[0-9a-f]{40}$/);
    }
  });
});

describe("pnpm oracles:fetch", () => {
  let mirror: string;
  let server: http.Server;
  let base: string;
  const requests: string[] = [];
  /** Paths the server answers with other bytes (a tampered or truncated download). */
  const tampered = new Set<string>();

  beforeAll(async () => {
    mirror = mirrorFolder();
    server = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
      requests.push(rel);
      const file = path.join(mirror, rel);
      if (!file.startsWith(mirror) || !fs.existsSync(file)) {
        res.writeHead(404).end("not found");
        return;
      }
      const bytes = fs.readFileSync(file);
      res.writeHead(200).end(tampered.has(rel) ? Buffer.concat([bytes, Buffer.from("# changed\n")]) : bytes);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const hidden = () => ({ env: {}, shared: empty() });

  it("downloads every upstream file at its pinned commit, checks it, and the tests then find the cache", async () => {
    const cache = empty();
    requests.length = 0;
    const r = await fetchOracles({ ...hidden(), mirror: base, cache });
    expect(r.failures).toEqual([]);
    const upstream = ORACLES.filter((o) => !("vendored" in o.source));
    expect(requests.sort()).toEqual(
      upstream
        .flatMap((o) =>
          o.files.map((f) => ("repo" in o.source ? `/${o.source.repo}/${o.source.commit}/${f.path}` : "")),
        )
        .sort(),
    );
    for (const o of ORACLES) {
      expect(r.available[o.name]).toBe(path.join(cache, o.name));
      expect(findOracle(o.name, { ...hidden(), cache })).toBe(path.join(cache, o.name));
    }
    // The traits oracle has no upstream: it comes from the copy committed in test/oracles/vendored.
    expect(fs.readFileSync(path.join(cache, "jupyterhub-traits-z2jh-4.4.0", "traits.json"))).toEqual(
      fs.readFileSync(path.join(REPO, "test/oracles/vendored/jupyterhub-traits-z2jh-4.4.0/traits.json")),
    );
    // A second run finds everything and downloads nothing.
    requests.length = 0;
    const again = await fetchOracles({ ...hidden(), mirror: base, cache });
    expect(again.failures).toEqual([]);
    expect(requests).toEqual([]);
  });

  it("refuses a file whose sha256 is not the pinned one, writing nothing of that oracle", async () => {
    const cache = empty();
    const o = ORACLES.find((x) => x.name === "z2jh-4.4.0")!;
    if (!("repo" in o.source)) throw new Error("z2jh is an upstream oracle");
    const rel = `/${o.source.repo}/${o.source.commit}/jupyterhub/values.yaml`;
    tampered.add(rel);
    try {
      const r = await fetchOracles({ ...hidden(), mirror: base, cache });
      expect(r.failures).toHaveLength(1);
      expect(r.failures[0]).toMatch(
        new RegExp(
          `^z2jh-4\\.4\\.0: ${base}${rel}: sha256 [0-9a-f]{64}, expected d61742ce[0-9a-f]+: not the pinned file, nothing written$`,
        ),
      );
      expect(fs.existsSync(path.join(cache, "z2jh-4.4.0"))).toBe(false);
      expect(fs.readdirSync(cache).filter((d) => d.includes("partial"))).toEqual([]);
      expect(r.available["pulumi-project"]).toBe(path.join(cache, "pulumi-project"));
    } finally {
      tampered.delete(rel);
    }
  });

  it("reports a file the mirror does not have", async () => {
    const r = await fetchOracles({ ...hidden(), mirror: `${base}/nowhere`, cache: empty() });
    expect(r.failures.length).toBe(ORACLES.length - 1);
    expect(r.failures[0]).toContain("HTTP 404");
  });

  it("runs as a command from a file:// mirror (--force downloads even what is found elsewhere)", async () => {
    const cache = empty();
    const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          "--import",
          "tsx",
          path.join(REPO, "test/oracles/fetch.ts"),
          "--mirror",
          pathToFileURL(mirror).href,
          "--chart-mirror",
          pathToFileURL(chartMirrorFolder()).href,
          "--cache",
          cache,
          "--force",
        ],
        { cwd: REPO, timeout: 60_000 },
        (err, stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      ),
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`all ${ORACLES.length} oracles available`);
    for (const o of ORACLES)
      for (const f of o.files) expect(sha256(path.join(cache, o.name, f.name))).toBe(f.sha256);
    for (const c of CHART_ORACLES) expect(treeDigest(path.join(cache, c.name))).toBe(c.treeSha256);
    const bad = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ["--import", "tsx", path.join(REPO, "test/oracles/fetch.ts"), "--mirror", "ftp://x"],
        { cwd: REPO },
        (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
      ),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--mirror ftp://x: not an http(s):// or file:// URL");
  });
});

describe("only the oracle lookup knows where oracles are", () => {
  /** A string literal naming the folder beside the checkout: `"../shared/oracles"` or `"shared", "oracles"`. */
  const NAMES_SHARED = /["'`][^"'`\n]*shared[/\\]oracles|["'`]shared["'`]\s*,\s*["'`]oracles["'`]/;
  /** Whether code (comments left out: they may say where oracles live) names that folder. */
  const namesShared = (source: string) =>
    NAMES_SHARED.test(source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|\s)\/\/.*$/gm, ""));

  it("no source or test file but the lookup (packages/plan/src/oracles.ts) names ../shared/oracles in code (CI on GitHub has no ../shared)", async () => {
    const { execFileSync } = await import("node:child_process");
    const tracked = execFileSync(
      "git",
      ["ls-files", "-z", "--", "*.ts", "*.cts", "*.mts", "*.js", "*.cjs", "*.mjs"],
      {
        cwd: REPO,
        encoding: "utf8",
      },
    )
      .split("\0")
      .filter((f) => f && f !== "packages/plan/src/oracles.ts" && f !== "test/oracles.test.ts");
    expect(tracked.length).toBeGreaterThan(100);
    const offenders = tracked.filter((f) => {
      const file = path.join(REPO, f);
      return fs.existsSync(file) && namesShared(fs.readFileSync(file, "utf8"));
    });
    expect(offenders).toEqual([]);
  });

  it("the pattern is live: it finds what the traits and project-file tests used to read", () => {
    expect(
      namesShared(`path.resolve(REPO_ROOT, "../shared/oracles/jupyterhub-traits-z2jh-4.4.0/traits.json")`),
    ).toBe(true);
    expect(namesShared(`path.resolve(PACK, "..", "..", "shared", "oracles")`)).toBe(true);
    expect(namesShared(`oracleFile("pulumi-project", "project.json") // not ../shared/oracles`)).toBe(false);
  });
});

describe("pnpm oracles:fetch: chart archives", () => {
  const hidden = () => ({ env: {}, shared: empty() });

  it("every chart is pinned by a 64-hex tree digest and found here with it", () => {
    expect(CHART_ORACLES.map((c) => c.name).sort()).toEqual([
      "charts/dask-gateway-2026.3.0",
      "charts/jupyterhub-4.4.0",
    ]);
    for (const c of CHART_ORACLES) {
      expect(c.treeSha256).toMatch(/^[0-9a-f]{64}$/);
      expect(c.archive).toBe(`${c.archive.split("/").slice(0, -1).join("/")}/${c.chart}-${c.version}.tgz`);
      const found = findChart(c.chart, c.version);
      expect("dir" in found && treeDigest(path.dirname(found.dir))).toBe(c.treeSha256);
    }
  });

  it("downloads each archive, unpacks it, checks its tree, and the renderer then finds the cache", async () => {
    const cache = empty();
    const r = await fetchCharts({ ...hidden(), chartMirror: pathToFileURL(chartMirrorFolder()).href, cache });
    expect(r.failures).toEqual([]);
    for (const c of CHART_ORACLES) {
      expect(r.available[c.name]).toBe(path.join(cache, c.name));
      expect(findChart(c.chart, c.version, { ...hidden(), cache })).toEqual({
        dir: path.join(cache, c.name, c.chart),
      });
    }
  });

  it("refuses an archive whose files are not the pinned tree, writing nothing of it", async () => {
    const cache = empty();
    const r = await fetchCharts({
      ...hidden(),
      chartMirror: pathToFileURL(chartMirrorFolder("jupyterhub")).href,
      cache,
    });
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(
      /^charts\/jupyterhub-4\.4\.0: file:.*jupyterhub-4\.4\.0\.tgz: unpacked tree digest [0-9a-f]{64}, expected c0692c59[0-9a-f]+: not the pinned chart, nothing written$/,
    );
    expect(fs.existsSync(path.join(cache, "charts", "jupyterhub-4.4.0"))).toBe(false);
    expect(fs.readdirSync(path.join(cache, "charts")).filter((d) => d.includes("partial"))).toEqual([]);
    expect(r.available["charts/dask-gateway-2026.3.0"]).toBe(
      path.join(cache, "charts", "dask-gateway-2026.3.0"),
    );
  });
});
