/** The chart renderer: the pinned Helm, the pinned chart trees, `helm template` with the chart's own templates. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  findChart,
  findHelm,
  HELM,
  HelmRenderError,
  helmTemplateArgs,
  kubeVersionArg,
  matchesPin,
  parseManifests,
  renderChart,
  renderChartWithSources,
  withStandIns,
} from "../src/helm";
import { treeDigest } from "../src/oracles";
import { requireChart, requireHelm } from "./support/helm";

const tmp = (p: string) => fs.mkdtempSync(path.join(os.tmpdir(), `hubnet-${p}-`));

/** A fake `helm` that reports `version`. */
function fakeHelm(version: string): string {
  const dir = tmp("fake-helm");
  const file = path.join(dir, "helm");
  fs.writeFileSync(file, `#!/bin/sh\necho '${version}'\n`, { mode: 0o755 });
  return file;
}

describe("finding Helm", () => {
  it("uses $HUBNET_HELM when it is the pinned version", async () => {
    const file = fakeHelm(`${HELM.version}+gabcdef`);
    const h = await findHelm({ HUBNET_HELM: file, PATH: "" }, tmp("home"));
    expect(h).toEqual({ found: { path: file, version: HELM.version } });
  });

  it("refuses another version, and says how to install the pinned one", async () => {
    const h = await findHelm({ HUBNET_HELM: fakeHelm("v3.19.0"), PATH: "" }, tmp("home"));
    expect("missing" in h ? h.missing : "").toMatch(
      new RegExp(
        `Helm ${HELM.version.replace(/\./g, "\\.")} is not installed: run \`pnpm helm:install\`.*is Helm v3\\.19\\.0`,
      ),
    );
  });

  it("finds nothing where nothing is installed", async () => {
    const h = await findHelm({ PATH: tmp("empty") }, tmp("home"));
    expect("missing" in h ? h.missing : "").toContain("pnpm helm:install");
  });

  it("a go-install build knows only its minor: that minor matches, another does not", () => {
    expect(matchesPin("v3.21", "v3.21.4")).toBe(true);
    expect(matchesPin("v3.21.4", "v3.21.4")).toBe(true);
    expect(matchesPin("v3.21.3", "v3.21.4")).toBe(false);
    expect(matchesPin("v3.20", "v3.21.4")).toBe(false);
  });
});

describe("finding a chart", () => {
  it("finds the pinned z2jh and dask-gateway trees", () => {
    expect(path.basename(requireChart("jupyterhub", "4.4.0"))).toBe("jupyterhub");
    expect(path.basename(requireChart("dask-gateway", "2026.3.0"))).toBe("dask-gateway");
  });

  it("refuses a tree whose files differ from the pin", () => {
    const copy = (change: boolean) => {
      const root = tmp("oracles");
      const dir = path.join(root, "charts", "jupyterhub-4.4.0");
      fs.cpSync(path.dirname(requireChart("jupyterhub", "4.4.0")), dir, { recursive: true });
      if (change)
        fs.appendFileSync(path.join(dir, "jupyterhub", "templates", "hub", "deployment.yaml"), "\n# x\n");
      return { root, dir, where: { env: { HUBNET_ORACLES: root }, shared: tmp("none"), cache: tmp("none") } };
    };
    const good = copy(false);
    expect(findChart("jupyterhub", "4.4.0", good.where)).toEqual({ dir: path.join(good.dir, "jupyterhub") });
    const bad = copy(true);
    const found = findChart("jupyterhub", "4.4.0", bad.where);
    expect("missing" in found ? found.missing : found.dir).toMatch(/holds other files than the pinned tree/);
  });

  it("a chart hubnet pins no archive of is named as such", () => {
    expect(findChart("kube-prometheus-stack", "88.5.3")).toEqual({
      missing: expect.stringContaining("no pinned archive"),
    });
  });

  it("the tree digest refuses links", () => {
    const dir = tmp("tree");
    fs.writeFileSync(path.join(dir, "a"), "x");
    fs.symlinkSync("/etc/passwd", path.join(dir, "b"));
    expect(() => treeDigest(dir)).toThrow(/not a regular file or folder/);
  });
});

