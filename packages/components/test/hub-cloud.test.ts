/**
 * Hub cloud identities and buckets across the whole example network, naming
 * limits, missing client secrets, and lazy loading of cloud SDKs.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import type { RenderedStack } from "@hubnet/plan";
import { renderStack } from "@hubnet/plan";
import { beforeAll, describe, expect, it } from "vitest";
import { irsaTrustPolicy } from "../src/aws/hub-cloud";
import { containerScope } from "../src/azure/hub-cloud";
import {
  awsRoleName,
  azureStorageAccountName,
  bucketName,
  fitName,
  gcpServiceAccountId,
  hubNamespace,
} from "../src/cluster/naming";
import { workloadIdentityMember } from "../src/gcp/hub-cloud";
import { Hub } from "../src/hub/hub";
import { LocalCommunityCloud } from "../src/local/hub-cloud";
import { exampleNetwork, REPO_ROOT } from "./support/cluster-outputs";
import { renderCommunity } from "./support/render-community";
import type { Json } from "./support/resources";

describe("naming", () => {
  it("keeps GCP service account IDs within 6-30 characters and the allowed alphabet", () => {
    const re = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
    for (const [c, h] of [
      ["a", "b"],
      ["physics-101", "prod"],
      ["a-very-long-community-name-indeed", "staging"],
      ["9lives", "x"],
    ]) {
      const id = gcpServiceAccountId(c, h);
      expect(id, `${c}/${h}`).toMatch(re);
    }
    expect(gcpServiceAccountId("a-very-long-community-name-indeed", "staging")).not.toBe(
      gcpServiceAccountId("a-very-long-community-name-indeed", "prod"),
    );
  });

  it("makes bucket names valid, short enough and distinct", () => {
    const long = "x".repeat(60);
    for (const kind of ["scratch", "persistent"] as const) {
      const a = bucketName("gcp-shared", long, "staging", kind);
      const b = bucketName("gcp-shared", long, "prod", kind);
      expect(a.length).toBeLessThanOrEqual(63);
      expect(a).toMatch(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/);
      expect(a).not.toBe(b);
      expect(a.endsWith(`-${kind}-${a.slice(-8)}`)).toBe(true);
    }
    expect(bucketName("gcp-shared", "open-geo", "prod", "scratch")).toBe(
      "hubnet-gcp-shared-open-geo-prod-scratch",
    );
    expect(awsRoleName("c", long, "prod").length).toBeLessThanOrEqual(64);
    expect(hubNamespace(long, "staging").length).toBeLessThanOrEqual(63);
    expect(fitName("short", 10)).toBe("short");
  });
});

describe("Azure storage account names", () => {
  const valid = /^[a-z0-9]{3,24}$/;

  it("are 3-24 lower-case letters and digits for any cluster, community and hub", () => {
    for (const [cl, c, h] of [
      ["azure-eu", "neuro-imaging", "prod"],
      ["a", "b", "c"],
      ["azure-eu", "x".repeat(63), "y".repeat(63)],
      ["Azure_EU", "9-lives", "Dev.1"],
      ["azure-eu", "---", "---"],
    ]) {
      const n = azureStorageAccountName(cl, c, h);
      expect(n, `${cl}/${c}/${h}`).toMatch(valid);
    }
  });

  it("are stable (a changed name would replace the account that holds the data)", () => {
    const n = azureStorageAccountName("azure-eu", "neuro-imaging", "prod");
    expect(n).toBe("hnneuroimaprodeaf4c18de1");
    expect(azureStorageAccountName("azure-eu", "neuro-imaging", "prod")).toBe(n);
  });

  it("differ for every hub of the example network, on every cluster, and where readable parts collide", () => {
    const { network } = exampleNetwork();
    const hubs = [...network.communities.values()].flatMap((c) =>
      c.config.hubs.map((h) => [c.config.name, h.name]),
    );
    const names = [...network.clusters.keys()].flatMap((cl) =>
      hubs.map(([c, h]) => azureStorageAccountName(cl, c, h)),
    );
    expect(hubs.length).toBeGreaterThan(5);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(valid);
    // Same first 8 + 4 characters, different hubs: the hash tells them apart.
    const a = azureStorageAccountName("azure-eu", "neuroimaging-a", "prod-1");
    const b = azureStorageAccountName("azure-eu", "neuroimaging-b", "prod-2");
    expect(a.slice(0, 14)).toBe(b.slice(0, 14));
    expect(a).not.toBe(b);
    // Community "a-b" with hub "c" and community "a" with hub "b-c" read alike, but differ.
    expect(azureStorageAccountName("x", "a-b", "c")).not.toBe(azureStorageAccountName("x", "a", "b-c"));
  });
});

describe("bucket access across the example network", () => {
  const { network, outputs } = exampleNetwork();
  const stacks = new Map<string, RenderedStack>();
  const hubs = [...network.communities.values()].flatMap((c) =>
    c.config.hubs.map((h) => ({ c: c.config, h: h.name })),
  );

  beforeAll(async () => {
    for (const [name, c] of network.communities) {
      stacks.set(
        name,
        await renderCommunity(
          name,
          c.config.hubs.map((h) => h.name),
          outputs,
          { cluster: c.config.cluster },
        ),
      );
    }
  }, 120_000);

  /**
   * Every name that identifies a hub's buckets in recorded inputs: GCS / S3 bucket names, and the hub's own
   * Azure storage account (its containers are just `scratch` and `persistent`).
   */
  const bucketsOf = (community: string, hub: string, cluster: string) => [
    ...(["scratch", "persistent"] as const).map((k) => bucketName(cluster, community, hub, k)),
    azureStorageAccountName(cluster, community, hub),
  ];

  it("grants each hub's identity only its own buckets, and no hub any other hub's", () => {
    let grants = 0;
    for (const { c, h } of hubs) {
      const stack = stacks.get(c.name)!;
      const prefix = `${c.name}-${h}-`;
      const mine = stack.resources.filter((r) => r.name.startsWith(prefix));
      const others = hubs
        .filter((o) => !(o.c.name === c.name && o.h === h))
        .flatMap((o) => bucketsOf(o.c.name, o.h, o.c.cluster));
      for (const r of mine) {
        const text = JSON.stringify(r.inputs);
        for (const b of others)
          expect(text.includes(`${b}"`) || text.includes(`${b}/`), `${r.name} mentions ${b}`).toBe(false);
      }
      const ns = hubNamespace(c.name, h);
      const cluster = outputs.get(c.cluster)!;
      for (const r of mine) {
        const i = r.inputs as Json;
        if (r.type === "gcp:storage/bucketIAMMember:BucketIAMMember") {
          grants++;
          expect(i.role).toBe("roles/storage.objectAdmin");
          expect(i.member).toBe(
            `serviceAccount:${gcpServiceAccountId(c.name, h)}@${(cluster.identity as Json).project}.iam.gserviceaccount.com`,
          );
          expect(bucketsOf(c.name, h, c.cluster)).toContain(i.bucket);
        }
        if (r.type === "gcp:serviceaccount/iAMMember:IAMMember") {
          expect(i.role).toBe("roles/iam.workloadIdentityUser");
          expect(i.member).toBe(
            workloadIdentityMember(`${(cluster.identity as Json).project}.svc.id.goog`, ns, "user"),
          );
        }
        if (r.type === "gcp:storage/bucket:Bucket") {
          expect(i).toMatchObject({ uniformBucketLevelAccess: true, publicAccessPrevention: "enforced" });
          expect(i.labels).toMatchObject({
            "hubnet-community": c.name,
            "hubnet-hub": h,
            "hubnet-cluster": c.cluster,
          });
          if (r.name.endsWith("-scratch"))
            expect(i.lifecycleRules[0].condition.age).toBe(c.storage.buckets.scratch!.expireAfterDays);
          else expect(r.protect && r.retainOnDelete).toBe(true);
        }
        if (r.type === "aws:iam/rolePolicy:RolePolicy") {
          grants++;
          const doc = JSON.parse(i.policy);
          const resources: string[] = doc.Statement.flatMap((s: Json) => s.Resource);
          for (const arn of resources)
            expect(arn).toMatch(
              new RegExp(`^arn:aws:s3:::hubnet-${c.cluster}-${c.name}-${h}-(scratch|persistent)(/\\*)?$`),
            );
        }
        if (r.type === "aws:iam/role:Role") {
          const id = cluster.identity as Json;
          expect(JSON.parse(i.assumeRolePolicy)).toEqual(
            irsaTrustPolicy(id.oidcProviderArn, id.oidcProviderUrl, ns, "user"),
          );
          expect(i.tags).toMatchObject({ "hubnet-community": c.name, "hubnet-hub": h });
        }
        if (r.type === "aws:s3/bucket:Bucket") {
          expect(i.tags).toMatchObject({
            "hubnet-community": c.name,
            "hubnet-hub": h,
            "hubnet-cluster": c.cluster,
          });
          if (r.name.endsWith("-persistent")) expect(r.protect && r.retainOnDelete).toBe(true);
        }
        if (r.type === "azure-native:authorization:RoleAssignment") {
          grants++;
          const id = cluster.identity as Json;
          const kind = r.name.includes("-scratch-") ? "scratch" : "persistent";
          expect(i.scope).toBe(
            containerScope(
              id.subscriptionId,
              id.resourceGroup,
              azureStorageAccountName(c.cluster, c.name, h),
              kind,
            ),
          );
          expect(i.roleDefinitionId).toMatch(/ba92f5b4-2d11-453d-a403-e96b0029c9fe$/);
        }
        if (
          r.type === "azure-native:storage:StorageAccount" ||
          r.type === "azure-native:storage:BlobContainer"
        ) {
          expect(i.accountName).toBe(azureStorageAccountName(c.cluster, c.name, h));
          if (r.name.endsWith("-persistent")) expect(r.protect && r.retainOnDelete).toBe(true);
        }
        if (r.type === "azure-native:storage:StorageAccount")
          expect(i.tags).toMatchObject({
            "hubnet-community": c.name,
            "hubnet-hub": h,
            "hubnet-cluster": c.cluster,
          });
        if (r.type === "azure-native:managedidentity:FederatedIdentityCredential") {
          expect(i.subject).toBe(`system:serviceaccount:${ns}:user`);
          expect(i.issuer).toBe((cluster.identity as Json).oidcIssuerUrl);
        }
      }
    }
    expect(grants).toBeGreaterThanOrEqual(5);
  });

  it("hardens S3 buckets (public access block, encryption, expiry, versioning)", () => {
    const stack = stacks.get("ocean-climate")!;
    const by = (t: string) => stack.resources.filter((r) => r.type === t).map((r) => r.name);
    expect(by("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")).toHaveLength(4);
    expect(
      by("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"),
    ).toHaveLength(4);
    expect(by("aws:s3/bucketVersioning:BucketVersioning").every((n) => n.includes("-persistent-"))).toBe(
      true,
    );
    const lc = stack.resources.find(
      (r) => r.type === "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    )!;
    expect((lc.inputs as Json).rules[0].expiration.days).toBe(7);
  });

  it("annotates each user service account with its own hub's identity", () => {
    for (const { c, h } of hubs) {
      const sa = stacks.get(c.name)!.resources.find((r) => r.name === `${c.name}-${h}-user-sa`)!;
      const ann = (sa.inputs as Json).metadata.annotations ?? {};
      const cloud = network.clusters.get(c.cluster)!.config.cloud;
      if (cloud === "gcp")
        expect(ann["iam.gke.io/gcp-service-account"]).toMatch(
          new RegExp(`^${gcpServiceAccountId(c.name, h)}@`),
        );
      if (cloud === "aws")
        expect(ann["eks.amazonaws.com/role-arn"]).toMatch(
          new RegExp(`:role/${awsRoleName(c.cluster, c.name, h)}$`),
        );
      if (cloud === "azure") expect(ann["azure.workload.identity/client-id"]).toMatch(/^00000000-/);
      if (cloud === "local") expect(ann).toEqual({});
    }
  });

  it("fails with the command to run when a hub has no OAuth client secret", async () => {
    const c = network.communities.get("physics-101")!.config;
    await expect(
      renderCommunity("physics-101", ["staging", "prod"], outputs, {
        cluster: c.cluster,
        clientSecrets: { staging: "s3cret-value" },
      }),
    ).rejects.toThrow(
      "no OAuth client secret for hub(s) prod. In stacks/community run: pulumi config set --secret --path 'hubnet:clientSecrets.prod' <value> --stack physics-101",
    );
  });
});

