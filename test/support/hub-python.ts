/**
 * The z2jh 4.4.0 hub image's own Python, from PyPI (test/jupyterhub/hub-python/, decision 0018):
 * the virtual environment the tests and `.ci/run` share, and the check that loads hubs' chart values
 * through the chart's own jupyterhub_config.py and z2jh.py with it (hub-config-check.py).
 */

import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Cloud, checkDay, clusterMinors, KUBERNETES_RELEASES } from "@hubnet/config";
import { SECRET_PLACEHOLDER } from "@hubnet/plan";
import { cachedHelmPath, HELM_INSTALL_COMMAND } from "@hubnet/plan/helm";
import { candidates, sha256 } from "../oracles";
import type { Row } from "./network-plan-checks";

export const HUB_PYTHON_DIR = path.resolve(__dirname, "..", "jupyterhub", "hub-python");
const INSTALL = path.join(HUB_PYTHON_DIR, "install.sh");
const CHECK = path.join(HUB_PYTHON_DIR, "hub-config-check.py");

export interface HubPython {
  /** The environment's folder (.cache/hub-python/venv). */
  venv: string;
  python: string;
  /** Its jupyterhub executable (JupyterHub 5.5.0), for startLocalHub (HUBNET_JUPYTERHUB). */
  jupyterhub: string;
}

let installed: HubPython | undefined;

/**
 * The hub image's Python environment, installed from PyPI when missing or out of date (install.sh
 * is idempotent and keyed by the requirements' hash, so this is quick once installed; test files
 * running at once wait for each other). Throws with install.sh's own message when it cannot.
 */
export function hubPython(): HubPython {
  if (installed) return installed;
  const r = spawnSync("bash", [INSTALL], { encoding: "utf8", timeout: 20 * 60_000 });
  if (r.status !== 0)
    throw new Error(
      `test/jupyterhub/hub-python/install.sh failed (exit ${r.status ?? r.signal}):\n${(r.stderr ?? "").trim().split("\n").slice(-15).join("\n")}`,
    );
  const venv = r.stdout.trim().split("\n").at(-1) ?? "";
  installed = {
    venv,
    python: path.join(venv, "bin", "python"),
    jupyterhub: path.join(venv, "bin", "jupyterhub"),
  };
  return installed;
}

/** The environment of a local hub on the hub image's JupyterHub: its jupyterhub, and its bin/ first on PATH. */
export function hubPythonEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const py = hubPython();
  return {
    ...env,
    HUBNET_JUPYTERHUB: py.jupyterhub,
    PATH: `${path.join(py.venv, "bin")}${path.delimiter}${env.PATH ?? ""}`,
  };
}

/**
 * Helm: `$HUBNET_HELM`, else the pinned one `pnpm helm:install` builds (`.cache/helm/<version>/helm`,
 * the plan's own, packages/plan/src/helm), else `helm` on PATH, else `$(go env GOPATH)/bin/helm`.
 * Throws saying how to install it.
 */
export function findHelm(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HUBNET_HELM) return env.HUBNET_HELM;
  if (fs.existsSync(cachedHelmPath())) return cachedHelmPath();
  for (const dir of (env.PATH ?? "").split(path.delimiter))
    if (dir && fs.existsSync(path.join(dir, "helm"))) return path.join(dir, "helm");
  try {
    const gopath = execFileSync("go", ["env", "GOPATH"], { encoding: "utf8" }).trim();
    if (gopath && fs.existsSync(path.join(gopath, "bin", "helm"))) return path.join(gopath, "bin", "helm");
  } catch {
    // no Go
  }
  throw new Error(
    `helm is not installed: \`${HELM_INSTALL_COMMAND}\` (or set HUBNET_HELM to a helm executable)`,
  );
}

/**
 * The hub image's config loader as jupyterhub/zero-to-jupyterhub-k8s has it at tag 4.4.0 (commit
 * 5c5f5df751588a68a7781ead01d0f62e88e2e72f, `jupyterhub/files/hub/`): the files the check runs are
 * pinned here by sha256, and the chart folder must say version 4.4.0.
 */
export const Z2JH_CONFIG_LOADER = {
  "files/hub/jupyterhub_config.py": "561cb70a05e1c2f563741edb6aec55fdc5f5be5a6e4ee980e862977feeb3e92a",
  "files/hub/z2jh.py": "6312594f0c92f920da2d6c9fb232b97ab5e7dc29acdbfae950cb0ef8fe235790",
} as const;

/**
 * The z2jh 4.4.0 chart folder (`charts/jupyterhub-4.4.0/jupyterhub/` of the upstream oracles, as the
 * upstream release tool publishes it), found where the oracle lookup of test/oracles looks
 * ($HUBNET_ORACLES, beside the checkout, the cache), with the config loader's pinned checksums.
 */
