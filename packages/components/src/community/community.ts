/**
 * `hubnet:community:Community`: one community of the network, what a community
 * stack deploys. It loads `communities/<name>/community.yaml` with its
 * cluster's config (both checked), checks that every hub has its OAuth client
 * ID and secret, reads the cluster stack's outputs through a StackReference,
 * and creates one `Hub` per hub on the cluster's Kubernetes provider, with the
 * cluster cloud's `CommunityCloud` for identities and buckets.
 *
 * Stacks deployed before this component existed had the hubs and the provider
 * at the top of the stack: they carry aliases to that place, so re-parenting
 * them here replaces nothing.
 */
import {
  type Cluster,
  type Community as CommunityConfig,
  formatProblem,
  loadCommunityWithCluster,
  usesOAuth,
} from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import { communityCloudFor } from "../clouds";
import { budgetRecipients } from "../cluster/budget";
import { userError } from "../cluster/cloud-context";
import type { ClusterOutputs } from "../cluster/contract";
import { communityTags } from "../cluster/naming";
import { clusterProvider } from "../cluster/outputs";
import { Hub } from "../hub/hub";
import {
  hubsWithoutClientId,
  hubsWithoutSecret,
  missingClientIdMessage,
  missingSecretMessage,
  sharedPasswordMessage,
  sharedPasswordProblems,
} from "./client-credentials";
import { clusterStackName, readPlainOutputs } from "./cluster-reference";
import { COMMUNITY_TYPE, hubResourceName } from "./stack-setup";

export interface CommunityArgs {
  /**
   * The checkout whose `communities/<name>/community.yaml` and `stacks/cluster/Pulumi.<cluster>.yaml`
   * (of the cluster the community names) are loaded.
   */
  root: string;
  /**
   * The cluster stack whose outputs (kubeconfig, identity, home storage, domains) the hubs use.
   * @default `<organization>/hubnet-cluster/<cluster>`, the community's cluster in this organization
   */
  clusterStack?: string;
  /**
   * OAuth client IDs by hub name, for hubs whose community file has none (`hubs[].clientId`,
   * `auth.clientId`). The stack config `hubnet:clientIds`.
   * @default {}
   */
  clientIds?: Record<string, string>;
  /**
   * OAuth client secrets by hub name, a Pulumi secret: every hub needs one unless auth is `dummy`.
   * The stack config `hubnet:clientSecrets`.
   * @default none (only dummy auth works without)
   */
  clientSecrets?: pulumi.Output<Record<string, string>>;
  /**
   * Shared passwords by hub name, a Pulumi secret: every hub of a shared-password community needs one.
   * The stack config `hubnet:sharedPasswords`.
   * @default none
   */
  sharedPasswords?: pulumi.Output<Record<string, string>>;
  /**
   * Admin passwords by hub name, a Pulumi secret: shared-password hubs with admins need one. The stack
   * config `hubnet:adminPasswords`.
   * @default none
   */
  adminPasswords?: pulumi.Output<Record<string, string>>;
}

/** What a community stack exports of one hub. */
export interface CommunityHubOutputs {
  url: string;
  namespace: string;
  scratchBucket?: string;
  persistentBucket?: string;
}

/** Where the hubs and the provider stood before this component: at the top of the stack. */
const FORMER_PLACE: pulumi.Alias[] = [{ parent: pulumi.rootStackResource }];

export class Community extends pulumi.ComponentResource {
  /** The community's name (its folder under communities/, the stack's name). */
  readonly communityName: string;
  /** The cluster the community's hubs run on. */
  readonly clusterName: string;
  /** Each hub's URL, namespace and bucket URLs, by hub name. */
  readonly hubs: pulumi.Output<Record<string, CommunityHubOutputs>>;
  /** Each hub's hubnet-health service token, by hub name: a secret. */
  readonly healthTokens: pulumi.Output<Record<string, string>>;
  readonly #created: Promise<Record<string, Hub>>;

