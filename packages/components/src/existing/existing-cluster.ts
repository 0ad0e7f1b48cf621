/**
 * An existing production cluster (a university's or a data centre's), reached through a kubeconfig
 * held as a Pulumi secret of the cluster stack (`hubnet:kubeconfig`), never in YAML. Creates nothing
 * but its Kubernetes provider: the nodes, the network and the home storage belong to the cluster's
 * owners; the cluster baseline (gateway, certificates, monitoring) is installed on it as everywhere.
 */
import { type ExistingClusterConfig, kubeconfigCommand, nfsServerAddresses } from "@hubnet/config";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type {
  ClusterOutputsInput,
  DefaultStorageClass,
  HomeStorage,
  HubnetCluster,
} from "../cluster/contract";
import { clusterOutputs, clusterProvider, withCurrentContext } from "../cluster/outputs";

export interface ExistingClusterArgs {
  /** The cluster's config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`, loaded and checked by @hubnet/config. Required. */
  config: ExistingClusterConfig;
  /** The kubeconfig, a Pulumi secret of the cluster stack (`hubnet:kubeconfig`). Required. */
  kubeconfig: pulumi.Input<string>;
}

/** Where hubs of an existing cluster keep homes, as the community stacks read it. */
export function existingHome(config: ExistingClusterConfig): HomeStorage {
  const home = config.storage.home;
  switch (home.kind) {
    case "nfs":
      return {
        kind: "nfs",
        server: home.server,
        path: home.path,
        mountOptions: home.mountOptions,
        serverAddresses: nfsServerAddresses(home),
      };
    case "storageClass":
      return { kind: "storageClass", storageClass: home.storageClass, accessMode: "ReadWriteMany" };
    case "perUserClaims":
      return { kind: "perUserClaims", ...(home.storageClass ? { storageClass: home.storageClass } : {}) };
  }
}

/** The message of a cluster stack without its kubeconfig: the command that stores it. */
export function missingKubeconfigMessage(cluster: string): string {
  return `cluster "${cluster}" is an existing cluster, reached through a kubeconfig that is a Pulumi secret of its stack, and none is set. In stacks/cluster run: ${kubeconfigCommand(cluster)}`;
}

export class ExistingCluster extends pulumi.ComponentResource implements HubnetCluster {
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
  /** The cluster owners' default StorageClass, as the config declares it (hub databases use it). */
  readonly defaultStorageClass: DefaultStorageClass;

  constructor(name: string, args: ExistingClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:ExistingCluster", name, {}, opts);
    const c = args.config;
    // Community stacks reach the cluster through this kubeconfig alone: it names the configured context.
    const context = c.context;
    this.kubeconfig = pulumi.secret(
      context === undefined
        ? args.kubeconfig
        : pulumi.output(args.kubeconfig).apply((k) => withCurrentContext(k, context)),
    );
    this.defaultStorageClass = { ...c.storage.defaultStorageClass, createdBy: "cloud" };
    this.provider = clusterProvider(name, this.kubeconfig, { parent: this }, c.context);
    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: "existing",
      home: existingHome(c),
      identity: { cloud: "existing" },
      cloudProvider: { cloud: "existing" },
      // The cluster's own load balancer controller gives the Envoy Service its address; hubnet
      // reserves none here (docs/platform/deploying.md, the DNS step).
      loadBalancerAddresses: [],
    });
    this.registerOutputs({
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      outputs: this.outputs,
      defaultStorageClass: this.defaultStorageClass,
    });
  }
}
