/**
 * The PromQL of `hubnet usage`, per hub namespace, over one month, from two sources the cluster's
 * Prometheus scrapes:
 * - each hub's own metrics (JupyterHub 5.5.0 `jupyterhub/metrics.py`: the gauges
 *   `jupyterhub_running_servers` and `jupyterhub_active_users{period="24h"|"7d"|"30d"}`, the latter
 *   recomputed hourly by the hub), with the `namespace` label the scrape adds;
 * - kube-state-metrics (kube-prometheus-stack): `kube_pod_container_resource_requests` with
 *   `resource="nvidia_com_gpu"` and `kube_pod_status_phase`, for GPUs held by running pods.
 * Sums over time are subqueries at a fixed step, so a month is the same number of points wherever
 * it is evaluated: hours = Σ(value at each step) × step / 3600.
 */

/** The step of every subquery, in seconds (Prometheus's default scrape interval is 1 m; 5 m is plenty for hours). */
export const STEP_SECONDS = 300;
const STEP = `${STEP_SECONDS / 60}m`;
const PER_HOUR = 3600 / STEP_SECONDS;

const running = "sum by (namespace) (jupyterhub_running_servers)";
const gpus =
  'sum by (namespace) (kube_pod_container_resource_requests{resource="nvidia_com_gpu"} * on (namespace, pod) group_left () (kube_pod_status_phase{phase="Running"} == 1))';

/**
 * The subquery window of the `hours` before the evaluation time t, as the points of (t - hours, t]
 * at the step: a range is left-open from Prometheus 3.0 on (its migration guide: "range selectors
 * and lookback delta are now left-open"), closed on both ends before, where one step less gives
 * the same points. So consecutive months never count their shared instant twice.
 */
function window(hours: number, leftOpen: boolean): string {
  if (!Number.isInteger(hours) || hours <= 0) throw new Error(`a window of ${hours} hours`);
  return leftOpen ? `[${hours}h:${STEP}]` : `[${hours * 60 - STEP_SECONDS / 60}m:${STEP}]`;
}

/** Whether a Prometheus of this version (`/api/v1/status/buildinfo`) has left-open ranges. */
export function leftOpenRanges(version: string): boolean {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1] ?? Number.NaN);
  return Number.isFinite(major) && major >= 3;
}

export const queries = {
  /** Server hours in the `hours` before the evaluation time. */
  serverHours: (hours: number, leftOpen: boolean) =>
    `sum_over_time((${running})${window(hours, leftOpen)}) / ${PER_HOUR}`,
  /** The most servers running at once. */
  peakServers: (hours: number, leftOpen: boolean) => `max_over_time((${running})${window(hours, leftOpen)})`,
  /** GPU hours of running pods. */
  gpuHours: (hours: number, leftOpen: boolean) =>
    `sum_over_time((${gpus})${window(hours, leftOpen)}) / ${PER_HOUR}`,
  /** Users active in the 30 days before the evaluation time, as the hub counts them. */
  activeUsers: () => 'max by (namespace) (last_over_time(jupyterhub_active_users{period="30d"}[2h]))',
} as const;
