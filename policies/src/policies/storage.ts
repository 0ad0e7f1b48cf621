/**
 * Buckets and home storage: never public, encrypted, granted only to their own hub, protected and
 * retained, and home file systems reachable from nodes only.
 */

import { AWS_TYPES, AZURE_TYPES, GCP_TYPES, KUBERNETES_TYPES, resourceFacts } from "@hubnet/config";
import type { StackValidationArgs } from "@pulumi/policy";
import { communityOfUrn, type PolicyContext } from "../context";
import { ancestorOfType, type HubnetPolicy, meta, type Res, refersTo, stackResources } from "../define";
import { asArray, asRecord, asStrings, at, resolved, UNKNOWN } from "../values";

export const TYPES = {
  gcsBucket: GCP_TYPES.bucket,
  gcsMember: "gcp:storage/bucketIAMMember:BucketIAMMember",
  gcsBinding: "gcp:storage/bucketIAMBinding:BucketIAMBinding",
  gcsPolicy: "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
  gcsAcl: "gcp:storage/bucketACL:BucketACL",
  s3Bucket: AWS_TYPES.s3Bucket,
  s3BucketV2: AWS_TYPES.s3BucketV2,
  s3Block: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  s3Sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  s3SseV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  s3Policy: "aws:s3/bucketPolicy:BucketPolicy",
  s3Acl: "aws:s3/bucketAclV2:BucketAclV2",
  iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
  azContainer: AZURE_TYPES.blobContainer,
  azAccount: AZURE_TYPES.storageAccount,
  azShare: AZURE_TYPES.fileShare,
  azRole: "azure-native:authorization:RoleAssignment",
  filestore: GCP_TYPES.filestore,
  efs: AWS_TYPES.efs,
  efsMount: "aws:efs/mountTarget:MountTarget",
  securityGroup: "aws:ec2/securityGroup:SecurityGroup",
  sgRule: "aws:ec2/securityGroupRule:SecurityGroupRule",
  sgIngress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
  privateEndpoint: "azure-native:network:PrivateEndpoint",
  pv: KUBERNETES_TYPES.pv,
  pvc: KUBERNETES_TYPES.pvc,
} as const;

const S3_BUCKETS: string[] = [TYPES.s3Bucket, TYPES.s3BucketV2];
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"];

function what(r: Res): string {
  return `${r.type.split(":").pop()} ${r.name}`;
}

/** A scratch bucket (objects expire): named `...-scratch`, or the `scratch` container. */
export function isScratchBucket(r: Res): boolean {
  const name = [at(r.props, "name"), at(r.props, "bucket"), at(r.props, "containerName"), r.name];
  return name.some((n) => typeof n === "string" && /(^|-)scratch$/.test(n));
}

function bucketsOf(rs: Res[]): Res[] {
  return rs.filter(
    (r) => r.type === TYPES.gcsBucket || S3_BUCKETS.includes(r.type) || r.type === TYPES.azContainer,
  );
}

/** The sub-resources of type `type` that configure S3 bucket `b`. */
function s3Parts(rs: Res[], b: Res, types: string[]): Res[] {
  return rs.filter((r) => types.includes(r.type) && refersTo(r, "bucket", b, [b.props.bucket]));
}

