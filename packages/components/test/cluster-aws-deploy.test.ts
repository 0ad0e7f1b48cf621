/**
 * EKS defects a first deploy or its next change would hit (issue 20), proven on the rendered cluster
 * stack of the test network: what each resource's inputs and options make Pulumi and AWS do.
 */

import * as path from "node:path";
import { loadClusterFile } from "@hubnet/config";
import type { RecordedResource, RenderedStack } from "@hubnet/plan";
import { beforeAll, describe, expect, test } from "vitest";
import { EKS_CLUSTER_ADMIN_POLICY } from "../src/aws";
import { CONFIG_ROOT, ofType, one, renderCluster } from "./cluster-render";

/** The test network's cluster config (the one rendered), not the example network's. */
const clusterConfig = (stack: string) =>
  loadClusterFile(path.join(CONFIG_ROOT, "stacks", "cluster", `Pulumi.${stack}.yaml`)).cluster!.config;

let r: RenderedStack;
beforeAll(async () => {
  r = await renderCluster("aws-research");
});

const inputs = (x: RecordedResource) => x.inputs as Record<string, any>;
/** The subnet resources a node group's `subnetIds` name (the mock's ids are `<name>-id`). */
const subnetsOf = (ng: RecordedResource) =>
  (inputs(ng).subnetIds as string[]).map((id) => {
    const s = ofType(r, "aws:ec2/subnet:Subnet").find((x) => `${x.name}-id` === id);
    if (!s) throw new Error(`node group ${ng.name}: no subnet ${id}`);
    return s;
  });

describe("EKS node groups replace without a name clash", () => {
  test("no node group has a fixed name unless it is deleted before it is replaced", () => {
    const groups = ofType(r, "aws:eks/nodeGroup:NodeGroup");
    expect(groups.length).toBeGreaterThan(3);
    for (const ng of groups) {
      // instanceTypes, capacityType, amiType and subnetIds force a new group; Pulumi creates it before
      // deleting the old one unless deleteBeforeReplace is set: a fixed name would already exist.
      const fixed = inputs(ng).nodeGroupName !== undefined;
      expect(!fixed || ng.options?.deleteBeforeReplace === true, ng.name).toBe(true);
      expect(String(inputs(ng).nodeGroupNamePrefix), ng.name).toMatch(/^[a-z0-9][a-z0-9-]*-$/);
    }
  });

  test("the core pool is one node group per zone, each with a node, its bounds split", () => {
    const cores = ofType(r, "aws:eks/nodeGroup:NodeGroup").filter(
      (n) => (inputs(n).labels as Record<string, string>)["hubnet.org/pool"] === "core",
    );
    const zones = cores.map((n) => subnetsOf(n).map((s) => String(s.inputs.availabilityZone)));
    expect(zones.every((z) => z.length === 1)).toBe(true);
    const privateZones = ofType(r, "aws:ec2/subnet:Subnet")
      .filter((s) => s.name.includes("private"))
      .map((s) => String(s.inputs.availabilityZone));
    expect(zones.flat().sort()).toEqual([...privateZones].sort());
    const core = (clusterConfig("aws-research") as { nodePools: { core: { max: number } } }).nodePools.core;
    for (const n of cores) expect(inputs(n).scalingConfig.minSize).toBeGreaterThanOrEqual(1);
    const maxTotal = cores.reduce((a, n) => a + inputs(n).scalingConfig.maxSize, 0);
    expect(maxTotal).toBeGreaterThanOrEqual(core.max);
    // The first zone's group keeps the former single group's state (an alias, no replacement by name).
    expect(one(r, "aws:eks/nodeGroup:NodeGroup", "aws-research-core-0").aliases?.[0]).toMatch(
      /NodeGroup::aws-research-core$/,
    );
  });
});

describe("EKS network and access", () => {
  test("the VPC CNI enforces NetworkPolicy in strict mode, and the system namespaces are opened for it", () => {
    const cni = JSON.parse(
      String(one(r, "aws:eks/addon:Addon", "aws-research-vpc-cni").inputs.configurationValues),
    );
    expect(cni).toMatchObject({
      enableNetworkPolicy: "true",
      env: { NETWORK_POLICY_ENFORCING_MODE: "strict" },
    });
    const policies = ofType(r, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map(
      (p) =>
        `${(p.inputs.metadata as { namespace: string }).namespace}/${(p.inputs.metadata as { name: string }).name}`,
    );
    for (const ns of ["kube-system", "envoy-gateway-system", "cert-manager"])
      expect(policies).toContain(`${ns}/hubnet-system-open`);
    expect(policies).toContain("monitoring/hubnet-system-egress");
  });

  test("the deploy identity of the cluster config is cluster admin through an access entry", () => {
    const admins = (clusterConfig("aws-research") as { clusterAdmins: string[] }).clusterAdmins;
    expect(admins.length).toBeGreaterThan(0);
    const cluster = one(r, "aws:eks/cluster:Cluster", "aws-research");
    expect(inputs(cluster).accessConfig.authenticationMode).toBe("API");
    const entries = ofType(r, "aws:eks/accessEntry:AccessEntry").map((e) => inputs(e).principalArn);
    const assoc = ofType(r, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").map((a) => inputs(a));
    for (const arn of admins) {
      expect(entries).toContain(arn);
      expect(assoc).toContainEqual(
        expect.objectContaining({
          principalArn: arn,
          policyArn: EKS_CLUSTER_ADMIN_POLICY,
          accessScope: { type: "cluster" },
        }),
      );
    }
  });

  test("an S3 gateway endpoint on every private route table, and a NAT gateway per zone", () => {
    const ep = ofType(r, "aws:ec2/vpcEndpoint:VpcEndpoint");
    expect(ep).toHaveLength(1);
    expect(inputs(ep[0])).toMatchObject({
      vpcEndpointType: "Gateway",
      serviceName: "com.amazonaws.us-west-2.s3",
    });
    const privateAssocs = ofType(r, "aws:ec2/routeTableAssociation:RouteTableAssociation").filter((a) =>
      a.name.includes("private"),
    );
    const rts = new Set(privateAssocs.map((a) => String(inputs(a).routeTableId)));
    expect(new Set(inputs(ep[0]).routeTableIds as string[])).toEqual(rts);
    // Each private subnet leaves through a NAT gateway in its own zone.
    const nats = ofType(r, "aws:ec2/natGateway:NatGateway");
    expect(nats).toHaveLength(privateAssocs.length);
    expect(new Set(nats.map((n) => String(inputs(n).subnetId))).size).toBe(nats.length);
  });
});
