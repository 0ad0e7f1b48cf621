/**
 * `hubnet:hub:Hub`: one JupyterHub of a community, in its own namespace
 * `<community>-<hub>`: cloud identity and buckets (through the cluster's
 * `CommunityCloud`), the user service account, generated secrets, home
 * storage, network policy, HTTPS (Gateway, Issuer, routes), the jupyterhub
 * Helm release and, with `features.dask`, a dask-gateway release.
 *
 * What goes into the values is decided by the pure builders next to this file.
 */
import { type Cluster, type Community, type CommunityHub, usesOAuth } from "@hubnet/config";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { userError } from "../cluster/cloud-context";
import type { CommunityCloud } from "../cluster/contract";
import { hubLabels, hubNamespace, hubTags, USER_SERVICE_ACCOUNT } from "../cluster/naming";
import { retention } from "../cluster/retention";
import { CHARTS } from "../versions";
import { daskGatewayValues, daskSchedulerPool, daskUserEnv, daskWorkerPool } from "./dask";
import { daskRbacObjects } from "./dask-rbac";
import { homeServerDenials, policyWithout } from "./home-server-egress";
import { gateway, httpsRedirectRoute, issuer } from "./https";
import { HUB_DB_CLAIM, hubDatabaseClaim } from "./hub-database";
import { hubPodMonitor, metricsTokenSecret } from "./metrics";
import { hubNamespacePolicies, needsMetadataServer } from "./network-policy";
import { allImages } from "./profiles";
import { hubReleaseNames } from "./release-names";
import { nfsClaim, nfsHomeDirectoryJob, nfsPersistentVolume, rwxClaim } from "./storage";
import { type HubClusterInfo, hubnetCustomValues, hubValues, OAUTH_SECRET_KEY } from "./values";

export const OAUTH_SECRET_NAME = "hubnet-oauth";

export interface HubArgs {
  /** The community the hub belongs to (`communities/<name>/community.yaml`, checked). Required. */
  community: Community;
  /** The hub: one of `community.hubs`. Required. */
  hub: CommunityHub;
  /** The cluster's config (node pools, for profile placement). Required. */
  clusterConfig: Cluster;
  /** Plain values of the cluster stack's outputs (they decide which resources exist). Required. */
  cluster: HubClusterInfo & {
    gatewayClassName: string;
    certificateEmail: string;
    tags: Record<string, string>;
  };
  /** The cluster cloud's factory of the hub's identity and buckets (`communityCloudFor`). Required. */
  cloud: CommunityCloud;
  /**
   * The OAuth client ID when the community file has none (stack config `hubnet:clientIds.<hub>`).
   * @default the community file's `hubs[].clientId`, else `auth.clientId`
   */
  clientId?: string;
  /**
   * The OAuth client secret (a Pulumi secret), stored in the hub's Kubernetes Secret.
   * @default none: only providers without OAuth (dummy, shared-password, anonymous) work without one
   */
  clientSecret?: pulumi.Input<string>;
  /**
   * The shared password of a shared-password hub (a Pulumi secret).
   * @default none: any other provider
   */
  sharedPassword?: pulumi.Input<string>;
  /**
   * The admin password of a shared-password hub with admins (a Pulumi secret).
   * @default none
   */
  adminPassword?: pulumi.Input<string>;
}

export class Hub extends pulumi.ComponentResource {
  readonly namespace: string;
  readonly url: string;
  /** The hubnet-health service token, a secret. */
  readonly healthToken: pulumi.Output<string>;
  readonly scratchBucket?: pulumi.Output<string>;
  readonly persistentBucket?: pulumi.Output<string>;
  readonly release: k8s.helm.v3.Release;

