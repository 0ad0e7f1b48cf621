/**
 * An existing production cluster (a university's or a data centre's), reached through a kubeconfig
 * held as a Pulumi secret of its cluster stack, never in YAML. hubnet installs the same baseline as
 * everywhere (gateway, certificates, monitoring) and creates no cloud resources: no node pools, no
 * buckets, no cloud identities. The size of its largest user node and its home storage are declared.
 */
import { z } from "zod";
import { EXISTING_KUBECONFIG_KEY } from "../credentials";
import { type Loaded, where } from "../loaded";
import type { Problem } from "../problems";
import { clusterFields } from "../schema/cluster";
import { bytesQuantity, cpuQuantity, dnsLabel } from "../schema/common";
import { type CloudConfig, defineCloud } from "./cloud-config";

export { EXISTING_KUBECONFIG_KEY };

/** The command that stores an existing cluster's kubeconfig in its cluster stack. */
export function kubeconfigCommand(cluster: string): string {
  return `pulumi config set --secret hubnet:kubeconfig "$(cat <kubeconfig file>)" --stack ${cluster}`;
}

const ExistingHome = z
  .discriminatedUnion("kind", [
    z
      .strictObject({
        kind: z
          .literal("nfs")
          .describe(
            "An NFS export every node can mount read-write with root not squashed (`rw,no_root_squash` in " +
              "/etc/exports, or the appliance's equivalent): hubnet creates each hub's directory and makes each " +
              "home its user's as root; with root squashed (the Linux default) spawns fail.",
          ),
        server: z
          .string()
          .regex(/^[A-Za-z0-9.:-]+$/, { message: "must be a host name or IP address" })
          .describe("The NFS server."),
        addresses: z
          .array(
            z.string().regex(/^(\d{1,3}\.){3}\d{1,3}(\/\d{1,2})?$/, {
              message: "must be an IPv4 address or CIDR, e.g. 192.0.2.10 or 192.0.2.0/28",
            }),
          )
          .optional()
          .describe(
            "The NFS server's IPv4 addresses (what `server` resolves to), which user pods are denied: only the " +
              "kubelet mounts the share. Required when `server` is a host name; an IP `server` is denied by itself.",
          ),
        path: z
          .string()
          .regex(/^\/[^\s]*$/, { message: "must be an absolute path" })
          .describe("The exported path; hubs use <namespace>/<user> below it."),
        mountOptions: z.array(z.string().min(1)).prefault(["vers=4.1"]).describe("NFS mount options."),
      })
      .describe("Homes on an NFS export."),
    z
      .strictObject({
        kind: z
          .literal("storageClass")
          .describe("A ReadWriteMany StorageClass (CephFS, NFS provisioner, …)."),
        storageClass: dnsLabel("a StorageClass name").describe("The StorageClass; one claim per hub."),
      })
      .describe("Homes on one ReadWriteMany claim per hub."),
    z
      .strictObject({
        kind: z.literal("perUserClaims").describe("One ReadWriteOnce claim per user."),
        storageClass: dnsLabel("a StorageClass name")
          .optional()
          .describe("default: the cluster's default class"),
      })
      .describe("Homes on one claim per user (no shared directories)."),
  ])
  .describe("Where homes live on this cluster. Changing it moves hubs to new, empty homes (the old stay).");

export const ExistingCluster = z
  .strictObject({
    cloud: z
      .literal("existing")
      .describe(
        "An existing cluster reached through a kubeconfig held as a Pulumi secret of the cluster stack.",
      ),
    context: z
      .string()
      .min(1)
      .optional()
      .describe("The context of the kubeconfig to use; default: its current context."),
    node: z
      .strictObject({
        cpu: cpuQuantity.describe("Allocatable CPU of the largest node user servers may use."),
        memory: bytesQuantity.describe(
          "Allocatable memory of that node (`kubectl describe node`, Allocatable).",
        ),
      })
      .describe("The largest node user servers may use, as Kubernetes reports its allocatable resources."),
    storage: z
      .strictObject({
        home: ExistingHome,
        defaultStorageClass: z
          .strictObject({
            name: dnsLabel("a StorageClass name").describe("Its name."),
            provisioner: z.string().min(1).describe("Its provisioner, e.g. rook-ceph.rbd.csi.ceph.com."),
          })
          .describe(
            "The cluster's default StorageClass, which each hub's database claim uses (a hub does not become " +
              "ready without one): `kubectl get storageclass` marks it (default).",
          ),
        buckets: z
          .literal(false, {
            message:
              "existing clusters have no object storage from hubnet: remove `buckets` or set it to false",
          })
          .prefault(false),
      })
      .describe("Homes on the cluster's own storage; no object storage."),
    ...clusterFields,
  })
  .describe(
    "An existing cluster (for example a university's), run as a production hubnet cluster. Its kubeconfig is a " +
      'Pulumi secret of the cluster stack: `pulumi config set --secret hubnet:kubeconfig "$(cat <file>)" --stack <cluster>`.',
  )
  .meta({
    examples: [
      {
        cloud: "existing",
        node: { cpu: 31, memory: "120Gi" },
        storage: {
          home: {
            kind: "nfs",
            server: "nfs.campus.example.edu",
            addresses: ["192.0.2.10"],
            path: "/export/jupyter",
          },
          defaultStorageClass: { name: "ceph-rbd", provisioner: "rook-ceph.rbd.csi.ceph.com" },
        },
        domain: "hubs.campus.example.edu",
        certificateEmail: "ops@campus.example.edu",
        operators: { github: ["hubnet-ops"] },
      },
    ],
  });

export type ExistingClusterConfig = z.output<typeof ExistingCluster>;

/** The addresses user pods are denied for an NFS home: `addresses`, or the server itself when it is an IP. */
export function nfsServerAddresses(home: { server: string; addresses?: string[] }): string[] {
  if (home.addresses && home.addresses.length > 0) return home.addresses;
  return /^(\d{1,3}\.){3}\d{1,3}$/.test(home.server) ? [home.server] : [];
}

function checks(loaded: Loaded<ExistingClusterConfig>): Problem[] {
  const c = loaded.config;
  const home = c.storage.home;
  const problems: Problem[] = [];
  if (home.kind === "nfs" && nfsServerAddresses(home).length === 0) {
    problems.push({
      ...where(loaded, ["storage", "home", "server"]),
      message: `the NFS server ${home.server} is a host name: add storage.home.addresses with its IPv4 addresses (\`dig +short ${home.server}\`), so user pods are denied the server (only the nodes mount it)`,
    });
  }
  if (c.operators.local.length > 0) {
    problems.push({
      ...where(loaded, ["operators", "local"]),
      message:
        "operators.local names admins of dummy-auth hubs, which exist only on local clusters: name operators by github, google or oidc",
    });
  }
  return problems;
}

export const existing: CloudConfig<typeof ExistingCluster> = defineCloud({
  schema: ExistingCluster,
  region: () => "existing",
  checks,
});
