/**
 * Cost attribution: every cloud resource that takes labels or tags carries `hubnet-cluster`, and
 * what belongs to one hub also `hubnet-community` and `hubnet-hub` (docs/CONVENTIONS.md). Labels a
 * provider adds to everything it creates (AWS `defaultTags`, GCP `defaultLabels`) count.
 */

import { AZURE_TYPES, LABEL_FIELDS as FACT_LABEL_FIELDS } from "@hubnet/config";
import type { PolicyContext } from "../context";
import { type HubnetPolicy, meta, underHub } from "../define";
import { asRecord, at, resolved, UNKNOWN } from "../values";

/** Where each labelled cloud type keeps its labels (a path into its inputs): the providers' facts tables. */
export const LABEL_FIELDS: Readonly<Record<string, readonly string[]>> = FACT_LABEL_FIELDS;

/** Types that take labels or tags though the platform may not set any (so a missing field is a finding). */
const PROVIDER_TAGGED = /^(aws|azure-native):/;
/** AWS and Azure types that take no tags. */
const UNTAGGED =
  /^aws:(s3\/bucket(PublicAccessBlock|ServerSideEncryptionConfiguration|Versioning|LifecycleConfiguration|Policy|AclV2)|iam\/(rolePolicy|rolePolicyAttachment)|ec2\/routeTableAssociation|efs\/(mountTarget|backupPolicy)|autoscaling\/tag)|^azure-native:(authorization:RoleAssignment|managedidentity:FederatedIdentityCredential|storage:(FileShare|BlobServiceProperties|ManagementPolicy)|network:(Subnet|PrivateDnsZoneGroup)|consumption:Budget)/;

function keyOf(type: string): string {
  return type.startsWith(AZURE_TYPES.blobContainer) ? "_" : "-";
}

export function costLabelPolicies(_ctx: PolicyContext): HubnetPolicy[] {
  return [
    {
      ...meta("cost-attribution-labels"),
      validateResource: (args, report) => {
        const field =
          LABEL_FIELDS[args.type] ??
          (PROVIDER_TAGGED.test(args.type) && !UNTAGGED.test(args.type) ? ["tags"] : undefined);
        if (!field) return;
        const props = resolved(args.props);
        const labels = at(props, ...field);
        if (labels === UNKNOWN)
          return report(
            `${args.type.split(":").pop()} ${args.name}: its ${field.join(".")} are not known before deploy, so attribution cannot be checked`,
          );
        const sep = keyOf(args.type);
        const key = (k: string) => k.replace(/-/g, sep);
        const provider = asRecord(resolved(args.provider?.props));
        const defaults = {
          ...asRecord(at(provider, "defaultTags", "tags")),
          ...asRecord(provider.defaultLabels),
          ...asRecord(typeof provider.defaultTags === "string" ? safeJson(provider.defaultTags) : undefined),
        };
        const have = { ...defaults, ...asRecord(labels) };
        const needed = [
          "hubnet-cluster",
          ...(underHub(args.urn) ? ["hubnet-community", "hubnet-hub"] : []),
        ].map(key);
        const missing = needed.filter((k) => typeof have[k] !== "string" || have[k] === "");
        if (missing.length > 0)
          report(
            `${args.type.split(":").pop()} ${args.name} carries no ${missing.join(", ")} ${field.join(".")}: cost attribution needs them on every labelled cloud resource`,
          );
      },
    },
  ];
}

function safeJson(text: string): unknown {
  try {
    const v = JSON.parse(text);
    return at(v, "tags") ?? v;
  } catch {
    return undefined;
  }
}
