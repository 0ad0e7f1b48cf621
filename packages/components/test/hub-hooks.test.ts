/**
 * The hub.extraConfig snippets run as the hub runs them: z2jh execs each with `c` already holding the
 * chart's config (profile_list a list, volume_mounts a dict). Here python3 execs them against a
 * stand-in `c`, user and spawner, and reports what a given user gets.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type Json, render } from "./support/hub-fixtures";

const HARNESS = `
import json, sys
spec = json.load(sys.stdin)

class Section(dict):
    def __getattr__(self, k):
        return self[k]
    def __setattr__(self, k, v):
        self[k] = v

class Config(dict):
    def __getattr__(self, k):
        return self.setdefault(k, Section())

c = Config()
c.KubeSpawner.profile_list = spec["profile_list"]
for key in sorted(spec["extra_config"]):
    exec(spec["extra_config"][key])

class Group:
    def __init__(self, name): self.name = name
class User:
    def __init__(self, admin, groups): self.admin = admin; self.groups = [Group(g) for g in groups]
class Spawner:
    def __init__(self, user): self.user = user; self.volume_mounts = dict(spec["volume_mounts"])

out = {}
for name, who in spec["users"].items():
    s = Spawner(User(who["admin"], who["groups"]))
    profiles = c.KubeSpawner.profile_list
    slugs = [p["slug"] for p in (profiles(s) if callable(profiles) else profiles)]
    hook = c.KubeSpawner.get("pre_spawn_hook")
    if hook: hook(s)
    teams = c.GitHubOAuthenticator.get("auth_state_groups_key")
    out[name] = {
        "profiles": slugs,
        "mounts": sorted((m["mountPath"], m.get("readOnly", False)) for m in s.volume_mounts.values()),
        "groups_from_teams": teams({"teams": [{"slug": "gpu-users", "organization": {"login": "fixture-org"}}]}) if callable(teams) else None,
    }
print(json.dumps(out))
`;

function runHooks(values: Json, users: Record<string, { admin: boolean; groups: string[] }>) {
  const r = spawnSync("python3", ["-c", HARNESS], {
    input: JSON.stringify({
      profile_list: values.singleuser.profileList,
      extra_config: values.hub.extraConfig,
      // z2jh 4.4.0 keys the chart's mounts by name in a dict.
      volume_mounts: { home: { name: "home", mountPath: "/home/jovyan", subPath: "fix-prod/{username}" } },
      users,
    }),
    encoding: "utf8",
  });
  if (r.error || r.status !== 0) throw new Error(`python3 failed: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("hub.extraConfig hooks, run by Python", () => {
  it("shows a profile for groups only to their members, and GitHub teams become org:team groups", () => {
    const { values } = render({
      profiles: [
        { name: "small", displayName: "Small", cpu: 1, memory: "2G", default: true },
        {
          name: "gpu",
          displayName: "GPU",
          cpu: 4,
          memory: "16G",
          gpu: { type: "nvidia-tesla-t4" },
          allowedGroups: ["fixture-org:gpu-users"],
        },
      ],
    });
    const out = runHooks(values, {
      member: { admin: false, groups: ["fixture-org:gpu-users"] },
      other: { admin: false, groups: ["fixture-org:someone-else"] },
    });
    expect(out.member.profiles).toEqual(["small", "gpu"]);
    expect(out.other.profiles).toEqual(["small"]);
    expect(out.member.groups_from_teams).toEqual(["fixture-org:gpu-users"]);
  });

  it("mounts shared directories by who reads and who writes them, keeping the chart's own mounts", () => {
    const { values } = render({
      storage: {
        sharedDirectories: [
          { name: "datasets", read: "everyone", write: { groups: ["fixture-org:curators"] } },
          { name: "staff", read: "admins", write: "admins" },
        ],
      },
    });
    const out = runHooks(values, {
      admin: { admin: true, groups: [] },
      curator: { admin: false, groups: ["fixture-org:curators"] },
      student: { admin: false, groups: [] },
    });
    // Everyone's mounts (shared, datasets read-only) are in the chart values; the hook adds the rest.
    expect(out.student.mounts).toEqual([["/home/jovyan", false]]);
    expect(out.curator.mounts).toEqual([
      ["/home/jovyan", false],
      ["/home/jovyan/datasets-readwrite", false],
    ]);
    expect(out.admin.mounts).toEqual([
      ["/home/jovyan", false],
      ["/home/jovyan/shared-readwrite", false],
      ["/home/jovyan/staff", true],
      ["/home/jovyan/staff-readwrite", false],
    ]);
  });
});
