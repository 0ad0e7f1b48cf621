/** `hubnet dev`: its options and help. The work is in actions/dev.ts, loaded when it runs. */
import type { Command } from "commander";
import type { DevOptions } from "../actions/dev";
import { examples, options } from "./options";

export const DEFAULT_DEV_PORT = 8000;

export function declareDev(program: Command): void {
  program
    .command("dev")
    .description(
      "Run a local JupyterHub for one community on 127.0.0.1: its branding, profiles and login rules, to try before a pull request.",
    )
    .argument("<community>", "the community (its folder name under communities/)")
    .option(
      "--port <port>",
      "the port on 127.0.0.1 (another free one when it is taken)",
      String(DEFAULT_DEV_PORT),
    )
    .option("--verbose", "show JupyterHub's log")
    .addHelpText(
      "after",
      examples([
        ["hubnet dev physics-101", "then open the URL it prints; Ctrl-C stops it and removes its state"],
        ["hubnet dev physics-101 --port 8001 --verbose", "another port, with JupyterHub's log"],
      ]) +
        "\nNeeds JupyterHub (5.5.0, as the hub image): bash test/jupyterhub/hub-python/install.sh, then\n" +
        "HUBNET_JUPYTERHUB=.cache/hub-python/venv/bin/jupyterhub (or python3 -m pip install jupyterhub==5.5.0 jupyterlab ipykernel).\n",
    )
    .action(async (name: string, _opts: DevOptions, command: Command) => {
      const { dev } = require("../actions/dev") as typeof import("../actions/dev");
      await dev(name, options<DevOptions>(command));
    });
}
