/** Finding JupyterHub on this machine, and saying exactly how to install it when it is missing. */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

/**
 * The commands that install what a local hub needs (configurable-http-proxy comes with hubnet): the
 * hub image's own packages (JupyterHub 5.5.0, what the z2jh 4.4.0 chart runs; what the tests use,
 * decision 0018) into the checkout's .cache/hub-python/venv, or the same JupyterHub with pip.
 */
export const INSTALL_COMMANDS = {
  hubImage:
    "bash test/jupyterhub/hub-python/install.sh && export HUBNET_JUPYTERHUB=.cache/hub-python/venv/bin/jupyterhub",
  pip: "python3 -m pip install jupyterhub==5.5.0 jupyterlab ipykernel",
} as const;

export class JupyterHubMissing extends Error {
  constructor(what: string) {
    super(
      `${what}\n` +
        "Install JupyterHub (5.5.0, as the hub image runs it), JupyterLab and a Python kernel:\n" +
        `  the hub image's packages, from the checkout:  ${INSTALL_COMMANDS.hubImage}\n` +
        `  or with pip:                                  ${INSTALL_COMMANDS.pip}\n` +
        "or point HUBNET_JUPYTERHUB at a jupyterhub executable.",
    );
    this.name = "JupyterHubMissing";
  }
}

/** `$HUBNET_JUPYTERHUB`, else `jupyterhub` on PATH; throws JupyterHubMissing with the install commands. */
export function findJupyterHub(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.HUBNET_JUPYTERHUB;
  if (explicit) {
    if (isExecutable(explicit)) return path.resolve(explicit);
    throw new JupyterHubMissing(`HUBNET_JUPYTERHUB=${explicit} is not an executable file.`);
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, "jupyterhub");
    if (isExecutable(candidate)) return candidate;
  }
  throw new JupyterHubMissing("JupyterHub is not installed (no `jupyterhub` on PATH).");
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** configurable-http-proxy from this package's dependencies, run by this Node.js. */
export function proxyCommand(): string[] {
  // Resolved from this source file's folder, also when hubnet runs compiled from elsewhere.
  const here = createRequire(__filename);
  const pkg = here.resolve("configurable-http-proxy/package.json");
  const bin = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { bin: Record<string, string> }).bin[
    "configurable-http-proxy"
  ];
  return [process.execPath, path.join(path.dirname(pkg), bin)];
}
