/**
 * Every upstream chart hubnet installs, pinned in one place, with when it was released and which
 * Kubernetes minor versions it supports, each fact with its source. Bump a version here together
 * with its facts, run the tests (chart values are validated against the charts' own schemas, and
 * `versions.test.ts` checks every example cluster's Kubernetes version against `kubernetes`), and
 * every cluster and hub picks it up at its next deploy.
 *
 * Facts were read from the sources named on each pin (release tags, the charts' `Chart.yaml`,
 * upstream support tables). Where a fact could not be confirmed it says so in `unconfirmed`.
 */
export interface ChartPin {
  chart: string;
  version: string;
  /** Helm repository URL, or an OCI registry (`oci://...`) in `chart`. */
  repo?: string;
  /** Release date of this version (YYYY-MM-DD); absent where no source confirmed it (see `unconfirmed`). */
  released?: string;
  /**
   * Kubernetes minor versions this version supports, inclusive (`max` absent: no upper bound is
   * declared). Every cluster's version must fall inside (versions.test.ts).
   */
  kubernetes: { min: string; max?: string };
  /** Where the release date and the Kubernetes range come from. */
  source: string;
  /** What could not be confirmed from a primary source. */
  unconfirmed?: string;
}

export const CHARTS = {
  /** Zero to JupyterHub (JupyterHub 5.5.0). */
  jupyterhub: {
    chart: "jupyterhub",
    version: "4.4.0",
    repo: "https://hub.jupyter.org/helm-chart/",
    released: "2026-06-10",
    kubernetes: { min: "1.28" },
    source:
      "tag 4.4.0 of jupyterhub/zero-to-jupyterhub-k8s (commit 5c5f5df7, 2026-06-10); Chart.yaml kubeVersion >=1.28.0-0",
  },
  daskGateway: {
    chart: "dask-gateway",
    version: "2026.3.0",
    repo: "https://helm.dask.org/",
    released: "2026-03-31",
    kubernetes: { min: "1.30" },
    source: "tag 2026.3.0 of dask/dask-gateway (commit 82efdfab, 2026-03-31); Chart.yaml kubeVersion >=1.30",
  },
  certManager: {
    chart: "cert-manager",
    version: "v1.21.1",
    repo: "https://charts.jetstack.io",
    released: "2026-07-29",
    kubernetes: { min: "1.33", max: "1.36" },
    source:
      "tag v1.21.1 of cert-manager/cert-manager (commit 24e33194, 2026-07-29); cert-manager.io/docs/releases: 1.21 supports Kubernetes 1.33 → 1.36",
  },
  /** Gateway API implementation (see docs/decisions/0003-gateway-api-with-envoy-gateway.md). */
  envoyGateway: {
    chart: "oci://docker.io/envoyproxy/gateway-helm",
    version: "v1.9.0",
    released: "2026-08-15",
    kubernetes: { min: "1.33", max: "1.36" },
    source:
      "tag v1.9.0 of envoyproxy/gateway (2026-08-15); its compatibility matrix (site/content/en/news/releases/matrix.md): v1.9 supports Kubernetes v1.33-v1.36, Gateway API v1.6.1, end of life 2027-02-14",
    unconfirmed:
      "later v1.9 patches (v1.9.1, v1.9.2) are mentioned by third parties but their tags were not in the snapshot read",
  },
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    version: "88.5.3",
    repo: "https://prometheus-community.github.io/helm-charts",
    released: "2026-08-21",
    kubernetes: { min: "1.25" },
    source: "release kube-prometheus-stack-88.5.3 of prometheus-community/helm-charts (2026-08-21)",
    unconfirmed: "the chart's kubeVersion (>=1.25.0-0 in the 8x series) was not re-read at 88.5.3",
  },
  clusterAutoscaler: {
    chart: "cluster-autoscaler",
    version: "9.59.0",
    repo: "https://kubernetes.github.io/autoscaler",
    kubernetes: { min: "1.34", max: "1.36" },
    source:
      "release cluster-autoscaler-chart-9.59.0 of kubernetes/autoscaler (default image v1.35.0); hubnet sets the image to the cluster's minor (CLUSTER_AUTOSCALER_IMAGES), so the range is that table's",
    unconfirmed: "the release date of chart 9.59.0 (it was the newest chart in August 2026)",
  },
  nvidiaDevicePlugin: {
    chart: "nvidia-device-plugin",
    version: "0.19.0",
    repo: "https://nvidia.github.io/k8s-device-plugin",
    kubernetes: { min: "1.29" },
    source: "NVIDIA/k8s-device-plugin v0.19.0 (CHANGELOG, after v0.18.2)",
    unconfirmed:
      "the exact release date (before 2026-04-02, when Renovate proposed it) and the Kubernetes range (the chart declares no kubeVersion) were not confirmed",
  },
  awsEfsCsiDriver: {
    chart: "aws-efs-csi-driver",
    version: "3.4.1",
    repo: "https://kubernetes-sigs.github.io/aws-efs-csi-driver/",
    kubernetes: { min: "1.17" },
    source: "kubernetes-sigs/aws-efs-csi-driver Helm chart 3.4.1 (Chart.yaml kubeVersion >=1.17.0-0)",
    unconfirmed: "the release date and kubeVersion of chart 3.4.1 were not read from the tag itself",
  },
} as const satisfies Record<string, ChartPin>;

/**
 * The Gateway API version whose CRDs Envoy Gateway installs (its compatibility matrix: v1.9 compiles
 * in Gateway API v1.6.1).
 */
export const GATEWAY_API_VERSION = "v1.6.1";

/**
 * cluster-autoscaler images by Kubernetes minor: the autoscaler must match the cluster's minor
 * (its README: "use the Cluster Autoscaler version matching your Kubernetes version"), so the image
 * is chosen from the cluster's version, not the chart's default. Sources: the release notes of
 * kubernetes/autoscaler cluster-autoscaler-1.34.4, -1.35.2 and -1.36.1 (images on registry.k8s.io).
 */
export const CLUSTER_AUTOSCALER_IMAGES: Record<string, string> = {
  "1.34": "v1.34.4",
  "1.35": "v1.35.2",
  "1.36": "v1.36.1",
};

/** The cluster-autoscaler image tag for a cluster of Kubernetes `minor`, or undefined when none is known. */
export function clusterAutoscalerImageTag(minor: string): string | undefined {
  return Object.hasOwn(CLUSTER_AUTOSCALER_IMAGES, minor) ? CLUSTER_AUTOSCALER_IMAGES[minor] : undefined;
}

/** `a` compared with `b`, both Kubernetes minors such as "1.33": negative, zero or positive. */
export function compareMinor(a: string, b: string): number {
  const [am, an] = a.split(".").map(Number);
  const [bm, bn] = b.split(".").map(Number);
  return am - bm || an - bn;
}

/** Whether `pin` supports Kubernetes `minor`. */
export function supportsKubernetes(pin: ChartPin, minor: string): boolean {
  const k = pin.kubernetes;
  return compareMinor(minor, k.min) >= 0 && (k.max === undefined || compareMinor(minor, k.max) <= 0);
}
