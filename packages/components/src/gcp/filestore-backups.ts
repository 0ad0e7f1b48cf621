/**
 * Scheduled backups of a GKE cluster's Filestore home share (`storage.home.backups`). Filestore has
 * backups but no schedule of its own, so:
 *
 * - a service account of its own (`<cluster>-home-backup`) with a custom role that may create, list
 *   and delete backups and read instances, nothing more (`roles/file.editor` would let it delete the
 *   instance itself), and `roles/workflows.invoker`;
 * - a Cloud Workflows workflow, run as that account, that creates a backup of the `homes` share
 *   (labelled `hubnet_backup=<cluster>-home`, named `homes-<unix seconds>`), waits for it, lists that
 *   share's backups by name, newest first, over every page (`backups.list` orders by `name` only:
 *   Filestore API v1 reference, `projects.locations.backups.list`, `orderBy`; and answers at most a
 *   page with a `nextPageToken`), then deletes those beyond the newest `HOME_BACKUPS_KEPT`;
 * - a Cloud Scheduler job that starts the workflow every day at 03:00 UTC with the same account's
 *   OAuth token.
 *
 * Backups live in the cluster's region, apart from the instance, so they survive losing it. Restore:
 * docs/platform/clusters.md ("Restoring homes").
 */
import * as gcp from "@pulumi/gcp";
import type * as pulumi from "@pulumi/pulumi";

/** How many daily backups are kept: two weeks. */
export const HOME_BACKUPS_KEPT = 14;
/** When the backup runs (cron, UTC). */
export const HOME_BACKUP_SCHEDULE = "0 3 * * *";
/** The predefined roles of the backup account (project-wide): starting its own workflow. */
export const HOME_BACKUP_ROLES = ["roles/workflows.invoker"] as const;
/**
 * The permissions of the backup account's custom role: backups, their operations, reading the
 * instance; never `file.instances.delete` or `update` (GCP IAM, "Filestore roles and permissions").
 */
export const HOME_BACKUP_PERMISSIONS = [
  "file.backups.create",
  "file.backups.delete",
  "file.backups.get",
  "file.backups.list",
  "file.instances.get",
  "file.operations.get",
] as const;

/** The custom role's ID (letters, digits, `_` and `.`; unique in the project for 7 days after deletion). */
export function backupRoleId(cluster: string): string {
  return `hubnetHomeBackup_${cluster.replace(/[^A-Za-z0-9]/g, "_")}`.slice(0, 64);
}

/** The label that marks a cluster's home backups, the ones the workflow prunes. */
export function backupLabel(cluster: string): Record<string, string> {
  // An underscore, not a dash: the key goes unquoted into the API's list filter.
  return { hubnet_backup: `${cluster}-home` };
}

/**
 * The workflow (Cloud Workflows YAML) that backs up share `share` of `instance` (its full name) into
 * `project`/`region` and keeps the newest `keep` backups with the cluster's label.
 */
export function backupWorkflow(args: {
  cluster: string;
  project: string;
  region: string;
  instance: string;
  share: string;
  keep: number;
}): string {
  const [labelKey, labelValue] = Object.entries(backupLabel(args.cluster))[0];
  const api = `https://file.googleapis.com/v1/projects/${args.project}/locations/${args.region}`;
  return `# hubnet: daily backup of ${args.instance} (share ${args.share}), keeping the newest ${args.keep}
main:
  steps:
    - init:
        assign:
          - backups: "${api}/backups"
          - id: \${"homes-" + string(int(sys.now()))}
    - create:
        call: http.post
        args:
          url: \${backups + "?backupId=" + id}
          auth: { type: OAuth2 }
          body:
            sourceInstance: "${args.instance}"
            sourceFileShare: "${args.share}"
            description: "hubnet daily backup of ${args.cluster} homes"
            labels: { ${labelKey}: "${labelValue}" }
        result: created
    - wait:
        call: http.get
        args:
          url: \${"https://file.googleapis.com/v1/" + created.body.name}
          auth: { type: OAuth2 }
        result: op
    - waitDone:
        switch:
          - condition: \${not("done" in op.body)}
            next: pause
        next: listFirst
    - pause:
        call: sys.sleep
        args: { seconds: 60 }
        next: wait
    - listFirst:
        assign:
          - names: []
          - pageToken: ""
    - list:
        call: http.get
        args:
          url: \${backups}
          auth: { type: OAuth2 }
          query:
            filter: 'labels.${labelKey}="${labelValue}"'
            orderBy: "name desc"
            pageSize: 100
            pageToken: \${pageToken}
        result: listed
    - collect:
        for:
          value: backup
          in: \${default(map.get(listed.body, "backups"), [])}
          steps:
            - add:
                assign:
                  - names: \${list.concat(names, backup.name)}
    - nextPage:
        switch:
          - condition: \${"nextPageToken" in listed.body and listed.body.nextPageToken != ""}
            assign:
              - pageToken: \${listed.body.nextPageToken}
            next: list
        next: prune
    - prune:
        for:
          value: name
          index: i
          in: \${names}
          steps:
            - old:
                switch:
                  - condition: \${i >= ${args.keep}}
                    steps:
                      - delete:
                          call: http.delete
                          args:
                            url: \${"https://file.googleapis.com/v1/" + name}
                            auth: { type: OAuth2 }
`;
}

