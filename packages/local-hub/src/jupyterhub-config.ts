/**
 * `jupyterhub_config.py` from a hub's JupyterHub settings (the same settings
 * the Hub component puts into the chart values, with plain tokens), and, for a
 * local hub, where it listens and keeps its state. Every value is a Python
 * literal (python.ts): nothing from a community file becomes code.
 */
import * as path from "node:path";
import type { CullSettings, HubService, JupyterHubSettings } from "@hubnet/components/hub/settings";
import { pyAssign, pyLiteral } from "./python";

/**
 * The Hub component's JupyterHub settings with plain (not Pulumi) tokens. Their `extraConfig` (the
 * Python a provider's authenticator needs) is not written: a local hub logs in with a password.
 */
export type PlainHubSettings = Omit<JupyterHubSettings, "services" | "extraConfig"> & {
  services: Record<string, Omit<HubService, "apiToken"> & { apiToken: string }>;
};

/** Where a local hub listens and keeps its state. */
export interface LocalRuntime {
  /** The public (proxy) port on 127.0.0.1. */
  port: number;
  hubPort: number;
  proxyApiPort: number;
  stateDir: string;
  /** The folder the template files are written to (it replaces `templatePaths`). */
  templateDir: string;
  /** The configurable-http-proxy command. */
  proxyCommand: string[];
  /** Python appended at the end (tests inject faults with it). */
  extraConfig?: string[];
}

/** Template files by file name, as they are written into a local template folder. */
export function templateFilesByName(settings: PlainHubSettings): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of Object.values(settings.templateFiles)) {
    const name = path.posix.basename(f.mountPath);
    if (!/^[\w.-]+\.html$/.test(name)) throw new Error(`not a template file name: ${JSON.stringify(name)}`);
    out[name] = f.stringData;
  }
  return out;
}

export function jupyterhubConfigPy(settings: PlainHubSettings, runtime?: LocalRuntime): string {
  const lines: string[] = [
    "# jupyterhub_config.py written by hubnet from the hub's settings (do not edit: regenerate).",
    "import importlib.util",
    "import os",
    "import sys",
    "",
    "c = get_config()  # noqa: F821",
    "",
  ];
  if (runtime) {
    const state = (f: string) => path.join(runtime.stateDir, f);
    lines.push(
      "# Loopback only; all state in one folder.",
      pyAssign("JupyterHub", "ip", "127.0.0.1"),
      pyAssign("JupyterHub", "port", runtime.port),
      pyAssign("JupyterHub", "hub_ip", "127.0.0.1"),
      pyAssign("JupyterHub", "hub_port", runtime.hubPort),
      pyAssign("ConfigurableHTTPProxy", "api_url", `http://127.0.0.1:${runtime.proxyApiPort}`),
      pyAssign("ConfigurableHTTPProxy", "command", runtime.proxyCommand),
      pyAssign("ConfigurableHTTPProxy", "pid_file", state("proxy.pid")),
      pyAssign("JupyterHub", "db_url", `sqlite:///${state("jupyterhub.sqlite")}`),
      pyAssign("JupyterHub", "cookie_secret_file", state("cookie_secret")),
      pyAssign("JupyterHub", "pid_file", state("jupyterhub.pid")),
      pyAssign("JupyterHub", "cleanup_servers", true),
      pyAssign("JupyterHub", "cleanup_proxy", true),
      "",
    );
  }

  lines.push("# hub.config");
  for (const [cls, traits] of Object.entries(settings.config))
    for (const [trait, value] of Object.entries(traits)) lines.push(pyAssign(cls, trait, value));

  lines.push(
    "",
    "# Templates (hub.templatePaths, hub.templateVars)",
    pyAssign("JupyterHub", "template_paths", runtime ? [runtime.templateDir] : settings.templatePaths),
    pyAssign("JupyterHub", "template_vars", settings.templateVars),
    "",
    "# Services and roles (hub.services, hub.loadRoles)",
    pyAssign(
      "JupyterHub",
      "services",
      Object.entries(settings.services).map(([name, s]) => ({
        name,
        api_token: s.apiToken,
        display: s.display,
        ...(s.url ? { url: s.url } : {}),
      })),
    ),
    pyAssign(
      "JupyterHub",
      "load_roles",
      Object.entries(settings.loadRoles).map(([name, r]) => ({ name, ...r })),
    ),
  );

  if (settings.cull.enabled) lines.push("", ...cullService(settings.cull, runtime?.hubPort ?? 8081));
  if (runtime?.extraConfig?.length) lines.push("", "# Extra config", ...runtime.extraConfig);
  return `${lines.join("\n")}\n`;
}

/**
 * The idle culler as a hub-managed service, with z2jh's arguments. Only when
 * jupyterhub-idle-culler is installed (the chart's hub image has it).
 */
function cullService(cull: CullSettings, hubPort: number): string[] {
  const args = [
    "-m",
    "jupyterhub_idle_culler",
    `--url=http://127.0.0.1:${hubPort}/hub/api`,
    `--timeout=${cull.timeout}`,
    `--cull-every=${cull.every}`,
    "--concurrency=10",
    ...(cull.maxAge > 0 ? [`--max-age=${cull.maxAge}`] : []),
    ...(cull.users ? ["--cull-users"] : []),
  ];
  return [
    "# Culling (cull.*): the idle culler, when installed",
    'if importlib.util.find_spec("jupyterhub_idle_culler") is not None:',
    `    c.JupyterHub.services.append({"name": "cull-idle", "command": [sys.executable, *${pyLiteral(args)}]})`,
    "    c.JupyterHub.load_roles.append(",
    '        {"name": "cull-idle", "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"], "services": ["cull-idle"]}',
    "    )",
  ];
}
