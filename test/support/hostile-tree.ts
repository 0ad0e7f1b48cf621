/**
 * What the untrusted-input tests share: a small network of their own (one local cluster, two
 * communities), a way to run the real `hubnet` as root or as an unprivileged user with its CPU
 * time measured, and a snapshot that sees symbolic links and modes, to prove nothing was written.
 */
import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { BIN } from "../../packages/cli/test/run";

export const CLUSTER = `# a local cluster of the tests' own
config:
  hubnet:cluster:
    cloud: local
    context: kind-lab
    node: { cpu: 4, memory: 8Gi }
    domain: lab.example.org
    certificateEmail: ops@example.org
    operators: { local: [admin] }
`;

export const community = (name: string) => `name: ${name}
displayName: Community ${name}
owners: [octo-cat]
cluster: lab
hubs:
  - { name: dev, domain: ${name}.lab.example.org }
auth:
  provider: dummy
  allowedUsers: [alice]
image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }
profiles:
  - { name: small, displayName: Small, cpu: 500m, memory: 1Gi, default: true }
`;

/** A fresh network under a new temporary folder (readable by every user, like a checkout). */
export function makeNetwork(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-hostile-"));
  fs.chmodSync(root, 0o755);
  const write = (rel: string, text: string) => {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, text, { mode: 0o644 });
  };
  write("stacks/cluster/Pulumi.lab.yaml", CLUSTER);
  write("communities/alpha/community.yaml", community("alpha"));
  write("communities/beta/community.yaml", community("beta"));
  fs.mkdirSync(path.join(root, "stacks/community"), { mode: 0o755 });
  return root;
}

/** Every path under `root` with what it is: file content, link target, folder; and its mode. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      const rel = path.relative(root, p);
      const st = fs.lstatSync(p);
      const mode = (st.mode & 0o7777).toString(8);
      if (st.isSymbolicLink()) out[rel] = `link ${fs.readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = `folder ${mode}`;
        walk(p);
      } else if (st.isFile()) out[rel] = `file ${mode} ${fs.readFileSync(p, "utf8")}`;
      else out[rel] = `other ${mode}`;
    }
  };
  walk(root);
  return out;
}

/** How to run a command as an unprivileged user, or why that is impossible here. */
export function unprivileged(): { prefix: string[] } | { impossible: string } {
  if (process.getuid?.() !== 0) return { prefix: [] }; // not root: permissions already apply
  try {
    execFileSync("setpriv", ["--version"], { stdio: "ignore" });
  } catch {
    return { impossible: "running as root and setpriv (util-linux) is not installed" };
  }
  return { prefix: ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time, milliseconds. */
  wallMs: number;
  /** CPU time of the hubnet process (user + system), milliseconds. */
  cpuMs: number;
}

/** Runs the real `hubnet` with `args` in `cwd`, as root or with `prefix` (setpriv). */
export function runHubnet(args: string[], opts: { cwd: string; prefix?: string[] }): Promise<Run> {
  const measure = fs.mkdtempSync(path.join(os.tmpdir(), "hubnet-cpu-"));
  fs.chmodSync(measure, 0o777);
  const cpuFile = path.join(measure, "cpu");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CI: "true",
    NO_COLOR: "1",
    HUBNET_CPU_TIME: cpuFile,
    NODE_OPTIONS: `--require ${path.join(__dirname, "cpu-time.cjs")}`,
  };
  delete env.FORCE_COLOR;
  const [cmd, ...pre] = [...(opts.prefix ?? []), process.execPath];
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      cmd,
      [...pre, BIN, ...args],
      { cwd: opts.cwd, env, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const wallMs = performance.now() - started;
        const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
        let cpuMs = Number.NaN;
        try {
          cpuMs = Number(fs.readFileSync(cpuFile, "utf8"));
        } catch {
          // no file: the process did not exit normally (killed by the timeout)
        }
        fs.rmSync(measure, { recursive: true, force: true });
        resolve({ code, stdout, stderr, wallMs, cpuMs });
      },
    );
  });
}
