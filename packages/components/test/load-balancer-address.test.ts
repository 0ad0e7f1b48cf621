/**
 * Every cloud cluster reserves its load balancer's address apart from the load balancer, asks the
 * Envoy Service for it, and exports it (`loadBalancerAddresses`): the DNS step of a deploy points
 * every hub domain there, and a new Service keeps the address. Local clusters reserve nothing.
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { ofType, one, renderClusterWithExports } from "./cluster-render";

const stacks = new Map<string, RenderedStack>();
beforeAll(async () => {
  for (const c of ["gcp-shared", "aws-research", "azure-eu", "local-dev"])
    stacks.set(c, (await renderClusterWithExports(c)).r);
}, 120_000);

interface EnvoyService {
  loadBalancerIP?: string;
  annotations: Record<string, string>;
}

function envoyService(r: RenderedStack): EnvoyService {
  const proxy = one(r, "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "baseline-envoy-proxy");
  const spec = proxy.inputs.spec as { provider: { kubernetes: { envoyService: EnvoyService } } };
  return spec.provider.kubernetes.envoyService;
}

describe("the load balancer's reserved address", () => {
  test("GKE: a regional static external IP, labelled, asked for as the Service's loadBalancerIP", () => {
    const r = stacks.get("gcp-shared")!;
    const address = one(r, "gcp:compute/address:Address", "gcp-shared-lb");
    expect(address.inputs).toMatchObject({
      name: "gcp-shared-lb",
      region: "us-central1",
      addressType: "EXTERNAL",
      labels: { "hubnet-cluster": "gcp-shared" },
    });
    expect(envoyService(r).loadBalancerIP).toBe("203.0.113.20");
    expect(r.outputs.loadBalancerAddresses).toEqual(["203.0.113.20"]);
  });

  test("EKS: one Elastic IP per public subnet, which the NLB takes by allocation ID", () => {
    const r = stacks.get("aws-research")!;
    const eips = ofType(r, "aws:ec2/eip:Eip").filter((e) => /-lb-\d$/.test(e.name));
    const subnets = ofType(r, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("public"));
    expect(eips).toHaveLength(subnets.length);
    for (const e of eips)
      expect((e.inputs.tags as Record<string, string>)["hubnet-cluster"]).toBe("aws-research");
    const annotations = envoyService(r).annotations;
    expect(annotations["service.beta.kubernetes.io/aws-load-balancer-type"]).toBe("nlb");
    expect(annotations["service.beta.kubernetes.io/aws-load-balancer-eip-allocations"]).toMatch(
      /^eipalloc-[0-9a-f]+,eipalloc-[0-9a-f]+$/,
    );
    expect(r.outputs.loadBalancerAddresses).toHaveLength(2);
  });

  test("AKS: a static Standard public IP in the cluster's resource group, usable by the cluster's identity", () => {
    const r = stacks.get("azure-eu")!;
    const ip = one(r, "azure-native:network:PublicIPAddress", "azure-eu-lb");
    expect(ip.inputs).toMatchObject({ publicIPAllocationMethod: "Static", sku: { name: "Standard" } });
    const grant = one(r, "azure-native:authorization:RoleAssignment", "azure-eu-lb-network-contributor");
    expect(String(grant.inputs.roleDefinitionId)).toMatch(/4d97b98b-1d4f-4787-a291-c67834d212e7$/);
    const annotations = envoyService(r).annotations;
    expect(annotations["service.beta.kubernetes.io/azure-pip-name"]).toBe("azure-eu-lb");
    // The cluster's resource group (hubnet-<cluster> unless the stack file names one).
    expect(annotations["service.beta.kubernetes.io/azure-load-balancer-resource-group"]).toBe(
      "hubnet-azure-eu",
    );
    expect(r.outputs.loadBalancerAddresses).toEqual(["192.0.2.30"]);
  });

  test("local: nothing reserved, no address exported", () => {
    const r = stacks.get("local-dev")!;
    expect(envoyService(r).loadBalancerIP).toBeUndefined();
    expect(r.outputs.loadBalancerAddresses).toEqual([]);
  });
});
