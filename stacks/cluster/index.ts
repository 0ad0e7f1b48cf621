/**
 * The cluster program: one stack per cluster, configured by
 * `stacks/cluster/Pulumi.<cluster>.yaml` (key `hubnet:cluster`).
 *
 * Only the SDK of the stack's cloud is loaded (`require` inside the switch),
 * so a GKE stack never loads @pulumi/aws or @pulumi/azure-native.
 */
import * as path from "node:path";
import type { ClusterOutputsInput, HubnetCluster } from "@hubnet/components";
import type { ClusterBaselineArgs } from "@hubnet/components/baseline";
import { type Cluster, formatProblem, loadClusterFile } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";

type Gcp = typeof import("@hubnet/components/gcp");
type Aws = typeof import("@hubnet/components/aws");
type Azure = typeof import("@hubnet/components/azure");
type Local = typeof import("@hubnet/components/local");
type Baseline = typeof import("@hubnet/components/baseline");

interface Created {
  cluster: HubnetCluster;
  baseline: Omit<ClusterBaselineArgs, "provider" | "clusterName" | "cloud">;
}

function createCluster(name: string, config: Cluster): Created {
  switch (config.cloud) {
    case "gcp": {
      const { GkeCluster, gcpProvider } = require("@hubnet/components/gcp") as Gcp;
      const provider = gcpProvider(name, config);
      const cluster = new GkeCluster(name, { config }, { providers: [provider] });
      // GKE installs GPU drivers and its own device plugin on GPU nodes.
      return { cluster, baseline: { dependsOn: cluster.nodePools } };
    }
    case "aws": {
      const { EksCluster, awsProvider } = require("@hubnet/components/aws") as Aws;
      const provider = awsProvider(name, config);
      const cluster = new EksCluster(name, { config }, { providers: [provider] });
      return {
        cluster,
        baseline: {
          clusterAutoscaler: { region: config.region, roleArn: cluster.autoscalerRoleArn },
          nvidiaDevicePlugin: cluster.hasGpuPools,
          dependsOn: cluster.nodeGroups,
        },
      };
    }
    case "azure": {
      const { AksCluster, azureProvider } = require("@hubnet/components/azure") as Azure;
      const provider = azureProvider(name, config);
      const cluster = new AksCluster(name, { config }, { providers: [provider] });
      return {
        cluster,
        baseline: { nvidiaDevicePlugin: cluster.hasGpuPools, dependsOn: cluster.agentPools },
      };
    }
    case "local": {
      const { LocalCluster } = require("@hubnet/components/local") as Local;
      return { cluster: new LocalCluster(name, { config }), baseline: {} };
    }
  }
}

export = async (): Promise<ClusterOutputsInput> => {
  const root = process.env.HUBNET_ROOT ?? path.resolve(__dirname, "../..");
  const name = pulumi.getStack();
  const file = path.join(root, "stacks", "cluster", `Pulumi.${name}.yaml`);
  const { cluster: loaded, problems } = loadClusterFile(file);
  if (!loaded || problems.length > 0) {
    throw new pulumi.RunError(problems.map((p) => formatProblem(p)).join("\n"));
  }
  const config = loaded.config;
  const { cluster, baseline } = createCluster(name, config);
  const { ClusterBaseline } = require("@hubnet/components/baseline") as Baseline;
  new ClusterBaseline("baseline", {
    provider: cluster.provider,
    clusterName: name,
    cloud: config.cloud,
    ...baseline,
  });
  return cluster.outputs;
};
