/**
 * A hub's chart values without the platform: what `hubnet export` writes so a community can run its
 * hub with plain Helm on any Kubernetes cluster (the right to replicate). Pure functions over the
 * values the offline plan records for the hub's releases; each change is said in `notes`, so the
 * community's README can tell what it must bring itself.
 *
 * What belongs to the platform and goes: planning data (`custom`), the platform's health and
 * metrics services and roles, its Gateway route (HTTPS becomes z2jh's own Let's Encrypt proxy),
 * rules that admit the platform's gateway and monitoring namespaces, the hub database volume the
 * platform keeps outside the release (the chart's own `sqlite-pvc` takes its place), the shared
 * home volume and its owner-fixing init container (per-user volumes take their place), the cloud
 * identity's service account and bucket variables, node pools and their taints, and hubnet's labels.
 * What the chart generates itself goes too (cookie secret, proxy token, crypt keys); what the
 * community must supply (its OAuth client secret, the dask token) is named in `secrets`.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const SECRET = "[secret]";

export interface StandaloneHub {
  values: Json;
  /** What was removed or replaced, in words, for the README. */
  notes: string[];
  /** Paths (dotted) of values the community must set, with what they are. */
  secrets: { path: string; what: string }[];
}

function del(obj: unknown, path: string[]): boolean {
  let o = obj;
  for (const k of path.slice(0, -1)) {
    if (!isObject(o)) return false;
    o = o[k];
  }
  const last = path.at(-1) as string;
  if (isObject(o) && last in o) {
    delete o[last];
    return true;
  }
  return false;
}

function at(obj: unknown, path: string[]): unknown {
  let o = obj;
  for (const k of path) {
    if (!isObject(o)) return undefined;
    o = o[k];
  }
  return o;
}

function ensure(obj: Json, path: string[]): Json {
  let o = obj;
  for (const k of path) {
    if (!isObject(o[k])) o[k] = {};
    o = o[k] as Json;
  }
  return o;
}

/** Every path of a "[secret]" placeholder left in `v`. */
export function secretPaths(v: unknown, prefix: string[] = []): string[][] {
  if (v === SECRET) return [prefix];
  if (Array.isArray(v)) return v.flatMap((x, i) => secretPaths(x, [...prefix, String(i)]));
  if (isObject(v)) return Object.entries(v).flatMap(([k, x]) => secretPaths(x, [...prefix, k]));
  return [];
}

const HUBNET_LABEL = /^hubnet-/;
const PLATFORM_NAMESPACES = /^(envoy-gateway-system|monitoring|cert-manager)$/;

function dropHubnetLabels(labels: unknown): void {
  if (!isObject(labels)) return;
  for (const k of Object.keys(labels)) if (HUBNET_LABEL.test(k)) delete labels[k];
}

/** Network policy ingress rules that admit one of the platform's namespaces. */
function withoutPlatformPeers(rules: unknown): unknown[] {
  if (!Array.isArray(rules)) return [];
  return rules.filter((r) => {
    const from = isObject(r) && Array.isArray(r.from) ? r.from : [];
    return !from.some((p) => {
      const ns = at(p, ["namespaceSelector", "matchLabels", "kubernetes.io/metadata.name"]);
      return typeof ns === "string" && PLATFORM_NAMESPACES.test(ns);
    });
  });
}