  /** `name` is the community's name: its folder under `communities/`. */
  constructor(name: string, args: CommunityArgs, opts: pulumi.ComponentResourceOptions = {}) {
    super(COMMUNITY_TYPE, name, {}, opts);
    const loaded = loadCommunityWithCluster(args.root, name);
    if (!loaded.community || !loaded.cluster || loaded.problems.length > 0) {
      throw userError(
        loaded.problems.map((p) => formatProblem(p, args.root)).join("\n") ||
          `community "${name}" did not load`,
        this,
      );
    }
    const community = loaded.community.config;
    this.communityName = community.name;
    this.clusterName = community.cluster;
    this.#created = this.createHubs(community, loaded.cluster.config, args);
    const created = pulumi.output(this.#created);
    const byHub = <T>(pick: (h: Hub) => T) =>
      created.apply((hubs) =>
        pulumi.output(Object.fromEntries(Object.entries(hubs).map(([hub, h]) => [hub, pick(h)]))),
      );
    this.hubs = byHub((h) => ({
      url: h.url,
      namespace: h.namespace,
      scratchBucket: h.scratchBucket,
      persistentBucket: h.persistentBucket,
    }));
    this.healthTokens = pulumi.secret(byHub((h) => h.healthToken));
    this.registerOutputs({
      communityName: this.communityName,
      clusterName: this.clusterName,
      hubs: this.hubs,
      healthTokens: this.healthTokens,
    });
  }

  /**
   * Resolves once every hub exists; rejects with the ResourceError that stopped the community (a
   * missing client secret or ID, a cluster stack without an output). The stack program awaits it.
   */
  ready(): Promise<void> {
    return this.#created.then(() => undefined);
  }

  private async createHubs(
    community: CommunityConfig,
    clusterConfig: Cluster,
    args: CommunityArgs,
  ): Promise<Record<string, Hub>> {
    // Client secrets first: a missing one is a clear error before anything is planned.
    const clientIds = args.clientIds ?? {};
    const resolved = (o?: pulumi.Output<Record<string, string>>) =>
      new Promise<Record<string, string>>((resolve) =>
        (o ?? pulumi.output({} as Record<string, string>)).apply((v) => resolve(v ?? {})),
      );
    const secrets = await resolved(args.clientSecrets);
    const passwordProblems = sharedPasswordProblems(
      community,
      await resolved(args.sharedPasswords),
      await resolved(args.adminPasswords),
    );
    if (passwordProblems.length > 0)
      throw userError(sharedPasswordMessage(community, passwordProblems), this);
    const noSecret = hubsWithoutSecret(community, secrets);
    if (noSecret.length > 0) throw userError(missingSecretMessage(community, noSecret), this);
    const noId = hubsWithoutClientId(community, clientIds);
    if (noId.length > 0) throw userError(missingClientIdMessage(community, noId), this);

    const clusterStack = args.clusterStack ?? clusterStackName(pulumi.getOrganization(), community.cluster);
    const ref = new pulumi.StackReference(
      `cluster-${community.cluster}`,
      { name: clusterStack },
      { parent: this },
    );
    const output = <K extends keyof ClusterOutputs>(k: K) =>
      ref.requireOutput(k) as pulumi.Output<ClusterOutputs[K]>;
    const plain = await readPlainOutputs(ref, (k) =>
      userError(`cluster stack ${clusterStack} has no output "${k}": deploy the cluster first`, this),
    );

    const provider = clusterProvider(community.cluster, output("kubeconfig"), {
      parent: this,
      aliases: FORMER_PLACE,
    });
    // The cloud comes from the cluster config (static); identity and region stay Outputs.
    const cloud = communityCloudFor({
      name: community.cluster,
      community: community.name,
      tags: clusterConfig.tags,
      cloud: clusterConfig.cloud,
      region: output("region"),
      identity: output("identity"),
      cloudProvider: plain.cloudProvider,
      parent: this,
    });
    const cluster = { name: community.cluster, cloud: clusterConfig.cloud, ...plain };
    const hubs: Record<string, Hub> = {};
    for (const hub of community.hubs) {
      hubs[hub.name] = new Hub(
        hubResourceName(community.name, hub.name),
        {
          community,
          hub,
          clusterConfig,
          cluster,
          cloud,
          clientId: clientIds[hub.name],
          clientSecret: usesOAuth(community.auth.provider)
            ? args.clientSecrets?.apply((s) => s?.[hub.name] ?? "")
            : undefined,
          ...(community.auth.provider === "shared-password"
            ? {
                sharedPassword: pulumi.secret(args.sharedPasswords?.apply((s) => s?.[hub.name] ?? "") ?? ""),
                adminPassword:
                  community.auth.admins.length > 0
                    ? pulumi.secret(args.adminPasswords?.apply((s) => s?.[hub.name] ?? "") ?? "")
                    : undefined,
              }
            : {}),
        },
        { parent: this, providers: [provider], aliases: FORMER_PLACE },
      );
    }
    if (community.budget) {
      cloud.createBudget(
        community.name,
        {
          cluster: community.cluster,
          community: community.name,
          monthlyUsd: community.budget.monthlyUsd,
          recipients: budgetRecipients(community.budget.alertEmails, clusterConfig.operatorEmails),
          tags: communityTags(community.cluster, community.name, clusterConfig.tags),
        },
        { parent: this },
      );
    }
    return hubs;
  }
}
