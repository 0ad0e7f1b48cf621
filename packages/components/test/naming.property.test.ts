/**
 * Property-based tests (fast-check) of the names hubs get in Kubernetes and in
 * the clouds: for any cluster, community and hub names the config accepts
 * (DNS-1123 labels), every name stays within its cloud's limits, and two hubs
 * of a valid network never share one. A valid network is one where no two hubs
 * join to the same `<community>-<hub>` or `<cluster>-<community>-<hub>`: the
 * network checks refuse those (packages/config/test/hub-names.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  awsRoleName,
  azureIdentityName,
  azureStorageAccountName,
  type BucketKind,
  bucketName,
  gcpServiceAccountId,
  hubNamespace,
} from "../src/cluster/naming";

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** A DNS-1123 label, as the schemas accept for cluster, community and hub names; short ones collide more. */
const label = fc.oneof(
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,4}[a-z0-9])?$/),
  fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/),
);
const kind = fc.constantFrom<BucketKind>("scratch", "persistent");
const hubOf = fc.record({ cluster: label, community: label, hub: label });
type H = { cluster: string; community: string; hub: string };

/** Two different hubs that a valid network may hold together. */
const twoHubs = fc
  .tuple(hubOf, hubOf)
  .filter(
    ([a, b]) =>
      `${a.community}-${a.hub}` !== `${b.community}-${b.hub}` &&
      `${a.cluster}-${a.community}-${a.hub}` !== `${b.cluster}-${b.community}-${b.hub}`,
  );
/** A hub, and another whose community or hub name is the first's with a piece added before or after. */
const lookalikes = fc
  .tuple(hubOf, fc.oneof(label, fc.constantFrom("h", "hubnet", "x")), fc.boolean())
  .map(([a, piece, before]): [H, H] => [
    a,
    before ? { ...a, community: `${piece}-${a.community}` } : { ...a, hub: `${a.hub}-${piece}` },
  ])
  .filter(([, b]) => DNS_LABEL.test(b.community) && DNS_LABEL.test(b.hub));
/** Two different hubs with some names in common (same cluster, or same community), which a network has often. */
const neighbours = fc.oneof(
  twoHubs,
  lookalikes,
  fc
    .tuple(label, label, label, label)
    .map(([cluster, community, h1, h2]): [H, H] => [
      { cluster, community, hub: h1 },
      { cluster, community, hub: h2 },
    ])
    .filter(([a, b]) => a.hub !== b.hub),
);

const RUNS = { numRuns: 500 };

describe("names within cloud limits", () => {
  it("namespaces are DNS-1123 labels, and `<community>-<hub>` whenever that fits", () => {
    fc.assert(
      fc.property(hubOf, ({ community, hub }) => {
        const ns = hubNamespace(community, hub);
        expect(ns).toMatch(DNS_LABEL);
        if (`${community}-${hub}`.length <= 63) expect(ns).toBe(`${community}-${hub}`);
      }),
      RUNS,
    );
  });

  it("bucket names are valid for GCS and S3: 3-63 lower-case letters, digits and dashes, no reserved start or end", () => {
    fc.assert(
      fc.property(hubOf, kind, ({ cluster, community, hub }, k) => {
        const b = bucketName(cluster, community, hub, k);
        expect(b).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
        expect(b).not.toMatch(/^(xn--|goog|sthree-)|(-s3alias|--ol-s3)$/);
        expect(b).toContain(`-${k}`);
      }),
      RUNS,
    );
  });

  it("GCP service account IDs are 6-30 characters, a letter first, no dash last", () => {
    fc.assert(
      fc.property(hubOf, ({ community, hub }) => {
        expect(gcpServiceAccountId(community, hub)).toMatch(/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/);
      }),
      RUNS,
    );
  });

  it("AWS role names are at most 64 characters of IAM's alphabet", () => {
    fc.assert(
      fc.property(hubOf, ({ cluster, community, hub }) => {
        expect(awsRoleName(cluster, community, hub)).toMatch(/^[\w+=,.@-]{1,64}$/);
      }),
      RUNS,
    );
  });

  it("Azure storage accounts are 3-24 lower-case letters and digits; identities 3-128 characters", () => {
    fc.assert(
      fc.property(hubOf, ({ cluster, community, hub }) => {
        expect(azureStorageAccountName(cluster, community, hub)).toMatch(/^[a-z0-9]{3,24}$/);
        expect(azureIdentityName(community, hub)).toMatch(/^[a-zA-Z0-9][-\w]{2,127}$/);
      }),
      RUNS,
    );
  });
});

describe("names unique across communities and hubs", () => {
  it("no two hubs of a valid network share a namespace, a GCP service account or an Azure identity", () => {
    fc.assert(
      fc.property(neighbours, ([a, b]) => {
        expect(hubNamespace(a.community, a.hub)).not.toBe(hubNamespace(b.community, b.hub));
        expect(gcpServiceAccountId(a.community, a.hub)).not.toBe(gcpServiceAccountId(b.community, b.hub));
        expect(azureIdentityName(a.community, a.hub)).not.toBe(azureIdentityName(b.community, b.hub));
      }),
      RUNS,
    );
  });

  it("no two hubs of a valid network share a bucket, an AWS role or an Azure storage account, on any cluster", () => {
    fc.assert(
      fc.property(neighbours, kind, kind, ([a, b], ka, kb) => {
        expect(bucketName(a.cluster, a.community, a.hub, ka)).not.toBe(
          bucketName(b.cluster, b.community, b.hub, kb),
        );
        expect(awsRoleName(a.cluster, a.community, a.hub)).not.toBe(
          awsRoleName(b.cluster, b.community, b.hub),
        );
        expect(azureStorageAccountName(a.cluster, a.community, a.hub)).not.toBe(
          azureStorageAccountName(b.cluster, b.community, b.hub),
        );
      }),
      RUNS,
    );
  });

  it("a hub's two buckets differ", () => {
    fc.assert(
      fc.property(hubOf, ({ cluster, community, hub }) => {
        expect(bucketName(cluster, community, hub, "scratch")).not.toBe(
          bucketName(cluster, community, hub, "persistent"),
        );
      }),
      RUNS,
    );
  });

  it("names that join alike are what the network checks refuse: the namespace alone cannot tell them apart", () => {
    // The reason for the precondition above, kept as a fact: `a-b` + `c` and `a` + `b-c`.
    expect(hubNamespace("a-b", "c")).toBe(hubNamespace("a", "b-c"));
    // Service account IDs that are padded or prefixed carry a hash of the parts, so they never meet another.
    expect(gcpServiceAccountId("9a", "b")).not.toBe(gcpServiceAccountId("h-9a", "b"));
    expect(gcpServiceAccountId("a", "b")).not.toBe(gcpServiceAccountId("a", "b-hubnet"));
  });
});