function notPublic() {
  return (args: StackValidationArgs, report: (m: string, urn?: string) => void) => {
    const rs = stackResources(args);
    for (const r of rs) {
      const p = r.props;
      switch (r.type) {
        case TYPES.gcsBucket:
          if (p.publicAccessPrevention !== "enforced")
            report(
              `${what(r)} does not enforce public access prevention: set publicAccessPrevention: "enforced"`,
              r.urn,
            );
          if (p.uniformBucketLevelAccess !== true)
            report(`${what(r)} allows object ACLs: set uniformBucketLevelAccess: true`, r.urn);
          break;
        case TYPES.gcsMember:
        case TYPES.gcsBinding: {
          const members = [...asStrings(p.members), ...(typeof p.member === "string" ? [p.member] : [])];
          for (const m of members.filter((m) => PUBLIC_MEMBERS.includes(m)))
            report(
              `${what(r)} grants ${String(p.role)} on bucket ${String(p.bucket)} to ${m}: buckets are never public`,
              r.urn,
            );
          break;
        }
        case TYPES.s3Bucket:
        case TYPES.s3BucketV2: {
          if (typeof p.acl === "string" && /public|authenticated/.test(p.acl))
            report(`${what(r)} has the ${p.acl} ACL: buckets are never public`, r.urn);
          const blocks = s3Parts(rs, r, [TYPES.s3Block]);
          if (blocks.length === 0)
            report(
              `${what(r)} has no public access block: add a BucketPublicAccessBlock with all four settings true`,
              r.urn,
            );
          break;
        }
        case TYPES.s3Block:
          for (const k of [
            "blockPublicAcls",
            "blockPublicPolicy",
            "ignorePublicAcls",
            "restrictPublicBuckets",
          ])
            if (p[k] !== true)
              report(
                `${what(r)} does not set ${k}: true (${p[k] === UNKNOWN ? "not known before deploy" : String(p[k])})`,
                r.urn,
              );
          break;
        case TYPES.s3Policy: {
          const doc = typeof p.policy === "string" ? safeJson(p.policy) : p.policy;
          if (doc === UNKNOWN)
            report(
              `${what(r)}'s policy is not known before deploy, so it cannot be checked for public grants`,
              r.urn,
            );
          else if (doc === NOT_JSON)
            report(`${what(r)}'s policy is not valid JSON, so it cannot be checked for public grants`, r.urn);
          else if (statements(doc).some((s) => s.Effect === "Allow" && isAnyone(s.Principal)))
            report(`${what(r)} allows anyone (Principal "*"): buckets are never public`, r.urn);
          break;
        }
        case TYPES.azContainer:
          if (p.publicAccess !== undefined && p.publicAccess !== "None")
            report(
              `${what(r)} allows anonymous ${String(p.publicAccess)} access: set publicAccess: "None"`,
              r.urn,
            );
          break;
        case TYPES.azAccount:
          if (p.allowBlobPublicAccess !== false)
            report(`${what(r)} does not forbid public blob access: set allowBlobPublicAccess: false`, r.urn);
          break;
      }
    }
  };
}

/** A policy document that is not JSON: the cloud would refuse it, and nothing in it can be checked. */
const NOT_JSON: unique symbol = Symbol("not JSON");

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

interface Statement {
  Effect?: string;
  Principal?: unknown;
  Action?: unknown;
  Resource?: unknown;
}

function statements(doc: unknown): Statement[] {
  const s = at(doc, "Statement");
  return (Array.isArray(s) ? s : s ? [s] : []) as Statement[];
}

function isAnyone(principal: unknown): boolean {
  if (principal === "*") return true;
  const aws = at(principal, "AWS");
  return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
}

/** The resources an IAM policy document's Allow statements name. */
function allowedResources(doc: unknown): string[] {
  return statements(doc)
    .filter((s) => s.Effect === "Allow")
    .flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]))
    .filter((x): x is string => typeof x === "string");
}