describe("helm template", () => {
  it("passes release, namespace, --kube-version and capabilities, values by file", () => {
    expect(kubeVersionArg("1.34")).toBe("v1.34.0");
    expect(kubeVersionArg("v1.35.2")).toBe("v1.35.2");
    expect(
      helmTemplateArgs(
        {
          chart: "/c",
          release: "r",
          namespace: "n",
          kubeVersion: "1.34",
          apiVersions: ["monitoring.coreos.com/v1"],
        },
        "/v.yaml",
      ),
    ).toEqual([
      "template",
      "r",
      "/c",
      "--namespace",
      "n",
      "--kube-version",
      "v1.34.0",
      "--include-crds",
      "--api-versions",
      "monitoring.coreos.com/v1",
      "--values",
      "/v.yaml",
    ]);
  });

  it("renders z2jh with the chart's templates: cluster-scoped names follow the release", async () => {
    const helm = await requireHelm();
    const objects = await renderChart({
      helm,
      chart: requireChart("jupyterhub", "4.4.0"),
      release: "jupyterhub-physics-staging",
      namespace: "physics-staging",
      values: {},
      kubeVersion: "1.34",
    });
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(names).toContain("ClusterRole/jupyterhub-physics-staging-user-scheduler");
    expect(names).toContain("ClusterRoleBinding/jupyterhub-physics-staging-user-scheduler");
    // fullnameOverride "" (the chart's default): namespaced objects keep their short names.
    expect(names).toContain("Deployment/hub");
    expect(names).toContain("Service/proxy-public");
  });

  it("the chart's own checks run: a value its schema refuses is Helm's message", async () => {
    const helm = await requireHelm();
    await expect(
      renderChart({
        helm,
        chart: requireChart("jupyterhub", "4.4.0"),
        release: "r",
        namespace: "n",
        values: { hub: { config: "not an object" } },
        kubeVersion: "1.34",
      }),
    ).rejects.toThrow(HelmRenderError);
  });

  it("the chart's kubeVersion is checked against the cluster's", async () => {
    const helm = await requireHelm();
    await expect(
      renderChart({
        helm,
        chart: requireChart("dask-gateway", "2026.3.0"),
        release: "r",
        namespace: "n",
        values: {},
        kubeVersion: "1.29",
      }),
    ).rejects.toThrow(/kubeVersion|incompatible/i);
  });

  it("secrets get deterministic hex stand-ins; none reaches the rendered objects; renders are identical", async () => {
    const helm = await requireHelm();
    const args = {
      helm,
      chart: requireChart("jupyterhub", "4.4.0"),
      release: "r",
      namespace: "n",
      values: {
        hub: { cookieSecret: "[secret]", config: { CryptKeeper: { keys: ["[secret]"] } } },
        proxy: { secretToken: "[secret]" },
        hub2: undefined,
      },
      kubeVersion: "1.34",
    };
    const one = await renderChartWithSources(args);
    const two = await renderChartWithSources(args);
    expect(two).toEqual(one);
    const hub = one.find((o) => o.object.kind === "Deployment" && o.object.metadata.name === "hub")?.object;
    const spec = hub?.spec as { template: { metadata: { annotations: Record<string, string> } } } | undefined;
    const annotations = spec?.template.metadata.annotations ?? {};
    expect(annotations["checksum/secret"]).toMatch(/^[0-9a-f]{64}$/);
    const secret = one.find((o) => o.object.kind === "Secret" && o.object.metadata.name === "hub")?.object;
    expect(Object.values(secret?.data as Record<string, string>)).toEqual(
      Object.keys(secret?.data as object).map(() => "[secret]"),
    );
    const standIns = [...withStandIns(args.values).replaced.keys()];
    expect(standIns).toHaveLength(3);
    for (const s of standIns) expect(JSON.stringify(one)).not.toContain(s);
  });

  it("records each object's chart file; crds/ objects are marked by it", async () => {
    const helm = await requireHelm();
    const objects = await renderChartWithSources({
      helm,
      chart: requireChart("dask-gateway", "2026.3.0"),
      release: "dask-gateway-physics-staging",
      namespace: "physics-staging",
      values: { gateway: { auth: { type: "simple" } } },
      kubeVersion: "1.34",
    });
    const crds = objects.filter((o) => o.object.kind === "CustomResourceDefinition");
    expect(crds.length).toBeGreaterThan(2); // daskclusters.yaml, and traefik.yaml's several documents
    for (const crd of crds) expect(crd.source).toMatch(/^dask-gateway\/crds\/(daskclusters|traefik)\.yaml$/);
    expect(objects.map((o) => `${o.object.kind}/${o.object.metadata.name}`)).toContain(
      "ClusterRole/controller-dask-gateway-physics-staging",
    );
  });

  it("parses multi-document output, skipping empty documents", () => {
    const out = parseManifests(
      "---\n# Source: c/templates/a.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\n# Source: c/templates/empty.yaml\n",
    );
    expect(out).toEqual([
      {
        source: "c/templates/a.yaml",
        object: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } },
      },
    ]);
    expect(() => parseManifests("---\nfoo: bar\n")).toThrow(HelmRenderError);
  });
});
