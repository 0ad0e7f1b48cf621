/**
 * The JupyterHub-side settings of every hub of the example network, checked
 * by JupyterHub's side: each `hub.config` class and trait exists in the
 * chart's hub image (the traits oracle), and the `jupyterhub_config.py`
 * written from them, loaded by the real traitlets of the hub image's packages
 * (test/support/hub-python.ts), gives back exactly the settings.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { jupyterHubSettings } from "@hubnet/components/hub/settings";
import { loadNetwork } from "@hubnet/config";
import { jupyterhubConfigPy, type PlainHubSettings } from "@hubnet/local-hub";
import { describe, expect, it } from "vitest";
import { oracleFile } from "../oracles";
import { REPO, tmpDir } from "../support/cli";
import { hubPython } from "../support/hub-python";
import { SKIP_E2E } from "../support/local-hub";

const network = loadNetwork(REPO);

function everyHubSettings() {
  const all: { id: string; settings: PlainHubSettings }[] = [];
  for (const { config: community } of network.communities.values()) {
    const cluster = network.clusters.get(community.cluster)?.config;
    if (!cluster) continue;
    for (const hub of community.hubs) {
      const s = jupyterHubSettings({
        community,
        hub,
        clientId:
          hub.clientId ?? ("clientId" in community.auth ? community.auth.clientId : undefined) ?? "client-id",
        operators: cluster.operators,
        cloud: cluster.cloud,
        namespace: `${community.name}-${hub.name}`,
        secrets: {
          cryptKey: "crypt-key",
          healthToken: "health-token",
          daskToken: "dask-token",
          sharedPassword: "shared-password",
          adminPassword: "admin-password-of-thirty-two-characters",
        },
      });
      all.push({ id: `${community.name}/${hub.name}`, settings: s as unknown as PlainHubSettings });
    }
  }
  return all;
}

describe("JupyterHub settings of every hub of the example network", () => {
  const hubs = everyHubSettings();

  it("the example network is valid and has hubs", () => {
    expect(network.problems).toEqual([]);
    expect(hubs.length).toBeGreaterThan(0);
  });

  it("every hub.config class and trait exists in the chart's hub image (traits oracle)", () => {
    const oracle = JSON.parse(
      fs.readFileSync(oracleFile("jupyterhub-traits-z2jh-4.4.0", "traits.json"), "utf8"),
    ) as { classes: Record<string, { traits: Record<string, unknown> }> };
    for (const { id, settings } of hubs)
      for (const [cls, traits] of Object.entries(settings.config)) {
        expect(oracle.classes[cls], `${id}: ${cls}`).toBeDefined();
        for (const trait of Object.keys(traits))
          expect(oracle.classes[cls].traits[trait], `${id}: ${cls}.${trait}`).toBeDefined();
      }
  });

  it.skipIf(SKIP_E2E)(
    "their jupyterhub_config.py, loaded by the real traitlets, gives back the settings",
    () => {
      const { python } = hubPython();
      const dir = tmpDir("config-py");
      for (const { id, settings } of hubs) {
        const file = path.join(dir, `${id.replace("/", "-")}.py`);
        fs.writeFileSync(file, jupyterhubConfigPy(settings));
        const loaded = JSON.parse(
          execFileSync(
            python,
            [
              "-c",
              "import json, sys\nfrom traitlets.config.loader import PyFileConfigLoader\n" +
                "c = PyFileConfigLoader(sys.argv[1]).load_config()\n" +
                "print(json.dumps({k: dict(v) for k, v in c.items()}))",
              file,
            ],
            { encoding: "utf8" },
          ),
        ) as Record<string, Record<string, unknown>>;
        for (const [cls, traits] of Object.entries(settings.config))
          for (const [trait, value] of Object.entries(traits))
            expect(loaded[cls][trait], `${id}: ${cls}.${trait}`).toEqual(value);
        expect(loaded.JupyterHub.template_paths).toEqual(settings.templatePaths);
        expect(loaded.JupyterHub.template_vars).toEqual(settings.templateVars);
        // The hub image has jupyterhub-idle-culler: with cull.enabled, the culler service and its role follow.
        const cull = settings.cull;
        expect(loaded.JupyterHub.services).toEqual([
          ...Object.entries(settings.services).map(([name, s]) => ({
            name,
            api_token: s.apiToken,
            display: s.display,
            ...(s.url ? { url: s.url } : {}),
          })),
          ...(cull.enabled
            ? [
                {
                  name: "cull-idle",
                  command: expect.arrayContaining([
                    "jupyterhub_idle_culler",
                    `--timeout=${cull.timeout}`,
                    `--cull-every=${cull.every}`,
                  ]),
                },
              ]
            : []),
        ]);
        expect(loaded.JupyterHub.load_roles).toEqual([
          ...Object.entries(settings.loadRoles).map(([name, r]) => ({ name, ...r })),
          ...(cull.enabled ? [expect.objectContaining({ name: "cull-idle", services: ["cull-idle"] })] : []),
        ]);
      }
    },
  );
});
