/**
 * The community program: one stack per community, named after
 * `communities/<stack>/community.yaml`. It reads its cluster's outputs through
 * a StackReference and creates one `Hub` per hub of the community.
 *
 * OAuth client secrets are Pulumi secrets of this stack (`hubnet:clientSecrets`,
 * one per hub), never in YAML.
 */
import * as path from "node:path";
import { type ClusterOutputs, communityCloudFor } from "@hubnet/components";
import { clientIdCommand, clientIdFor, clientSecretCommand, Hub } from "@hubnet/components/hub";
import { formatProblem, loadCommunityWithCluster } from "@hubnet/config";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

const CLUSTER_OUTPUT_KEYS = [
  "name",
  "cloud",
  "region",
  "kubeconfig",
  "domain",
  "extraDomains",
  "certificateEmail",
  "operators",
  "gatewayClassName",
  "home",
  "buckets",
  "identity",
  "tags",
] as const satisfies readonly (keyof ClusterOutputs)[];

export = async () => {
  const root = process.env.HUBNET_ROOT ?? path.resolve(__dirname, "../..");
  const name = pulumi.getStack();
  const { community: loaded, cluster: loadedCluster, problems } = loadCommunityWithCluster(root, name);
  if (!loaded || !loadedCluster || problems.length > 0) {
    throw new pulumi.RunError(
      problems.map((p) => formatProblem(p, root)).join("\n") || `community "${name}" did not load`,
    );
  }
  const community = loaded.config;
  const clusterConfig = loadedCluster.config;
  const config = new pulumi.Config("hubnet");

  // Client secrets first: a missing one is a clear error before anything is planned.
  // Client IDs are not secret: the community file (hubs[].clientId, auth.clientId) or `hubnet:clientIds`.
  const clientIds = config.getObject<Record<string, string>>("clientIds") ?? {};
  const clientSecrets = config.getSecretObject<Record<string, string>>("clientSecrets");
  const secretFor = (hub: string): pulumi.Output<string> | undefined =>
    community.auth.provider === "dummy" ? undefined : clientSecrets?.apply((s) => s?.[hub] ?? "");
  if (community.auth.provider !== "dummy") {
    // Which hubs have a secret is not itself secret; only the values are.
    const present = await new Promise<Set<string>>((resolve) =>
      (clientSecrets ?? pulumi.output({} as Record<string, string>)).apply((s) =>
        resolve(
          new Set(
            Object.entries(s ?? {})
              .filter(([, v]) => typeof v === "string" && v.length > 0)
              .map(([k]) => k),
          ),
        ),
      ),
    );
    const missing = community.hubs.filter((h) => !present.has(h.name)).map((h) => h.name);
    if (missing.length > 0) {
      throw new pulumi.RunError(
        `community "${name}" (${community.auth.provider} auth) has no OAuth client secret for hub(s) ${missing.join(", ")}. ` +
          `In stacks/community run: ${missing.map((h) => clientSecretCommand(h, name)).join(" ; ")}`,
      );
    }
    const noId = community.hubs
      .filter((h) => !clientIdFor(community, h) && !clientIds[h.name])
      .map((h) => h.name);
    if (noId.length > 0) {
      throw new pulumi.RunError(
        `community "${name}" (${community.auth.provider} auth) has no OAuth client ID for hub(s) ${noId.join(", ")}: ` +
          `set clientId in communities/${name}/community.yaml, or in stacks/community run: ${noId.map((h) => clientIdCommand(h, name)).join(" ; ")}`,
      );
    }
  }

  const clusterStack =
    config.get("clusterStack") ?? `${pulumi.getOrganization()}/hubnet-cluster/${community.cluster}`;
  const ref = new pulumi.StackReference(`cluster-${community.cluster}`, { name: clusterStack });
  const outputs = Object.fromEntries(CLUSTER_OUTPUT_KEYS.map((k) => [k, ref.requireOutput(k)])) as {
    [K in keyof ClusterOutputs]: pulumi.Output<ClusterOutputs[K]>;
  };
  // Values that decide which resources exist (home storage, operators, the gateway class) must be
  // plain: read them once; the cluster stack is deployed before its communities.
  const plain = async <K extends keyof ClusterOutputs>(k: K): Promise<ClusterOutputs[K]> => {
    const d = await ref.getOutputDetails(k);
    const v = (d.value ?? d.secretValue) as ClusterOutputs[K] | undefined;
    if (v === undefined)
      throw new pulumi.RunError(
        `cluster stack ${clusterStack} has no output "${k}": deploy the cluster first`,
      );
    return v;
  };
  const cluster = {
    name: community.cluster,
    cloud: clusterConfig.cloud,
    operators: await plain("operators"),
    home: await plain("home"),
    gatewayClassName: await plain("gatewayClassName"),
    certificateEmail: await plain("certificateEmail"),
    tags: await plain("tags"),
  };

  const provider = new k8s.Provider(`${community.cluster}-k8s`, {
    kubeconfig: outputs.kubeconfig,
    enableServerSideApply: true,
  });
  // The cloud comes from the cluster config (static); identity and region stay Outputs.
  const cloud = communityCloudFor({
    name: community.cluster,
    cloud: clusterConfig.cloud,
    region: outputs.region,
    identity: outputs.identity,
  });

  const hubs: Record<string, unknown> = {};
  const healthTokens: Record<string, pulumi.Output<string>> = {};
  for (const hub of community.hubs) {
    const h = new Hub(
      `${community.name}-${hub.name}`,
      {
        community,
        hub,
        clusterConfig,
        cluster,
        cloud,
        clientId: clientIds[hub.name],
        clientSecret: secretFor(hub.name),
      },
      { providers: [provider] },
    );
    hubs[hub.name] = {
      url: h.url,
      namespace: h.namespace,
      scratchBucket: h.scratchBucket,
      persistentBucket: h.persistentBucket,
    };
    healthTokens[hub.name] = h.healthToken;
  }
  // healthTokens is a secret output as a whole; hubs stays readable.
  return {
    community: community.name,
    cluster: community.cluster,
    hubs,
    healthTokens: pulumi.secret(healthTokens),
  };
};