export function z2jhChartDir(): string {
  const looked: string[] = [];
  for (const c of candidates("charts")) {
    const dir = path.join(c.dir, "jupyterhub-4.4.0", "jupyterhub");
    looked.push(`${dir} (${c.label})`);
    if (!fs.existsSync(path.join(dir, "Chart.yaml"))) continue;
    if (!/^version: 4\.4\.0$/m.test(fs.readFileSync(path.join(dir, "Chart.yaml"), "utf8")))
      throw new Error(`${dir}/Chart.yaml is not version 4.4.0 of the jupyterhub chart`);
    for (const [file, sum] of Object.entries(Z2JH_CONFIG_LOADER))
      if (sha256(path.join(dir, file)) !== sum)
        throw new Error(
          `${path.join(dir, file)} is not z2jh 4.4.0's (sha256 ${sha256(path.join(dir, file))}, pinned ${sum})`,
        );
    return dir;
  }
  throw new Error(
    `the z2jh 4.4.0 chart folder (charts/jupyterhub-4.4.0/jupyterhub, as https://hub.jupyter.org/helm-chart/jupyterhub-4.4.0.tgz unpacks) is not on this machine; looked in ${looked.join(", ")}`,
  );
}

/** One hub for the check: a label, its jupyterhub release's name, namespace and values, its cluster's Kubernetes minor. */
export interface HubInput {
  hub: string;
  release: string;
  namespace: string;
  kubeVersion: string;
  // biome-ignore lint/suspicious/noExplicitAny: chart values are free-form JSON
  values: Record<string, any>;
}

export interface HubResult {
  hub: string;
  ok: boolean;
  problems: string[];
  warnings: string[];
  checked: { spawns: number; profiles: number; extraConfig: number };
  versions: Record<string, string>;
  /** The user container's plain environment of the default server, as KubeSpawner builds the pod. */
  defaultPodEnv: Record<string, string>;
}

/**
 * `value` with every secret the plan left out ("[secret]") replaced by a stand-in of the same shape:
 * 64 hexadecimal characters, a possible output of both generators hubnet uses (hub.ts: RandomBytes(32)
 * .hex for the cookie secret and crypt key, which the hub requires to be hex; RandomPassword(64,
 * alphanumeric) for tokens), and different for each place, as generated secrets are (the shared and
 * admin passwords of a workshop must differ, for example).
 */
export function withStandInSecrets<T>(value: T, where = ""): T {
  if (value === SECRET_PLACEHOLDER)
    return createHash("sha256").update(`hubnet-stand-in:${where}`).digest("hex") as T;
  if (Array.isArray(value)) return value.map((v, i) => withStandInSecrets(v, `${where}[${i}]`)) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, withStandInSecrets(v, `${where}.${k}`)]),
    ) as T;
  return value;
}

/**
 * The Kubernetes minor a cluster's chart is rendered for: its own (EKS, AKS), else the newest minor in
 * standard support on the check day (a GKE release channel's newest; local and existing clusters,
 * whose owners choose, get the newest any cloud supports).
 */
export function kubeVersionFor(cloud: Cloud, kubernetesVersion: string | undefined): string {
  const today = checkDay();
  const minors = clusterMinors(cloud, kubernetesVersion, today);
  const all = minors.length
    ? minors
    : Object.values(KUBERNETES_RELEASES)
        .flat()
        .filter((r) => r.released <= today.toISOString().slice(0, 10))
        .map((r) => r.minor);
  return [...all].sort((a, b) => Number(a.split(".")[1]) - Number(b.split(".")[1])).at(-1) ?? "1.33";
}

/** Every jupyterhub release of the plans, as the check's input (secrets stood in). */
export function hubsOfPlans(
  plans: Map<string, Row[]>,
  clusterOf: (name: string) => { cloud: Cloud; kubernetesVersion?: string },
): HubInput[] {
  const hubs: HubInput[] = [];
  for (const [stack, rows] of plans)
    for (const r of rows) {
      if (r.type !== "kubernetes:helm.sh/v3:Release" || r.inputs.chart !== "jupyterhub") continue;
      // The hub's cluster: its pods' `hubnet-cluster` label (planning data is no longer in the values).
      const cluster = clusterOf(String(r.inputs.values?.hub?.labels?.["hubnet-cluster"]));
      hubs.push({
        hub: `${stack} ${r.inputs.namespace}`,
        release: r.inputs.name,
        namespace: r.inputs.namespace,
        kubeVersion: kubeVersionFor(cluster.cloud, cluster.kubernetesVersion),
        values: withStandInSecrets(r.inputs.values),
      });
    }
  return hubs;
}

/** Runs hub-config-check.py over `hubs` with the hub image's Python and the chart folder; one result per hub. */
export function checkHubConfigs(hubs: HubInput[], chart: string, opts: { jobs?: number } = {}): HubResult[] {
  const py = hubPython();
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "hubnet-hubs-"));
  try {
    const input = path.join(dir, "hubs.json");
    fs.writeFileSync(input, JSON.stringify(hubs));
    const r = spawnSync(
      py.python,
      [CHECK, "--chart", chart, "--helm", findHelm(), "--hubs", input, "--jobs", String(opts.jobs ?? 2)],
      { encoding: "utf8", timeout: 15 * 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0)
      throw new Error(`hub-config-check.py failed (exit ${r.status ?? r.signal}):\n${r.stderr}`);
    return r.stdout
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as HubResult);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
