import { CommunitySchema } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import {
  hasGroupRules,
  jupyterhubConfigPy,
  localHubSettings,
  profilesForm,
  pyAssign,
  pyLiteral,
} from "../src";

const community = CommunitySchema.parse({
  name: "lab",
  displayName: 'Lab "quoted" \n <b>',
  owners: ["o"],
  cluster: "c",
  hubs: [{ name: "prod", domain: "lab.example.org" }],
  auth: { provider: "github", orgs: ["lab-org"], admins: ["boss"] },
  image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
  profiles: [
    { name: "s", displayName: "S <i>", description: "d & e", cpu: "500m", memory: "1Gi", default: true },
    { name: "g", displayName: "G", cpu: 4, memory: "16G", gpu: { type: "nvidia-t4", count: 2 } },
  ],
  features: { dask: true },
});

describe("Python literals", () => {
  it("turn data into literals that cannot end their string", () => {
    expect(pyLiteral({ a: [1, true, null, "x\"\\\n'"] })).toBe('{"a": [1, True, None, "x\\"\\\\\\n\'"]}');
    expect(pyLiteral('"""; import os')).toBe('"\\"\\"\\"; import os"');
    expect(() => pyLiteral(Number.NaN)).toThrow();
    expect(() => pyAssign("JupyterHub", "x; import os", 1)).toThrow(/not a traitlets name/);
    expect(pyAssign("Spawner", "cmd", ["a"])).toBe('c.Spawner.cmd = ["a"]');
  });
});

describe("a local hub's settings", () => {
  const local = localHubSettings({ community, healthToken: "tok", password: "pw", stateDir: "/state" });

  it("keep the hub's templates, roles and admins; replace OAuth by one local password; drop dask", () => {
    const s = local.settings;
    expect(s.config.JupyterHub).toEqual({ authenticator_class: "dummy", spawner_class: "simple" });
    expect(s.config.GitHubOAuthenticator).toBeUndefined();
    expect(s.config.DummyAuthenticator).toEqual({ password: "pw" });
    // org rules cannot be checked locally: anyone with the password, the community's admins stay admins
    expect(hasGroupRules(community.auth)).toBe(true);
    expect(s.config.Authenticator).toEqual({ allowed_users: [], admin_users: ["boss"] });
    expect(Object.keys(s.services)).toEqual(["hubnet-health"]);
    expect(s.services["hubnet-health"].apiToken).toBe("tok");
    expect(s.loadRoles["hubnet-health"].scopes).toContain("servers!user=hubnet-health-check");
    expect((s.templateVars.hubnet as { display_name: string }).display_name).toBe(community.displayName);
    expect(local.login).toMatch(/^any user name .*; admins: boss$/);
  });

  it("write a config whose values are all literals", () => {
    const py = jupyterhubConfigPy(local.settings, {
      port: 8000,
      hubPort: 8081,
      proxyApiPort: 8001,
      stateDir: "/state",
      templateDir: "/state/templates",
      proxyCommand: ["/usr/bin/node", "/chp"],
    });
    expect(py).toContain('c.JupyterHub.ip = "127.0.0.1"');
    expect(py).toContain('c.JupyterHub.template_paths = ["/state/templates"]');
    expect(py).toContain(`"display_name": ${JSON.stringify(community.displayName)}`);
    expect(py).toContain('{"name": "hubnet-health", "api_token": "tok", "display": False}');
    expect(py).toContain('if importlib.util.find_spec("jupyterhub_idle_culler") is not None:');
    expect(py).toContain('"--timeout=3600"');
    // The display name's newline is escaped inside its literal: no line of the file starts with "<b>"
    expect(py.split("\n").some((l) => l.startsWith(" <b>"))).toBe(false);
  });

  it("show the profiles as a form, escaped", () => {
    const form = profilesForm(community.profiles);
    expect(form).toContain('<input type="radio" name="profile" value="s" checked>');
    expect(form).toContain(
      '<strong>S &lt;i&gt;</strong> <span class="hubnet-size">(0.5 CPU, 1Gi memory)</span>',
    );
    expect(form).toContain("d &amp; e");
    expect(form).toContain("(4 CPU, 16G memory, 2 × nvidia-t4 GPU)");
  });
});