export function standaloneJupyterHub(
  platformValues: Json,
  opts: {
    domain: string;
    contactEmail?: string;
    homeSize?: string;
    /** The platform operators' identities (the cluster's `operators`): admins on the platform's hubs only. */
    operators?: string[];
    /** The client ID the plan stood in for (the stack config's), to be replaced by the community's own. */
    placeholderClientId?: string;
  },
): StandaloneHub {
  const v = clone(platformValues);
  const notes: string[] = [];
  const secrets: StandaloneHub["secrets"] = [];
  const config = at(v, ["hub", "config"]);
  const ops = new Set(opts.operators ?? []);
  const admins = at(v, ["hub", "config", "Authenticator", "admin_users"]);
  if (Array.isArray(admins) && ops.size > 0) {
    const kept = admins.filter(
      (a) => !(typeof a === "string" && (ops.has(a) || ops.has(a.slice(a.indexOf(":") + 1)))),
    );
    if (kept.length !== admins.length) {
      ensure(v, ["hub", "config", "Authenticator"]).admin_users = kept;
      notes.push(`the platform's operators (${admins.length - kept.length}) are no longer admins`);
    }
  }
  if (isObject(config) && opts.placeholderClientId)
    for (const cls of Object.values(config))
      if (isObject(cls) && cls.client_id === opts.placeholderClientId) {
        cls.client_id = "CHANGE-ME-CLIENT-ID";
        notes.push("client_id: CHANGE-ME-CLIENT-ID, to be replaced by the client ID of your own OAuth app");
      }
  if (del(v, ["custom"])) notes.push("planning data of the platform (custom.hubnet) removed");

  // Secrets z2jh generates and keeps in its own Secret when they are not set.
  for (const p of [
    ["hub", "cookieSecret"],
    ["proxy", "secretToken"],
    ["hub", "config", "CryptKeeper"],
  ])
    if (del(v, p)) notes.push(`${p.join(".")}: left to the chart, which generates it on the first install`);

  // The platform's own services and roles on the hub (health checks, metrics).
  const services = at(v, ["hub", "services"]);
  if (isObject(services))
    for (const name of Object.keys(services))
      if (name.startsWith("hubnet-")) {
        delete services[name];
        notes.push(`hub service ${name} (the platform's) removed`);
      }
  const roles = at(v, ["hub", "loadRoles"]);
  if (isObject(roles))
    for (const name of Object.keys(roles)) if (name.startsWith("hubnet-")) delete roles[name];

  // HTTPS: the platform's Gateway route becomes z2jh's own proxy with Let's Encrypt.
  if (isObject(v.httpRoute)) {
    delete v.httpRoute;
    const proxy = ensure(v, ["proxy"]);
    proxy.service = { type: "LoadBalancer" };
    proxy.https = {
      enabled: true,
      hosts: [opts.domain],
      letsencrypt: { contactEmail: opts.contactEmail ?? "CHANGE-ME@example.org" },
    };
    notes.push(
      `HTTPS: the platform's Gateway route is replaced by z2jh's own proxy with a Let's Encrypt certificate for ${opts.domain} (a LoadBalancer Service: point the domain's DNS at it)`,
    );
  }
  const chpIngress = at(v, ["proxy", "chp", "networkPolicy", "ingress"]);
  if (Array.isArray(chpIngress))
    ensure(v, ["proxy", "chp", "networkPolicy"]).ingress = withoutPlatformPeers(chpIngress);
  const hubIngress = at(v, ["hub", "networkPolicy", "ingress"]);
  if (Array.isArray(hubIngress))
    ensure(v, ["hub", "networkPolicy"]).ingress = withoutPlatformPeers(hubIngress);

  // The hub database: the platform keeps it on a claim outside the release; the chart's own here.
  const hub = ensure(v, ["hub"]);
  const vols = Array.isArray(hub.extraVolumes) ? (hub.extraVolumes as Json[]) : [];
  const dbVolume = vols.find((x) => x.name === "hubnet-hub-db");
  if (dbVolume) {
    hub.extraVolumes = vols.filter((x) => x !== dbVolume);
    hub.extraVolumeMounts = (
      Array.isArray(hub.extraVolumeMounts) ? (hub.extraVolumeMounts as Json[]) : []
    ).filter((m) => m.name !== "hubnet-hub-db");
    hub.db = { type: "sqlite-pvc", upgrade: true };
    notes.push(
      "hub database: on the chart's own volume (hub.db.type sqlite-pvc) instead of the platform's claim hubnet-hub-db",
    );
  }
  for (const k of ["extraVolumes", "extraVolumeMounts"])
    if (Array.isArray(hub[k]) && (hub[k] as unknown[]).length === 0) delete hub[k];
  dropHubnetLabels(hub.labels);
  dropHubnetLabels(at(v, ["proxy", "labels"]));

  const su = ensure(v, ["singleuser"]);
  // Homes: the platform's shared volume becomes one volume per user, made by the cluster's default class.
  if (isObject(su.storage) && (su.storage as Json).type === "static") {
    su.storage = {
      type: "dynamic",
      capacity: opts.homeSize ?? "10Gi",
      homeMountPath: (su.storage as Json).homeMountPath ?? "/home/jovyan",
    };
    notes.push(
      `homes: one volume per user (${opts.homeSize ?? "10Gi"}, the cluster's default storage class) instead of the platform's shared volume`,
    );
  }
  if (Array.isArray(su.initContainers)) {
    su.initContainers = (su.initContainers as Json[]).filter((c) => !String(c.name).startsWith("hubnet-"));
    if ((su.initContainers as unknown[]).length === 0) delete su.initContainers;
  }
  const extraConfig = at(v, ["hub", "extraConfig"]);
  if (isObject(extraConfig) && "hubnet-shared-mounts" in extraConfig) {
    delete extraConfig["hubnet-shared-mounts"];
    notes.push(
      "shared folders (on the platform's shared volume) removed: recreate them on a volume of your own",
    );
  }
  if (su.serviceAccountName !== undefined) {
    delete su.serviceAccountName;
    notes.push(
      "the platform's cloud identity (the user servers' service account) removed: buckets are not reachable from the exported hub",
    );
  }
  const env = isObject(su.extraEnv) ? (su.extraEnv as Json) : undefined;
  if (env)
    for (const k of Object.keys(env))
      if (/^(SCRATCH_BUCKET|PERSISTENT_BUCKET|PANGEO_SCRATCH|AWS_.*|GOOGLE_.*|AZURE_.*)$/.test(k)) {
        delete env[k];
        notes.push(`user variable ${k} (the platform's buckets and cloud) removed`);
      }
  dropHubnetLabels(su.extraLabels);
  // Node pools are the platform's: servers go to any user node.
  for (const profile of Array.isArray(su.profileList) ? (su.profileList as Json[]) : []) {
    const o = isObject(profile.kubespawner_override) ? profile.kubespawner_override : undefined;
    if (o) for (const k of ["node_selector", "tolerations", "node_affinity_required"]) delete o[k];
    for (const option of Object.values(isObject(profile.profile_options) ? profile.profile_options : {}))
      for (const choice of Object.values(
        isObject((option as Json).choices) ? ((option as Json).choices as Json) : {},
      )) {
        const co = isObject((choice as Json).kubespawner_override)
          ? ((choice as Json).kubespawner_override as Json)
          : undefined;
        if (co) for (const k of ["node_selector", "tolerations", "node_affinity_required"]) delete co[k];
      }
  }
  if (at(v, ["scheduling", "userPods", "nodeAffinity", "matchNodePurpose"]) === "require") {
    ensure(v, ["scheduling", "userPods", "nodeAffinity"]).matchNodePurpose = "prefer";
    ensure(v, ["scheduling", "corePods", "nodeAffinity"]).matchNodePurpose = "prefer";
    notes.push("node purposes preferred, not required (the platform's core and user pools are gone)");
  }

  for (const p of secretPaths(v)) {
    // The value itself lives in the secrets file only (install.sh makes it), never in the values file.
    del(v, p);
    secrets.push({
      path: p.join("."),
      what:
        p.at(-1) === "apiToken"
          ? "a random token (openssl rand -hex 32), the same as the dask-gateway release's"
          : "a secret of yours",
    });
  }
  const oauth = at(v, ["hub", "extraEnv", "OAUTH_CLIENT_SECRET", "valueFrom", "secretKeyRef"]);
  if (isObject(oauth))
    notes.push(
      `the OAuth client secret is read from the Secret ${String(oauth.name)} (key ${String(oauth.key)}): install.sh creates it from $OAUTH_CLIENT_SECRET`,
    );
  return { values: v, notes, secrets };
}

