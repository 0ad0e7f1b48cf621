/**
 * `hubnet upstream` end to end: the report of a network (exit 0, exit 1 on a pin past its end of
 * life), and `--refresh` against a Helm repository index written by the real Helm (`helm create`,
 * `helm package`, `helm repo index`), served on 127.0.0.1.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readReleaseTable } from "../packages/cli/src/upstream/table";
import { copyNetwork, hubnet, tmpDir } from "./support/cli";
import { helmBinary } from "./support/helm";
import { type RunningRegistry, startRegistry } from "./support/registry";

const TABLE = path.resolve(__dirname, "..", "packages", "cli", "src", "upstream", "releases.json");

function tableWith(edit: (t: ReturnType<typeof readReleaseTable>) => void): string {
  const t = readReleaseTable(TABLE);
  edit(t);
  const file = path.join(tmpDir("upstream-table"), "releases.json");
  fs.writeFileSync(file, JSON.stringify(t));
  return file;
}

describe("hubnet upstream on a network", () => {
  const root = copyNetwork();

  it("reports every pin with who uses it, every image with its build date; exit 0 while nothing is past its end", async () => {
    const r = await hubnet(["upstream", "--json", "--root", root], { timeout: 120_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.ok).toBe(true);
    const hub = j.charts.find((c: { pin: string }) => c.pin === "jupyterhub");
    expect(hub.clusters.length).toBeGreaterThan(0);
    expect(hub.communities.length).toBeGreaterThan(0);
    expect(hub.repository).toMatch(/^https:\/\/github\.com\//);
    expect(j.images.length).toBeGreaterThan(0);
    for (const i of j.images) expect(i.communities.length).toBeGreaterThan(0);
  }, 180_000);

  it("exit 1 on a pin past its end of life, naming it and the day", async () => {
    const table = tableWith((t) => {
      const facts = t.charts.certManager;
      if (facts) facts.endOfLife = [{ series: "v1.21", date: "2026-01-31" }];
    });
    const r = await hubnet(["upstream", "--root", root, "--table", table], { timeout: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/cert-manager v1\.21\.1 reached its end of life on 2026-01-31/);
    expect(r.stdout).not.toMatch(/^\s+at /m);
  }, 180_000);

  it("a broken table is a usage error naming the file and field, not a crash", async () => {
    const table = tableWith((t) => {
      (t as { refreshed: string }).refreshed = "yesterday";
    });
    const r = await hubnet(["upstream", "--root", root, "--table", table]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/releases\.json: refreshed: must be a date/);
  });

  it("--mirror without --refresh is a usage error", async () => {
    const r = await hubnet(["upstream", "--root", root, "--mirror", "http://127.0.0.1:1"]);
    expect(r.code).toBe(2);
  });
});

describe("hubnet upstream --refresh against an index the real Helm wrote", () => {
  let server: http.Server;
  let mirror: string;
  let served = 0;

  beforeAll(async () => {
    const helm = await helmBinary();
    const work = tmpDir("upstream-helm");
    const repo = path.join(work, "repo", "hub.jupyter.org", "helm-chart");
    fs.mkdirSync(repo, { recursive: true });
    execFileSync(helm, ["create", path.join(work, "jupyterhub")], { stdio: "pipe" });
    for (const v of ["4.4.0", "4.5.0", "4.6.0-beta.1", "5.0.1"]) {
      execFileSync(helm, ["package", path.join(work, "jupyterhub"), "--version", v, "-d", repo], {
        stdio: "pipe",
      });
    }
    execFileSync(helm, ["repo", "index", repo, "--url", "https://hub.jupyter.org/helm-chart/"], {
      stdio: "pipe",
    });
    const root = path.join(work, "repo");
    server = http.createServer((req, res) => {
      served++;
      const file = path.join(root, path.normalize(decodeURIComponent(req.url ?? "/")));
      if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end("not found");
        return;
      }
      res.writeHead(200, { "content-type": "text/yaml" }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(() => server?.close());

  it("records the newest stable releases (not the beta), keeps the pin, and says which index it could not read", async () => {
    const table = tableWith((t) => {
      const hub = t.charts.jupyterhub;
      const dask = t.charts.daskGateway;
      t.charts = { ...(hub ? { jupyterhub: hub } : {}), ...(dask ? { daskGateway: dask } : {}) };
      t.images = {}; // no registry is asked here (the registry test below asks a real one)
    });
    const r = await hubnet(["upstream", "--refresh", "--json", "--mirror", mirror, "--table", table]);
    // dask-gateway's index is not on the mirror: that pin fails, the other is refreshed.
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.refreshed).toEqual([{ pin: "jupyterhub", newest: "5.0.1", added: ["5.0.1", "4.5.0"] }]);
    expect(j.problems).toEqual([
      expect.objectContaining({ file: null, message: expect.stringMatching(/^daskGateway: HTTP 404/) }),
    ]);
    const after = readReleaseTable(table);
    expect(after.charts.jupyterhub?.releases.map((x) => x.version)).toEqual(["5.0.1", "4.5.0", "4.4.0"]);
    expect(after.charts.jupyterhub?.releases[0]?.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(served).toBeGreaterThanOrEqual(2);

    // The refreshed table makes the pin "behind" in the report.
    const report = await hubnet(["upstream", "--json", "--root", copyNetwork(), "--table", table], {
      timeout: 120_000,
    });
    const hub = JSON.parse(report.stdout).charts.find((c: { pin: string }) => c.pin === "jupyterhub");
    expect(hub).toMatchObject({ status: "behind", newest: "5.0.1" });
  }, 180_000);
});

describe("hubnet upstream --refresh against a real registry (the OCI distribution API)", () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startRegistry();
    await registry.push("jupyter/scipy-notebook", [
      "2025-11-03",
      "2026-11-30",
      "2026-02-14",
      "cuda12-2026-10-01",
      "latest",
    ]);
    await registry.push("jupyter/pytorch-notebook", ["cuda12-2025-11-03", "cuda12-2026-09-09", "2026-12-01"]);
  }, 60_000);
  afterAll(async () => registry?.stop());

  it("records the newest dated tag per prefix of every image the network runs, and the report says which are behind", async () => {
    const root = copyNetwork();
    const table = tableWith((t) => {
      t.charts = {};
      t.images = {
        "quay.io/jupyter/": {
          project: "Jupyter Docker Stacks",
          repository: "https://github.com/jupyter/docker-stacks",
          issues: "https://github.com/jupyter/docker-stacks/issues",
          tagDates: "YYYY-MM-DD",
          registry: registry.url,
          source: "test",
        },
      };
    });
    const r = await hubnet(["upstream", "--refresh", "--json", "--root", root, "--table", table], {
      timeout: 120_000,
    });
    const j = JSON.parse(r.stdout);
    const scipy = j.images.find(
      (i: { image: string; prefix: string }) =>
        i.image === "quay.io/jupyter/scipy-notebook" && i.prefix === "",
    );
    expect(scipy).toEqual({
      image: "quay.io/jupyter/scipy-notebook",
      prefix: "",
      newest: "2026-11-30",
      date: "2026-11-30",
    });
    const after = readReleaseTable(table);
    const newest = after.images["quay.io/jupyter/"]?.newest ?? {};
    if (newest["quay.io/jupyter/pytorch-notebook"])
      // A cuda12- community is compared with the newest cuda12- tag, not the newest tag of all.
      expect(newest["quay.io/jupyter/pytorch-notebook"]?.["cuda12-"]).toEqual({
        tag: "cuda12-2026-09-09",
        date: "2026-09-09",
      });
    // Images the registry does not have are failures of that image alone (exit 1), the rest is written.
    expect(r.code).toBe(j.problems.length ? 1 : 0);
    for (const p of j.problems) expect(p.message).toMatch(/^quay\.io\/jupyter\/[a-z-]+: HTTP 404 /);

    const report = await hubnet(["upstream", "--json", "--root", root, "--table", table], {
      timeout: 120_000,
    });
    const row = JSON.parse(report.stdout).images.find((i: { image: string }) =>
      i.image.startsWith("quay.io/jupyter/scipy-notebook:"),
    );
    expect(row).toMatchObject({ newest: "2026-11-30", newestDate: "2026-11-30", behind: true });
  }, 240_000);
});
