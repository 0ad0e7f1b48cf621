/**
 * Every hub of a plan of the test network, loaded the way the z2jh 4.4.0 hub pod loads it: the
 * chart's own jupyterhub_config.py and z2jh.py over the values Helm puts into the hub's Secret, with
 * the hub image's own packages from PyPI (JupyterHub 5.5.0, KubeSpawner 7.0.0, OAuthenticator 17.4.0:
 * test/jupyterhub/hub-python/, decision 0018). The configuration loads, every hub.extraConfig runs,
 * the authenticator accepts its settings, and every profile and choice applies to a KubeSpawner and
 * makes a pod. Broken copies of a hub prove the check is live: each fails, naming the hub and the problem.
 */
import { type Cloud, loadNetwork } from "@hubnet/config";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURE_NETWORK } from "../support/cli";
import {
  checkHubConfigs,
  type HubInput,
  type HubResult,
  hubsOfPlans,
  z2jhChartDir,
} from "../support/hub-python";
import { renderNetwork } from "../support/network-plan-checks";

// biome-ignore lint/suspicious/noExplicitAny: chart values are free-form JSON
type Values = Record<string, any>;

/** Breakages of one hub's values, each with what the check must say about it. */
const BREAKAGES: { what: string; breaks: (v: Values) => void; says: RegExp }[] = [
  {
    what: "an unknown trait in a profile's kubespawner_override",
    breaks: (v) => {
      v.singleuser.profileList[0].kubespawner_override.cpu_limt = 2;
    },
    says: /kubespawner_override: KubeSpawner 7\.0\.0 has no trait 'cpu_limt'/,
  },
  {
    what: "a wrong type in a profile's kubespawner_override",
    breaks: (v) => {
      v.singleuser.profileList[0].kubespawner_override.mem_limit = ["plenty"];
    },
    says: /profile \S+: kubespawner_override\.mem_limit = \[.plenty.\]: TypeError: /,
  },
  {
    what: "a hub.extraConfig that raises",
    breaks: (v) => {
      v.hub.extraConfig = { ...v.hub.extraConfig, "zz-broken": "raise RuntimeError('broken on purpose')" };
    },
    says: /RuntimeError: broken on purpose \(in a hub\.extraConfig, line 1/,
  },
  {
    what: "an unknown trait in hub.config",
    breaks: (v) => {
      v.hub.config.JupyterHub.no_such_setting = true;
    },
    says: /Config option `no_such_setting` not recognized by `JupyterHub`/,
  },
  {
    what: "an authenticator setting of the wrong type",
    breaks: (v) => {
      v.hub.config.Authenticator.admin_users = 5;
    },
    says: /TraitError: .*admin_users/,
  },
  {
    what: "an authenticator that admits nobody (no allow rule)",
    breaks: (v) => {
      // GitHub with a client but no user, organization or team rule (JupyterHub 5: nobody may log in).
      v.hub.config.JupyterHub.authenticator_class = "github";
      v.hub.config.Authenticator = {};
      v.hub.config.GitHubOAuthenticator = {
        client_id: "a-client",
        client_secret: "a-secret",
        oauth_callback_url: "https://hub.example/hub/oauth_callback",
      };
    },
    says: /hub configuration: No allow config found, it's possible that nobody can login/,
  },
  {
    what: "a hub.config section that names no class of the image",
    breaks: (v) => {
      v.hub.config.GithubOAuthenticator = { client_id: "misspelt" };
    },
    says: /config section GithubOAuthenticator: no Configurable class of that name/,
  },
];

describe("the hub image's own Python (JupyterHub 5.5.0, KubeSpawner 7.0.0) loads every hub of a plan", () => {
  let hubs: HubInput[];
  let broken: { input: HubInput; what: string; says: RegExp }[];
  const results = new Map<string, HubResult>();

  beforeAll(async () => {
    const net = await renderNetwork(FIXTURE_NETWORK);
    const network = loadNetwork(FIXTURE_NETWORK);
    const clusterOf = (name: string) => {
      const c = network.clusters.get(name);
      if (!c) throw new Error(`no cluster ${name} in the test network`);
      return c.config as { cloud: Cloud; kubernetesVersion?: string };
    };
    hubs = hubsOfPlans(net.plans, clusterOf);
    const base = hubs.find((h) => h.values.singleuser.profileList?.[0]?.kubespawner_override);
    if (!base) throw new Error("no hub of the test network has a profile list");
    broken = BREAKAGES.map(({ what, breaks, says }) => {
      const values = structuredClone(base.values);
      breaks(values);
      return { input: { ...base, hub: `${base.hub} (broken: ${what})`, values }, what, says };
    });
    const all = checkHubConfigs([...hubs, ...broken.map((b) => b.input)], z2jhChartDir());
    for (const r of all) results.set(r.hub, r);
  }, 900_000);

  it("checks every hub of the plan, on the image's pins", () => {
    expect(hubs.length).toBeGreaterThan(5);
    for (const h of [...hubs, ...broken.map((b) => b.input)]) {
      const r = results.get(h.hub);
      expect(r, h.hub).toBeDefined();
      expect(r?.versions, h.hub).toEqual({
        jupyterhub: "5.5.0",
        "jupyterhub-kubespawner": "7.0.0",
        oauthenticator: "17.4.0",
        traitlets: "5.15.1",
      });
    }
  });

  it("every hub's configuration loads, its extraConfig runs and its authenticator accepts its settings", () => {
    for (const h of hubs) {
      const r = results.get(h.hub) as HubResult;
      expect({ hub: h.hub, problems: r.problems }).toEqual({ hub: h.hub, problems: [] });
      expect(r.checked.extraConfig, h.hub).toBe(Object.keys(h.values.hub.extraConfig ?? {}).length);
    }
  });

  it("every profile and every choice of its options applies to a KubeSpawner and makes a pod", () => {
    for (const h of hubs) {
      const r = results.get(h.hub) as HubResult;
      const profiles: Values[] = h.values.singleuser.profileList ?? [];
      const choices = profiles.flatMap((p) =>
        Object.values(p.profile_options ?? {}).flatMap((o) => Object.keys((o as Values).choices ?? {})),
      );
      expect(r.checked.profiles, h.hub).toBe(profiles.length);
      // The default server of a user and of an admin, each profile with its defaults, each choice.
      expect(r.checked.spawns, h.hub).toBeGreaterThanOrEqual(2 + profiles.length + choices.length);
    }
  });

  it("a dask hub's user pod gets the gateway's image option as the client's template, {JUPYTER_IMAGE_SPEC}", () => {
    const dask = hubs.filter((h) => h.values.singleuser.extraEnv?.DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE);
    expect(dask.length).toBeGreaterThan(0);
    for (const h of dask) {
      const env = (results.get(h.hub) as HubResult).defaultPodEnv;
      // KubeSpawner expands {…} in environment values (spawner.py get_env → _expand_env): what
      // reaches the pod is what dask-gateway's client then fills in with the image.
      expect(env.DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE, h.hub).toBe("{JUPYTER_IMAGE_SPEC}");
      expect(env.JUPYTER_IMAGE_SPEC, h.hub).toMatch(/^quay\.io\/|^[a-z0-9.-]+\//);
    }
  });

  it.each(BREAKAGES.map((b) => b.what))("fails on %s, naming the hub and the problem", (what) => {
    const b = broken.find((x) => x.what === what) as (typeof broken)[number];
    const r = results.get(b.input.hub) as HubResult;
    expect(r.hub).toContain(what);
    expect(r.ok, b.input.hub).toBe(false);
    expect(r.problems.join("\n")).toMatch(b.says);
  });
});
