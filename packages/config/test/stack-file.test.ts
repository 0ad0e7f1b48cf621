/**
 * A stack file's keys as the Pulumi CLI writes them: `pulumi config set` gives a key without `:` the
 * project's namespace (pulumi/pulumi v3.276.0 pkg/cmd/pulumi/config/io.go parseConfigKey), where no
 * program reads; `hubnet validate` names the key the program reads. What the CLI writes for the
 * documented commands is accepted (test/pulumi-config.test.ts runs the real CLI).
 */
import { describe, expect, it } from "vitest";
import { loadStackFile, PROGRAM_CONFIG_KEYS } from "../src";

const load = (project: "cluster" | "community", config: string) =>
  loadStackFile(`stacks/${project}/Pulumi.s1.yaml`, project, {
    text: `encryptionsalt: v1:c2FsdA==:v1:AAAA:BBBB\nconfig:\n${config}`,
  }).problems;

describe("stack file keys", () => {
  it("accepts what `config set --secret --path 'hubnet:clientSecrets.<hub>'` and `--path 'hubnet:clientIds.<hub>'` write", () => {
    expect(
      load(
        "community",
        "  hubnet:clientSecrets:\n    staging:\n      secure: v1:AAAA:BBBB\n  hubnet:clientIds:\n    staging: id-1\n",
      ),
    ).toEqual([]);
    expect(load("cluster", "  hubnet:kubeconfig:\n    secure: v1:AAAA:BBBB\n")).toEqual([]);
  });

  it.each([
    [
      "community",
      "hubnet-community:clientSecrets",
      "hubnet:clientSecrets",
      "hubnet-community:clientSecrets:",
    ],
    [
      "community",
      "clientSecrets",
      "hubnet:clientSecrets",
      "hubnet-community:clientSecrets (a key without namespace",
    ],
    [
      "community",
      "hubnet-community:sharedPasswords",
      "hubnet:sharedPasswords",
      "hubnet-community:sharedPasswords:",
    ],
    ["community", "adminPasswords", "hubnet:adminPasswords", "hubnet-community:adminPasswords (a key"],
    ["cluster", "hubnet-cluster:kubeconfig", "hubnet:kubeconfig", "hubnet-cluster:kubeconfig:"],
    ["cluster", "kubeconfig", "hubnet:kubeconfig", "hubnet-cluster:kubeconfig (a key"],
  ] as const)("%s: %s is not where the program reads: it names %s", (project, key, meant, not) => {
    const problems = load(project, `  ${key}:\n    secure: v1:AAAA:BBBB\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 3, col: 3, path: `config.${key}` });
    expect(problems[0].message).toContain(`the ${project} program reads ${meant}, not ${not}`);
    expect(problems[0].message).toContain(`rename the key to ${meant}`);
  });

  it("a key of another namespace is not the program's concern (aws:region goes to the provider)", () => {
    expect(load("cluster", "  aws:region: us-west-2\n")).toEqual([]);
  });

  it("knows the keys of both programs, all in namespace hubnet", () => {
    for (const keys of Object.values(PROGRAM_CONFIG_KEYS)) {
      expect(keys.length).toBeGreaterThan(0);
      for (const k of keys) expect(k).toMatch(/^hubnet:[A-Za-z]+$/);
    }
  });
});
