/**
 * Who reaches a hub and what a community stack may touch: admins among who may log in, HTTPS only,
 * and a community stack confined to its own hubs' namespaces.
 */

import { hubNamespace } from "@hubnet/components/naming";
import type { CommunityAuth } from "@hubnet/config";
import { KUBERNETES_TYPES } from "@hubnet/config";
import { COMMUNITY_PROJECT, type PolicyContext, stackOfUrn } from "../context";
import { type HubnetPolicy, meta, stackResources, underHub } from "../define";
import { HubPlaces, JUPYTERHUB_CHART, RELEASE_TYPE } from "../hub-values";
import { inConfig } from "../messages";
import { asArray, asRecord, asStrings, at, UNKNOWN } from "../values";
import { AUTHENTICATOR_CLASSES } from "./hub-settings";
import { NAMESPACE_TYPE } from "./network";

const GATEWAY = "kubernetes:gateway.networking.k8s.io/v1:Gateway";
const HTTP_ROUTE = "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute";
const INGRESS = "kubernetes:networking.k8s.io/v1:Ingress";
const SERVICE = "kubernetes:core/v1:Service";

const CLUSTER_ROLE = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole";
const CLUSTER_ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding";
/**
 * Kubernetes objects a community stack may create outside a namespace: volumes bound to its own
 * claims, and read-only ClusterRoles (named after one of its namespaces) bound to its own service
 * accounts only (dask-gateway's informers list every namespace: decision 0020).
 */
const CLUSTER_SCOPED_ALLOWED = new Set<string>([KUBERNETES_TYPES.pv, CLUSTER_ROLE, CLUSTER_ROLE_BINDING]);
const READ_VERBS = new Set(["get", "list", "watch"]);
const CLUSTER_SCOPED = new Set<string>([
  NAMESPACE_TYPE,
  KUBERNETES_TYPES.pv,
  CLUSTER_ROLE,
  CLUSTER_ROLE_BINDING,
  "kubernetes:storage.k8s.io/v1:StorageClass",
  "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
  "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration",
  "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
  "kubernetes:gateway.networking.k8s.io/v1:GatewayClass",
  "kubernetes:scheduling.k8s.io/v1:PriorityClass",
]);

function domainOf(name: string): string | undefined {
  const at = name.lastIndexOf("@");
  return at > 0 ? name.slice(at + 1).toLowerCase() : undefined;
}

