/** (c): rendered objects against the Kubernetes API's own Go types, strictly, and the APIs the cluster's minor serves. */
import { describe, expect, it } from "vitest";
import type { K8sObject } from "../src/helm";
import { removedApi } from "../src/k8s-validate";
import { type ReleaseToRender, renderReleases } from "../src/render-releases";
import type { CheckedStack } from "../src/rendered-checks";
import { schemaProblems } from "../src/rendered-schema";
import { requireChart, requireHelm, requireValidator } from "./support/helm";

const stackOf = (objects: K8sObject[], kubeVersion = "1.34"): CheckedStack => ({
  stack: "a",
  file: "communities/a/community.yaml",
  cluster: "one",
  resources: [],
  releases: [
    {
      urn: "u",
      release: "r",
      namespace: "a-prod",
      chart: "c",
      version: "1",
      kubeVersion,
      status: "rendered",
      objects: objects.map((object) => ({ source: "c/templates/x.yaml", object })),
    },
  ],
});

const deployment = (spec: Record<string, unknown>): K8sObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "d" },
  spec: {
    selector: { matchLabels: { a: "b" } },
    template: { metadata: { labels: { a: "b" } }, spec: { containers: [] } },
    ...spec,
  },
});

describe("rendered objects against the Kubernetes API schema", () => {
  it("an unknown field and a value of the wrong type are problems; a valid object is not", async () => {
    const v = requireValidator();
    const check = await schemaProblems(
      [stackOf([deployment({}), deployment({ replicaz: 2 }), deployment({ replicas: "two" })])],
      v,
    );
    expect(check.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /Deployment "d" \(c\/templates\/x\.yaml\) is not a valid Kubernetes object: .*unknown field "spec\.replicaz"/,
      ),
      expect.stringMatching(/is not a valid Kubernetes object: .*replicas of type int32/),
    ]);
    expect(check.checked).toBe(3);
  });

  it("an API version the cluster's minor no longer serves is a problem", async () => {
    expect(removedApi({ apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget" }, "1.34")).toMatch(
      /not served since Kubernetes 1\.25/,
    );
    expect(
      removedApi({ apiVersion: "flowcontrol.apiserver.k8s.io/v1beta3", kind: "FlowSchema" }, "1.31"),
    ).toBeUndefined();
    const check = await schemaProblems(
      [
        stackOf([
          { apiVersion: "policy/v1beta1", kind: "PodDisruptionBudget", metadata: { name: "p" }, spec: {} },
        ]),
      ],
      requireValidator(),
    );
    expect(check.problems).toHaveLength(1);
  });

  it("custom resources without Go types are listed as not checked, not passed", async () => {
    const check = await schemaProblems(
      [
        stackOf([
          { apiVersion: "traefik.io/v1alpha1", kind: "IngressRoute", metadata: { name: "i" }, spec: {} },
        ]),
      ],
      requireValidator(),
    );
    expect(check).toEqual({ problems: [], checked: 0, unknownKinds: ["traefik.io/v1alpha1 IngressRoute"] });
  });

  it("every object z2jh and dask-gateway render with defaults passes, Secrets with their placeholders too", async () => {
    const helm = await requireHelm();
    requireChart("jupyterhub", "4.4.0");
    const releases: ReleaseToRender[] = [
      { chart: "jupyterhub", version: "4.4.0", values: { hub: { cookieSecret: "[secret]" } } },
      { chart: "dask-gateway", version: "2026.3.0", values: { gateway: { auth: { type: "simple" } } } },
    ].map((r) => ({
      ...r,
      urn: r.chart,
      release: r.chart,
      namespace: "n",
      kubeVersion: "1.34",
      apiVersions: [],
    }));
    const rendered = await renderReleases(releases, { helm: { found: helm }, cacheDir: false });
    const check = await schemaProblems(
      [{ stack: "s", resources: [], releases: rendered }],
      requireValidator(),
    );
    expect(check.problems).toEqual([]);
    expect(check.checked).toBeGreaterThan(40);
  });
});
