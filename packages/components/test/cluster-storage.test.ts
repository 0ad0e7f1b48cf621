/**
 * What each cloud's cluster stack does for storage, rendered from the example cluster stacks:
 * home shares reachable from nodes only (the addresses the isolation tests use come from these
 * layouts), scheduled home backups where the cloud can, a default StorageClass for the hub
 * database, and monitoring behind a login.
 */
import { monitoringDomain } from "@hubnet/config";
import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EKS_DEFAULT_STORAGE_CLASS } from "../src/aws/eks-cluster";
import { EBS_CSI_SA } from "../src/aws/eks-ebs";
import { PRIVATE_SUBNETS } from "../src/aws/eks-network";
import { AKS_DEFAULT_STORAGE_CLASS, AKS_NODE_SUBNET } from "../src/azure/aks-cluster";
import { GRAFANA_ADMIN_SECRET } from "../src/baseline/monitoring";
import { backupWorkflow, HOME_BACKUP_ROLES, HOME_BACKUPS_KEPT } from "../src/gcp/filestore-backups";
import {
  FILESTORE_RANGE,
  GKE_DEFAULT_STORAGE_CLASS,
  GKE_NODE_RANGE,
  GKE_POD_RANGE,
} from "../src/gcp/gke-cluster";
import { clusterConfig, ofType, one, releases, renderCluster } from "./cluster-render";
import { cidrContains } from "./support/network-policy-eval";
import type { Json } from "./support/resources";

const rendered = new Map<string, RenderedStack>();
const STACKS = { gcp: "gcp-shared", aws: "aws-research", azure: "azure-eu", local: "local-dev" } as const;
beforeAll(async () => {
  for (const stack of Object.values(STACKS)) rendered.set(stack, await renderCluster(stack));
}, 120_000);
const r = (stack: string) => rendered.get(stack)!;

describe("GKE: Filestore homes", () => {
  it("export only to node addresses, never to pod addresses, from a range of their own", () => {
    const fs = one(r(STACKS.gcp), "gcp:filestore/instance:Instance", `${STACKS.gcp}-home`).inputs as Json;
    expect(fs.fileShares.nfsExportOptions).toEqual([
      { ipRanges: [GKE_NODE_RANGE], accessMode: "READ_WRITE", squashMode: "NO_ROOT_SQUASH" },
    ]);
    expect(fs.networks[0].reservedIpRange).toBe(FILESTORE_RANGE);
    const subnet = one(r(STACKS.gcp), "gcp:compute/subnetwork:Subnetwork", `${STACKS.gcp}-nodes`)
      .inputs as Json;
    expect(subnet.ipCidrRange).toBe(GKE_NODE_RANGE);
    expect(subnet.secondaryIpRanges[0]).toEqual({ rangeName: "pods", ipCidrRange: GKE_POD_RANGE });
    // No pod address is inside the exported range.
    expect(cidrContains(GKE_NODE_RANGE, GKE_POD_RANGE.split("/")[0])).toBe(false);
    expect(cidrContains(GKE_POD_RANGE, GKE_NODE_RANGE.split("/")[0])).toBe(false);
  });

  it("are backed up daily by a Cloud Scheduler job with its own service account, keeping a count", () => {
    const stack = r(STACKS.gcp);
    const c = clusterConfig(STACKS.gcp) as Json;
    const jobs = ofType(stack, "gcp:cloudscheduler/job:Job");
    if (!c.storage.home.backups) {
      expect(jobs).toEqual([]);
      return;
    }
    const sa = one(stack, "gcp:serviceaccount/account:Account", `${STACKS.gcp}-home-backup`).inputs as Json;
    const members = ofType(stack, "gcp:projects/iAMMember:IAMMember")
      .map((x) => x.inputs as Json)
      .filter((x) => x.member.startsWith(`serviceAccount:${sa.accountId}@`));
    const email = members[0].member.replace(/^serviceAccount:/, "");
    const roles = members.map((x) => x.role).sort();
    // The predefined roles, and the custom role of backups (no project-wide Filestore editor).
    expect(roles.filter((x) => x.startsWith("roles/"))).toEqual([...HOME_BACKUP_ROLES].sort());
    expect(roles).not.toContain("roles/file.editor");
    const [job] = jobs;
    expect(job.inputs).toMatchObject({
      schedule: "0 3 * * *",
      timeZone: "Etc/UTC",
      region: c.region,
      httpTarget: {
        httpMethod: "POST",
        uri: `https://workflowexecutions.googleapis.com/v1/projects/${c.project}/locations/${c.region}/workflows/${STACKS.gcp}-home-backup/executions`,
        oauthToken: { serviceAccountEmail: email },
      },
    });
    const wf = one(stack, "gcp:workflows/workflow:Workflow", `${STACKS.gcp}-home-backup`).inputs as Json;
    expect(wf.serviceAccount).toBe(email);
    const steps = parse(wf.sourceContents).main.steps.map((s: Json) => Object.keys(s)[0]);
    expect(steps).toEqual([
      "init",
      "create",
      "wait",
      "waitDone",
      "pause",
      "listFirst",
      "list",
      "collect",
      "nextPage",
      "prune",
    ]);
    expect(wf.sourceContents).toContain(
      `sourceInstance: "projects/${c.project}/locations/${c.zone ?? `${c.region}-b`}/instances/${STACKS.gcp}-home"`,
    );
    expect(wf.sourceContents).toContain(`\${i >= ${HOME_BACKUPS_KEPT}}`);
  });

  it("the workflow creates a labelled backup, waits, and prunes only that label's backups beyond the count", () => {
    const text = backupWorkflow({
      cluster: "c1",
      project: "p1",
      region: "r1",
      instance: "projects/p1/locations/r1-b/instances/c1-home",
      share: "homes",
      keep: 3,
    });
    const wf = parse(text).main.steps;
    const create = wf.find((s: Json) => s.create).create;
    expect(create.call).toBe("http.post");
    expect(create.args.body).toMatchObject({
      sourceFileShare: "homes",
      labels: { hubnet_backup: "c1-home" },
    });
    const list = wf.find((s: Json) => s.list).list;
    expect(list.args.query).toEqual({
      filter: 'labels.hubnet_backup="c1-home"',
      orderBy: "name desc",
      pageSize: 100,
      pageToken: "${pageToken}",
    });
    // Polls the operation until done, sleeping between polls, then lists.
    const waitDone = wf.find((s: Json) => s.waitDone).waitDone;
    expect(waitDone).toEqual({
      switch: [{ condition: `\${not("done" in op.body)}`, next: "pause" }],
      next: "listFirst",
    });
    expect(wf.find((s: Json) => s.pause).pause).toEqual({
      call: "sys.sleep",
      args: { seconds: 60 },
      next: "wait",
    });
    const prune = wf.find((s: Json) => s.prune).prune.for;
    expect(prune.steps[0].old.switch[0].condition).toBe(`\${i >= 3}`);
    expect(prune.steps[0].old.switch[0].steps[0].delete.call).toBe("http.delete");
  });
});

