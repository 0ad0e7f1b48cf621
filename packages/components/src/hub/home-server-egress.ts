/**
 * Pods running user code never reach the home file server themselves: only the kubelet mounts the
 * share, as the node. Managed shares have private addresses, which the internet rule of user pods
 * (`publicEgress`: the internet except private and link-local ranges) already excepts; an existing
 * cluster's server may have a public address, so each of its declared addresses is excepted from every
 * "the internet" rule of the pods that run user code (user servers, dask schedulers and workers).
 * Kept apart from network-policy.ts: one small rule, applied to the policies that file builds.
 */
import type { HomeStorage } from "../cluster/contract";
import { type NetworkPolicyObject, NOT_INTERNET } from "./network-policy";

/** An IPv4 address or CIDR as [network, prefix length], or undefined when it is neither. */
function parseCidr(cidr: string): [number, number] | undefined {
  const [ip, len = "32"] = cidr.split("/");
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  const bits = Number(len);
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const addr = parts.reduce((a, p) => (a * 256 + p) >>> 0, 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return [(addr & mask) >>> 0, bits];
}

/** Whether CIDR `inner` lies inside CIDR `outer`. */
export function cidrInside(inner: string, outer: string): boolean {
  const a = parseCidr(inner);
  const b = parseCidr(outer);
  if (!a || !b || a[1] < b[1]) return false;
  const mask = b[1] === 0 ? 0 : (0xffffffff << (32 - b[1])) >>> 0;
  return (a[0] & mask) >>> 0 === b[0];
}

/** The home server's addresses user pods must be denied beyond the private ranges, as CIDRs. */
export function homeServerDenials(home: HomeStorage): string[] {
  if (home.kind !== "nfs") return [];
  return (home.serverAddresses ?? [])
    .map((a) => (a.includes("/") ? a : `${a}/32`))
    .filter((c) => !NOT_INTERNET.some((range) => cidrInside(c, range)));
}

type Rule = { to?: { ipBlock?: { cidr: string; except?: string[] } }[] } & Record<string, unknown>;

/** `rules` with `denied` excepted from every rule that opens the whole IPv4 internet (0.0.0.0/0). */
export function exceptFromInternet<T>(rules: T[], denied: string[]): T[] {
  if (denied.length === 0) return rules;
  return rules.map((rule) => {
    const r = rule as Rule;
    if (!Array.isArray(r.to)) return rule;
    return {
      ...r,
      to: r.to.map((peer) =>
        peer.ipBlock?.cidr === "0.0.0.0/0"
          ? { ...peer, ipBlock: { ...peer.ipBlock, except: [...(peer.ipBlock.except ?? []), ...denied] } }
          : peer,
      ),
    } as T;
  });
}

/** A hub namespace policy with `denied` excepted from its internet egress (`exceptFromInternet`). */
export function policyWithout(policy: NetworkPolicyObject, denied: string[]): NetworkPolicyObject {
  const egress = policy.spec.egress;
  if (denied.length === 0 || !Array.isArray(egress)) return policy;
  return { ...policy, spec: { ...policy.spec, egress: exceptFromInternet(egress, denied) } };
}