  constructor(name: string, args: HubArgs, opts: pulumi.ComponentResourceOptions = {}) {
    // The hub's planning data (quota, budget, node pools) as the component's inputs: plans read it
    // there, and it never reaches the chart values (a change there restarts the hub).
    super("hubnet:hub:Hub", name, { planning: hubnetCustomValues(args) }, opts);
    const { community, hub } = args;
    const ns = hubNamespace(community.name, hub.name);
    const labels = hubLabels(args.cluster.name, community.name, hub.name);
    const meta = (n: string) => ({ name: n, namespace: ns, labels });
    this.namespace = ns;
    this.url = `https://${hub.domain}`;
    const child = { parent: this };

    const namespace = new k8s.core.v1.Namespace(
      `${name}-ns`,
      { metadata: { name: ns, labels } },
      { ...child, ...retention("hubNamespace") },
    );
    const inNs = { parent: this, dependsOn: [namespace] };

    const buckets = community.storage.buckets;
    const cloud = args.cloud.createHubCloud(
      name,
      {
        community: community.name,
        hub: hub.name,
        namespace: ns,
        serviceAccountName: USER_SERVICE_ACCOUNT,
        buckets: { scratch: buckets.scratch, persistent: buckets.persistent },
        tags: hubTags(args.cluster.name, community.name, hub.name, args.cluster.tags),
      },
      child,
    );
    this.scratchBucket = cloud.scratchBucket;
    this.persistentBucket = cloud.persistentBucket;

    const sa = new k8s.core.v1.ServiceAccount(
      `${name}-user-sa`,
      { metadata: { ...meta(USER_SERVICE_ACCOUNT), annotations: cloud.serviceAccountAnnotations } },
      inNs,
    );

    // Secrets the chart would otherwise generate, kept in Pulumi state as secrets.
    const password = (n: string) =>
      pulumi.secret(new random.RandomPassword(`${name}-${n}`, { length: 64, special: false }, child).result);
    const hexKey = (n: string) =>
      pulumi.secret(new random.RandomBytes(`${name}-${n}`, { length: 32 }, child).hex);
    const secrets = {
      proxySecretToken: password("proxy-token"),
      cookieSecret: hexKey("cookie-secret"),
      cryptKey: hexKey("crypt-key"),
      healthToken: password("health-token"),
      metricsToken: password("metrics-token"),
      daskToken: community.features.dask ? password("dask-token") : undefined,
      sharedPassword: args.sharedPassword === undefined ? undefined : pulumi.secret(args.sharedPassword),
      adminPassword: args.adminPassword === undefined ? undefined : pulumi.secret(args.adminPassword),
    };
    this.healthToken = secrets.healthToken;

    const dependsOn: pulumi.Resource[] = [namespace, sa];
    let oauthSecretName: string | undefined;
    if (usesOAuth(community.auth.provider)) {
      if (args.clientSecret === undefined)
        throw userError(`hub ${hub.name}: an OAuth client secret is required`, this);
      oauthSecretName = OAUTH_SECRET_NAME;
      dependsOn.push(
        new k8s.core.v1.Secret(
          `${name}-oauth`,
          {
            metadata: meta(OAUTH_SECRET_NAME),
            type: "Opaque",
            stringData: { [OAUTH_SECRET_KEY]: pulumi.secret(args.clientSecret) },
          },
          inNs,
        ),
      );
    }

    const hasBuckets = Boolean(buckets.scratch || buckets.persistent);
    const policies = hubNamespacePolicies({
      namespace: ns,
      labels,
      dask: community.features.dask,
      metadata: needsMetadataServer(args.cluster.cloud, hasBuckets),
    });
    // Dask schedulers and workers run user code: the home server is denied them too.
    const homeDenied = homeServerDenials(args.cluster.home);
    for (const p of policies) {
      const denied = policyWithout(p, homeDenied);
      dependsOn.push(new k8s.networking.v1.NetworkPolicy(`${name}-${p.metadata.name}`, denied, inNs));
    }

    const home = args.cluster.home;
    const userData = { ...inNs, ...retention("userData") };
    // The hub database's claim lives outside the release, so deleting or replacing the release keeps it.
    dependsOn.push(
      new k8s.core.v1.PersistentVolumeClaim(
        `${name}-${HUB_DB_CLAIM}`,
        hubDatabaseClaim(ns, labels),
        userData,
      ),
    );
    if (home.kind === "nfs") {
      // The hub's directory of the share exists before its volume (scoped to it) is mounted.
      const homeDir = new k8s.batch.v1.Job(`${name}-home-directory`, nfsHomeDirectoryJob(home, ns, labels), {
        ...inNs,
        deleteBeforeReplace: true,
      });
      const pv = new k8s.core.v1.PersistentVolume(`${name}-home-pv`, nfsPersistentVolume(home, ns, labels), {
        ...userData,
        dependsOn: [namespace, homeDir],
      });
      dependsOn.push(
        new k8s.core.v1.PersistentVolumeClaim(`${name}-home-pvc`, nfsClaim(ns, labels), {
          ...userData,
          dependsOn: [namespace, pv],
        }),
      );
    } else if (home.kind === "storageClass") {
      dependsOn.push(
        new k8s.core.v1.PersistentVolumeClaim(`${name}-home-pvc`, rwxClaim(home, ns, labels), userData),
      );
    }

    // The hub's own scrape target for the cluster's Prometheus, with its read:metrics token.
    const metricsSecret = new k8s.core.v1.Secret(
      `${name}-metrics-token`,
      metricsTokenSecret(ns, labels, secrets.metricsToken),
      inNs,
    );
    new k8s.apiextensions.CustomResource(`${name}-pod-monitor`, hubPodMonitor(ns, labels), {
      ...inNs,
      dependsOn: [namespace, metricsSecret],
    });

    const gw = new k8s.apiextensions.CustomResource(
      `${name}-gateway`,
      gateway({
        namespace: ns,
        hub: hub.name,
        domain: hub.domain,
        gatewayClassName: args.cluster.gatewayClassName,
        labels,
      }),
      inNs,
    );
    new k8s.apiextensions.CustomResource(
      `${name}-issuer`,
      issuer({ namespace: ns, email: args.cluster.certificateEmail, labels }),
      inNs,
    );
    new k8s.apiextensions.CustomResource(
      `${name}-https-redirect`,
      httpsRedirectRoute({ namespace: ns, domain: hub.domain, labels }),
      {
        ...inNs,
        dependsOn: [namespace, gw],
      },
    );
    dependsOn.push(gw);

    const userEnv = pulumi
      .all([cloud.env, cloud.scratchBucket, cloud.persistentBucket])
      .apply(([env, scratch, persistent]) => ({
        ...env,
        ...(scratch ? { SCRATCH_BUCKET: scratch } : {}),
        ...(persistent ? { PERSISTENT_BUCKET: persistent } : {}),
        ...(community.features.dask ? daskUserEnv(hub.domain, ns) : {}),
      }));

    const values = this.decide(hub.name, () =>
      hubValues({
        community,
        clusterConfig: args.clusterConfig,
        cluster: args.cluster,
        hub,
        clientId: args.clientId,
        namespace: ns,
        serviceAccountName: USER_SERVICE_ACCOUNT,
        secrets,
        oauthSecretName,
        userEnv,
        podLabels: cloud.podLabels,
        hasBuckets,
        labels,
      }),
    );

    // Release names unique on the cluster (release-names.ts). The Pulumi name stays `<name>-jupyterhub`;
    // a change of the Helm release name replaces the release, and the new one could not install while
    // the old one owns `hub`, `proxy-public`, ...: delete first (the hub database claim is outside the
    // release and stays; docs/platform/deploying.md, "Release names").
    const releases = hubReleaseNames(ns);
    this.release = new k8s.helm.v3.Release(
      `${name}-jupyterhub`,
      {
        name: releases.jupyterhub,
        namespace: ns,
        chart: CHARTS.jupyterhub.chart,
        version: CHARTS.jupyterhub.version,
        repositoryOpts: { repo: CHARTS.jupyterhub.repo },
        values,
        timeout: 900,
        maxHistory: 5,
      },
      { parent: this, dependsOn, deleteBeforeReplace: true },
    );

    if (community.features.dask && secrets.daskToken) {
      // The dask-gateway components' accounts and RBAC (dask-rbac.ts), before the release that uses them.
      const rbac = daskRbacObjects(ns, labels).map(({ apiVersion: _v, kind, ...o }) => {
        const id = `${name}-${kind.toLowerCase()}-${o.metadata.name}`;
        switch (kind) {
          case "ServiceAccount":
            return new k8s.core.v1.ServiceAccount(id, o, inNs);
          case "Role":
            return new k8s.rbac.v1.Role(id, o, inNs);
          case "RoleBinding":
            return new k8s.rbac.v1.RoleBinding(id, o as k8s.rbac.v1.RoleBindingArgs, inNs);
          case "ClusterRole":
            return new k8s.rbac.v1.ClusterRole(id, o, child);
          case "ClusterRoleBinding":
            return new k8s.rbac.v1.ClusterRoleBinding(id, o as k8s.rbac.v1.ClusterRoleBindingArgs, child);
          default:
            throw new Error(`no resource for ${String(kind)}`);
        }
      });
      new k8s.helm.v3.Release(
        `${name}-dask-gateway`,
        {
          name: releases.daskGateway,
          namespace: ns,
          chart: CHARTS.daskGateway.chart,
          version: CHARTS.daskGateway.version,
          repositoryOpts: { repo: CHARTS.daskGateway.repo },
          values: daskGatewayValues({
            namespace: ns,
            apiToken: secrets.daskToken,
            workerPool: daskWorkerPool(args.clusterConfig),
            schedulerPool: daskSchedulerPool(args.clusterConfig),
            serviceAccountName: USER_SERVICE_ACCOUNT,
            podLabels: { ...labels, ...cloud.podLabels },
            images: allImages(community),
            defaultImage: community.image,
            pools: args.clusterConfig.cloud !== "local",
          }),
          timeout: 600,
          maxHistory: 5,
        },
        { parent: this, dependsOn: [namespace, sa, ...rbac] },
      );
    }

    this.registerOutputs({
      namespace: this.namespace,
      url: this.url,
      healthToken: this.healthToken,
      scratchBucket: this.scratchBucket,
      persistentBucket: this.persistentBucket,
      release: this.release,
    });
  }

  /**
   * A decision of the pure value builders, which throw on combinations the config checks refuse
   * (dummy auth off a local cluster, a profile no pool fits): as this hub's ResourceError.
   */
  private decide<T>(hub: string, build: () => T): T {
    try {
      return build();
    } catch (e) {
      throw userError(`hub ${hub}: ${(e as Error).message}`, this);
    }
  }
}
