/**
 * Mock provider behaviour for offline rendering: each resource echoes its
 * inputs as its state, plus deterministic stand-ins for the outputs a cloud
 * would compute (endpoints, certificates, identity IDs) that programs read.
 */

import { AWS_TYPES, AZURE_TYPES, GCP_TYPES } from "@hubnet/config";
import type * as pulumi from "@pulumi/pulumi";

type State = Record<string, unknown>;

const FAKE_CA = Buffer.from("-----BEGIN CERTIFICATE-----\nMOCK\n-----END CERTIFICATE-----\n").toString(
  "base64",
);

/** Outputs computed by the cloud, keyed by resource type token. */
const computed: Record<string, (name: string, inputs: State) => State> = {
  [GCP_TYPES.cluster]: (name) => ({
    endpoint: "203.0.113.10",
    masterAuth: { clusterCaCertificate: FAKE_CA },
    selfLink: `https://container.googleapis.com/v1/projects/mock/locations/mock/clusters/${name}`,
  }),
  "gcp:serviceaccount/account:Account": (name, i) => ({
    email: `${i.accountId ?? name}@${i.project ?? "mock-project"}.iam.gserviceaccount.com`,
    name: `projects/${i.project ?? "mock-project"}/serviceAccounts/${i.accountId ?? name}`,
    member: `serviceAccount:${i.accountId ?? name}@${i.project ?? "mock-project"}.iam.gserviceaccount.com`,
  }),
  "gcp:projects/iAMCustomRole:IAMCustomRole": (name, i) => ({
    name: `projects/${i.project ?? "mock-project"}/roles/${i.roleId ?? name}`,
  }),
  [GCP_TYPES.filestore]: () => ({ networks: [{ ipAddresses: ["10.0.0.2"] }] }),
  [GCP_TYPES.bucket]: (name, i) => ({ url: `gs://${i.name ?? name}` }),
  "gcp:compute/address:Address": () => ({ address: "203.0.113.20" }),
  [AWS_TYPES.eks]: (name, i) => ({
    endpoint: `https://${name}.mock.eks.amazonaws.com`,
    vpcConfig: {
      ...((i.vpcConfig as State | undefined) ?? {}),
      clusterSecurityGroupId: `sg-${name}-cluster`,
    },
    certificateAuthority: { data: FAKE_CA },
    identities: [{ oidcs: [{ issuer: `https://oidc.eks.mock.amazonaws.com/id/${name.toUpperCase()}` }] }],
    arn: `arn:aws:eks:mock:123456789012:cluster/${name}`,
  }),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": (name, i) => ({
    arn: `arn:aws:iam::123456789012:oidc-provider/${String(i.url ?? name).replace(/^https:\/\//, "")}`,
  }),
  "aws:iam/role:Role": (name, i) => ({ arn: `arn:aws:iam::123456789012:role/${i.name ?? name}` }),
  "aws:iam/policy:Policy": (name, i) => ({ arn: `arn:aws:iam::123456789012:policy/${i.name ?? name}` }),
  [AWS_TYPES.s3Bucket]: (name, i) => ({
    arn: `arn:aws:s3:::${i.bucket ?? name}`,
    bucket: i.bucket ?? name,
  }),
  [AWS_TYPES.s3BucketV2]: (name, i) => ({
    arn: `arn:aws:s3:::${i.bucket ?? name}`,
    bucket: i.bucket ?? name,
  }),
  [AWS_TYPES.efs]: (name) => ({ dnsName: `fs-${name}.efs.mock.amazonaws.com` }),
  "aws:ec2/vpc:Vpc": () => ({ cidrBlock: "10.0.0.0/16" }),
  "aws:ec2/eip:Eip": (name) => ({
    publicIp: `198.51.100.${1 + (Number.parseInt(hex12(name), 16) % 250)}`,
    allocationId: `eipalloc-${hex12(name)}`,
  }),
  "aws:ec2/subnet:Subnet": (_n, i) => ({ availabilityZone: i.availabilityZone ?? "mock-1a" }),
  [AZURE_TYPES.aks]: (name) => ({
    oidcIssuerProfile: { enabled: true, issuerURL: `https://oidc.mock.azure.com/${name}/` },
    fqdn: `${name}.mock.azmk8s.io`,
    identityProfile: { kubeletidentity: { objectId: "00000000-0000-0000-0000-00000000cafe" } },
  }),
  "azure-native:network:PublicIPAddress": () => ({ ipAddress: "192.0.2.30" }),
  "azure-native:managedidentity:UserAssignedIdentity": (name) => ({
    clientId: `00000000-0000-0000-0000-${hex12(name)}`,
    principalId: `11111111-0000-0000-0000-${hex12(name)}`,
  }),
  [AZURE_TYPES.storageAccount]: (name, i) => ({
    name: i.accountName ?? name,
    primaryEndpoints: {
      blob: `https://${i.accountName ?? name}.blob.core.windows.net/`,
      file: `https://${i.accountName ?? name}.file.core.windows.net/`,
    },
  }),
  "random:index/randomPassword:RandomPassword": (name) => ({ result: `mock-password-${name}` }),
  "random:index/randomBytes:RandomBytes": (name) => ({
    hex: hex12(name).padEnd(64, "0"),
    base64: Buffer.from(name).toString("base64"),
  }),
  "random:index/randomId:RandomId": (name) => ({ hex: hex12(name).slice(0, 8) }),
};

