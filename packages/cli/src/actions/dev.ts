/**
 * `hubnet dev <community>`: a real JupyterHub on 127.0.0.1 for one community,
 * with its branding, profiles (in the spawn form), allow and admin rules
 * (one local password), local servers and the health-check service, so a
 * community sees and tries its hub before proposing a change. Its state lives
 * in a temporary folder removed on exit; Ctrl-C stops everything it started.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { communityFile, inspect, loadNetwork, nameProblem } from "@hubnet/config";
import {
  JupyterHubMissing,
  type LocalHub,
  localHubSettings,
  randomSecret,
  startLocalHub,
} from "@hubnet/local-hub";
import { Exit, ExitCode, UsageError } from "../exit-codes";
import type { GlobalOptions } from "../global-options";
import { messageJson, Output, plural, problemJson } from "../output";
import { resolveRoot } from "../root";

export interface DevOptions {
  port: string;
  verbose?: boolean;
}

export async function dev(name: string, opts: DevOptions & GlobalOptions): Promise<void> {
  const port = Number(opts.port);
  if (!/^\d+$/.test(opts.port) || port < 1 || port > 65535)
    throw new UsageError(`--port ${opts.port}: give a port from 1 to 65535`, "dev");
  // The name is checked before any file is touched: it is never a path.
  const badName = nameProblem("community", name);
  if (badName) throw new UsageError(badName, "dev");
  const root = resolveRoot(opts.root, "dev");
  const out = new Output({ color: opts.color });
  const network = loadNetwork(root);
  const file = communityFile(root, name);
  const loaded = network.communities.get(name);
  const state = inspect(root, file);
  if (!loaded && state.kind === "missing") {
    const known = [...network.communities.keys()].join(", ") || "none";
    throw new UsageError(`no community ${JSON.stringify(name)} (communities: ${known})`, "dev");
  }
  // Its file's problems, or why the file is not read (a symbolic link on its way, reported at the link).
  const problems =
    state.kind === "refused"
      ? [state.problem]
      : network.problems.filter((p) => p.file && path.resolve(p.file) === path.resolve(file));
  if (!loaded || problems.length > 0) {
    if (opts.json) out.json({ ok: false, problems: problems.map((p) => problemJson(p, root)) });
    else {
      out.problems(problems);
      out.line(`${out.style.red("✗")} ${plural(problems.length, "problem")} in ${name}: fix them first`);
    }
    throw new Exit(ExitCode.Problems);
  }
  await runDevHub(out, loaded.config, port, opts.verbose === true, opts.json === true);
}

async function runDevHub(
  out: Output,
  community: Parameters<typeof localHubSettings>[0]["community"],
  port: number,
  verbose: boolean,
  json: boolean,
): Promise<void> {
  const token = randomSecret();
  const password = randomSecret(6);
  let login = "";
  let hub: LocalHub;
  // With --json, stdout holds one object (printed once the hub runs); the rest goes to stderr.
  const say = json ? (s: string) => out.error(s) : (s: string) => out.line(s);
  say(`starting JupyterHub for ${community.name} on 127.0.0.1…`);
  try {
    hub = await startLocalHub({
      port,
      onOutput: verbose ? (s) => process.stderr.write(s) : undefined,
      settings: (stateDir) => {
        const s = localHubSettings({ community, healthToken: token, password, stateDir });
        login = s.login;
        return s;
      },
    });
  } catch (err) {
    if (err instanceof JupyterHubMissing) {
      if (json) out.json({ ok: false, problems: [messageJson(err.message)] });
      out.error(`error: ${err.message}`);
      throw new Exit(ExitCode.Problems);
    }
    throw err;
  }
  const tokenFile = path.join(hub.stateDir, "health-token");
  fs.writeFileSync(tokenFile, token, { mode: 0o600 });

  const st = json ? { green: (s: string) => s, bold: (s: string) => s } : out.style;
  if (hub.port !== port) say(`port ${port} is taken: using ${hub.port}`);
  if (json) out.json({ ok: true, url: hub.url, port: hub.port, login, password, tokenFile, problems: [] });
  say(`${st.green("✓")} ${community.displayName} runs at ${st.bold(hub.url)}`);
  say(`  log in as: ${login}`);
  say(`  password:  ${password}`);
  say(`  check it:  HUBNET_HEALTH_TOKEN=$(cat ${tokenFile}) pnpm hubnet check ${hub.url}`);
  say("  Ctrl-C stops the hub and removes its state.");

  const code = await new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (sig: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      say(`${sig}: stopping JupyterHub…`);
      hub.stop().then(() => resolve(ExitCode.Ok));
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    process.on("SIGHUP", stop);
    hub.exited.then((e) => {
      if (stopping) return;
      stopping = true;
      out.error(`JupyterHub exited (${e.code ?? e.signal}); its last lines:`);
      out.error(hub.log().split("\n").slice(-20).join("\n"));
      hub.stop().then(() => resolve(ExitCode.Problems));
    });
  });
  say(code === ExitCode.Ok ? `${st.green("✓")} stopped; nothing left running` : "stopped");
  if (code !== ExitCode.Ok) throw new Exit(ExitCode.Problems);
}