export function standaloneDaskGateway(platformValues: Json): StandaloneHub {
  const v = clone(platformValues);
  const notes: string[] = [];
  for (const part of ["gateway", "controller", "traefik"]) {
    const p = at(v, [part]);
    if (isObject(p) && isObject(p.nodeSelector)) delete p.nodeSelector;
  }
  for (const side of ["scheduler", "worker"]) {
    const pod = at(v, ["gateway", "backend", side, "extraPodConfig"]);
    if (isObject(pod)) {
      delete pod.serviceAccountName;
      delete pod.nodeSelector;
    }
  }
  // The platform makes the gateway's accounts and namespaced roles itself (hub/dask-rbac.ts); the chart's own here.
  const rbac = at(v, ["rbac"]);
  if (isObject(rbac))
    for (const part of ["controller", "gateway", "traefik"]) {
      const r = rbac[part];
      if (isObject(r) && "serviceAccountName" in r) delete r.serviceAccountName;
      if (isObject(r) && Object.keys(r).length === 0) delete rbac[part];
    }
  notes.push(
    "dask schedulers and workers: on any user node (still off spot nodes), without the platform's cloud identity and pools; the chart makes its own service accounts and roles",
  );
  const secrets = secretPaths(v).map((p) => {
    del(v, p);
    return { path: p.join("."), what: "the same random token as the hub's dask-gateway service" };
  });
  return { values: v, notes, secrets };
}
