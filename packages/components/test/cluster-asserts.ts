/** Assertions every rendered cluster stack must pass, whatever its cloud. */
import { type Cloud, hasNodePools } from "@hubnet/config";
import type { RenderedStack } from "@hubnet/plan";
import { expect } from "vitest";
import { CHARTS } from "../src/versions";
import { ofType, releases } from "./cluster-render";
import { validateKubernetesObjects } from "./k8s-validate";

export async function assertBaseline(
  r: RenderedStack,
  cloud: Cloud,
  opts: { autoscaler: boolean; devicePlugin: boolean },
) {
  const rel = releases(r);
  // Envoy Gateway, pinned, from its OCI chart; never ingress-nginx.
  expect(rel[CHARTS.envoyGateway.chart]?.inputs.version).toBe(CHARTS.envoyGateway.version);
  expect(Object.keys(rel).some((c) => c.includes("ingress-nginx"))).toBe(false);
  const cm = rel[CHARTS.certManager.chart];
  expect(cm?.inputs.version).toBe(CHARTS.certManager.version);
  expect(cm?.inputs.values).toMatchObject({ crds: { enabled: true }, config: { enableGatewayAPI: true } });
  expect(rel[CHARTS.kubePrometheusStack.chart]?.inputs.version).toBe(CHARTS.kubePrometheusStack.version);
  expect(CHARTS.clusterAutoscaler.chart in rel).toBe(opts.autoscaler);
  expect(CHARTS.nvidiaDevicePlugin.chart in rel).toBe(opts.devicePlugin);
  // Every baseline chart goes through the cluster's own Kubernetes provider.
  for (const x of Object.values(rel))
    expect(x.provider).toMatch(/\$pulumi:providers:kubernetes::[a-z0-9-]+-k8s$/);

  const [gc] = ofType(r, "kubernetes:gateway.networking.k8s.io/v1:GatewayClass");
  const [ep] = ofType(r, "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy");
  expect(gc.inputs).toMatchObject({
    metadata: { name: "hubnet" },
    spec: {
      controllerName: "gateway.envoyproxy.io/gatewayclass-controller",
      parametersRef: {
        group: "gateway.envoyproxy.io",
        kind: "EnvoyProxy",
        name: (ep.inputs.metadata as { name: string }).name,
      },
    },
  });
  expect((gc.inputs.spec as { parametersRef: { namespace: string } }).parametersRef.namespace).toBe(
    (ep.inputs.metadata as { namespace: string }).namespace,
  );
  expect(ep.inputs.spec).toMatchObject({ mergeGateways: true, provider: { type: "Kubernetes" } });
  if (hasNodePools(cloud)) {
    expect(ep.inputs.spec).toMatchObject({
      provider: {
        kubernetes: {
          envoyDeployment: { pod: { nodeSelector: { "hub.jupyter.org/node-purpose": "core" } } },
        },
      },
    });
  }
  // Kubernetes objects are valid for the API and labelled with the cluster.
  expect(await validateKubernetesObjects(r.resources)).toBeGreaterThanOrEqual(5);
  for (const x of r.resources.filter(
    (x) => x.type.startsWith("kubernetes:") && !x.type.includes("helm.sh"),
  )) {
    expect((x.inputs.metadata as { labels: Record<string, string> }).labels["hubnet-cluster"]).toBe(r.stack);
  }
}

/** The stack's outputs follow the contract; kubeconfig is a secret. */
export async function assertOutputs(r: RenderedStack, exported: Record<string, unknown>, cloud: Cloud) {
  expect(r.outputs).toMatchObject({ name: r.stack, cloud, gatewayClassName: "hubnet" });
  expect((r.outputs.tags as Record<string, string>)["hubnet-cluster"]).toBe(r.stack);
  const kc = exported.kubeconfig as { isSecret: Promise<boolean> };
  expect(await kc.isSecret).toBe(true);
}
