/** `storage.home.backups` where the cloud cannot back up the share: refused on AKS, off by default there. */

import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadClusterFile } from "../src";
import { aksCluster } from "./fixtures";
import { clusterFile, treesRemovedAfterAll } from "./helpers";

const tree = treesRemovedAfterAll();
const load = (home: string) => {
  const root = tree({ [clusterFile("aks-fixture")]: aksCluster(home) });
  return loadClusterFile(path.join(root, clusterFile("aks-fixture")));
};

describe("home backups on AKS", () => {
  it("are refused, saying why and what to change", () => {
    const r = load("{ kind: azure-files, backups: true }");
    expect(r.cluster).toBeUndefined();
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 14,
        path: "config.hubnet:cluster.storage.home.backups",
        message: expect.stringContaining("Azure Backup cannot back up NFS Azure file shares"),
      }),
    ]);
    expect(r.problems[0].message).toContain("set backups to false");
  });

  it("are off unless asked for", () => {
    const r = load("{ kind: azure-files }");
    expect(r.problems).toEqual([]);
    expect((r.cluster?.config.storage.home as { backups?: boolean } | undefined)?.backups).toBe(false);
  });
});
