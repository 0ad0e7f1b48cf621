/**
 * What a community stack reads of its cluster stack, through a StackReference:
 * the outputs hubs use as Outputs (the kubeconfig stays a secret), and, as plain
 * values, the outputs that decide which resources exist.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputs } from "../cluster/contract";

/** Outputs that decide which resources a hub creates: read once, as plain values. */
export const PLAIN_CLUSTER_OUTPUTS = [
  "operators",
  "home",
  "gatewayClassName",
  "certificateEmail",
  "tags",
  "cloudProvider",
] as const satisfies readonly (keyof ClusterOutputs)[];

export type PlainClusterOutputs = Pick<ClusterOutputs, (typeof PLAIN_CLUSTER_OUTPUTS)[number]>;

/** The default cluster stack of a community: `<organization>/hubnet-cluster/<cluster>`. */
export function clusterStackName(organization: string, cluster: string): string {
  return `${organization}/hubnet-cluster/${cluster}`;
}

/**
 * The plain values of `PLAIN_CLUSTER_OUTPUTS`; `missing(key)` makes the error for an output the
 * cluster stack does not have (the cluster stack is deployed before its communities).
 */
export async function readPlainOutputs(
  ref: pulumi.StackReference,
  missing: (key: string) => Error,
): Promise<PlainClusterOutputs> {
  const values: Record<string, unknown> = {};
  for (const k of PLAIN_CLUSTER_OUTPUTS) {
    const d = await ref.getOutputDetails(k);
    values[k] = d.value ?? d.secretValue;
    if (values[k] === undefined) throw missing(k);
  }
  return values as PlainClusterOutputs;
}
