/**
 * Deliberately broken plans: the fixture network rendered by the real stack programs passes every
 * policy; each case breaks one thing in one stack's recorded resources (a public bucket, a pod
 * without limits, storage without protect, a namespace without its default-deny policy, ...) and
 * must fail exactly the policy it breaks, with a message that says what to change. Together the
 * cases cover every policy of the catalog: each has a passing resource (the untouched fixture) and
 * a failing one.
 */
import { POLICY_CATALOG } from "@hubnet/config";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluateStack, hubnetPolicies, type PlanRow } from "../src";
import { type RenderedFixture, renderFixture, rowsOf, writeFixtureNetwork } from "./support/fixture-network";

// biome-ignore lint/suspicious/noExplicitAny: the cases poke into chart values of any shape
type Values = Record<string, any>;

function one(rows: PlanRow[], type: string, pred: (r: PlanRow) => boolean = () => true): PlanRow {
  const found = rows.filter((r) => r.type === type && pred(r));
  if (found.length === 0) throw new Error(`no ${type} in the fixture`);
  return found[0];
}
const hubValues = (rows: PlanRow[], ns?: string): Values =>
  one(
    rows,
    "kubernetes:helm.sh/v3:Release",
    (r) => r.inputs.chart === "jupyterhub" && (!ns || r.inputs.namespace === ns),
  ).inputs.values as Values;

interface Case {
  name: string;
  stack: string;
  policy: string;
  message: RegExp;
  breakIt(rows: PlanRow[]): void;
}

