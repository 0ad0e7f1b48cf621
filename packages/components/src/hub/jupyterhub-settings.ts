/**
 * The JupyterHub side of a hub, in one place: what the Hub component puts into
 * the chart values (`hub.config`, template files, paths and variables, culling,
 * services and roles) and what `hubnet dev` writes as a `jupyterhub_config.py`
 * for a local JupyterHub (packages/local-hub). Pure: composes the builders of
 * auth.ts, branding.ts and dask.ts; secrets stay (secret) Inputs where they are.
 */
import type { Cloud, Community, CommunityHub } from "@hubnet/config";
import { healthCheckScopes } from "@hubnet/health/contract";
import type * as pulumi from "@pulumi/pulumi";
import { authConfig, authExtraConfig, needsGroups, operatorsOf } from "./auth";
import { brandingValues } from "./branding";
import { DASK_SERVICE, daskHubService } from "./dask";

export { DASK_SERVICE };

/** Platform defaults of culling a community does not choose. */
export const CULL_EVERY_SECONDS = 300;

/** The JupyterHub service whose token `hubnet check` uses (stack output `healthTokens`). */
export const HEALTH_SERVICE = "hubnet-health";

export interface JupyterHubSecrets {
  /** CryptKeeper's key (auth state encryption). */
  cryptKey: pulumi.Input<string>;
  /** The token of the health-check service (`hubnet check`). */
  healthToken: pulumi.Input<string>;
  /** Required when the community has `features.dask`. */
  daskToken?: pulumi.Input<string>;
  /** The token Prometheus scrapes `/hub/metrics` with (`METRICS_SERVICE`); no metrics service without one. */
  metricsToken?: pulumi.Input<string>;
  /** Required with shared-password auth: the password, and the admin password when there are admins. */
  sharedPassword?: pulumi.Input<string>;
  adminPassword?: pulumi.Input<string>;
}

export interface JupyterHubSettingsArgs {
  /** The community's config (auth, branding, culling, dask). */
  community: Community;
  /** The hub whose settings these are (its domain is in the OAuth callback URL). */
  hub: CommunityHub;
  /**
   * The hub's OAuth client ID (hub.clientId, auth.clientId or the stack config).
   * @default undefined (required for every provider but dummy)
   */
  clientId?: string;
  /**
   * Platform operators of the cluster, per provider (the cluster stack's `operators` output): admins
   * where the hub's provider proves them. A non-empty list of bare names (older cluster stacks) is refused.
   */
  operators: unknown;
  /** The cloud of the hub's cluster (dummy auth is allowed only on `local`). */
  cloud: Cloud;
  /** The hub's namespace (where its dask-gateway runs). */
  namespace: string;
  /** Generated secrets: the CryptKeeper key and service tokens, as (secret) Inputs. */
  secrets: JupyterHubSecrets;
}

/** A `hub.services` entry (z2jh's shape: camelCase `apiToken`). */
export interface HubService {
  apiToken: pulumi.Input<string>;
  display: boolean;
  url?: string;
}

/** A `hub.loadRoles` entry. */
export interface HubRole {
  description: string;
  scopes: string[];
  services: string[];
}

export interface CullSettings {
  enabled: boolean;
  /** Stop servers idle this many seconds. */
  timeout: number;
  /** Stop servers older than this many seconds. */
  maxAge: number;
  /** How often the culler runs, in seconds. */
  every: number;
  /** Whether users without a server are deleted: only anonymous hubs' temporary users (others keep their homes). */
  users: boolean;
}

export interface JupyterHubSettings {
  /** traitlets config, `Class.trait = value` (the chart's `hub.config`). */
  config: Record<string, Record<string, unknown>>;
  /** Template files by name (the chart mounts them with `hub.extraFiles`), and their folder. */
  templateFiles: Record<string, { mountPath: string; stringData: string }>;
  templatePaths: string[];
  /** `JupyterHub.template_vars`. */
  templateVars: Record<string, unknown>;
  cull: CullSettings;
  services: Record<string, HubService>;
  loadRoles: Record<string, HubRole>;
  /**
   * Python the hub runs after its config (`hub.extraConfig`): traits a YAML value cannot hold, such as
   * the callables that turn GitHub teams or a dotted claim into groups. Empty when none is needed.
   */
  extraConfig: Record<string, string>;
}

