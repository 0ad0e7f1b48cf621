/**
 * AKS defects a first deploy would hit (issue 20), on the rendered cluster stack of the test network:
 * the cluster identity may list and use the public IPs of the group its load balancer Service names.
 */
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { ofType, one, renderCluster } from "./cluster-render";

let r: RenderedStack;
beforeAll(async () => {
  r = await renderCluster("azure-eu");
});

const NETWORK_CONTRIBUTOR = /\/roleDefinitions\/4d97b98b-1d4f-4787-a291-c67834d212e7$/;

describe("AKS load balancer rights", () => {
  test("the cluster identity holds Network Contributor on the resource group the Envoy Service names", () => {
    const proxy = one(r, "kubernetes:gateway.envoyproxy.io/v1alpha1:EnvoyProxy", "baseline-envoy-proxy");
    const annotations = (proxy.inputs.spec as any).provider.kubernetes.envoyService.annotations as Record<
      string,
      string
    >;
    const group = annotations["service.beta.kubernetes.io/azure-load-balancer-resource-group"];
    const rg = ofType(r, "azure-native:resources:ResourceGroup").find(
      (g) => g.inputs.resourceGroupName === group,
    );
    expect(rg, `a resource group ${group} in the stack`).toBeDefined();
    const grants = ofType(r, "azure-native:authorization:RoleAssignment").filter((g) =>
      NETWORK_CONTRIBUTOR.test(String(g.inputs.roleDefinitionId)),
    );
    // cloud-provider-azure lists the group's public IPs (its pip cache reads the whole group): a role on
    // the address alone answers 403 there, and the Service never gets its address.
    const scopes = grants.map((g) => String(g.inputs.scope));
    expect(scopes.some((s) => new RegExp(`^/subscriptions/[^/]+/resourceGroups/${group}$`).test(s))).toBe(
      true,
    );
  });
});