const CASES: Case[] = [
  {
    name: "a public GCS bucket",
    stack: "fx-geo",
    policy: "bucket-not-public",
    message: /does not enforce public access prevention/,
    breakIt: (rows) => {
      one(rows, "gcp:storage/bucket:Bucket").inputs.publicAccessPrevention = "inherited";
    },
  },
  {
    name: "an S3 bucket without its public access block",
    stack: "fx-climate",
    policy: "bucket-not-public",
    message: /has no public access block/,
    breakIt: (rows) => {
      const i = rows.findIndex((r) => r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      rows.splice(i, 1);
    },
  },
  {
    name: "an Azure container open to anonymous reads",
    stack: "fx-neuro",
    policy: "bucket-not-public",
    message: /allows anonymous Blob access/,
    breakIt: (rows) => {
      one(rows, "azure-native:storage:BlobContainer").inputs.publicAccess = "Blob";
    },
  },
  {
    name: "an S3 bucket without default encryption",
    stack: "fx-climate",
    policy: "bucket-encrypted",
    message: /has no default encryption/,
    breakIt: (rows) => {
      for (const r of rows.filter((r) => r.type.includes("bucketServerSideEncryptionConfiguration")))
        r.inputs.rules = [];
    },
  },
  {
    name: "a bucket granted to another hub's identity",
    stack: "fx-geo",
    policy: "bucket-own-hub-only",
    message: /another hub|not to its hub's own service account/,
    breakIt: (rows) => {
      const grant = one(rows, "gcp:storage/bucketIAMMember:BucketIAMMember", (r) =>
        String(r.inputs.bucket).includes("-prod-"),
      );
      grant.inputs.member = String(grant.inputs.member).replace("fx-geo-prod", "fx-geo-staging");
      delete grant.propertyDependencies?.member;
    },
  },
  {
    name: "an IAM role granted a bucket of another hub",
    stack: "fx-climate",
    policy: "bucket-own-hub-only",
    message: /not a bucket of its own hub/,
    breakIt: (rows) => {
      const policy = one(rows, "aws:iam/rolePolicy:RolePolicy");
      policy.inputs.policy = String(policy.inputs.policy).replaceAll(
        "hubnet-fx-aws-fx-climate-prod-",
        "hubnet-fx-aws-other-prod-",
      );
    },
  },
  {
    name: "an IAM role policy that is not JSON (nothing in it can be checked)",
    stack: "fx-climate",
    policy: "bucket-own-hub-only",
    message: /policy is not valid JSON, so the buckets it grants cannot be checked/,
    breakIt: (rows) => {
      const policy = one(rows, "aws:iam/rolePolicy:RolePolicy");
      policy.inputs.policy = `${String(policy.inputs.policy)},`;
    },
  },
  {
    name: "home storage without protect",
    stack: "fx-geo",
    policy: "user-data-protected",
    message: /holds user data of community fx-geo and is not protect:/,
    breakIt: (rows) => {
      one(rows, "kubernetes:core/v1:PersistentVolume").protect = false;
    },
  },
  {
    name: "a persistent bucket not retained on delete",
    stack: "fx-climate",
    policy: "user-data-protected",
    message: /is not retainOnDelete/,
    breakIt: (rows) => {
      one(rows, "aws:s3/bucket:Bucket", (r) => r.name.endsWith("-persistent")).retainOnDelete = false;
    },
  },
  {
    name: "a profile without a memory limit",
    stack: "fx-geo",
    policy: "user-pod-memory-limit",
    message:
      /communities\/fx-geo\/community\.yaml: profiles\[1\]\.memory: profile "Large" of hub fx-geo-\w+ sets no memory limit/,
    breakIt: (rows) => {
      delete hubValues(rows, "fx-geo-prod").singleuser.profileList[1].kubespawner_override.mem_limit;
    },
  },
  {
    name: "a node-share size without a memory limit",
    stack: "fx-dev",
    policy: "user-pod-memory-limit",
    message: /profiles\[2\]\.memory: profile "Share of a node" of hub fx-dev-dev sets no memory limit/,
    breakIt: (rows) => {
      const shared = hubValues(rows).singleuser.profileList.find((p: Values) => p.slug === "shared");
      delete shared.profile_options.resources.choices.half.kubespawner_override.mem_limit;
    },
  },
  {
    name: "a profile without a cpu limit (advisory)",
    stack: "fx-dev",
    policy: "user-pod-cpu-limit",
    message: /profiles\[0\]\.cpu: profile "Small" of hub fx-dev-dev sets no cpu limit/,
    breakIt: (rows) => {
      delete hubValues(rows).singleuser.profileList[0].kubespawner_override.cpu_limit;
    },
  },
  {
    name: "user servers as root",
    stack: "fx-dev",
    policy: "user-pod-non-root",
    message: /runs user servers as root \(uid 0\)/,
    breakIt: (rows) => {
      hubValues(rows).singleuser.uid = 0;
    },
  },
  {
    name: "a privileged profile",
    stack: "fx-neuro",
    policy: "user-pod-not-privileged",
    message: /profiles\[0\]: profile "Small" of hub fx-neuro-prod runs user servers privileged/,
    breakIt: (rows) => {
      hubValues(rows).singleuser.profileList[0].kubespawner_override.privileged = true;
    },
  },
  {
    name: "user servers that reach the metadata endpoint",
    stack: "fx-climate",
    policy: "user-pod-no-cloud-metadata",
    message: /can reach the cloud metadata endpoint 169\.254\.169\.254/,
    breakIt: (rows) => {
      const v = hubValues(rows);
      v.singleuser.cloudMetadata.blockWithIptables = false;
      v.singleuser.networkPolicy.egressAllowRules.cloudMetadataServer = true;
    },
  },
  {
    name: "a hub that never culls (advisory)",
    stack: "fx-dev",
    policy: "hub-culling",
    message: /features\.culling\.enabled: hub fx-dev-dev never stops idle servers/,
    breakIt: (rows) => {
      hubValues(rows).cull.enabled = false;
    },
  },
  {
    name: "a day-long idle timeout (advisory)",
    stack: "fx-geo",
    policy: "hub-culling",
    message:
      /features\.culling\.idleTimeout: hub fx-geo-prod stops servers only after 86400 s idle, more than the platform's maximum of 14400 s/,
    breakIt: (rows) => {
      hubValues(rows, "fx-geo-prod").cull.timeout = 86400;
    },
  },
  {
    name: "a namespace without its default-deny policy",
    stack: "fx-neuro",
    policy: "hub-default-deny-egress",
    message: /hub namespace fx-neuro-prod has no default-deny NetworkPolicy/,
    breakIt: (rows) => {
      const i = rows.findIndex((r) => r.type.endsWith(":NetworkPolicy") && r.name.endsWith("-default-deny"));
      rows.splice(i, 1);
    },
  },
  {
    name: "a network policy admitting every namespace",
    stack: "fx-geo",
    policy: "hub-network-isolation",
    message: /admits every namespace \(namespaceSelector: \{\}\)/,
    breakIt: (rows) => {
      const np = one(rows, "kubernetes:networking.k8s.io/v1:NetworkPolicy", (r) =>
        r.name.endsWith("-acme-solver"),
      );
      (np.inputs.spec as Values).ingress[0].from = [{ namespaceSelector: {} }];
    },
  },
  {
    name: "a home share exported to every address",
    stack: "fx-gcp",
    policy: "home-storage-nodes-only",
    message: /exports its share beyond the nodes \(0\.0\.0\.0\/0\)/,
    breakIt: (rows) => {
      (
        one(rows, "gcp:filestore/instance:Instance").inputs.fileShares as Values
      ).nfsExportOptions[0].ipRanges = ["0.0.0.0/0"];
    },
  },
  {
    name: "an EFS security group open to the VPC",
    stack: "fx-aws",
    policy: "home-storage-nodes-only",
    message: /admits 10\.0\.0\.0\/16 to the home file system/,
    breakIt: (rows) => {
      const sg = one(rows, "aws:ec2/securityGroup:SecurityGroup", (r) => r.name.endsWith("-efs"));
      (sg.inputs.ingress as Values[])[0].cidrBlocks = ["10.0.0.0/16"];
    },
  },
  {
    name: "an identity provider open to all its users though the file does not say so",
    stack: "fx-climate",
    policy: "identity-provider-explicit-rule",
    message:
      /auth\.identityProviders\[0\]: identity provider https:\/\/idp\.fixture\.example\/idp of hub fx-climate-prod admits every one of its users/,
    breakIt: (rows) => {
      const cfg = hubValues(rows).hub.config.CILogonOAuthenticator;
      const idps = cfg.idps ?? cfg.allowed_idps;
      const idp = idps["https://idp.fixture.example/idp"];
      delete idp.allowed_domains;
      idp.allow_all = true;
    },
  },
  {
    name: "an admin outside the only allow rule",
    stack: "fx-dev",
    policy: "hub-admins-may-log-in",
    message: /admin alice is not in allowedUsers, the hub's only allow rule/,
    breakIt: (rows) => {
      const a = hubValues(rows).hub.config.Authenticator;
      a.allowed_users = a.allowed_users.filter((u: string) => u !== "alice");
    },
  },
  {
    name: "a hub gateway without HTTPS",
    stack: "fx-neuro",
    policy: "hub-https-only",
    message: /has no HTTPS listener/,
    breakIt: (rows) => {
      const g = one(rows, "kubernetes:gateway.networking.k8s.io/v1:Gateway");
      const spec = g.inputs.spec as Values;
      spec.listeners = spec.listeners.filter((l: Values) => l.protocol !== "HTTPS");
    },
  },
  {
    name: "a hub's Service exposed as a LoadBalancer",
    stack: "fx-neuro",
    policy: "hub-https-only",
    message: /Service proxy-public of a hub is exposed as LoadBalancer: hubs are reached through the Gateway/,
    breakIt: (rows) => {
      const ns = one(rows, "kubernetes:core/v1:Namespace");
      rows.push({
        ...ns,
        type: "kubernetes:core/v1:Service",
        name: "fx-neuro-prod-public",
        urn: ns.urn.replace(
          /\$kubernetes:core\/v1:Namespace::.*$/,
          "$kubernetes:core/v1:Service::fx-neuro-prod-public",
        ),
        inputs: {
          metadata: { name: "proxy-public", namespace: "fx-neuro-prod" },
          spec: { type: "LoadBalancer", ports: [{ port: 80 }] },
        },
        protect: false,
      });
    },
  },
  {
    name: "a hub's bucket without its attribution labels (advisory)",
    stack: "fx-geo",
    policy: "cost-attribution-labels",
    message: /carries no hubnet-community, hubnet-hub labels/,
    breakIt: (rows) => {
      const labels = one(rows, "gcp:storage/bucket:Bucket").inputs.labels as Values;
      delete labels["hubnet-community"];
      delete labels["hubnet-hub"];
    },
  },
  {
    name: "a GKE cluster without network policy enforcement",
    stack: "fx-gcp",
    policy: "cluster-network-policy",
    message: /enforces no network policy/,
    breakIt: (rows) => {
      one(rows, "gcp:container/cluster:Cluster").inputs.datapathProvider = "LEGACY_DATAPATH";
    },
  },
  {
    name: "an AKS cluster without workload identity",
    stack: "fx-azure",
    policy: "cluster-workload-identity",
    message: /has no Workload Identity/,
    breakIt: (rows) => {
      (
        one(rows, "azure-native:containerservice:ManagedCluster").inputs.securityProfile as Values
      ).workloadIdentity.enabled = false;
    },
  },
  {
    name: "an EKS cluster that may fall into extended support",
    stack: "fx-aws",
    policy: "cluster-auto-upgrade",
    message:
      /stacks\/cluster\/Pulumi\.fx-aws\.yaml: config\.hubnet:cluster\.kubernetesVersion: EKS cluster fx-aws may fall into extended support/,
    breakIt: (rows) => {
      one(rows, "aws:eks/cluster:Cluster").inputs.upgradePolicy = { supportType: "EXTENDED" };
    },
  },
  {
    name: "a node pool past the ceiling",
    stack: "fx-gcp",
    policy: "node-pool-bounded",
    message: /may grow to 500 nodes, more than the platform's ceiling of 100/,
    breakIt: (rows) => {
      (
        one(rows, "gcp:container/nodePool:NodePool", (r) => r.name.endsWith("-small")).inputs
          .autoscaling as Values
      ).maxNodeCount = 500;
    },
  },
  {
    name: "a GPU pool kept warm (advisory)",
    stack: "fx-gcp",
    policy: "gpu-pool-scales-to-zero",
    message: /has GPUs and keeps 1 node\(s\) when idle/,
    breakIt: (rows) => {
      (
        one(rows, "gcp:container/nodePool:NodePool", (r) => r.name.endsWith("-t4")).inputs
          .autoscaling as Values
      ).minNodeCount = 1;
    },
  },
  {
    name: "a chart version range",
    stack: "fx-local",
    policy: "chart-version-pinned",
    message: /pins no exact chart version \("\^1"\)/,
    breakIt: (rows) => {
      one(rows, "kubernetes:helm.sh/v3:Release", (r) => r.inputs.chart === "cert-manager").inputs.version =
        "^1";
    },
  },
  {
    name: "an image on latest",
    stack: "fx-dev",
    policy: "image-pinned",
    message:
      /image\.tag: hub fx-dev-dev's image quay\.io\/jupyter\/scipy-notebook: `latest` changes under users/,
    breakIt: (rows) => {
      hubValues(rows).singleuser.image.tag = "latest";
    },
  },
  {
    name: "a cluster-wide role of a community stack that writes",
    stack: "fx-geo",
    policy: "stack-own-namespaces",
    message:
      /ClusterRole hubnet-dask-gateway-\S+ grants get, list, watch, create on pods in every namespace: .* may only get, list and watch, and never secrets/,
    breakIt: (rows) => {
      const role = one(rows, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole", (r) =>
        JSON.stringify(r.inputs.rules).includes('"pods"'),
      );
      for (const rule of role.inputs.rules as Values[])
        if (rule.resources.includes("pods")) {
          rule.resources = ["pods"];
          rule.verbs = ["get", "list", "watch", "create"];
        }
    },
  },
  {
    name: "a cluster-wide role bound to an account of another namespace",
    stack: "fx-geo",
    policy: "stack-own-namespaces",
    message:
      /ClusterRoleBinding \S+ binds subjects other than service accounts of the stack's own namespaces/,
    breakIt: (rows) => {
      const binding = one(rows, "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding");
      (binding.inputs.subjects as Values[])[0].namespace = "kube-system";
    },
  },
  {
    name: "an object in another namespace",
    stack: "fx-dev",
    policy: "stack-own-namespaces",
    message:
      /NetworkPolicy .* is created in namespace kube-system, not in one of the stack's own \(fx-dev-dev\)/,
    breakIt: (rows) => {
      const np = one(rows, "kubernetes:networking.k8s.io/v1:NetworkPolicy");
      (np.inputs.metadata as Values).namespace = "kube-system";
    },
  },
];

let fixture: RenderedFixture;
beforeAll(async () => {
  fixture = await renderFixture(writeFixtureNetwork());
});

async function failing(stack: string, rows: PlanRow[]) {
  const s = fixture.stacks.find((x) => x.stack === stack);
  const report = await evaluateStack({
    project: s?.project ?? "",
    stack,
    rows,
    policies: hubnetPolicies(fixture.ctx),
    ctx: fixture.ctx,
  });
  return report.findings;
}

describe("the fixture network, untouched", () => {
  it("passes every policy on every stack", async () => {
    for (const s of fixture.stacks)
      expect(await failing(s.stack, rowsOf(fixture, s.stack)), s.stack).toEqual([]);
  });
});

describe("broken plans each fail exactly the policy they break", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const rows = rowsOf(fixture, c.stack);
    c.breakIt(rows);
    const findings = await failing(c.stack, rows);
    expect([...new Set(findings.map((f) => f.policy))]).toEqual([c.policy]);
    expect(findings.map((f) => f.message).join("\n")).toMatch(c.message);
  });

  it("cover every policy of the catalog", () => {
    const covered = new Set(CASES.map((c) => c.policy));
    expect(POLICY_CATALOG.map((p) => p.name).filter((n) => !covered.has(n))).toEqual([]);
  });
});
