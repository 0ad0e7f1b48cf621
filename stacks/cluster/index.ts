/**
 * The cluster program: one stack per cluster, configured by
 * `stacks/cluster/Pulumi.<cluster>.yaml` (key `hubnet:cluster`). The cloud
 * registry of @hubnet/components creates the cluster of the stack's cloud,
 * loading only that cloud's SDK; the baseline runs on every cluster.
 */
import * as path from "node:path";
import { type ClusterOutputsInput, createCluster } from "@hubnet/components";
import { ClusterBaseline } from "@hubnet/components/baseline";
import { clusterStackFile, formatProblem, loadClusterFile } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";

interface ClusterProgramOptions {
  /** The checkout whose `stacks/cluster/Pulumi.<stack>.yaml` is read. @default $HUBNET_ROOT, else this checkout */
  root?: string;
}

export = async (
  options: ClusterProgramOptions = {},
): Promise<ClusterOutputsInput & { grafanaUrl: string; grafanaAdminPassword: pulumi.Output<string> }> => {
  const root = options.root ?? process.env.HUBNET_ROOT ?? path.resolve(__dirname, "../..");
  const name = pulumi.getStack();
  const { cluster: loaded, problems } = loadClusterFile(clusterStackFile(root, name));
  if (!loaded) throw new pulumi.RunError(problems.map((p) => formatProblem(p)).join("\n"));
  const { cluster, baseline } = createCluster(name, loaded.config);
  const base = new ClusterBaseline("baseline", {
    provider: cluster.provider,
    clusterName: name,
    cloud: loaded.config.cloud,
    domain: loaded.config.domain,
    certificateEmail: loaded.config.certificateEmail,
    ...baseline,
  });
  // Grafana's admin password is a secret output: `pulumi stack output grafanaAdminPassword --show-secrets`.
  return { ...cluster.outputs, grafanaUrl: base.grafanaUrl, grafanaAdminPassword: base.grafanaAdminPassword };
};