function hex12(s: string): string {
  let h = 0;
  for (const ch of s) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(12, "0").slice(-12);
}

/** Results of provider functions (invokes) the programs call. */
const calls: Record<string, (inputs: State) => State> = {
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    accountId: "123456789012",
    arn: "arn:aws:iam::123456789012:user/mock",
    userId: "mock",
  }),
  "aws:index/getRegion:getRegion": (i) => ({ name: i.name ?? "us-west-2", region: i.region ?? "us-west-2" }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
    names: ["mock-1a", "mock-1b", "mock-1c"],
    zoneIds: ["a", "b", "c"],
  }),
  "aws:index/getPartition:getPartition": () => ({ partition: "aws", dnsSuffix: "amazonaws.com" }),
  "aws:iam/getPolicyDocument:getPolicyDocument": (i) => ({
    json: JSON.stringify({ Version: "2012-10-17", Statement: i.statements ?? [] }),
  }),
  "gcp:organizations/getProject:getProject": (i) => ({
    projectId: i.projectId ?? "mock-project",
    number: "123456789",
  }),
  "gcp:organizations/getClientConfig:getClientConfig": () => ({
    accessToken: "mock-token",
    project: "mock-project",
  }),
  "azure-native:authorization:getClientConfig": () => ({
    tenantId: "00000000-0000-0000-0000-000000000001",
    subscriptionId: "mock",
    objectId: "mock",
  }),
};

export interface MockOptions {
  /** Outputs of other stacks, by fully-qualified or short stack name, served to StackReferences. */
  stackOutputs?: (name: string) => Record<string, unknown> | undefined;
}

export function createMocks(opts: MockOptions = {}): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      if (args.type === "pulumi:pulumi:StackReference") {
        const refName = String(args.inputs.name ?? args.name);
        const outputs = opts.stackOutputs?.(refName);
        if (!outputs) throw new Error(`stack reference "${refName}": no such stack was rendered`);
        return { id: refName, state: { name: refName, outputs, secretOutputNames: ["kubeconfig"] } };
      }
      const extra = computed[args.type]?.(args.name, args.inputs as State) ?? {};
      const id = args.type.startsWith("kubernetes:")
        ? `${(args.inputs as State).metadata ? "" : ""}${args.name}`
        : `${args.name}-id`;
      return { id, state: { ...(args.inputs as State), ...extra } };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      const fn = calls[args.token];
      return fn ? fn(args.inputs as State) : (args.inputs as State);
    },
  };
}