export function accessPolicies(ctx: PolicyContext): HubnetPolicy[] {
  return [
    {
      ...meta("hub-admins-may-log-in"),
      validateStack: (args, report) => {
        for (const r of stackResources(args).filter(
          (r) => r.type === RELEASE_TYPE && r.props.chart === JUPYTERHUB_CHART,
        )) {
          const config = at(r.props, "values", "hub", "config");
          if (config === UNKNOWN) continue; // identity-provider-explicit-rule reports unknown hub.config
          const entry = at(config, "JupyterHub", "authenticator_class");
          const cls = typeof entry === "string" ? (AUTHENTICATOR_CLASSES[entry] ?? entry) : "";
          const base = asRecord(at(config, "Authenticator"));
          const own = asRecord(at(config, cls));
          const admins = asStrings(base.admin_users);
          const allowed = new Set([...asStrings(base.allowed_users), ...asStrings(own.allowed_users)]);
          const places = new HubPlaces(ctx, r.urn);
          const community = places.community;
          const cluster = community ? ctx.cluster(community.config.cluster) : undefined;
          const operators = new Set(flatStrings(cluster?.config.operators));
          // Only admins the community file names are the community's to justify; operators are the platform's.
          const fileAdmins = community ? adminsOf(community.config.auth) : [];
          const communityAdmins = community ? new Set(fileAdmins) : undefined;
          const ns = String(r.props.namespace);
          for (const admin of admins) {
            if (operators.has(admin) || operators.has(admin.replace(/^[a-z]+:/, ""))) continue;
            if (communityAdmins && !communityAdmins.has(admin) && !isGoogleShort(admin, own)) {
              report(
                inConfig(
                  places.field("auth", "admins"),
                  `hub ${ns} makes ${admin} an admin, who is neither in auth.admins nor one of the cluster's operators`,
                ),
                r.urn,
              );
              continue;
            }
            const i = fileAdmins.indexOf(admin);
            const where = i >= 0 ? places.field("auth", "admins", i) : places.field("auth", "admins");
            if (cls === "GoogleOAuthenticator") {
              const domains = asStrings(own.hosted_domain).map((d) => d.toLowerCase());
              const d = domainOf(admin);
              if (domains.length > 0 && d !== undefined && !domains.includes(d))
                report(
                  inConfig(
                    where,
                    `hub ${ns}: admin ${admin} is not in the hub's domains (${domains.join(", ")}), so the admin list widens who may log in: use an address of those domains`,
                  ),
                  r.urn,
                );
            }
            const onlyUsers =
              allowed.size > 0 &&
              own.allow_all !== true &&
              [
                "allowed_organizations",
                "allowed_groups",
                "allowed_domains",
                "hosted_domain",
                "idps",
                "allowed_idps",
              ].every((k) => asArray(own[k]).length === 0 && Object.keys(asRecord(own[k])).length === 0);
            if (onlyUsers && !allowed.has(admin))
              report(
                inConfig(
                  where,
                  `hub ${ns}: admin ${admin} is not in allowedUsers, the hub's only allow rule, so the admin list widens who may log in: add ${admin} to allowedUsers, or remove the admin`,
                ),
                r.urn,
              );
          }
        }
      },
    },
    {
      ...meta("hub-https-only"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const g of rs.filter((r) => r.type === GATEWAY)) {
          const ns = String(at(g.props, "metadata", "namespace") ?? "");
          const name = String(at(g.props, "metadata", "name") ?? g.name);
          const listeners = asArray(at(g.props, "spec", "listeners"));
          if (listeners.length === 0 && at(g.props, "spec", "listeners") === UNKNOWN) {
            report(
              `Gateway ${ns}/${name}: its listeners are not known before deploy, so HTTPS cannot be checked`,
              g.urn,
            );
            continue;
          }
          const https = listeners.filter((l) => at(l, "protocol") === "HTTPS");
          if (https.length === 0)
            report(`Gateway ${ns}/${name} has no HTTPS listener: serve hubs over HTTPS`, g.urn);
          for (const l of https)
            if (
              asArray(at(l, "tls", "certificateRefs")).length === 0 ||
              at(l, "tls", "mode") === "Passthrough"
            )
              report(
                `Gateway ${ns}/${name}: HTTPS listener ${String(at(l, "name"))} terminates no TLS with a certificate`,
                g.urn,
              );
          for (const l of listeners.filter((l) => at(l, "protocol") === "HTTP")) {
            const section = at(l, "name");
            const routes = rs.filter(
              (r) =>
                r.type === HTTP_ROUTE &&
                String(at(r.props, "metadata", "namespace") ?? "") === ns &&
                asArray(at(r.props, "spec", "parentRefs")).some(
                  (p) =>
                    at(p, "name") === name &&
                    (at(p, "sectionName") === section || at(p, "sectionName") === undefined),
                ),
            );
            for (const route of routes) {
              const rules = asArray(at(route.props, "spec", "rules"));
              const redirectsOnly =
                rules.length > 0 &&
                rules.every(
                  (rule) =>
                    asArray(at(rule, "filters")).some(
                      (f) =>
                        at(f, "type") === "RequestRedirect" && at(f, "requestRedirect", "scheme") === "https",
                    ) && asArray(at(rule, "backendRefs")).length === 0,
                );
              if (!redirectsOnly)
                report(
                  `HTTPRoute ${ns}/${String(at(route.props, "metadata", "name"))} serves plain HTTP on Gateway ${name}'s ${String(section)} listener: plain HTTP may only redirect to HTTPS`,
                  route.urn,
                );
            }
          }
        }
        for (const r of rs.filter((r) => r.type === RELEASE_TYPE && r.props.chart === JUPYTERHUB_CHART)) {
          const values = at(r.props, "values");
          if (values === UNKNOWN) continue;
          const ns = String(r.props.namespace);
          const svc = at(values, "proxy", "service", "type");
          if (svc === "LoadBalancer" || svc === "NodePort")
            report(
              `hub ${ns}: proxy.service.type ${String(svc)} exposes the proxy's plain HTTP outside the cluster: keep it ClusterIP behind the Gateway`,
              r.urn,
            );
          if (at(values, "ingress", "enabled") === true && asArray(at(values, "ingress", "tls")).length === 0)
            report(`hub ${ns}: ingress.enabled without ingress.tls serves the hub over plain HTTP`, r.urn);
        }
        for (const r of rs.filter(
          (r) => r.type === INGRESS && asArray(at(r.props, "spec", "tls")).length === 0,
        ))
          report(
            `Ingress ${String(at(r.props, "metadata", "namespace"))}/${String(at(r.props, "metadata", "name"))} has no TLS: serve over HTTPS`,
            r.urn,
          );
        for (const r of rs.filter(
          (r) =>
            r.type === SERVICE && ["LoadBalancer", "NodePort"].includes(String(at(r.props, "spec", "type"))),
        ))
          if (underHub(r.urn))
            report(
              `Service ${String(at(r.props, "metadata", "name"))} of a hub is exposed as ${String(at(r.props, "spec", "type"))}: hubs are reached through the Gateway over HTTPS only`,
              r.urn,
            );
      },
    },
    {
      ...meta("stack-own-namespaces"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        const stack = rs.length > 0 ? stackOfUrn(rs[0].urn) : undefined;
        if (!stack || stack.project !== COMMUNITY_PROJECT) return;
        const communityName = stack.stack;
        const community = ctx.community(communityName);
        const expected = community
          ? new Set(community.config.hubs.map((h) => hubNamespace(communityName, h.name)))
          : undefined;
        const own = new Set<string>();
        for (const n of rs.filter((r) => r.type === NAMESPACE_TYPE)) {
          const name = at(n.props, "metadata", "name");
          const label = at(n.props, "metadata", "labels", "hubnet-community");
          if (typeof name !== "string") {
            report(
              `Namespace ${n.name}: its name is not known before deploy, so the stack's namespaces cannot be checked`,
              n.urn,
            );
            continue;
          }
          if (label !== communityName)
            report(
              `Namespace ${name} is not labelled hubnet-community: ${communityName}: a community stack creates only its own hubs' namespaces`,
              n.urn,
            );
          if (expected && !expected.has(name))
            report(
              `Namespace ${name} is not one of community ${communityName}'s hub namespaces (${[...expected].join(", ")})`,
              n.urn,
            );
          own.add(name);
        }
        for (const r of rs.filter((r) => r.type.startsWith("kubernetes:") && r.type !== NAMESPACE_TYPE)) {
          const ns = r.type === RELEASE_TYPE ? r.props.namespace : at(r.props, "metadata", "namespace");
          if (CLUSTER_SCOPED.has(r.type)) {
            if (!CLUSTER_SCOPED_ALLOWED.has(r.type)) {
              report(
                `${r.type.split(":").pop()} ${r.name} is cluster-wide: a community stack creates objects only in its own namespaces`,
                r.urn,
              );
              continue;
            }
            if (r.type === CLUSTER_ROLE) {
              const name = at(r.props, "metadata", "name");
              if (typeof name !== "string" || ![...own].some((n) => name.endsWith(`-${n}`)))
                report(
                  `ClusterRole ${String(name)} is not named after one of the stack's own namespaces (${[...own].join(", ")}): a community stack's cluster-wide roles carry their namespace`,
                  r.urn,
                );
              for (const rule of asArray(at(r.props, "rules"))) {
                const verbs = asStrings(at(rule, "verbs"));
                const resources = asStrings(at(rule, "resources"));
                if (
                  verbs.length === 0 ||
                  verbs.some((v) => !READ_VERBS.has(v)) ||
                  resources.length === 0 ||
                  resources.some((x) => x === "*" || x === "secrets" || x.startsWith("secrets/")) ||
                  at(rule, "nonResourceURLs") !== undefined
                )
                  report(
                    `ClusterRole ${String(name)} grants ${verbs.join(", ") || "?"} on ${resources.join(", ") || "?"} in every namespace: a community stack's cluster-wide roles may only get, list and watch, and never secrets`,
                    r.urn,
                  );
              }
              continue;
            }
            if (r.type === CLUSTER_ROLE_BINDING) {
              const name = at(r.props, "metadata", "name");
              const roleName = at(r.props, "roleRef", "name");
              const ownRoles = new Set(
                rs.filter((x) => x.type === CLUSTER_ROLE).map((x) => at(x.props, "metadata", "name")),
              );
              if (at(r.props, "roleRef", "kind") !== "ClusterRole" || !ownRoles.has(roleName))
                report(
                  `ClusterRoleBinding ${String(name)} binds ${String(roleName)}, which this stack does not create: a community stack binds only its own cluster-wide roles`,
                  r.urn,
                );
              const subjects = asArray(at(r.props, "subjects"));
              if (
                subjects.length === 0 ||
                subjects.some(
                  (x) => at(x, "kind") !== "ServiceAccount" || !own.has(String(at(x, "namespace"))),
                )
              )
                report(
                  `ClusterRoleBinding ${String(name)} binds subjects other than service accounts of the stack's own namespaces (${[...own].join(", ")})`,
                  r.urn,
                );
              continue;
            }
            const claimNs = at(r.props, "spec", "claimRef", "namespace");
            if (typeof claimNs !== "string" || !own.has(claimNs))
              report(
                `PersistentVolume ${r.name} is not bound to a claim in one of the stack's own namespaces (claimRef.namespace ${String(claimNs)})`,
                r.urn,
              );
            continue;
          }
          if (ns === UNKNOWN)
            report(
              `${r.type.split(":").pop()} ${r.name}: its namespace is not known before deploy, so it cannot be checked`,
              r.urn,
            );
          else if (typeof ns !== "string" || !own.has(ns))
            report(
              `${r.type.split(":").pop()} ${r.name} is created in namespace ${String(ns ?? "default")}, not in one of the stack's own (${[...own].join(", ") || "none"})`,
              r.urn,
            );
        }
      },
    },
  ];
}

/** The admins a community file names (anonymous hubs have none). */
function adminsOf(auth: CommunityAuth): string[] {
  return "admins" in auth ? auth.admins : [];
}

/** GoogleOAuthenticator names users of a hub's only domain without "@domain". */
function isGoogleShort(admin: string, own: Record<string, unknown>): boolean {
  return !admin.includes("@") && asStrings(own.hosted_domain).length === 1;
}

/** Every string inside a value (operators are a list on some clusters, per provider on others). */
function flatStrings(v: unknown): string[] {
  if (typeof v === "string") return [v];
  if (Array.isArray(v)) return v.flatMap(flatStrings);
  if (v && typeof v === "object") return Object.values(v).flatMap(flatStrings);
  return [];
}
