/**
 * The providers' facts tables (decision 0022, issue 18 item 1): one place for what each type means.
 * A type token of a resource that holds user data or is a cluster is written in exactly one
 * non-test source file (its provider's facts module); every fact names its source; the list the
 * diff and the summary read is the cloud registry's.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CLOUD_CONFIGS, RESOURCE_FACTS, resourceFacts, typesThatHold } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/cli";

const sources = () =>
  execFileSync("git", ["ls-files", "-z", "packages", "policies", "stacks"], { cwd: REPO, encoding: "utf8" })
    .split("\0")
    .filter((f) => /\.(ts|cjs|js|mjs)$/.test(f) && !/(^|\/)test\//.test(f) && !/\.test\.ts$/.test(f))
    .filter((f) => fs.existsSync(path.join(REPO, f)));

describe("the providers' facts tables", () => {
  const held = typesThatHold("home-storage", "volume", "bucket", "cluster");

  it("name user data and clusters on every cloud hubnet creates clusters on", () => {
    expect(held).toEqual(
      expect.arrayContaining([
        "gcp:filestore/instance:Instance",
        "aws:efs/fileSystem:FileSystem",
        "azure-native:storage:FileShare",
        "kubernetes:core/v1:PersistentVolumeClaim",
        "gcp:container/cluster:Cluster",
        "aws:eks/cluster:Cluster",
        "azure-native:containerservice:ManagedCluster",
      ]),
    );
  });

  it("spell each user-data or cluster type token in exactly one non-test source file", () => {
    const files = sources().map((f) => [f, fs.readFileSync(path.join(REPO, f), "utf8")] as const);
    const where = Object.fromEntries(
      held.map((t) => [t, files.filter(([, text]) => text.includes(`"${t}"`)).map(([f]) => f)]),
    );
    for (const t of held) expect(where[t], t).toHaveLength(1);
  });

  it("give every fact a source, and every cluster type is a container of what runs on it", () => {
    for (const table of RESOURCE_FACTS) {
      expect(table.relocatingSource, table.package).toMatch(/\S{8}/);
      for (const [type, f] of Object.entries(table.types)) {
        expect(type.split(":")[0], type).toBe(table.package);
        expect(f.source, type).toMatch(/\S{8}/);
        for (const n of f.noShrink ?? []) expect(n.source, `${type} ${n.path}`).toMatch(/\S{8}/);
      }
    }
    for (const t of typesThatHold("cluster")) expect(resourceFacts(t)?.contains, t).toBe("dependents");
  });

  it("are the cloud registry's: each cloud module's facts, and Kubernetes and random for all", () => {
    const fromRegistry = Object.values(CLOUD_CONFIGS).flatMap((c) =>
      "facts" in c && c.facts ? [c.facts] : [],
    );
    expect(RESOURCE_FACTS.filter((t) => !["kubernetes", "random"].includes(t.package))).toEqual(fromRegistry);
    expect(RESOURCE_FACTS.map((t) => t.package)).toEqual(expect.arrayContaining(["kubernetes", "random"]));
  });
});
