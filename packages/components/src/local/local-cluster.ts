/**
 * An existing local cluster (kind, minikube, k3d, Docker Desktop), reached
 * through a kubeconfig context. Creates nothing but a Kubernetes provider;
 * homes are one claim per user on the default StorageClass.
 */
import * as os from "node:os";
import * as path from "node:path";
import { type LocalClusterConfig, readRegularFile } from "@hubnet/config";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterOutputsInput, DefaultStorageClass, HubnetCluster } from "../cluster/contract";
import { clusterOutputs, clusterProvider, withCurrentContext } from "../cluster/outputs";

export interface LocalClusterArgs {
  /** The cluster's config: key `hubnet:cluster` of `stacks/cluster/Pulumi.<cluster>.yaml`, loaded and checked by @hubnet/config. Required. */
  config: LocalClusterConfig;
}

/** The kubeconfig file: the config's path, else the first entry of $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigPath(config: LocalClusterConfig, env: NodeJS.ProcessEnv = process.env): string {
  if (config.kubeconfig) return config.kubeconfig.replace(/^~(?=$|\/)/, os.homedir());
  const fromEnv = env.KUBECONFIG?.split(path.delimiter).find((p) => p !== "");
  return fromEnv ?? path.join(os.homedir(), ".kube", "config");
}

/** Largest kubeconfig read (many contexts with certificates stay far below). */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The kubeconfig community stacks use: the file's content with `current-context` set to the
 * configured context, or the file's path when it cannot be read here (the provider accepts both).
 * The path comes from a cluster file, which a pull request can change: only a regular file is
 * read (a named pipe or device such as /dev/stdin never blocks `hubnet plan`), and its content is
 * a secret output, never printed.
 */
export function localKubeconfig(file: string, context: string): string {
  const read = readRegularFile(file, MAX_KUBECONFIG_BYTES);
  if (read.text === undefined) return file;
  return withCurrentContext(read.text, context);
}

/** kind's default class (local-path provisioner); minikube and k3d ship one of their own. */
export const LOCAL_DEFAULT_STORAGE_CLASS: DefaultStorageClass = {
  name: "standard",
  provisioner: "rancher.io/local-path",
  createdBy: "cloud",
};

export class LocalCluster extends pulumi.ComponentResource implements HubnetCluster {
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;
  readonly outputs: ClusterOutputsInput;
  readonly defaultStorageClass: DefaultStorageClass = LOCAL_DEFAULT_STORAGE_CLASS;

  constructor(name: string, args: LocalClusterArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super("hubnet:cluster:LocalCluster", name, {}, opts);
    const c = args.config;
    const file = kubeconfigPath(c);
    this.kubeconfig = pulumi.secret(localKubeconfig(file, c.context));
    this.provider = clusterProvider(name, this.kubeconfig, { parent: this }, c.context);
    this.outputs = clusterOutputs(name, c, this.kubeconfig, {
      region: "local",
      home: { kind: "perUserClaims" },
      identity: { cloud: "local" },
      // A local cluster's domains resolve to the machine itself (*.localhost), or to whatever load
      // balancer the existing cluster runs: nothing to reserve.
      loadBalancerAddresses: [],
      cloudProvider: { cloud: "local" },
    });
    this.registerOutputs({
      provider: this.provider,
      kubeconfig: this.kubeconfig,
      outputs: this.outputs,
      defaultStorageClass: this.defaultStorageClass,
    });
  }
}
