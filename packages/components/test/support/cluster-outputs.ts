/**
 * Realistic `ClusterOutputs` of each example cluster, built by hand from its
 * config, for community stacks rendered under mocks (served to their
 * StackReference). The shapes follow the cluster components' outputs.
 */
import * as path from "node:path";
import { type Cluster, loadNetwork } from "@hubnet/config";
import { FIXTURE_NETWORK } from "../../../../test/fixtures";
import type { ClusterOutputs } from "../../src/cluster/contract";
import { existingHome } from "../../src/existing/existing-cluster";

export const REPO_ROOT = path.resolve(__dirname, "../../../..");

export function clusterOutputsFor(name: string, c: Cluster): ClusterOutputs {
  const common = {
    name,
    cloud: c.cloud,
    kubeconfig: `apiVersion: v1\nkind: Config\n# mock kubeconfig of ${name}\n`,
    domain: c.domain,
    extraDomains: c.extraDomains,
    certificateEmail: c.certificateEmail,
    operators: c.operators,
    operatorEmails: c.operatorEmails,
    gatewayClassName: "hubnet",
    buckets: c.storage.buckets,
    tags: { ...c.tags, "hubnet-cluster": name },
    loadBalancerAddresses: c.cloud === "local" ? [] : ["203.0.113.20"],
  };
  switch (c.cloud) {
    case "gcp":
      return {
        ...common,
        region: c.region,
        home: { kind: "nfs", server: "10.0.0.2", path: "/homes", mountOptions: ["vers=3", "hard"] },
        identity: { cloud: "gcp", project: c.project, workloadPool: `${c.project}.svc.id.goog` },
        cloudProvider: {
          cloud: "gcp",
          project: c.project,
          region: c.region,
          ...(c.billingAccount ? { billingAccount: c.billingAccount } : {}),
        },
      };
    case "aws": {
      const issuer = `oidc.eks.${c.region}.amazonaws.com/id/MOCK${name.toUpperCase()}`;
      return {
        ...common,
        region: c.region,
        home: {
          kind: "nfs",
          server: `fs-${name}.efs.${c.region}.amazonaws.com`,
          path: "/",
          mountOptions: ["nfsvers=4.1"],
        },
        identity: {
          cloud: "aws",
          account: c.account,
          oidcProviderArn: `arn:aws:iam::${c.account}:oidc-provider/${issuer}`,
          oidcProviderUrl: `https://${issuer}`,
        },
        cloudProvider: { cloud: "aws", region: c.region, account: c.account },
      };
    }
    case "azure": {
      const rg = c.resourceGroup ?? `hubnet-${name}`;
      const home = `${name.replace(/-/g, "")}home`;
      return {
        ...common,
        region: c.location,
        home: {
          kind: "nfs",
          server: `${home}.file.core.windows.net`,
          path: `/${home}/homes`,
          mountOptions: ["vers=4"],
        },
        identity: {
          cloud: "azure",
          subscriptionId: c.subscriptionId,
          resourceGroup: rg,
          location: c.location,
          oidcIssuerUrl: `https://${c.location}.oic.prod-aks.azure.com/mock/${name}/`,
        },
        cloudProvider: {
          cloud: "azure",
          subscriptionId: c.subscriptionId,
          location: c.location,
          resourceGroup: rg,
        },
      };
    }
    case "local":
      return {
        ...common,
        region: "local",
        home: { kind: "perUserClaims" },
        identity: { cloud: "local" },
        cloudProvider: { cloud: "local" },
      };
    case "existing":
      return {
        ...common,
        region: "existing",
        home: existingHome(c),
        identity: { cloud: "existing" },
        cloudProvider: { cloud: "existing" },
      };
  }
}

/**
 * The test network (test/fixtures/network, not the example network in communities/, which changes
 * with every pull request), with cluster outputs for each cluster.
 */
export function testNetwork(root: string = FIXTURE_NETWORK) {
  const network = loadNetwork(root);
  const outputs = new Map([...network.clusters].map(([n, c]) => [n, clusterOutputsFor(n, c.config)]));
  return { network, outputs };
}