/** The explicit dependencies `child` carries (the project's APIs), so that adding one keeps them. */
function dependsOnOf(child: pulumi.CustomResourceOptions): pulumi.Input<pulumi.Resource>[] {
  const d = child.dependsOn;
  return d === undefined ? [] : Array.isArray(d) ? d : [d as pulumi.Input<pulumi.Resource>];
}

export interface FilestoreBackupsArgs {
  /** The cluster's project. Required. */
  project: string;
  /** The cluster's region: where backups, the workflow and the job live. Required. */
  region: string;
  /** The Filestore instance's full name (`projects/<p>/locations/<zone>/instances/<name>`). Required. */
  instance: string;
  /** The share backed up (`homes`). Required. */
  share: string;
  /** The cluster's labels. Required. */
  labels: Record<string, string>;
}

/** The backup account, workflow and schedule of cluster `name`'s homes; `child` makes them the cluster's children. */
export function filestoreBackups(
  name: string,
  args: FilestoreBackupsArgs,
  child: pulumi.CustomResourceOptions,
): { workflow: gcp.workflows.Workflow; job: gcp.cloudscheduler.Job; account: gcp.serviceaccount.Account } {
  const account = new gcp.serviceaccount.Account(
    `${name}-home-backup`,
    {
      accountId: `${name}-home-backup`.slice(0, 30).replace(/-+$/, ""),
      displayName: `hubnet ${name} home backups`,
      description: `Creates and prunes the daily Filestore backups of cluster ${name}'s homes`,
    },
    child,
  );
  const role = new gcp.projects.IAMCustomRole(
    `${name}-home-backup`,
    {
      project: args.project,
      roleId: backupRoleId(name),
      title: `hubnet ${name} home backups`,
      description: `Creates, lists and deletes the Filestore backups of cluster ${name}'s homes`,
      permissions: [...HOME_BACKUP_PERMISSIONS],
    },
    child,
  );
  new gcp.projects.IAMMember(
    `${name}-home-backup-file-backups`,
    { project: args.project, role: role.name, member: account.member },
    child,
  );
  for (const r of HOME_BACKUP_ROLES) {
    new gcp.projects.IAMMember(
      `${name}-home-backup-${r.split("/")[1].replace(/\./g, "-")}`,
      { project: args.project, role: r, member: account.member },
      child,
    );
  }
  const workflow = new gcp.workflows.Workflow(
    `${name}-home-backup`,
    {
      name: `${name}-home-backup`,
      region: args.region,
      description: `hubnet: daily backup of ${name}'s homes, keeping ${HOME_BACKUPS_KEPT}`,
      serviceAccount: account.email,
      sourceContents: backupWorkflow({
        cluster: name,
        project: args.project,
        region: args.region,
        instance: args.instance,
        share: args.share,
        keep: HOME_BACKUPS_KEPT,
      }),
      labels: args.labels,
    },
    child,
  );
  const job = new gcp.cloudscheduler.Job(
    `${name}-home-backup`,
    {
      name: `${name}-home-backup`,
      region: args.region,
      description: `hubnet: start the daily backup of ${name}'s homes`,
      schedule: HOME_BACKUP_SCHEDULE,
      timeZone: "Etc/UTC",
      httpTarget: {
        httpMethod: "POST",
        uri: `https://workflowexecutions.googleapis.com/v1/projects/${args.project}/locations/${args.region}/workflows/${name}-home-backup/executions`,
        body: Buffer.from("{}").toString("base64"),
        oauthToken: {
          serviceAccountEmail: account.email,
          scope: "https://www.googleapis.com/auth/cloud-platform",
        },
      },
    },
    { ...child, dependsOn: [...dependsOnOf(child), workflow] },
  );
  return { workflow, job, account };
}
