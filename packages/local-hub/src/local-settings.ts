/**
 * The settings of a local JupyterHub for one community (`hubnet dev` and the
 * end-to-end tests): the hub's own settings from jupyterHubSettings (branding,
 * allow and admin rules, the health-check service and role, culling), with
 * what cannot run on a laptop replaced: dummy logins with one local password
 * instead of the OAuth provider, a local process instead of a Kubernetes pod,
 * the profiles as a form (each starts the same local server), no dask-gateway.
 */
import * as path from "node:path";
import { DASK_SERVICE, jupyterHubSettings } from "@hubnet/components/hub/settings";
import {
  type Community,
  type CommunityHub,
  type CommunityProfile,
  escapeHtml,
  profileShapes,
} from "@hubnet/config";
import type { PlainHubSettings } from "./jupyterhub-config";

export interface LocalHubSettingsArgs {
  community: Community;
  /** The hub whose settings are used (default: the community's first hub). */
  hub?: CommunityHub;
  healthToken: string;
  /** The one password of every local user. */
  password: string;
  /** The local hub's state folder: users' homes go under it. */
  stateDir: string;
}

export interface LocalHubSettings {
  settings: PlainHubSettings;
  /** Python run after the settings (choices that depend on the installed JupyterHub). */
  extraConfig: string[];
  /** Who may log in locally, in words. */
  login: string;
}

/** Providers whose rules (organizations, teams, domains, groups) cannot be checked on a laptop. */
export function hasGroupRules(auth: Community["auth"]): boolean {
  switch (auth.provider) {
    case "github":
      return auth.orgs.length > 0 || auth.teams.length > 0;
    case "google":
      return auth.domains.length > 0;
    case "cilogon":
      return auth.identityProviders.length > 0;
    case "oidc":
      return auth.allowedGroups.length > 0;
    default:
      return false;
  }
}

export function localHubSettings(a: LocalHubSettingsArgs): LocalHubSettings {
  const { community } = a;
  const hub = a.hub ?? community.hubs[0];
  const base = jupyterHubSettings({
    community,
    hub,
    clientId: "local",
    operators: [],
    cloud: "local",
    namespace: "local",
    // Logins are replaced below (dummy with the local password): a workshop's passwords stand in here.
    secrets: {
      cryptKey: "",
      healthToken: a.healthToken,
      daskToken: "local",
      sharedPassword: a.password,
      adminPassword: a.password,
    },
  });
  // Whatever the provider's builder sets (some providers set no allow list): lists of names, else none.
  const names = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const auth = {
    allowed_users: names(base.config.Authenticator?.allowed_users),
    admin_users: names(base.config.Authenticator?.admin_users),
  };
  const anyone = hasGroupRules(community.auth);
  const config: Record<string, Record<string, unknown>> = {
    JupyterHub: { authenticator_class: "dummy", spawner_class: "simple" },
    Authenticator: {
      allowed_users: anyone ? [] : auth.allowed_users,
      admin_users: auth.admin_users,
    },
    DummyAuthenticator: { password: a.password },
    Spawner: { options_form: profilesForm(community.profiles) },
    SimpleLocalProcessSpawner: { home_dir_template: path.join(a.stateDir, "users", "{username}") },
  };
  const services = Object.fromEntries(
    Object.entries(base.services)
      .filter(([name]) => name !== DASK_SERVICE)
      .map(([name, s]) => [
        name,
        { apiToken: String(s.apiToken), display: s.display, ...(s.url ? { url: s.url } : {}) },
      ]),
  );

  const extraConfig = [
    "import shutil",
    "import jupyterhub",
    "# The single-user server next to this JupyterHub (the hub image's virtual environment, or any other).",
    '_su = shutil.which("jupyterhub-singleuser", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))',
    "if _su:",
    "    c.Spawner.cmd = [_su]",
    'c.Spawner.default_url = "/lab" if importlib.util.find_spec("jupyterlab") else "/tree"',
    "if hasattr(os, 'getuid') and os.getuid() == 0:",
    '    c.Spawner.args = ["--allow-root"]',
    ...(anyone || auth.allowed_users.length === 0
      ? [
          "# JupyterHub 5 admits nobody without an allow rule: here, anyone with the password.",
          'if int(jupyterhub.__version__.split(".")[0]) >= 5:',
          "    c.Authenticator.allow_all = True",
        ]
      : []),
  ];

  const who = anyone
    ? "any user name (the provider's organization, team, domain or group rules cannot be checked locally)"
    : `${[...new Set([...auth.allowed_users, ...auth.admin_users])].join(", ") || "nobody"}`;
  return {
    settings: { ...base, config, services },
    extraConfig,
    login: `${who}; admins: ${auth.admin_users.join(", ") || "none"}`,
  };
}

/** One radio button per profile (KubeSpawner shows profile_list the same way), image choices as selects. */
export function profilesForm(profiles: readonly CommunityProfile[]): string {
  const items = profiles.map((p) => {
    const limits = profileShapes(p).at(-1);
    const size = [
      ...(limits ? [`${limits.cpu.limit.cores} CPU`, `${limits.memory.limit.text} memory`] : []),
      ...(p.gpu ? [`${p.gpu.count} × ${p.gpu.type} GPU`] : []),
    ].join(", ");
    const images = p.images?.length
      ? `<select name="image-${escapeHtml(p.name)}" aria-label="Image for ${escapeHtml(p.displayName)}">${p.images
          .map(
            (i) =>
              `<option value="${escapeHtml(i.name)}"${i.default ? " selected" : ""}>${escapeHtml(i.displayName)}</option>`,
          )
          .join("")}</select>`
      : "";
    return (
      `<div class="radio hubnet-profile"><label><input type="radio" name="profile" value="${escapeHtml(p.name)}"${p.default ? " checked" : ""}> ` +
      `<strong>${escapeHtml(p.displayName)}</strong> <span class="hubnet-size">(${escapeHtml(size)})</span>` +
      `${p.description ? `<br><small>${escapeHtml(p.description)}</small>` : ""}</label> ${images}</div>`
    );
  });
  return (
    `<fieldset class="hubnet-profiles"><legend>Server options</legend>${items.join("")}` +
    '<p class="help-block">On this local hub every option starts the same local server.</p></fieldset>'
  );
}