describe("EKS", () => {
  it("EFS mount targets admit NFS from the nodes' security group only", () => {
    const stack = r(STACKS.aws);
    const sg = one(stack, "aws:ec2/securityGroup:SecurityGroup", `${STACKS.aws}-efs`).inputs as Json;
    expect(sg.ingress).toEqual([
      {
        protocol: "tcp",
        fromPort: 2049,
        toPort: 2049,
        securityGroups: [`sg-${STACKS.aws}-cluster`],
      },
    ]);
    expect(sg.egress).toEqual([]);
    for (const mt of ofType(stack, "aws:efs/mountTarget:MountTarget"))
      expect((mt.inputs as Json).securityGroups).toHaveLength(1);
    const subnets = ofType(stack, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("private"));
    expect(subnets.map((s) => (s.inputs as Json).cidrBlock)).toEqual([...PRIVATE_SUBNETS]);
  });

  it("has a working default StorageClass: the EBS CSI add-on with its own IRSA role, gp3, encrypted", () => {
    const stack = r(STACKS.aws);
    const addon = one(stack, "aws:eks/addon:Addon", `${STACKS.aws}-aws-ebs-csi-driver`).inputs as Json;
    expect(addon.addonName).toBe("aws-ebs-csi-driver");
    const role = one(stack, "aws:iam/role:Role", `${STACKS.aws}-ebs-csi`);
    expect(addon.serviceAccountRoleArn).toBe(`arn:aws:iam::123456789012:role/${STACKS.aws}-ebs-csi`);
    const trust = JSON.parse((role.inputs as Json).assumeRolePolicy);
    expect(Object.values(trust.Statement[0].Condition.StringEquals)).toContain(
      `system:serviceaccount:kube-system:${EBS_CSI_SA}`,
    );
    const policy = one(stack, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${STACKS.aws}-ebs-csi`)
      .inputs as Json;
    expect(policy.policyArn).toBe("arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy");
    const sc = one(stack, "kubernetes:storage.k8s.io/v1:StorageClass", `${STACKS.aws}-gp3`);
    expect(sc.inputs).toMatchObject({
      metadata: {
        name: EKS_DEFAULT_STORAGE_CLASS.name,
        annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
      },
      provisioner: EKS_DEFAULT_STORAGE_CLASS.provisioner,
      parameters: { type: "gp3", encrypted: "true" },
      reclaimPolicy: "Retain",
      volumeBindingMode: "WaitForFirstConsumer",
    });
    expect(sc.provider).toMatch(new RegExp(`::${STACKS.aws}-k8s$`));
  });
});

describe("AKS: the home share", () => {
  it("has no public endpoint: a private endpoint on the node subnet, resolved by a linked private DNS zone", () => {
    const stack = r(STACKS.azure);
    const account = one(stack, "azure-native:storage:StorageAccount", `${STACKS.azure}-home`).inputs as Json;
    expect(account.publicNetworkAccess).toBe("Disabled");
    expect(account.networkRuleSet).toEqual({ defaultAction: "Deny", bypass: "None" });
    const subnet = one(stack, "azure-native:network:Subnet", `${STACKS.azure}-nodes`).inputs as Json;
    expect(subnet.addressPrefix).toBe(AKS_NODE_SUBNET);
    expect(subnet.serviceEndpoints).toBeUndefined();
    const pe = one(stack, "azure-native:network:PrivateEndpoint", `${STACKS.azure}-home`).inputs as Json;
    expect(pe.privateLinkServiceConnections).toEqual([expect.objectContaining({ groupIds: ["file"] })]);
    expect(pe.subnet).toBeDefined();
    const zone = one(stack, "azure-native:privatedns:PrivateZone", `${STACKS.azure}-file-dns`).inputs as Json;
    expect(zone.privateZoneName).toBe("privatelink.file.core.windows.net");
    expect(ofType(stack, "azure-native:privatedns:VirtualNetworkLink")).toHaveLength(1);
    expect(ofType(stack, "azure-native:network:PrivateDnsZoneGroup")).toHaveLength(1);
  });

  it("relies on AKS's default StorageClass, with the Azure Disk CSI driver on", () => {
    const mc = one(r(STACKS.azure), "azure-native:containerservice:ManagedCluster", STACKS.azure)
      .inputs as Json;
    expect(mc.storageProfile.diskCSIDriver).toEqual({ enabled: true });
    expect(AKS_DEFAULT_STORAGE_CLASS).toMatchObject({
      createdBy: "cloud",
      provisioner: "disk.csi.azure.com",
    });
  });
});

describe("GKE: default StorageClass", () => {
  it("relies on GKE's default StorageClass, with the persistent disk CSI driver on", () => {
    const c = one(r(STACKS.gcp), "gcp:container/cluster:Cluster", STACKS.gcp).inputs as Json;
    expect(c.addonsConfig.gcePersistentDiskCsiDriverConfig).toEqual({ enabled: true });
    expect(GKE_DEFAULT_STORAGE_CLASS).toMatchObject({
      createdBy: "cloud",
      provisioner: "pd.csi.storage.gke.io",
    });
  });
});

describe.each(Object.values(STACKS))("monitoring on %s", (stack) => {
  it("Grafana: generated admin password in a Secret, no anonymous access, HTTPS only at grafana.<domain>", () => {
    const s = r(stack);
    const domain = clusterConfig(stack).domain;
    // The name validate keeps free of hubs is the one the baseline serves Grafana at.
    expect(`grafana.${domain}`).toBe(monitoringDomain(clusterConfig(stack)));
    const secret = one(s, "kubernetes:core/v1:Secret", "baseline-grafana-admin").inputs as Json;
    expect(secret.metadata).toMatchObject({ name: GRAFANA_ADMIN_SECRET, namespace: "monitoring" });
    expect(secret.stringData).toBe("[secret]");
    expect(
      one(s, "random:index/randomPassword:RandomPassword", "baseline-grafana-admin").inputs.length,
    ).toBeGreaterThanOrEqual(32);
    const grafana = (releases(s)["kube-prometheus-stack"].inputs.values as Json).grafana;
    expect(grafana.admin).toEqual({
      existingSecret: GRAFANA_ADMIN_SECRET,
      userKey: "admin-user",
      passwordKey: "admin-password",
    });
    expect(grafana.adminPassword).toBeUndefined();
    expect(grafana["grafana.ini"]["auth.anonymous"]).toEqual({ enabled: false });
    expect(grafana["grafana.ini"].server.root_url).toBe(`https://grafana.${domain}/`);
    const gw = one(s, "kubernetes:gateway.networking.k8s.io/v1:Gateway", "baseline-grafana-gateway")
      .inputs as Json;
    expect(gw.metadata.namespace).toBe("monitoring");
    expect(gw.spec.listeners.map((l: Json) => [l.protocol, l.hostname])).toEqual([
      ["HTTP", `grafana.${domain}`],
      ["HTTPS", `grafana.${domain}`],
    ]);
    const route = one(s, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute", "baseline-grafana-route")
      .inputs as Json;
    expect(route.spec.parentRefs).toEqual([{ name: "hub", sectionName: "https" }]);
    const redirect = one(
      s,
      "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
      "baseline-grafana-https-redirect",
    ).inputs as Json;
    expect(redirect.spec.rules[0].filters[0].requestRedirect.scheme).toBe("https");
    // The monitoring namespace's own policies (under a strict CNI, EKS, the system namespaces' too).
    const pols = ofType(s, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .map((x) => (x.inputs as Json).metadata.name)
      .filter((n: string) => !n.startsWith("hubnet-system-"));
    expect(pols.sort()).toEqual(["hubnet-grafana", "hubnet-prometheus-alertmanager"]);
    // The password is a secret output of the stack.
    expect(s.outputs.grafanaUrl).toBe(`https://grafana.${domain}`);
  });
});
