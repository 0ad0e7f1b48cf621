/**
 * `hubnet dev` runs a real JupyterHub on 127.0.0.1 for one community, picks a
 * free port when its port is taken, stops on Ctrl-C or SIGTERM leaving no
 * process and no state behind, and says how to install JupyterHub when it is missing.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { processesUnder } from "@hubnet/local-hub";
import { afterEach, describe, expect, it } from "vitest";
import { BIN } from "../../packages/cli/test/run";
import { hubnet } from "../support/cli";
import { hubPythonEnv } from "../support/hub-python";
import { SKIP_E2E } from "../support/local-hub";
import { networkTree } from "../support/network-tree";

const FIXTURE = {
  name: "fixture-lab",
  displayName: "Fixture Lab <dev>",
  owners: ["fixture-owner"],
  cluster: "local-dev",
  hubs: [{ name: "dev", domain: "lab.fixture.localhost" }],
  auth: { provider: "dummy", allowedUsers: ["alice"], admins: ["admin"] },
  image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
  profiles: [{ name: "tiny", displayName: "Tiny", cpu: "500m", memory: "1Gi", default: true }],
};

interface Dev {
  child: ChildProcess;
  stdout: () => string;
  url: string;
  stateDir: string;
}

const running: Dev[] = [];

async function startDev(root: string, args: string[] = []): Promise<Dev> {
  const child = spawn(process.execPath, [BIN, "dev", "fixture-lab", "--root", root, ...args], {
    env: { ...hubPythonEnv(), NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (b) => {
    stdout += b;
  });
  child.stderr?.on("data", (b) => {
    stderr += b;
  });
  const dev: Dev = { child, stdout: () => stdout, url: "", stateDir: "" };
  running.push(dev);
  const until = Date.now() + 60_000;
  while (!/Ctrl-C stops/.test(stdout)) {
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`hubnet dev did not start:\n${stdout}\n${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  dev.url = (stdout.match(/runs at (http:\S+)/) ?? [])[1] ?? "";
  dev.stateDir = (stdout.match(/\$\(cat (\S+)\/health-token\)/) ?? [])[1] ?? "";
  return dev;
}

function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** Every process whose command line or working folder names the state folder. */
function leftovers(stateDir: string): number[] {
  const pids = new Set(fs.existsSync(stateDir) ? processesUnder(stateDir) : []);
  for (const e of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (fs.readFileSync(`/proc/${e}/cmdline`, "utf8").includes(stateDir)) pids.add(Number(e));
    } catch {
      // gone
    }
  }
  return [...pids];
}

/** The local addresses of listening TCP sockets on `port` (from /proc/net/tcp and tcp6). */
function listeners(port: number): string[] {
  const out: string[] = [];
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    if (!fs.existsSync(f)) continue;
    for (const line of fs.readFileSync(f, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4 || cols[3] !== "0A") continue;
      const [addr, hexPort] = cols[1].split(":");
      if (Number.parseInt(hexPort, 16) === port) out.push(addr);
    }
  }
  return out;
}

afterEach(async () => {
  // Even when a test failed: stop what it started.
  for (const dev of running.splice(0)) {
    if (dev.child.exitCode === null) {
      dev.child.kill("SIGTERM");
      await Promise.race([exitOf(dev.child), new Promise((r) => setTimeout(r, 20_000))]);
    }
    if (dev.stateDir) for (const pid of leftovers(dev.stateDir)) process.kill(pid, "SIGKILL");
  }
});