/** `JupyterHub` traits of named servers (`features.namedServers`). */
export function namedServers(community: Community): Record<string, unknown> {
  const n = community.features.namedServers;
  return n ? { allow_named_servers: true, named_server_limit_per_user: n.limit } : {};
}

export function cullSettings(community: Community): CullSettings {
  const c = community.features.culling;
  return {
    enabled: c.enabled,
    timeout: c.idleTimeout.seconds,
    maxAge: c.maxAge.seconds,
    every: CULL_EVERY_SECONDS,
    // Anonymous users are created per visit: removed with their culled server.
    users: community.auth.provider === "anonymous",
  };
}

/**
 * The health-check service and its role: what `hubnet check` may do with its token: read the hub's
 * info, and create, start, stop and reach the server of one user, the check user, and no other.
 */
export function healthService(healthToken: pulumi.Input<string>): {
  service: HubService;
  role: HubRole;
} {
  return {
    service: { apiToken: healthToken, display: false },
    role: {
      description: "Platform health checks (hubnet check): hub info, and the check user's server only",
      scopes: healthCheckScopes(),
      services: [HEALTH_SERVICE],
    },
  };
}

/** The JupyterHub service whose token Prometheus scrapes `/hub/metrics` with (its PodMonitor). */
export const METRICS_SERVICE = "hubnet-metrics";

/**
 * The metrics service and its role: `read:metrics` only. JupyterHub answers `/hub/metrics` to
 * authenticated callers (`JupyterHub.authenticate_prometheus` defaults to true), and user servers reach
 * the hub's port too, so the hub keeps metrics behind a token rather than opening them.
 */
export function metricsService(metricsToken: pulumi.Input<string>): { service: HubService; role: HubRole } {
  return {
    service: { apiToken: metricsToken, display: false },
    role: {
      description: "Prometheus (the cluster's monitoring) scrapes /hub/metrics",
      scopes: ["read:metrics"],
      services: [METRICS_SERVICE],
    },
  };
}

/** Every JupyterHub-side setting of one hub. */
export function jupyterHubSettings(a: JupyterHubSettingsArgs): JupyterHubSettings {
  const { community, hub } = a;
  const groups = needsGroups(community);
  const config = authConfig(community.auth, {
    domain: hub.domain,
    clientId: a.clientId,
    operators: operatorsOf(a.operators),
    cloud: a.cloud,
    groups,
    ...(a.secrets.sharedPassword !== undefined
      ? { passwords: { user: a.secrets.sharedPassword, admin: a.secrets.adminPassword } }
      : {}),
  });
  config.Authenticator.enable_auth_state = true;
  Object.assign(config.JupyterHub, namedServers(community));
  config.CryptKeeper = { keys: [a.secrets.cryptKey] };

  const health = healthService(a.secrets.healthToken);
  const services: Record<string, HubService> = { [HEALTH_SERVICE]: health.service };
  const loadRoles: Record<string, HubRole> = { [HEALTH_SERVICE]: health.role };
  if (a.secrets.metricsToken !== undefined) {
    const metrics = metricsService(a.secrets.metricsToken);
    services[METRICS_SERVICE] = metrics.service;
    loadRoles[METRICS_SERVICE] = metrics.role;
  }
  if (community.features.dask) {
    if (!a.secrets.daskToken) throw new Error("dask is enabled but no dask-gateway token was given");
    services[DASK_SERVICE] = daskHubService(a.namespace, a.secrets.daskToken);
  }

  const branding = brandingValues(community);
  return {
    config,
    templateFiles: branding.extraFiles,
    templatePaths: branding.templatePaths,
    templateVars: branding.templateVars,
    cull: cullSettings(community),
    services,
    loadRoles,
    extraConfig: authExtraConfig(community.auth, groups),
  };
}
