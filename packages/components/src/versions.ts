/**
 * Every upstream chart hubnet installs, pinned in one place. Bump a version
 * here, run the tests (the jupyterhub values are validated against that
 * chart's own schema), and every cluster and hub picks it up at its next deploy.
 */
export interface ChartPin {
  chart: string;
  version: string;
  /** Helm repository URL, or an OCI registry (`oci://...`) in `chart`. */
  repo?: string;
}

export const CHARTS = {
  /** Zero to JupyterHub (JupyterHub 5.x). */
  jupyterhub: { chart: "jupyterhub", version: "4.4.0", repo: "https://hub.jupyter.org/helm-chart/" },
  daskGateway: { chart: "dask-gateway", version: "2025.4.0", repo: "https://helm.dask.org/" },
  certManager: { chart: "cert-manager", version: "v1.20.2", repo: "https://charts.jetstack.io" },
  /** Gateway API implementation (see docs/decisions/0003-gateway-api-with-envoy-gateway.md). */
  envoyGateway: { chart: "oci://docker.io/envoyproxy/gateway-helm", version: "v1.8.2" },
  kubePrometheusStack: {
    chart: "kube-prometheus-stack",
    version: "88.2.0",
    repo: "https://prometheus-community.github.io/helm-charts",
  },
  clusterAutoscaler: {
    chart: "cluster-autoscaler",
    version: "9.52.1",
    repo: "https://kubernetes.github.io/autoscaler",
  },
  nvidiaDevicePlugin: {
    chart: "nvidia-device-plugin",
    version: "0.18.0",
    repo: "https://nvidia.github.io/k8s-device-plugin",
  },
  awsEfsCsiDriver: {
    chart: "aws-efs-csi-driver",
    version: "3.2.4",
    repo: "https://kubernetes-sigs.github.io/aws-efs-csi-driver/",
  },
} as const satisfies Record<string, ChartPin>;

/** The Gateway API version whose CRDs Envoy Gateway installs. */
export const GATEWAY_API_VERSION = "v1.4.0";
