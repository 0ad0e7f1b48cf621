/**
 * Network isolation of hub namespaces, read from the NetworkPolicies a community stack creates and
 * the z2jh values that make the chart's own policies: nothing but the gateway, monitoring and the
 * ACME solver's caller reaches a hub from another namespace, every pod starts from deny-all, and
 * user servers cannot reach the cloud metadata endpoint.
 */
import type { PolicyContext } from "../context";
import { type HubnetPolicy, meta, type Res, stackResources, underHub } from "../define";
import { JUPYTERHUB_CHART, RELEASE_TYPE, Z2JH_DEFAULTS } from "../hub-values";
import { asArray, asRecord, asStrings, at, UNKNOWN } from "../values";

export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
export const NETWORK_POLICY_TYPE = "kubernetes:networking.k8s.io/v1:NetworkPolicy";

/** Namespaces whose pods may reach a hub: the gateway (user traffic, ACME challenges) and monitoring (metrics). */
export const ALLOWED_SOURCE_NAMESPACES = ["envoy-gateway-system", "monitoring"];

export const METADATA_IP = "169.254.169.254";

interface HubNs {
  namespace: string;
  urn: string;
  policies: Res[];
  release?: Res;
}

/** The hub namespaces of a community stack, with their NetworkPolicies and z2jh release. */
export function hubNamespaces(rs: Res[]): HubNs[] {
  const out: HubNs[] = [];
  for (const n of rs.filter((r) => r.type === NAMESPACE_TYPE && underHub(r.urn))) {
    const namespace = at(n.props, "metadata", "name");
    if (typeof namespace !== "string") continue;
    out.push({
      namespace,
      urn: n.urn,
      policies: rs.filter(
        (r) => r.type === NETWORK_POLICY_TYPE && at(r.props, "metadata", "namespace") === namespace,
      ),
      release: rs.find(
        (r) =>
          r.type === RELEASE_TYPE && r.props.chart === JUPYTERHUB_CHART && r.props.namespace === namespace,
      ),
    });
  }
  return out;
}

/** Why an ingress peer admits pods of other namespaces than the allowed ones, or undefined. */
export function foreignPeer(peer: unknown): string | undefined {
  if (peer === UNKNOWN) return "a peer not known before deploy";
  if (at(peer, "ipBlock") !== undefined)
    return `an address range (${String(at(peer, "ipBlock", "cidr"))}), which pods of other namespaces can have`;
  const ns = at(peer, "namespaceSelector");
  if (ns === undefined) return undefined; // a podSelector alone: the policy's own namespace
  const labels = asRecord(at(ns, "matchLabels"));
  const exprs = asArray(at(ns, "matchExpressions"));
  const name = labels["kubernetes.io/metadata.name"];
  if (typeof name === "string" && ALLOWED_SOURCE_NAMESPACES.includes(name) && exprs.length === 0)
    return undefined;
  if (Object.keys(labels).length === 0 && exprs.length === 0)
    return "every namespace (namespaceSelector: {})";
  return `namespaces selected by ${JSON.stringify(ns)}, not only ${ALLOWED_SOURCE_NAMESPACES.join(" or ")}`;
}

/** An IPv4 CIDR contains an address. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits] = cidr.split("/");
  const n = Number(bits ?? 32);
  const toInt = (a: string) => a.split(".").reduce((acc, o) => (acc << 8) + Number(o), 0) >>> 0;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(base) || !(n >= 0 && n <= 32)) return false;
  const mask = n === 0 ? 0 : (~0 << (32 - n)) >>> 0;
  return (toInt(base) & mask) === (toInt(ip) & mask);
}

/** The z2jh components whose own NetworkPolicy the chart makes, and where their settings are. */
const CHART_POLICIES = [
  { name: "hub", path: ["hub", "networkPolicy"] },
  { name: "proxy", path: ["proxy", "chp", "networkPolicy"] },
  { name: "user servers", path: ["singleuser", "networkPolicy"] },
];

