import type { RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { CHARTS } from "../src/versions";
import { assertBaseline, assertOutputs } from "./cluster-asserts";
import { clusterConfig, ofType, one, releases, renderClusterWithExports } from "./cluster-render";

let r: RenderedStack;
let exported: Record<string, unknown>;
beforeAll(async () => {
  ({ r, exported } = await renderClusterWithExports("aws-research"));
});

const ng = (name: string) =>
  one(r, "aws:eks/nodeGroup:NodeGroup", `aws-research-${name}`).inputs as Record<string, any>;
const USER_TAINT = { key: "hub.jupyter.org/dedicated", value: "user", effect: "NO_SCHEDULE" };

describe("EKS cluster (stacks/cluster/Pulumi.aws-research.yaml)", () => {
  test("control plane: KMS envelope encryption of secrets, IRSA OIDC provider, VPC CNI network policy", () => {
    const c = one(r, "aws:eks/cluster:Cluster", "aws-research").inputs as Record<string, any>;
    expect(c.encryptionConfig.resources).toEqual(["secrets"]);
    expect(c.encryptionConfig.provider).toBeDefined(); // keyArn: the KMS key below (the mock computes no ARN)
    expect(c.version).toBe(
      (clusterConfig("aws-research") as { kubernetesVersion: string }).kubernetesVersion,
    );
    expect(one(r, "aws:kms/key:Key", "aws-research-secrets").inputs.enableKeyRotation).toBe(true);
    const oidc = one(r, "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws-research-oidc").inputs;
    expect(oidc.clientIdLists).toEqual(["sts.amazonaws.com"]);
    expect(oidc.url).toMatch(/^https:\/\/oidc\.eks/);
    const cni = one(r, "aws:eks/addon:Addon", "aws-research-vpc-cni").inputs;
    expect(JSON.parse(String(cni.configurationValues))).toMatchObject({ enableNetworkPolicy: "true" });
  });

  test("nodes in private subnets behind NAT; launch templates: IMDSv2, hop limit 1, encrypted EBS", () => {
    const privateIds = ofType(r, "aws:ec2/subnet:Subnet").filter((s) => s.name.includes("private"));
    expect(privateIds).toHaveLength(2);
    expect(ofType(r, "aws:ec2/natGateway:NatGateway")).toHaveLength(2); // one per zone
    for (const lt of ofType(r, "aws:ec2/launchTemplate:LaunchTemplate")) {
      expect(lt.inputs.metadataOptions).toMatchObject({ httpTokens: "required", httpPutResponseHopLimit: 1 });
      expect((lt.inputs.blockDeviceMappings as any[])[0].ebs).toMatchObject({
        encrypted: "true",
        volumeType: "gp3",
      });
    }
    for (const n of ofType(r, "aws:eks/nodeGroup:NodeGroup")) {
      expect((n.inputs.subnetIds as string[]).every((id) => id.includes("private"))).toBe(true);
    }
  });

  test("node groups: labels, taints, bounds, spot, AL2023 (NVIDIA for GPUs)", () => {
    expect(ng("core-0")).toMatchObject({
      labels: { "hub.jupyter.org/node-purpose": "core", "hubnet.org/pool": "core" },
      taints: [],
      scalingConfig: { minSize: 1, maxSize: 2 }, // core 1..3, split over two zones (one node each at least)
      amiType: "AL2023_x86_64_STANDARD",
    });
    expect(ng("medium")).toMatchObject({
      labels: { "hub.jupyter.org/node-purpose": "user", "hubnet.org/pool": "medium" },
      taints: [USER_TAINT],
      scalingConfig: { minSize: 0, maxSize: 50, desiredSize: 0 },
      capacityType: "ON_DEMAND",
      instanceTypes: ["r6i.xlarge"],
    });
    expect(ng("dask-workers")).toMatchObject({
      capacityType: "SPOT",
      scalingConfig: { minSize: 0, maxSize: 100 },
    });
    expect(ng("t4")).toMatchObject({
      amiType: "AL2023_x86_64_NVIDIA",
      instanceTypes: ["g4dn.xlarge"],
      taints: [USER_TAINT, { key: "nvidia.com/gpu", value: "present", effect: "NO_SCHEDULE" }],
      scalingConfig: { minSize: 0, maxSize: 8 },
    });
  });

  test("cluster-autoscaler: discovery and scale-from-zero template tags, IRSA role, chart", () => {
    const tags = ng("t4").tags as Record<string, string>;
    expect(tags).toMatchObject({
      "k8s.io/cluster-autoscaler/enabled": "true",
      "k8s.io/cluster-autoscaler/aws-research": "owned",
      "k8s.io/cluster-autoscaler/node-template/label/hubnet.org/pool": "t4",
      "k8s.io/cluster-autoscaler/node-template/taint/hub.jupyter.org/dedicated": "user:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu": "present:NoSchedule",
      "k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu": "1",
    });
    const asgTags = ofType(r, "aws:autoscaling/tag:Tag").map((t) => (t.inputs.tag as { key: string }).key);
    expect(asgTags).toContain("k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu");
    const trust = JSON.parse(
      String(one(r, "aws:iam/role:Role", "aws-research-cluster-autoscaler").inputs.assumeRolePolicy),
    );
    expect(JSON.stringify(trust)).toContain("system:serviceaccount:kube-system:cluster-autoscaler");
    const ca = releases(r)["cluster-autoscaler"].inputs.values as Record<string, any>;
    expect(ca.autoDiscovery).toEqual({ clusterName: "aws-research" });
    expect(ca.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toMatch(/cluster-autoscaler/);
  });

  test("EFS homes: encrypted, protected, retained, backups on, mount targets, CSI driver", () => {
    const fs = one(r, "aws:efs/fileSystem:FileSystem", "aws-research-home");
    expect(fs).toMatchObject({ protect: true, retainOnDelete: true });
    expect(fs.inputs.encrypted).toBe(true);
    expect(one(r, "aws:efs/backupPolicy:BackupPolicy", "aws-research-home").inputs.backupPolicy).toEqual({
      status: "ENABLED",
    });
    expect(ofType(r, "aws:efs/mountTarget:MountTarget")).toHaveLength(2);
    const sg = one(r, "aws:ec2/securityGroup:SecurityGroup", "aws-research-efs").inputs as Record<
      string,
      any
    >;
    expect(sg.ingress[0]).toMatchObject({ fromPort: 2049, toPort: 2049 });
    const efs = releases(r)["aws-efs-csi-driver"].inputs;
    expect(efs.version).toBe(CHARTS.awsEfsCsiDriver.version);
    // Tolerations are this chart's key; `node.tolerateAllTaints` (the EBS CSI chart's) would be ignored.
    expect((efs.values as { node?: unknown }).node).toEqual({ tolerations: [{ operator: "Exists" }] });
    expect(r.outputs.home).toMatchObject({ kind: "nfs", server: expect.stringContaining("efs"), path: "/" });
  });

  test("tags: hubnet-cluster and config tags on every taggable resource and as provider default tags", () => {
    const taggable = r.resources.filter((x) => x.type.startsWith("aws:") && "tags" in x.inputs);
    expect(taggable.length).toBeGreaterThan(20);
    for (const x of taggable) {
      expect(x.inputs.tags, `${x.type} ${x.name}`).toMatchObject({
        "hubnet-cluster": "aws-research",
        "cost-center": "climate-research",
      });
    }
    const p = one(r, "pulumi:providers:aws", "aws-research-aws");
    expect(p.inputs.region).toBe("us-west-2");
    expect(JSON.parse(String(p.inputs.defaultTags))).toMatchObject({
      tags: { "hubnet-cluster": "aws-research" },
    });
  });

  test("baseline with cluster-autoscaler and the NVIDIA device plugin", async () => {
    await assertBaseline(r, "aws", { autoscaler: true, devicePlugin: true });
  });

  test("outputs follow the contract with a secret kubeconfig", async () => {
    await assertOutputs(r, exported, "aws");
    expect(r.outputs.identity).toMatchObject({
      cloud: "aws",
      account: "123456789012",
      oidcProviderArn: expect.stringContaining("oidc-provider"),
      oidcProviderUrl: expect.stringMatching(/^https:\/\//),
    });
  });
});
