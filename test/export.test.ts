/**
 * `hubnet export`: a community's hubs as a standalone bundle. The exported values hold nothing of
 * the platform, render with the charts' own templates (the real Helm, with the charts' values
 * schemas), and the install script runs plain Helm and kubectl as it says (stand-ins record them).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { loadNetwork } from "@hubnet/config";
import { findChart, findHelm, renderChart } from "@hubnet/plan/helm";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { copyNetwork, hubnet, tmpDir } from "./support/cli";

const root = copyNetwork();
const network = loadNetwork(root);
const communities = [...network.communities.values()].map((c) => c.config);
// A community with dask and an OAuth login: the most the export has to take apart.
const community = communities.find(
  (c) => c.features.dask && ["github", "cilogon", "google", "oidc"].includes(c.auth.provider),
);

describe("hubnet export", () => {
  let out: string;
  beforeAll(async () => {
    if (!community) throw new Error("the test network needs a dask community with an OAuth login");
    out = path.join(tmpDir("export"), "bundle");
    const r = await hubnet(["export", community.name, "--out", out, "--root", root], { timeout: 180_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rendered with its chart's own templates and values schema by Helm v3/);
  }, 200_000);

  it("writes per hub the values, the secrets templates and an install script, and a README of the data", () => {
    if (!community) return;
    const readme = fs.readFileSync(path.join(out, "README.md"), "utf8");
    for (const hub of community.hubs) {
      for (const f of [
        "jupyterhub-values.yaml",
        "jupyterhub-secrets.template.yaml",
        "install.sh",
        "dask-gateway-values.yaml",
      ])
        expect(fs.existsSync(path.join(out, hub.name, f)), `${hub.name}/${f}`).toBe(true);
      expect(readme).toContain(`## Hub ${hub.name} (${hub.domain})`);
    }
    expect(readme).toMatch(/\*\*Homes\*\*: the NFS share `[^`]+`/);
    expect(readme).toMatch(/\*\*Hub database\*\*.*hubnet-hub-db/);
    expect(readme).toMatch(/OAuth app/);
  });

  it("the values hold nothing of the platform: no planning data, secrets, platform services, pools, identities or hubnet labels", () => {
    if (!community) return;
    const cluster = network.clusters.get(community.cluster)?.config;
    for (const hub of community.hubs) {
      const text = fs.readFileSync(path.join(out, hub.name, "jupyterhub-values.yaml"), "utf8");
      const v = parse(text);
      expect(v.custom).toBeUndefined();
      expect(text).not.toContain("[secret]");
      expect(text).not.toContain("[unknown]");
      expect(text).not.toMatch(
        /hubnet-health|hubnet-hub-db|hubnet\.org\/pool|hubnet-cluster|envoy-gateway-system|SCRATCH_BUCKET|PERSISTENT_BUCKET/,
      );
      expect(v.httpRoute).toBeUndefined();
      expect(v.proxy.https).toMatchObject({ enabled: true, hosts: [hub.domain] });
      expect(v.hub.db.type).toBe("sqlite-pvc");
      expect(v.singleuser.serviceAccountName).toBeUndefined();
      for (const op of cluster?.operators.github ?? [])
        expect(v.hub.config.Authenticator.admin_users ?? []).not.toContain(op);
      const dask = fs.readFileSync(path.join(out, hub.name, "dask-gateway-values.yaml"), "utf8");
      expect(dask).not.toMatch(/serviceAccountName|hubnet\.org\/pool|\[secret\]/);
    }
  });

  it("renders with the charts' own templates once the install script's token is in", async () => {
    if (!community) return;
    const helm = await findHelm();
    if ("missing" in helm) throw new Error(helm.missing);
    const hub = community.hubs[0];
    if (!hub) return;
    const dir = path.join(out, hub.name);
    const token = "ab".repeat(32);
    const values = (f: string) => parse(fs.readFileSync(path.join(dir, f), "utf8"));
    const merge = (a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> => {
      for (const [k, x] of Object.entries(b))
        a[k] =
          x && typeof x === "object" && !Array.isArray(x) && a[k] && typeof a[k] === "object"
            ? merge(a[k] as Record<string, unknown>, x as Record<string, unknown>)
            : x;
      return a;
    };
    const withToken = (f: string) =>
      parse(fs.readFileSync(path.join(dir, f), "utf8").replaceAll("CHANGE-ME-GENERATED-BY-INSTALL", token));
    const z2jh = findChart("jupyterhub", "4.4.0");
    const dask = findChart("dask-gateway", "2026.3.0");
    if ("missing" in z2jh || "missing" in dask) throw new Error("charts missing: pnpm oracles:fetch");
    const hubObjects = await renderChart({
      helm: helm.found,
      chart: z2jh.dir,
      release: "hub",
      namespace: "anywhere",
      values: merge(values("jupyterhub-values.yaml"), withToken("jupyterhub-secrets.template.yaml")),
      kubeVersion: "1.33",
    });
    const kinds = hubObjects.map((o) => `${o.kind}/${o.metadata?.name}`);
    expect(kinds).toContain("Deployment/hub");
    expect(kinds).toContain("PersistentVolumeClaim/hub-db-dir");
    expect(kinds.some((k) => k.startsWith("Deployment/autohttps"))).toBe(true);
    const daskObjects = await renderChart({
      helm: helm.found,
      chart: dask.dir,
      release: "dask",
      namespace: "anywhere",
      values: merge(values("dask-gateway-values.yaml"), withToken("dask-gateway-secrets.template.yaml")),
      kubeVersion: "1.33",
    });
    expect(daskObjects.some((o) => o.kind === "ServiceAccount")).toBe(true);
  }, 120_000);

  it("install.sh runs kubectl and helm as it says, with one generated token shared by the hub and the gateway", () => {
    if (!community) return;
    const hub = community.hubs[0];
    if (!hub) return;
    const dir = path.join(tmpDir("export-run"), hub.name);
    fs.cpSync(path.join(out, hub.name), dir, { recursive: true });
    const bin = tmpDir("stand-ins");
    const log = path.join(bin, "calls.log");
    for (const tool of ["kubectl", "helm"])
      fs.writeFileSync(path.join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> "${log}"\n`, { mode: 0o755 });
    execFileSync("bash", ["install.sh"], {
      cwd: dir,
      env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, OAUTH_CLIENT_SECRET: "s3cret" },
    });
    const calls = fs.readFileSync(log, "utf8");
    expect(calls).toMatch(
      /^helm upgrade --install jupyterhub-\S+ jupyterhub --repo https:\/\/hub\.jupyter\.org\/helm-chart\/ --version 4\.4\.0 /m,
    );
    expect(calls).toMatch(
      /^helm upgrade --install dask-gateway-\S+ dask-gateway --repo https:\/\/helm\.dask\.org\/ --version 2026\.3\.0 /m,
    );
    expect(calls).toMatch(
      /^kubectl -n \S+ create secret generic hubnet-oauth --from-literal=client_secret=s3cret/m,
    );
    const hubToken = parse(fs.readFileSync(path.join(dir, "jupyterhub-secrets.yaml"), "utf8")).hub.services[
      "dask-gateway"
    ].apiToken;
    const gwToken = parse(fs.readFileSync(path.join(dir, "dask-gateway-secrets.yaml"), "utf8")).gateway.auth
      .jupyterhub.apiToken;
    expect(hubToken).toMatch(/^[0-9a-f]{64}$/);
    expect(gwToken).toBe(hubToken);
    // Without the OAuth secret it stops before touching the cluster.
    fs.rmSync(log);
    expect(() =>
      execFileSync("bash", ["install.sh"], {
        cwd: dir,
        stdio: "pipe",
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, OAUTH_CLIENT_SECRET: "" },
      }),
    ).toThrow();
    expect(fs.existsSync(log)).toBe(false);
  });

  it("refuses a name that is not a community name (2), an unknown community (1), and an --out it may not write (2)", async () => {
    expect((await hubnet(["export", "Bad_Name", "--out", tmpDir("x"), "--root", root])).code).toBe(2);
    const unknown = await hubnet([
      "export",
      "nobody-here",
      "--out",
      path.join(tmpDir("x"), "b"),
      "--root",
      root,
    ]);
    expect(unknown.code).toBe(1);
    expect((await hubnet(["export", community?.name ?? "x", "--out", "/", "--root", root])).code).toBe(2);
  }, 120_000);
});
