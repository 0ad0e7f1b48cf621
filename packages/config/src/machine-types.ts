/**
 * What a node of a machine type can give to user pods (its allocatable cpu and
 * memory). The machine types themselves are listed per cloud in
 * `clouds/<cloud>.ts`; this is what lets `hubnet validate` reject a profile that
 * no node of its cluster could ever run, before anything is deployed.
 */

/**
 * What a node keeps for the kubelet, the system and the platform's daemonsets,
 * following the reservation formula GKE publishes (AKS and EKS reserve
 * similar amounts), plus a fixed allowance for the daemonsets every hubnet
 * node runs (network policy agent, monitoring exporters, log shipping).
 */
export const DAEMONSET_RESERVE = { cpu: 0.2, memoryGiB: 0.5 };

export function allocatable(machine: { cpu: number; memoryGiB: number }): { cpu: number; memoryGiB: number } {
  const cpuReserved =
    0.06 * Math.min(machine.cpu, 1) +
    0.01 * clamp(machine.cpu - 1, 0, 1) +
    0.005 * clamp(machine.cpu - 2, 0, 2) +
    0.0025 * Math.max(machine.cpu - 4, 0);
  const m = machine.memoryGiB;
  const memReserved =
    0.25 * Math.min(m, 4) +
    0.2 * clamp(m - 4, 0, 4) +
    0.1 * clamp(m - 8, 0, 8) +
    0.06 * clamp(m - 16, 0, 112) +
    0.02 * Math.max(m - 128, 0) +
    0.1; // hard eviction threshold (100Mi)
  return {
    cpu: round(machine.cpu - cpuReserved - DAEMONSET_RESERVE.cpu),
    memoryGiB: round(m - memReserved - DAEMONSET_RESERVE.memoryGiB),
  };
}

function clamp(v: number, lo: number, hi: number) {
  return Math.min(Math.max(v, lo), hi);
}
function round(v: number) {
  return Math.floor(v * 1000) / 1000;
}
