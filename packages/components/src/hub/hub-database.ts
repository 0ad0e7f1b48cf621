/**
 * The hub database (JupyterHub's SQLite file: users, servers, tokens, auth state) on a claim the Hub
 * component owns, not the chart: with z2jh's default `sqlite-pvc` the chart creates the claim, so
 * deleting or replacing the jupyterhub release deletes every user's record. Here the claim is
 * created next to the release, protected and retained like homes, and the chart is told to use it:
 * `hub.db.type: other` with the SQLite URL on the mounted claim (the path the chart's own
 * `sqlite-pvc` would use), and `--upgrade-db` kept on as the chart does for `sqlite-pvc`.
 *
 * The claim names no StorageClass: it uses the cluster's default one, which every cloud provides
 * (GKE `standard-rwo`, AKS `managed-csi`, EKS the encrypted gp3 class hubnet creates with the EBS CSI
 * driver; docs/platform/clusters.md).
 */

/** The claim's name in the hub namespace. */
export const HUB_DB_CLAIM = "hubnet-hub-db";
/** Where the chart's hub container keeps its state (its working directory). */
export const HUB_DB_DIR = "/srv/jupyterhub";
export const HUB_DB_SIZE = "1Gi";
const VOLUME = "hubnet-hub-db";

/** The hub database's claim: ReadWriteOnce on the default StorageClass. */
export function hubDatabaseClaim(namespace: string, labels: Record<string, string>) {
  return {
    apiVersion: "v1" as const,
    kind: "PersistentVolumeClaim" as const,
    metadata: { name: HUB_DB_CLAIM, namespace, labels },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: HUB_DB_SIZE } } },
  };
}

/** The `hub` values that point the chart at that claim. */
export function hubDatabaseValues() {
  return {
    db: { type: "other", url: `sqlite:///${HUB_DB_DIR}/jupyterhub.sqlite`, upgrade: true },
    extraVolumes: [{ name: VOLUME, persistentVolumeClaim: { claimName: HUB_DB_CLAIM } }],
    extraVolumeMounts: [{ name: VOLUME, mountPath: HUB_DB_DIR }],
  };
}
