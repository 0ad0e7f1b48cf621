/**
 * What a hub means to its community, read from the jupyterhub chart values the program rendered
 * (what `pulumi up` would install), never from the community file: who may log in, each profile's
 * cpu, memory and GPU, images, culling, home storage, buckets, dask, named servers, budget.
 *
 * Each line of the summary is a *facet*: a key, a label, a reader of the rendered values and a
 * formatter. A new feature shows up in plans and pull-request diffs with one more entry in
 * `HUB_FACETS` (docs/platform/pull-requests.md).
 */

/** Chart values (free-form JSON as recorded). */
export type Values = Record<string, unknown>;

/** What a facet reader gets: the hub's values, and whether a dask-gateway release serves its namespace. */
export interface HubContext {
  values: Values;
  namespace: string;
  dask: boolean;
}

export interface Facet<T = unknown> {
  /** The key in the JSON summary (`plan.json`, `hubnet plan --json`). */
  key: string;
  /** The label of its line(s) in text. */
  label: string;
  /** Reads the facet from the rendered values; undefined leaves it out. */
  read(ctx: HubContext): T | undefined;
  /** Its text: one line per entry, in the order to show. */
  text(value: T): string[];
}

/** The value at a dotted path of `v` (`singleuser.image.name`), or undefined. */
export function at(v: unknown, dotted: string): unknown {
  let cur = v;
  for (const k of dotted.split(".")) {
    if (!cur || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[k];
  }
  return cur;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** A short readable form of a JSON value, for one line. */
export function brief(v: unknown): string {
  if (typeof v === "string") return v;
  if (Array.isArray(v)) return v.map(brief).join(", ");
  if (isObject(v))
    return Object.entries(v)
      .map(([k, x]) => (x === true ? k : `${k} ${brief(x)}`))
      .join("; ");
  return String(v);
}

// ---------------------------------------------------------------------------------------------
// Login

export interface LoginSummary {
  /** `hub.config.JupyterHub.authenticator_class`. */
  provider: string;
  /** Who is let in: each `allow*` / `allowed_*` / `hosted_domain` setting of the authenticators. */
  rules: { setting: string; value: unknown }[];
  /** Who is an admin: `admin_users`, and `admin_*groups` settings. */
  admins: string[];
}

/** Settings that decide who is let in; `idps` holds CILogon's rules per identity provider. */
const RULE_KEY = /^(allow_all|allow_existing_users|allowed_[a-z_]+|hosted_domain|blocked_users|idps)$/;
const ADMIN_KEY = /^admin_([a-z_]*groups|users)$/;

export function readLogin(values: Values): LoginSummary | undefined {
  const config = at(values, "hub.config");
  if (!isObject(config)) return undefined;
  const rules: LoginSummary["rules"] = [];
  const admins: string[] = [];
  for (const [section, settings] of Object.entries(config).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/Authenticator$/.test(section) || !isObject(settings)) continue;
    for (const [key, value] of Object.entries(settings).sort(([a], [b]) => a.localeCompare(b))) {
      if (RULE_KEY.test(key)) {
        if (Array.isArray(value) && value.length === 0) continue;
        if (isObject(value) && Object.keys(value).length === 0) continue;
        if (value === false) continue;
        rules.push({ setting: `${section}.${key}`, value });
      } else if (ADMIN_KEY.test(key)) {
        admins.push(...list(value).map(brief));
      }
    }
  }
  return {
    provider: String(at(config, "JupyterHub.authenticator_class") ?? "(chart default)"),
    rules,
    admins,
  };
}

function loginText(l: LoginSummary): string[] {
  const lines = [`${l.provider}${l.rules.length === 0 ? ": no rule lets anyone in" : ""}`];
  for (const r of l.rules) {
    const setting = r.setting.split(".").pop();
    if (isObject(r.value)) {
      // Per-provider rules (CILogon's allowed_idps): only what decides who is let in.
      for (const [k, v] of Object.entries(r.value)) {
        const rules = isObject(v)
          ? Object.fromEntries(Object.entries(v).filter(([x]) => RULE_KEY.test(x)))
          : v;
        lines.push(
          `  ${setting} ${k}: ${isObject(rules) && Object.keys(rules).length === 0 ? "no rule" : brief(rules)}`,
        );
      }
    } else lines.push(`  ${setting}: ${r.value === true ? "yes" : brief(r.value)}`);
  }
  if (l.admins.length) lines.push(`  admins: ${l.admins.join(", ")}`);
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Profiles

/** What a server of a profile (or of one choice of its options) gets. */
export interface Resources {
  cpu?: { guarantee?: number | string; limit?: number | string };
  memory?: { guarantee?: string | number; limit?: string | number };
  /** Extended resources asked for (`nvidia.com/gpu: 1`). */
  gpu?: Record<string, string | number>;
  /** The node pool its servers run on (`hubnet.org/pool`). */
  pool?: string;
  image?: string;
}

export interface ProfileSummary extends Resources {
  slug: string;
  displayName: string;
  default: boolean;
  /** The profile's options (image choices, sizes), each with its choices and what they change. */
  options: {
    name: string;
    displayName: string;
    choices: ({ name: string; displayName: string; default: boolean } & Resources)[];
    other: boolean;
  }[];
}

function resourcesOf(override: unknown): Resources {
  if (!isObject(override)) return {};
  const r: Resources = {};
  if (override.cpu_guarantee !== undefined || override.cpu_limit !== undefined)
    r.cpu = { guarantee: override.cpu_guarantee as number, limit: override.cpu_limit as number };
  if (override.mem_guarantee !== undefined || override.mem_limit !== undefined)
    r.memory = { guarantee: override.mem_guarantee as string, limit: override.mem_limit as string };
  const extra = { ...(isObject(override.extra_resource_limits) ? override.extra_resource_limits : {}) };
  if (Object.keys(extra).length) r.gpu = extra as Record<string, string>;
  const pool = at(override, "node_selector")
    ? (override.node_selector as Record<string, unknown>)["hubnet.org/pool"]
    : undefined;
  if (typeof pool === "string") r.pool = pool;
  if (typeof override.image === "string") r.image = override.image;
  return JSON.parse(JSON.stringify(r));
}

export function readProfiles(values: Values): ProfileSummary[] {
  return list(at(values, "singleuser.profileList"))
    .filter(isObject)
    .map((p) => ({
      slug: String(p.slug ?? ""),
      displayName: String(p.display_name ?? p.slug ?? "?"),
      default: p.default === true,
      ...resourcesOf(p.kubespawner_override),
      options: Object.entries(isObject(p.profile_options) ? p.profile_options : {}).map(([name, o]) => ({
        name,
        displayName: String(at(o, "display_name") ?? name),
        choices: Object.entries(isObject(at(o, "choices")) ? (at(o, "choices") as Values) : {}).map(
          ([choice, c]) => ({
            name: choice,
            displayName: String(at(c, "display_name") ?? choice),
            default: at(c, "default") === true,
            ...resourcesOf(at(c, "kubespawner_override")),
          }),
        ),
        other: at(o, "unlisted_choice.enabled") === true,
      })),
    }));
}

/**
 * A memory amount as people write it: KubeSpawner takes bytes (`2000000000`) or a ByteSpecification
 * (`2G`); bytes read as the largest unit that divides them (`2G`, `1.5Gi`), anything else as given.
 */
export function memoryText(v: unknown): string {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) return String(v);
  for (const [unit, size] of [
    ["T", 1e12],
    ["Ti", 2 ** 40],
    ["G", 1e9],
    ["Gi", 2 ** 30],
    ["M", 1e6],
    ["Mi", 2 ** 20],
  ] as const) {
    const n = v / size;
    if (n >= 1 && Number.isInteger(n * 100) && n * 100 < 1e6) return `${n}${unit}`;
  }
  return `${v} bytes`;
}

function resourcesText(r: Resources): string {
  const parts: string[] = [];
  const pair = (x?: { guarantee?: unknown; limit?: unknown }, show: (v: unknown) => string = String) =>
    x
      ? `${x.guarantee === undefined ? "-" : show(x.guarantee)} guaranteed, ${x.limit === undefined ? "no" : show(x.limit)} limit`
      : undefined;
  if (r.cpu) parts.push(`cpu ${pair(r.cpu)}`);
  if (r.memory) parts.push(`memory ${pair(r.memory, memoryText)}`);
  if (r.gpu)
    parts.push(
      `GPU ${Object.entries(r.gpu)
        .map(([k, v]) => `${v} ${k}`)
        .join(", ")}`,
    );
  if (r.pool) parts.push(`pool ${r.pool}`);
  if (r.image) parts.push(`image ${r.image}`);
  return parts.join("; ");
}

function profilesText(profiles: ProfileSummary[]): string[] {
  const lines: string[] = [];
  for (const p of profiles) {
    const own = resourcesText(p);
    lines.push(`${p.slug}${p.default ? " (default)" : ""} "${p.displayName}"${own ? `: ${own}` : ""}`);
    for (const o of p.options) {
      for (const c of o.choices) {
        const res = resourcesText(c);
        lines.push(
          `  ${o.name} ${c.name}${c.default ? " (default)" : ""} "${c.displayName}"${res ? `: ${res}` : ""}`,
        );
      }
      if (o.other) lines.push(`  ${o.name}: any other value the user types`);
    }
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------
// The rest

export function readImages(values: Values): string[] | undefined {
  const images = new Set<string>();
  const name = at(values, "singleuser.image.name");
  if (typeof name === "string") images.add(`${name}:${at(values, "singleuser.image.tag") ?? "latest"}`);
  for (const p of readProfiles(values)) {
    if (p.image) images.add(p.image);
    for (const o of p.options) for (const c of o.choices) if (c.image) images.add(c.image);
  }
  return images.size ? [...images] : undefined;
}

export interface CullingSummary {
  enabled: boolean;
  idleSeconds?: number;
  maxAgeSeconds?: number;
  users?: boolean;
}

export function readCulling(values: Values): CullingSummary | undefined {
  const cull = at(values, "cull");
  if (!isObject(cull)) return undefined;
  return JSON.parse(
    JSON.stringify({
      enabled: cull.enabled !== false,
      idleSeconds: cull.timeout,
      maxAgeSeconds: cull.maxAge,
      users: cull.users,
    }),
  );
}

/** `3600` → `1h`, `5400` → `1h30m`. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "never";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h ? `${h}h` : ""}${m ? `${m}m` : ""}${s ? `${s}s` : ""}`;
}

function cullingText(c: CullingSummary): string[] {
  if (!c.enabled) return ["off: idle servers keep running"];
  const parts = [];
  if (c.idleSeconds !== undefined) parts.push(`idle servers stopped after ${duration(c.idleSeconds)}`);
  if (c.maxAgeSeconds) parts.push(`any server stopped after ${duration(c.maxAgeSeconds)}`);
  if (c.users) parts.push("idle users removed");
  return [parts.join("; ") || "on"];
}

export interface HomeSummary {
  /** `volume`: a volume of its own per user; `share`: a folder per user on a shared file share. */
  kind: "volume" | "share" | "none";
  /** The size of each user's volume (enforced). */
  capacity?: string;
  /** The quota the community asked for (`custom.hubnet.homeQuota`). */
  quota?: string;
  /** Mounts besides the home (`~/shared`, read-only or not). */
  mounts: string[];
}

export function readHome(values: Values): HomeSummary | undefined {
  const storage = at(values, "singleuser.storage");
  if (!isObject(storage)) return undefined;
  const quota = at(values, "custom.hubnet.homeQuota");
  const kind = storage.type === "dynamic" ? "volume" : storage.type === "static" ? "share" : "none";
  return {
    kind,
    ...(kind === "volume" && storage.capacity !== undefined ? { capacity: String(storage.capacity) } : {}),
    ...(typeof quota === "string" ? { quota } : {}),
    mounts: list(storage.extraVolumeMounts)
      .filter(isObject)
      .map((m) => `${m.mountPath}${m.readOnly ? " (read-only)" : ""}`),
  };
}

function homeText(h: HomeSummary): string[] {
  const mounts = h.mounts.length ? `; also ${h.mounts.join(", ")}` : "";
  switch (h.kind) {
    case "volume":
      return [`a volume of ${h.capacity ?? h.quota ?? "?"} per user${mounts}`];
    case "share":
      return [
        `a folder per user on the cluster's file share${h.quota ? ` (asked for ${h.quota} each: not enforced on a shared file share)` : ""}${mounts}`,
      ];
    default:
      return [`none: homes are lost when a server stops${mounts}`];
  }
}

/** The buckets users reach: every `*_BUCKET` variable of their servers, by name. */
export function readBuckets(values: Values): Record<string, string> | undefined {
  const env = at(values, "singleuser.extraEnv");
  if (!isObject(env)) return undefined;
  const buckets = Object.fromEntries(
    Object.entries(env)
      .filter(([k, v]) => /_BUCKET$/.test(k) && typeof v === "string")
      .sort(([a], [b]) => a.localeCompare(b)),
  ) as Record<string, string>;
  return Object.keys(buckets).length ? buckets : undefined;
}

export interface NamedServersSummary {
  enabled: boolean;
  limitPerUser?: number;
}

export function readNamedServers(values: Values): NamedServersSummary {
  // The chart's own switch, or JupyterHub's setting in hub.config.
  const enabled =
    at(values, "hub.allowNamedServers") === true ||
    at(values, "hub.config.JupyterHub.allow_named_servers") === true;
  const limit =
    at(values, "hub.namedServerLimitPerUser") ??
    at(values, "hub.config.JupyterHub.named_server_limit_per_user");
  return { enabled, ...(enabled && typeof limit === "number" ? { limitPerUser: limit } : {}) };
}

export interface BudgetSummary {
  monthlyUsd: number;
  alertEmails: string[];
}

export function readBudget(values: Values): BudgetSummary | undefined {
  const b = at(values, "custom.hubnet.budget");
  if (!isObject(b) || typeof b.monthlyUsd !== "number") return undefined;
  return { monthlyUsd: b.monthlyUsd, alertEmails: list(b.alertEmails).map(String) };
}

export interface BrandingSummary {
  displayName?: string;
  logo?: string;
  homepage?: string;
  fundedBy?: string;
  operatedBy?: string;
}

/** What the hub's pages show (`hub.templateVars.hubnet`: the login page's title, logo, credits). */
export function readBranding(values: Values): BrandingSummary | undefined {
  const t = at(values, "hub.templateVars.hubnet");
  if (!isObject(t)) return undefined;
  const text = (v: unknown) =>
    typeof v === "string" ? v : isObject(v) && typeof v.text === "string" ? v.text : undefined;
  return JSON.parse(
    JSON.stringify({
      displayName: text(t.display_name),
      logo: text(t.logo_url),
      homepage: text(t.homepage_url),
      fundedBy: text(t.funded_by),
      operatedBy: text(t.operated_by),
    }),
  );
}

function brandingText(b: BrandingSummary): string[] {
  const lines = [b.displayName ? `"${b.displayName}"` : "(no name)"];
  if (b.logo) lines.push(`  logo ${b.logo}`);
  if (b.homepage) lines.push(`  home page ${b.homepage}`);
  if (b.fundedBy) lines.push(`  funded by ${b.fundedBy}`);
  if (b.operatedBy) lines.push(`  operated by ${b.operatedBy}`);
  return lines;
}

/** The facets of a hub, in the order a summary shows them. */
export const HUB_FACETS: readonly Facet[] = [
  {
    key: "branding",
    label: "shown as",
    read: (c) => readBranding(c.values),
    text: brandingText,
  } as Facet<BrandingSummary>,
  { key: "login", label: "login", read: (c) => readLogin(c.values), text: loginText } as Facet<LoginSummary>,
  {
    key: "profiles",
    label: "profiles",
    read: (c) => readProfiles(c.values),
    text: profilesText,
  } as Facet<ProfileSummary[]>,
  { key: "images", label: "images", read: (c) => readImages(c.values), text: (i) => [i.join(", ")] } as Facet<
    string[]
  >,
  {
    key: "defaultUrl",
    label: "opens",
    read: (c) => at(c.values, "singleuser.defaultUrl") as string | undefined,
    text: (u) => [u],
  } as Facet<string>,
  {
    key: "culling",
    label: "culling",
    read: (c) => readCulling(c.values),
    text: cullingText,
  } as Facet<CullingSummary>,
  { key: "home", label: "home", read: (c) => readHome(c.values), text: homeText } as Facet<HomeSummary>,
  {
    key: "buckets",
    label: "buckets",
    read: (c) => readBuckets(c.values),
    text: (b) => Object.entries(b).map(([k, v]) => `$${k} ${v}`),
  } as Facet<Record<string, string>>,
  {
    key: "dask",
    label: "dask",
    read: (c) => c.dask,
    text: (d) => [d ? "dask-gateway: users start dask clusters from their servers" : "off"],
  } as Facet<boolean>,
  {
    key: "namedServers",
    label: "named servers",
    read: (c) => readNamedServers(c.values),
    text: (n) => [n.enabled ? `on${n.limitPerUser ? `, up to ${n.limitPerUser} per user` : ""}` : "off"],
  } as Facet<NamedServersSummary>,
  {
    key: "budget",
    label: "budget",
    read: (c) => readBudget(c.values),
    text: (b) => [
      `$${b.monthlyUsd} a month${b.alertEmails.length ? `; alerts to ${b.alertEmails.join(", ")}` : ""}`,
    ],
  } as Facet<BudgetSummary>,
];

/** Every facet's value, by key (facets that read undefined are left out). */
export function readFacets(ctx: HubContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of HUB_FACETS) {
    const v = f.read(ctx);
    if (v !== undefined) out[f.key] = v;
  }
  return out;
}

/** The text lines of a hub's facets: `label  first line`, continuation lines indented under it. */
export function facetLines(facets: Record<string, unknown>, labelWidth = 14): string[] {
  const lines: string[] = [];
  for (const f of HUB_FACETS) {
    if (!(f.key in facets)) continue;
    const text = f.text(facets[f.key]);
    text.forEach((t, i) => {
      lines.push(`${(i === 0 ? f.label : "").padEnd(labelWidth)}${t}`);
    });
  }
  return lines;
}

/** The text lines of one facet, by key, for a before/after comparison. */
export function facetText(key: string, value: unknown): string[] {
  const f = HUB_FACETS.find((x) => x.key === key);
  return f && value !== undefined ? f.text(value) : [];
}