export function networkPolicies(_ctx: PolicyContext): HubnetPolicy[] {
  return [
    {
      ...meta("hub-network-isolation"),
      validateStack: (args, report) => {
        for (const hub of hubNamespaces(stackResources(args))) {
          for (const np of hub.policies) {
            for (const [i, rule] of asArray(at(np.props, "spec", "ingress")).entries()) {
              const from = at(rule, "from");
              if (from === undefined || (Array.isArray(from) && from.length === 0)) {
                report(
                  `NetworkPolicy ${String(at(np.props, "metadata", "name"))} in ${hub.namespace}: ingress rule ${i} has no "from", so it admits every pod of every namespace`,
                  np.urn,
                );
                continue;
              }
              for (const peer of asArray(from)) {
                const why = foreignPeer(peer);
                if (why)
                  report(
                    `NetworkPolicy ${String(at(np.props, "metadata", "name"))} in ${hub.namespace} admits ${why}: hub namespaces admit only ${ALLOWED_SOURCE_NAMESPACES.join(" and ")}`,
                    np.urn,
                  );
              }
            }
          }
          const values = hub.release ? at(hub.release.props, "values") : undefined;
          if (!hub.release || values === UNKNOWN) continue;
          for (const c of CHART_POLICIES) {
            const np = at(values, ...c.path);
            const access = at(np, "interNamespaceAccessLabels") ?? Z2JH_DEFAULTS.interNamespaceAccessLabels;
            if (access !== "ignore")
              report(
                `hub ${hub.namespace}: ${c.path.join(".")}.interNamespaceAccessLabels is ${JSON.stringify(access)}: pods of any namespace with z2jh's access labels would reach the ${c.name}; set it to "ignore"`,
                hub.release.urn,
              );
            const ports = asArray(at(np, "allowedIngressPorts"));
            if (ports.length > 0 && c.name !== "hub")
              report(
                `hub ${hub.namespace}: ${c.path.join(".")}.allowedIngressPorts opens ${ports.join(", ")} to every source: list sources in ingress instead`,
                hub.release.urn,
              );
            for (const rule of asArray(at(np, "ingress")))
              for (const peer of asArray(at(rule, "from"))) {
                const why = foreignPeer(peer);
                if (why)
                  report(
                    `hub ${hub.namespace}: ${c.path.join(".")}.ingress admits ${why} to the ${c.name}`,
                    hub.release.urn,
                  );
              }
          }
          const rules = asRecord(at(values, "singleuser", "networkPolicy", "egressAllowRules"));
          if (rules.privateIPs === true)
            report(
              `hub ${hub.namespace}: singleuser.networkPolicy.egressAllowRules.privateIPs lets user servers reach every private address, other hubs' pods included: set it to false`,
              hub.release.urn,
            );
        }
      },
    },
    {
      ...meta("hub-default-deny-egress"),
      validateStack: (args, report) => {
        for (const hub of hubNamespaces(stackResources(args))) {
          const denyAll = hub.policies.some((np) => {
            const spec = at(np.props, "spec");
            const selector = asRecord(at(spec, "podSelector"));
            const types = asStrings(at(spec, "policyTypes"));
            return (
              Object.keys(asRecord(selector.matchLabels)).length === 0 &&
              asArray(selector.matchExpressions).length === 0 &&
              types.includes("Ingress") &&
              types.includes("Egress") &&
              asArray(at(spec, "ingress")).length === 0 &&
              asArray(at(spec, "egress")).length === 0
            );
          });
          if (!denyAll)
            report(
              `hub namespace ${hub.namespace} has no default-deny NetworkPolicy (podSelector: {}, policyTypes: [Ingress, Egress], no rules): every pod must start from deny-all`,
              hub.urn,
            );
          const values = hub.release ? at(hub.release.props, "values") : undefined;
          if (!hub.release || values === UNKNOWN) continue;
          for (const c of CHART_POLICIES) {
            const enabled = at(values, ...c.path, "enabled");
            if (enabled === false || enabled === UNKNOWN)
              report(
                `hub ${hub.namespace}: ${c.path.join(".")}.enabled is ${enabled === UNKNOWN ? "not known before deploy" : "false"}: z2jh's own policy for the ${c.name} must stay on`,
                hub.release.urn,
              );
          }
        }
      },
    },
    {
      ...meta("user-pod-no-cloud-metadata"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const hub of hubNamespaces(rs)) {
          const values = hub.release ? at(hub.release.props, "values") : undefined;
          if (!hub.release) continue;
          if (values === UNKNOWN) {
            report(
              `hub ${hub.namespace}: its chart values are not known before deploy, so access to the metadata endpoint cannot be checked`,
              hub.release.urn,
            );
            continue;
          }
          const blocked =
            (at(values, "singleuser", "cloudMetadata", "blockWithIptables") ??
              Z2JH_DEFAULTS.blockWithIptables) === true;
          if (blocked) continue;
          // Open only where user servers need the GKE metadata server: Workload Identity bound to the hub's user account.
          const gkeWorkloadIdentity = rs.some(
            (r) =>
              r.type === "gcp:serviceaccount/iAMMember:IAMMember" &&
              r.props.role === "roles/iam.workloadIdentityUser" &&
              typeof r.props.member === "string" &&
              r.props.member.endsWith(`[${hub.namespace}/user]`),
          );
          if (gkeWorkloadIdentity) continue;
          const openRules =
            asRecord(at(values, "singleuser", "networkPolicy", "egressAllowRules")).cloudMetadataServer ===
            true;
          const openRanges = asArray(at(values, "singleuser", "networkPolicy", "egress")).flatMap((rule) =>
            asArray(at(rule, "to")).filter((peer) => {
              const cidr = at(peer, "ipBlock", "cidr");
              return (
                typeof cidr === "string" &&
                cidrContains(cidr, METADATA_IP) &&
                !asStrings(at(peer, "ipBlock", "except")).some((e) => cidrContains(e, METADATA_IP))
              );
            }),
          );
          if (openRules || openRanges.length > 0)
            report(
              `hub ${hub.namespace}: user servers can reach the cloud metadata endpoint ${METADATA_IP} (singleuser.cloudMetadata.blockWithIptables is false and ${openRules ? "egressAllowRules.cloudMetadataServer is true" : "an egress rule covers it"}), and the hub has no GKE Workload Identity binding that would need it: block it`,
              hub.release.urn,
            );
        }
      },
    },
  ];
}
