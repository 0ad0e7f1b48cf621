/**
 * z2jh 4.4.0's user scheduler is kube-scheduler v1.30 (its values.yaml), outside the version skew a
 * kube-scheduler supports on a 1.36 cluster (issue 20). On clusters whose config names their minor (EKS,
 * AKS), each hub's user scheduler runs the kube-scheduler of that minor, bound to the cluster's own
 * scheduler roles (of the API server's version) besides the chart's 1.30-era ones.
 */
import type { Cluster } from "@hubnet/config";
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { hubNamespace } from "../src/cluster/naming";
import { testNetwork } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";
import { jupyterhubValues, ofType } from "./support/resources";
import { z2jhDefaults } from "./support/z2jh-schema";

type Json = any;
const rendered: { community: string; hubs: string[]; cluster: Cluster; stack: RenderedStack }[] = [];
beforeAll(async () => {
  const { network, outputs } = testNetwork();
  for (const cloud of ["aws", "azure", "gcp"]) {
    const [name, c] = [...network.communities].find(
      ([, x]) => network.clusters.get(x.config.cluster)?.config.cloud === cloud,
    )!;
    const hubs = c.config.hubs.map((h) => h.name);
    rendered.push({
      community: name,
      hubs,
      cluster: network.clusters.get(c.config.cluster)!.config,
      stack: await renderCommunity(name, hubs, outputs, { cluster: c.config.cluster }),
    });
  }
}, 300_000);

const minorOf = (tag: string) => /^v(\d+\.\d+)\./.exec(tag)?.[1];

describe("the user scheduler's version", () => {
  test("the chart's own kube-scheduler is older than one minor behind the clusters' versions", () => {
    const chartTag = (z2jhDefaults() as Json).scheduling.userScheduler.image.tag as string;
    const withVersion = rendered.filter((r) => "kubernetesVersion" in r.cluster);
    expect(withVersion.length).toBe(2);
    for (const r of withVersion) {
      const [, clusterMinor] = (r.cluster as { kubernetesVersion: string }).kubernetesVersion
        .split(".")
        .map(Number);
      const [, chartMinor] = (minorOf(chartTag) as string).split(".").map(Number);
      expect(clusterMinor - chartMinor).toBeGreaterThan(1); // what the chart alone would run: out of skew
    }
  });

  test("on EKS and AKS each hub's user scheduler is of the cluster's minor and bound to the cluster's scheduler roles", () => {
    for (const r of rendered.filter((x) => "kubernetesVersion" in x.cluster)) {
      const minor = (r.cluster as { kubernetesVersion: string }).kubernetesVersion;
      for (const hub of r.hubs) {
        const ns = hubNamespace(r.community, hub);
        const us = jupyterhubValues(r.stack, r.community, hub).scheduling.userScheduler;
        expect(us.image.name).toBe("registry.k8s.io/kube-scheduler");
        expect(minorOf(us.image.tag), ns).toBe(minor);
        expect(us.serviceAccount).toEqual({ create: true, name: "user-scheduler" });
        const bound = ofType(r.stack, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")
          .map((b) => b.inputs as Json)
          .filter((b) => b.subjects.some((s: Json) => s.namespace === ns && s.name === "user-scheduler"))
          .map((b) => b.roleRef.name)
          .sort();
        expect(bound, ns).toEqual(["system:kube-scheduler", "system:volume-scheduler"]);
      }
    }
  });

  test("where the minor is not known offline (GKE's release channel), the chart's image stays and nothing is bound", () => {
    const gke = rendered.find((x) => x.cluster.cloud === "gcp")!;
    const us = jupyterhubValues(gke.stack, gke.community, gke.hubs[0]).scheduling.userScheduler;
    expect(us.image).toBeUndefined();
    expect(ofType(gke.stack, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding")).toEqual([]);
  });
});
