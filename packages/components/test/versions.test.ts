/**
 * Every chart pin against every cluster of the example network: each pin supports each Kubernetes
 * minor a cluster may run (its own version on EKS and AKS, every supported minor on GKE, whose
 * release channel picks), on a fixed day. And cluster-autoscaler's image follows the cluster.
 */
import { clusterMinors, loadNetwork } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import { clusterAutoscalerValues } from "../src/baseline/values";
import {
  CHARTS,
  type ChartPin,
  CLUSTER_AUTOSCALER_IMAGES,
  clusterAutoscalerImageTag,
  compareMinor,
  supportsKubernetes,
} from "../src/versions";
import { REPO_ROOT } from "./support/cluster-outputs";

const TODAY = new Date("2026-11-26T00:00:00Z");
const pins = Object.entries(CHARTS) as [string, ChartPin][];

describe("chart pins", () => {
  it.each(pins)("%s: a version, its source, and a Kubernetes range that reads right", (_n, pin) => {
    expect(pin.version).toMatch(/^v?\d+\.\d+\.\d+$/);
    expect(pin.source.length).toBeGreaterThan(20);
    if (pin.released) expect(pin.released).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    else expect(pin.unconfirmed).toContain("release date");
    if (pin.kubernetes.max)
      expect(compareMinor(pin.kubernetes.min, pin.kubernetes.max)).toBeLessThanOrEqual(0);
  });

  it("supportsKubernetes reads the range inclusively", () => {
    const pin = { ...CHARTS.certManager, kubernetes: { min: "1.33", max: "1.36" } };
    expect(["1.32", "1.33", "1.36", "1.37"].map((m) => supportsKubernetes(pin, m))).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(supportsKubernetes({ ...pin, kubernetes: { min: "1.30" } }, "1.99")).toBe(true);
  });

  const network = loadNetwork(REPO_ROOT, { today: TODAY });
  const clusters = [...network.clusters.values()].map((c) => ({
    name: c.name,
    cloud: c.config.cloud,
    minors: clusterMinors(
      c.config.cloud,
      "kubernetesVersion" in c.config ? c.config.kubernetesVersion : undefined,
      TODAY,
    ),
  }));

  it.each(clusters)(
    "cluster $name ($cloud): every pin supports every minor it may run",
    ({ cloud, minors }) => {
      if (cloud !== "local" && cloud !== "existing") expect(minors.length).toBeGreaterThan(0);
      const unsupported = minors.flatMap((m) =>
        pins.filter(([, p]) => !supportsKubernetes(p, m)).map(([n, p]) => `${n} ${p.version} on ${m}`),
      );
      expect(unsupported).toEqual([]);
    },
  );

  it.each(clusters.filter((c) => c.cloud === "aws"))(
    "EKS cluster $name: cluster-autoscaler runs the image of its own minor",
    ({ minors }) => {
      const [minor] = minors;
      const tag = clusterAutoscalerImageTag(minor);
      expect(tag?.startsWith(`v${minor}.`)).toBe(true);
      const v = clusterAutoscalerValues({
        clusterName: "c",
        region: "us-west-2",
        roleArn: "arn",
        kubernetesVersion: minor,
      });
      expect(v.image).toEqual({ tag });
    },
  );
});

describe("cluster-autoscaler images", () => {
  it("each image is of the minor it is listed under", () => {
    for (const [minor, tag] of Object.entries(CLUSTER_AUTOSCALER_IMAGES))
      expect(tag).toMatch(new RegExp(`^v${minor.replace(".", "\\.")}\\.\\d+$`));
  });

  it("a minor without a known image is refused with what to change", () => {
    expect(() =>
      clusterAutoscalerValues({ clusterName: "c", region: "r", roleArn: "a", kubernetesVersion: "1.29" }),
    ).toThrow(
      "no cluster-autoscaler image is known for Kubernetes 1.29 (known: 1.34, 1.35, 1.36): add it to CLUSTER_AUTOSCALER_IMAGES",
    );
  });
});
