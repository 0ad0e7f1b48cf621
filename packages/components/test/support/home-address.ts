/**
 * Where each cloud's home file server answers, as an address inside the network layout the cluster
 * components create: the isolation tests ask whether pods reach it. Each is the first host of the
 * range the server's address comes from (a real deploy picks one address in it; the policies treat
 * every address of the range alike).
 */
import { type Cluster, nfsServerAddresses } from "@hubnet/config";
import { PRIVATE_SUBNETS } from "../../src/aws/eks-network";
import { AKS_NODE_SUBNET } from "../../src/azure/aks-cluster";
import { FILESTORE_RANGE } from "../../src/gcp/gke-cluster";

const firstHost = (cidr: string) => {
  const [a, b, c, d] = cidr.split("/")[0].split(".").map(Number);
  return `${a}.${b}.${c}.${d + 2}`;
};

/**
 * The home file server's address of `cluster`; undefined where homes are per-user volumes (local) or a
 * StorageClass's. An existing cluster's NFS server is the address its config declares (it may be public).
 */
export function homeServerAddress(cluster: Cluster): string | undefined {
  switch (cluster.cloud) {
    case "gcp":
      return firstHost(FILESTORE_RANGE); // Filestore's reserved range
    case "aws":
      return firstHost(PRIVATE_SUBNETS[0]); // an EFS mount target in a private subnet
    case "azure":
      return firstHost(AKS_NODE_SUBNET); // the share's private endpoint on the node subnet
    case "existing":
      return cluster.storage.home.kind === "nfs" ? nfsServerAddresses(cluster.storage.home)[0] : undefined;
    case "local":
      return undefined;
  }
}
