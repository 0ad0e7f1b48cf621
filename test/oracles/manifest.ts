/**
 * The upstream oracles the tests validate hubnet's output against, each pinned to one upstream
 * commit and every file to its sha256. `pnpm oracles:fetch` downloads them into `.cache/oracles/`;
 * `oracleDir()` (index.ts) finds them there or beside the checkout. Imports nothing.
 *
 * To bump one: change the commit (and the folder name, which carries the version), download the new
 * files, put their sha256 here, and run the tests that use it.
 *
 * The chart archives the offline plan renders (`CHART_ORACLES`) are pinned in product code, where
 * the renderer reads them (packages/plan/src/helm/charts.ts), and listed here for `oracles:fetch`.
 */
import { CHART_ARCHIVES, type ChartArchive, chartOracleName } from "@hubnet/plan/helm";

/** A file of an upstream git repository at a pinned commit (fetched from raw.githubusercontent.com). */
export interface UpstreamFile {
  /** The name in the oracle's folder. */
  name: string;
  /** Its path in the upstream repository. */
  path: string;
  sha256: string;
}

export interface Oracle {
  /** The folder name: what the tests ask for, and where it lives in every location. */
  name: string;
  /** What it is, for messages and the README. */
  title: string;
  /**
   * Where the files come from: an upstream repository at a commit, or (for data no upstream
   * publishes) a copy committed in this repository, under test/oracles/vendored/<name>/.
   */
  source: { repo: string; commit: string; license: string } | { vendored: string };
  files: UpstreamFile[];
}

export const ORACLES: readonly Oracle[] = [
  {
    name: "z2jh-4.4.0",
    title: "Zero to JupyterHub 4.4.0 chart: values schema and default values",
    source: {
      repo: "jupyterhub/zero-to-jupyterhub-k8s",
      commit: "5c5f5df751588a68a7781ead01d0f62e88e2e72f",
      license: "BSD-3-Clause",
    },
    files: [
      {
        name: "values.schema.yaml",
        path: "jupyterhub/values.schema.yaml",
        sha256: "1d9d48ee343efda1140edfc3de4d8ec4113ae9173bf9e44b83f19c2ca335a0dc",
      },
      {
        name: "values.yaml",
        path: "jupyterhub/values.yaml",
        sha256: "d61742ce43e33262bb8fa0d68b6b9e7a7b229a3c7ce6d5a08cf97788c0ba796b",
      },
    ],
  },
  {
    name: "dask-gateway-2026.3.0",
    title: "dask-gateway 2026.3.0 chart: values schema and default values",
    source: {
      repo: "dask/dask-gateway",
      commit: "82efdfabf723b0ff382255898a2671ebc57583be",
      license: "BSD-3-Clause",
    },
    files: [
      {
        name: "values.schema.yaml",
        path: "resources/helm/dask-gateway/values.schema.yaml",
        sha256: "d3f74209e6b3eeb406d8cf5dea3ae9811e34e93afce6c40a5d11e5f6791bafb2",
      },
      {
        name: "values.yaml",
        path: "resources/helm/dask-gateway/values.yaml",
        sha256: "cb133e4ff9497f4a50426095ba6ef36a85ba5e27b0f20723112104f690af952e",
      },
    ],
  },
  {
    name: "cert-manager-v1.21.1",
    title: "cert-manager v1.21.1 chart: values schema and default values",
    source: {
      repo: "cert-manager/cert-manager",
      commit: "24e33194fb39488eff2bbf10c6dc640f407cad44",
      license: "Apache-2.0",
    },
    files: [
      {
        name: "values.schema.json",
        path: "deploy/charts/cert-manager/values.schema.json",
        sha256: "47730ad9154f6cde7a081de7541f88e085ff92a5e5fd65a41a3d0223ff735bea",
      },
      {
        name: "values.yaml",
        path: "deploy/charts/cert-manager/values.yaml",
        sha256: "4d818a0facf6c8462fcd316f40bcc1c693f3a4aa0a2ad445bf4c54fa950203cf",
      },
    ],
  },
  {
    name: "pulumi-project",
    title: "Pulumi project file (Pulumi.yaml) JSON Schema, as the Pulumi CLI validates it",
    source: {
      repo: "pulumi/pulumi",
      commit: "1b5949891b3cefcb9974752b24a5ecef0acc86c8",
      license: "Apache-2.0",
    },
    files: [
      {
        name: "project.json",
        path: "sdk/go/common/workspace/project.json",
        sha256: "55b50752803a9b595675fa3119e710f91e907821deef1674e9e25e7b5ebc5daf",
      },
    ],
  },
  {
    name: "jupyterhub-traits-z2jh-4.4.0",
    title:
      "traitlets config classes and traits of the z2jh 4.4.0 hub image's packages (generated; no upstream publishes it)",
    source: { vendored: "test/oracles/vendored/jupyterhub-traits-z2jh-4.4.0" },
    files: [
      {
        name: "traits.json",
        path: "traits.json",
        sha256: "1768c21c111b14686e1541eaa68233847781a0f0348651d17bb7a85d6c22a584",
      },
    ],
  },
];

/** The URL of an upstream file: raw.githubusercontent.com, or the same layout under `mirror`. */
export function upstreamUrl(
  source: { repo: string; commit: string },
  file: UpstreamFile,
  mirror = "https://raw.githubusercontent.com",
): string {
  return `${mirror.replace(/\/+$/, "")}/${source.repo}/${source.commit}/${file.path}`;
}

/** A chart archive, unpacked as the oracle folder `charts/<chart>-<version>/` (its tree digest pinned). */
export interface ChartOracle extends ChartArchive {
  name: string;
}

export const CHART_ORACLES: readonly ChartOracle[] = CHART_ARCHIVES.map((a) => ({
  ...a,
  name: chartOracleName(a),
}));