export function storagePolicies(ctx: PolicyContext): HubnetPolicy[] {
  return [
    { ...meta("bucket-not-public"), validateStack: notPublic() },
    {
      ...meta("bucket-encrypted"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const b of rs.filter((r) => S3_BUCKETS.includes(r.type))) {
          const sse = s3Parts(rs, b, [TYPES.s3Sse, TYPES.s3SseV2]);
          const algorithms = sse.flatMap((s) =>
            asArray(s.props.rules).map((rule) =>
              at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"),
            ),
          );
          if (!algorithms.some((a) => a === "AES256" || a === "aws:kms" || a === "aws:kms:dsse"))
            report(
              `${what(b)} has no default encryption: add a BucketServerSideEncryptionConfiguration (AES256 or aws:kms)`,
              b.urn,
            );
        }
        for (const a of rs.filter((r) => r.type === TYPES.azAccount && r.props.kind !== "FileStorage")) {
          if (a.props.enableHttpsTrafficOnly !== true)
            report(`${what(a)} (buckets) accepts plain HTTP: set enableHttpsTrafficOnly: true`, a.urn);
          if (a.props.minimumTlsVersion !== "TLS1_2" && a.props.minimumTlsVersion !== "TLS1_3")
            report(`${what(a)} accepts TLS older than 1.2: set minimumTlsVersion: "TLS1_2"`, a.urn);
        }
      },
    },
    {
      ...meta("bucket-own-hub-only"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        const byUrn = new Map(rs.map((r) => [r.urn, r]));
        const hubOf = (r: Res) => ancestorOfType(r, byUrn, "hubnet:hub:Hub")?.urn;
        const buckets = bucketsOf(rs);
        const bucketByName = new Map<string, Res>();
        for (const b of buckets)
          for (const n of [b.props.name, b.props.bucket]) if (typeof n === "string") bucketByName.set(n, b);
        const names = buckets.flatMap((b) =>
          [b.props.name, b.props.bucket].filter((n): n is string => typeof n === "string"),
        );
        for (const r of rs) {
          const hub = hubOf(r);
          if (r.type === TYPES.gcsMember || r.type === TYPES.gcsBinding) {
            const bucket =
              bucketByName.get(String(r.props.bucket)) ?? buckets.find((b) => refersTo(r, "bucket", b));
            if (!bucket) {
              report(
                `${what(r)} grants access to bucket ${String(r.props.bucket)}, which this stack does not create: a hub's identity reaches only its own buckets`,
                r.urn,
              );
              continue;
            }
            if (hubOf(bucket) !== hub)
              report(
                `${what(r)} grants bucket ${String(r.props.bucket)} to an identity of another hub: a bucket is granted only to its own hub's identity`,
                r.urn,
              );
            const members = [
              ...asStrings(r.props.members),
              ...(typeof r.props.member === "string" ? [r.props.member] : []),
            ];
            const ownAccounts = rs.filter(
              (a) => a.type === "gcp:serviceaccount/account:Account" && hubOf(a) === hub,
            );
            const ownMember = (m: string) =>
              ownAccounts.some(
                (a) =>
                  typeof a.props.accountId === "string" &&
                  m.startsWith(`serviceAccount:${a.props.accountId}@`),
              ) || ownAccounts.some((a) => refersTo(r, "member", a));
            for (const m of members.filter((m) => !ownMember(m)))
              report(
                `${what(r)} grants bucket ${String(r.props.bucket)} to ${m}, not to its hub's own service account`,
                r.urn,
              );
          }
          if (r.type === TYPES.iamRolePolicy && hub) {
            const doc = typeof r.props.policy === "string" ? safeJson(r.props.policy) : r.props.policy;
            if (doc === UNKNOWN || doc === NOT_JSON) {
              report(
                `${what(r)}'s policy is ${doc === UNKNOWN ? "not known before deploy" : "not valid JSON"}, so the buckets it grants cannot be checked`,
                r.urn,
              );
              continue;
            }
            for (const arn of allowedResources(doc).filter((a) => a.startsWith("arn:aws:s3:::"))) {
              const name = arn.slice("arn:aws:s3:::".length).split("/")[0];
              const bucket = bucketByName.get(name);
              if (!bucket || hubOf(bucket) !== hub)
                report(
                  `${what(r)} grants ${arn}, which is not a bucket of its own hub (its buckets: ${
                    names
                      .filter((n) => {
                        const b = bucketByName.get(n);
                        return b && hubOf(b) === hub;
                      })
                      .join(", ") || "none"
                  })`,
                  r.urn,
                );
            }
          }
          if (
            r.type === TYPES.azRole &&
            hub &&
            typeof r.props.scope === "string" &&
            /\/blobServices\//.test(r.props.scope)
          ) {
            const own = rs.filter((a) => a.type === TYPES.azContainer && hubOf(a) === hub);
            const scope = r.props.scope;
            const matches = own.some(
              (c) =>
                typeof c.props.accountName === "string" &&
                scope.includes(`/storageAccounts/${c.props.accountName}/`) &&
                scope.endsWith(`/containers/${String(c.props.containerName)}`),
            );
            if (!matches)
              report(`${what(r)} grants ${scope}, which is not a container of its own hub`, r.urn);
            const identities = rs.filter(
              (a) => a.type === "azure-native:managedidentity:UserAssignedIdentity" && hubOf(a) === hub,
            );
            if (
              identities.length > 0 &&
              !identities.some((i) => refersTo(r, "principalId", i)) &&
              (r.dependsOn.principalId ?? []).length > 0
            )
              report(
                `${what(r)} grants a hub's container to a principal that is not the hub's own identity`,
                r.urn,
              );
          }
        }
      },
    },
    {
      ...meta("user-data-protected"),
      validateResource: (args, report) => {
        const props = resolved(args.props);
        const userData = isUserData(args.type, args.name, props === UNKNOWN ? {} : asRecord(props));
        if (!userData) return;
        const protect = args.opts?.protect === true;
        // Pulumi's analyzer protocol carries `protect` but not `retainOnDelete`: a preview checks
        // protect only; the offline run (which records both) checks both.
        const retainOnDelete = (args.opts as { retainOnDelete?: boolean }).retainOnDelete;
        const retain = retainOnDelete !== false;
        const label = `${args.type.split(":").pop()} ${args.name}`;
        if (userData === "scratch") {
          if (!retain)
            report(
              `${label} holds users' scratch data and is not retainOnDelete: create it with retainOnDelete: true`,
            );
          return;
        }
        const missing = [...(protect ? [] : ["protect"]), ...(retain ? [] : ["retainOnDelete"])];
        if (missing.length > 0) {
          const community = communityOfUrn(ctx, args.urn);
          report(
            `${label} holds user data${community ? ` of community ${community.name}` : ""} and is not ${missing.join(" or ")}: create it with { protect: true, retainOnDelete: true } so no change of config or code deletes it`,
          );
        }
      },
    },
    {
      ...meta("home-storage-nodes-only"),
      validateStack: (args, report) => {
        const rs = stackResources(args);
        for (const f of rs.filter((r) => r.type === TYPES.filestore)) {
          const exports = asArray(at(f.props, "fileShares", "nfsExportOptions"));
          if (exports.length === 0)
            report(
              `${what(f)} exports its share to the whole network: limit nfsExportOptions' ipRanges to the node range`,
              f.urn,
            );
          for (const e of exports) {
            const ranges = asStrings(at(e, "ipRanges"));
            if (ranges.length === 0 || ranges.some((c) => c.endsWith("/0")))
              report(
                `${what(f)} exports its share beyond the nodes (${ranges.join(", ") || "any address"}): list only the node subnet in ipRanges`,
                f.urn,
              );
          }
        }
        for (const fs of rs.filter((r) => r.type === TYPES.efs)) {
          const mounts = rs.filter((m) => m.type === TYPES.efsMount && refersTo(m, "fileSystemId", fs));
          for (const m of mounts) {
            const groups = rs.filter(
              (g) => g.type === TYPES.securityGroup && refersTo(m, "securityGroups", g),
            );
            if (groups.length === 0 && asStrings(m.props.securityGroups).length === 0)
              report(
                `${what(m)} of ${what(fs)} has no security group of its own: give it one that admits NFS only from the node security group`,
                m.urn,
              );
            for (const g of groups) {
              for (const rule of asArray(g.props.ingress)) {
                const cidrs = [
                  ...asStrings(at(rule, "cidrBlocks")),
                  ...asStrings(at(rule, "ipv6CidrBlocks")),
                ];
                if (cidrs.length > 0 || at(rule, "self") === true)
                  report(
                    `${what(g)} admits ${cidrs.join(", ") || "itself"} to the home file system: admit only the node security group (pod addresses share the VPC)`,
                    g.urn,
                  );
              }
              const rules = rs.filter(
                (x) =>
                  (x.type === TYPES.sgRule || x.type === TYPES.sgIngress) &&
                  refersTo(x, "securityGroupId", g),
              );
              for (const rule of rules)
                if (
                  rule.props.type !== "egress" &&
                  (asStrings(rule.props.cidrBlocks).length > 0 || typeof rule.props.cidrIpv4 === "string")
                )
                  report(
                    `${what(rule)} admits an address range to the home file system's security group: admit only the node security group`,
                    rule.urn,
                  );
            }
          }
        }
        for (const a of rs.filter((r) => r.type === TYPES.azAccount && r.props.kind === "FileStorage")) {
          if (a.props.publicNetworkAccess !== "Disabled")
            report(
              `${what(a)} (home share) is reachable over its public endpoint: set publicNetworkAccess: "Disabled" and reach it through a private endpoint`,
              a.urn,
            );
          if (at(a.props, "networkRuleSet", "defaultAction") !== "Deny")
            report(
              `${what(a)} (home share) does not deny by default: set networkRuleSet.defaultAction: "Deny"`,
              a.urn,
            );
          const endpoints = rs.filter(
            (e) => e.type === TYPES.privateEndpoint && refersTo(e, "privateLinkServiceConnections", a),
          );
          if (endpoints.length === 0)
            report(
              `${what(a)} (home share) has no private endpoint on the node subnet: nodes reach it only through one`,
              a.urn,
            );
        }
      },
    },
  ];
}

/**
 * Whether a resource must be protected and retained as user data: "scratch" for expiring buckets,
 * true for home storage, volumes and other buckets, false otherwise — what the providers' facts
 * tables say it holds (@hubnet/config RESOURCE_FACTS). A cluster holds data too, but is guarded by
 * its cloud's deletion protection and the diff's data-loss guard, not by `protect`.
 */
export function isUserData(type: string, name: string, props: Record<string, unknown>): boolean | "scratch" {
  switch (resourceFacts(type)?.holds) {
    case "home-storage":
    case "volume":
      return true;
    case "bucket":
      return isScratchBucket({ type, name, props } as Res) ? "scratch" : true;
    default:
      return false;
  }
}