describe.skipIf(SKIP_E2E)("hubnet dev", () => {
  it("serves the community's hub on 127.0.0.1 only, on a free port when its port is taken", async () => {
    const root = networkTree([FIXTURE]);
    const blocker = net.createServer();
    const taken = await new Promise<number>((resolve) =>
      blocker.listen(0, "127.0.0.1", () => resolve((blocker.address() as net.AddressInfo).port)),
    );
    try {
      const dev = await startDev(root, ["--port", String(taken)]);
      expect(dev.stdout()).toContain(`port ${taken} is taken: using `);
      const url = new URL(dev.url);
      expect(url.hostname).toBe("127.0.0.1");
      const port = Number(url.port);
      expect(port).not.toBe(taken);
      // Bound to 127.0.0.1 (0100007F in /proc/net/tcp), never to every address.
      expect(listeners(port)).toEqual(["0100007F"]);
      expect(dev.stdout()).toMatch(/log in as: alice, admin; admins: admin/);
      expect(dev.stdout()).toMatch(/password: +\S+/);
      const login = await (await fetch(`${dev.url}hub/login`)).text();
      expect(login).toContain("Fixture Lab &lt;dev&gt;");
      expect(fs.existsSync(dev.stateDir)).toBe(true);
    } finally {
      blocker.close();
    }
  });

  it("--json: one object on stdout once the hub runs; what it says besides goes to stderr", async () => {
    const root = networkTree([FIXTURE]);
    const child = spawn(process.execPath, [BIN, "dev", "fixture-lab", "--root", root, "--json"], {
      env: { ...hubPythonEnv(), NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (b) => {
      stdout += b;
    });
    child.stderr?.on("data", (b) => {
      stderr += b;
    });
    const dev: Dev = { child, stdout: () => stdout, url: "", stateDir: "" };
    running.push(dev);
    const until = Date.now() + 60_000;
    while (!/Ctrl-C stops/.test(stderr) && child.exitCode === null && Date.now() < until)
      await new Promise((r) => setTimeout(r, 100));
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ ok: true, login: "alice, admin; admins: admin", problems: [] });
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    dev.stateDir = path.dirname(result.tokenFile);
    expect((await fetch(`${result.url}hub/api/`)).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exitOf(child)).toBe(0);
    expect(stdout.trim().split("\n").at(-1)).toBe("}"); // nothing after the object
    expect(leftovers(dev.stateDir)).toEqual([]);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} stops JupyterHub, its proxy and the servers it started; the state folder is removed`, async () => {
      const root = networkTree([FIXTURE]);
      const dev = await startDev(root);
      expect(leftovers(dev.stateDir).length).toBeGreaterThanOrEqual(2); // jupyterhub and its proxy
      // A running user server too: started through the health-check service.
      const token = fs.readFileSync(path.join(dev.stateDir, "health-token"), "utf8");
      const api = `${dev.url}hub/api/users/hubnet-health-check`;
      const auth = { Authorization: `token ${token}` };
      expect((await fetch(api, { method: "POST", headers: auth })).status).toBe(201);
      const started = await fetch(`${api}/server`, { method: "POST", headers: auth });
      expect([201, 202]).toContain(started.status);
      const until = Date.now() + 30_000;
      while (processesUnder(path.join(dev.stateDir, "users")).length === 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 200));
      expect(processesUnder(path.join(dev.stateDir, "users")).length).toBeGreaterThan(0);

      dev.child.kill(signal);
      expect(await exitOf(dev.child)).toBe(0);
      expect(dev.stdout()).toContain("stopped; nothing left running");
      expect(leftovers(dev.stateDir)).toEqual([]);
      expect(fs.existsSync(dev.stateDir)).toBe(false);
      expect(listeners(Number(new URL(dev.url).port))).toEqual([]);
    });
  }
});

describe.skipIf(SKIP_E2E)("a process that exits without stopping its hub", () => {
  it("leaves nothing behind: the hubs it started are killed as it exits", async () => {
    const script = [
      'const { startLocalHub, localHubSettings } = require("@hubnet/local-hub");',
      'const { CommunitySchema } = require("@hubnet/config");',
      `const community = CommunitySchema.parse(${JSON.stringify(FIXTURE)});`,
      "startLocalHub({ settings: (stateDir) => localHubSettings({ community, healthToken: 'token-of-this-test', password: 'p', stateDir }) })",
      "  .then((hub) => { console.log(hub.stateDir); process.exit(3); });",
    ].join("\n");
    const file = path.join(__dirname, "..", `.exit-without-stop-${process.pid}.ts`);
    fs.writeFileSync(file, script);
    try {
      const child = spawn(process.execPath, ["--import", "tsx", file], {
        env: hubPythonEnv(),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout?.on("data", (b) => {
        out += b;
      });
      child.stderr?.on("data", (b) => {
        err += b;
      });
      expect(await exitOf(child), err).toBe(3);
      const stateDir = out.trim();
      expect(stateDir).toMatch(/hubnet-hub-/);
      expect(leftovers(stateDir)).toEqual([]);
      expect(fs.existsSync(stateDir)).toBe(false);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe("hubnet dev without JupyterHub or with a wrong community", () => {
  it("says exactly how to install JupyterHub, exit 1", async () => {
    const root = networkTree([FIXTURE]);
    const r = await hubnet(["dev", "fixture-lab", "--root", root], {
      // hubnet runs as process.execPath; its PATH holds no jupyterhub
      env: { PATH: fs.mkdtempSync(path.join(root, "empty-path-")), HUBNET_JUPYTERHUB: undefined },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("JupyterHub is not installed (no `jupyterhub` on PATH)");
    expect(r.stderr).toContain("bash test/jupyterhub/hub-python/install.sh");
    expect(r.stderr).toContain("HUBNET_JUPYTERHUB=.cache/hub-python/venv/bin/jupyterhub");
    expect(r.stderr).toContain("python3 -m pip install jupyterhub==5.5.0 jupyterlab ipykernel");
    const bad = await hubnet(["dev", "fixture-lab", "--root", root], {
      env: { HUBNET_JUPYTERHUB: path.join(root, "no-such-jupyterhub") },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not an executable file");
  });

  it("an unknown community is a usage error (2); a broken one lists its problems (1)", async () => {
    const root = networkTree([FIXTURE, { ...FIXTURE, name: "broken-lab", profiles: [] }]);
    const unknown = await hubnet(["dev", "nope", "--root", root]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('no community "nope" (communities: fixture-lab');
    const broken = await hubnet(["dev", "broken-lab", "--root", root]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/communities\/broken-lab\/community\.yaml:\d+:\d+: profiles/);
    const port = await hubnet(["dev", "fixture-lab", "--root", root, "--port", "99999"]);
    expect(port.code).toBe(2);
  });
});