describe("Hub component", () => {
  it("exports its health token as a secret output", async () => {
    const { network, outputs } = exampleNetwork();
    const community = network.communities.get("dev-sandbox")!.config;
    const cluster = network.clusters.get("local-dev")!.config;
    const co = outputs.get("local-dev")!;
    let secret: boolean | undefined;
    await renderStack({
      project: "hubnet-community",
      stack: "dev-sandbox",
      config: {},
      program: async () => {
        const hub = new Hub("dev-sandbox-dev", {
          community,
          hub: community.hubs[0],
          clusterConfig: cluster,
          cluster: { ...co, name: "local-dev" },
          cloud: new LocalCommunityCloud(),
        });
        secret = await (hub.healthToken as unknown as { isSecret: Promise<boolean> }).isSecret;
        return {};
      },
    });
    expect(secret).toBe(true);
  });

  it("loads only the SDK of the cluster's cloud", () => {
    const script = `
      const { communityCloudFor } = require(${JSON.stringify(path.join(REPO_ROOT, "packages/components/src/clouds.ts"))});
      communityCloudFor({ name: "c", cloud: "gcp", region: "us-central1", identity: { cloud: "gcp", project: "p", workloadPool: "p.svc.id.goog" } });
      const loaded = Object.keys(require.cache);
      console.log(JSON.stringify({ gcp: loaded.some((f) => f.includes("@pulumi/gcp")), aws: loaded.some((f) => f.includes("@pulumi/aws")), azure: loaded.some((f) => f.includes("@pulumi/azure-native")) }));
    `;
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: REPO_ROOT,
      encoding: "utf8",
    });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ gcp: true, aws: false, azure: false });
  }, 60_000);
});
