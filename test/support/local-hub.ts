/**
 * A real local JupyterHub for end-to-end tests, with a fixture community: JupyterHub 5.5.0 from the
 * hub image's own packages (the virtual environment of test/support/hub-python.ts, installed from
 * PyPI when missing; decision 0018). `HUBNET_E2E=skip` skips these tests (reported as skipped);
 * otherwise an environment that cannot be installed fails them with install.sh's message.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type Community, type CommunityInput, CommunitySchema } from "@hubnet/config";
import { type LocalHub, localHubSettings, randomSecret, startLocalHub } from "@hubnet/local-hub";
import { hubPythonEnv } from "./hub-python";

export const SKIP_E2E = process.env.HUBNET_E2E === "skip";

export function fixtureCommunity(overrides: Partial<CommunityInput> = {}): Community {
  return CommunitySchema.parse({
    name: "fixture-lab",
    displayName: "Fixture Lab",
    description: "A community made up for tests.",
    owners: ["fixture-owner"],
    cluster: "local-dev",
    hubs: [{ name: "dev", domain: "fixture.hubnet.localhost" }],
    auth: { provider: "dummy", allowedUsers: ["alice"], admins: ["admin"] },
    image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
    profiles: [
      { name: "tiny", displayName: "Tiny (0.5 CPU, 1G)", cpu: "500m", memory: "1Gi", default: true },
    ],
    branding: {
      logoUrl: "https://logo.fixture.example/logo.svg",
      homepageUrl: "https://fixture.example/",
      fundedBy: { text: "The Fixture Foundation", url: "https://funder.fixture.example/" },
    },
    ...overrides,
  });
}

export interface TestHub extends LocalHub {
  token: string;
  password: string;
  /** Makes the next spawns fail in a chosen way (see FAULTS_PY); "" for none. */
  setFault(fault: "" | "spawn-fails" | "never-ready" | "kernel-error"): void;
}

/**
 * Faults the check must report, switched per test by a file in the state folder: a spawner that
 * fails, a server that never answers (the hub gives up after 8 s), a kernel that rejects all code.
 */
const FAULTS_PY = `
_reject_dir = os.path.join(_STATE, "ipython-reject")
os.makedirs(os.path.join(_reject_dir, "profile_default", "startup"), exist_ok=True)
with open(os.path.join(_reject_dir, "profile_default", "startup", "00-reject.py"), "w") as _f:
    _f.write(
        "import ast\\n"
        "from IPython.core.error import InputRejected\\n"
        "class _Reject(ast.NodeTransformer):\\n"
        "    def visit(self, node):\\n"
        "        raise InputRejected('fault injected: this kernel rejects all code')\\n"
        "get_ipython().ast_transformers.append(_Reject())\\n"
    )

def _hubnet_fault(spawner):
    _p = os.path.join(_STATE, "fault")
    fault = open(_p).read().strip() if os.path.exists(_p) else ""
    if fault == "spawn-fails":
        raise RuntimeError("fault injected: this hub cannot start servers")
    if fault == "never-ready":
        spawner.cmd = [sys.executable, "-c", "import time; time.sleep(600)"]
        spawner.http_timeout = 8
    if fault == "kernel-error":
        spawner.environment = dict(spawner.environment, IPYTHONDIR=_reject_dir)

c.Spawner.pre_spawn_hook = _hubnet_fault
`;

export async function startTestHub(
  opts: { community?: Community; faults?: boolean; port?: number } = {},
): Promise<TestHub> {
  const token = randomSecret();
  const password = randomSecret(8);
  const community = opts.community ?? fixtureCommunity();
  const hub = await startLocalHub({
    port: opts.port,
    env: hubPythonEnv(),
    settings: (stateDir) => {
      const s = localHubSettings({ community, healthToken: token, password, stateDir });
      const extra = opts.faults ? [`_STATE = ${JSON.stringify(stateDir)}`, FAULTS_PY] : [];
      return { settings: s.settings, extraConfig: [...s.extraConfig, ...extra] };
    },
  });
  return {
    ...hub,
    token,
    password,
    setFault: (fault) => fs.writeFileSync(path.join(hub.stateDir, "fault"), fault),
  };
}
