/**
 * Each hub's home volume on a shared NFS share is the hub's own directory, never the share's root
 * (issue 20): a pod of one hub's namespace, whatever its service account creates, can claim that hub's
 * homes only. Rendered for every community of the test network on an NFS cluster (GKE Filestore, EKS
 * EFS, an existing cluster's export).
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { HOME_DIRECTORY_JOB } from "../src/hub/storage";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";

type Json = any;
const stacks: { community: string; stack: RenderedStack; share: { server: string; path: string } }[] = [];
beforeAll(async () => {
  const { network, outputs } = testNetwork();
  for (const [name, c] of network.communities) {
    const home = outputs.get(c.config.cluster)?.home;
    if (home?.kind !== "nfs") continue;
    const stack = await renderCommunity(
      name,
      c.config.hubs.map((h) => h.name),
      outputs,
      { cluster: c.config.cluster },
    );
    stacks.push({ community: name, stack, share: { server: home.server, path: home.path } });
  }
}, 300_000);

const norm = (p: string) => p.replace(/\/+$/, "") || "/";
const inside = (dir: string, p: string) => norm(p) === norm(dir) || norm(p).startsWith(`${norm(dir)}/`);

describe("home volumes on a shared NFS share", () => {
  test("every hub's volume is <share>/<namespace>; none holds the root or another hub's directory", () => {
    expect(new Set(stacks.map((s) => s.share.path)).size).toBeGreaterThan(1); // more than one cloud's share
    const volumes = stacks.flatMap(({ stack, share }) =>
      stack.resources
        .filter((r) => r.type === "kubernetes:core/v1:PersistentVolume")
        .map((r) => ({ share, spec: (r.inputs as Json).spec })),
    );
    expect(volumes.length).toBeGreaterThan(3);
    for (const v of volumes) {
      const ns = v.spec.claimRef.namespace as string;
      expect(v.spec.nfs.path).not.toBe(v.share.path);
      expect(norm(v.spec.nfs.path)).toBe(`${norm(v.share.path).replace(/^\/$/, "")}/${ns}`);
    }
    for (const a of volumes)
      for (const b of volumes) {
        if (a === b || a.share.server !== b.share.server) continue;
        expect(inside(a.spec.nfs.path, b.spec.nfs.path), `${a.spec.nfs.path} holds ${b.spec.nfs.path}`).toBe(
          false,
        );
      }
  });

  test("the hub's directory is created, by a Job of its own, before its volume", () => {
    for (const { stack } of stacks) {
      for (const pv of stack.resources.filter((r) => r.type === "kubernetes:core/v1:PersistentVolume")) {
        const ns = (pv.inputs as Json).spec.claimRef.namespace as string;
        const job = stack.resources.find(
          (r) =>
            r.type === "kubernetes:batch/v1:Job" &&
            (r.inputs as Json).metadata.namespace === ns &&
            (r.inputs as Json).metadata.name === HOME_DIRECTORY_JOB,
        );
        if (!job) throw new Error(`${ns}: no ${HOME_DIRECTORY_JOB} Job`);
        const pod = (job.inputs as Json).spec.template.spec;
        expect(pod.containers[0].command).toContain(`/share/${ns}`);
        expect(pod.automountServiceAccountToken).toBe(false);
        expect(pv.options?.dependsOn ?? []).toContain(job.urn);
      }
    }
  });
});
