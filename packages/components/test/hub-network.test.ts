/**
 * Every community of the test network (test/fixtures/network), rendered through the community
 * program under mocks, against what its hubs must get.
 */
import {
  type Cluster,
  type Community,
  hasNodePools,
  poolForProfile,
  profileShapes,
  usesOAuth,
} from "@hubnet/config";
import { containsAny, type RenderedStack, SECRET_PLACEHOLDER } from "@hubnet/plan";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Secret,
  ServiceAccount,
} from "kubernetes-models/v1";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClusterOutputs } from "../src/cluster/contract";
import { hubNamespace } from "../src/cluster/naming";
import { AUTHENTICATORS, namedUsers } from "../src/hub/auth";
import { notOnSpotAffinity } from "../src/hub/dask";
import { GPU_TOLERATION, imageRef, USER_TOLERATION } from "../src/hub/profiles";
import { testNetwork } from "./support/cluster-outputs";
import { knownClientSecret, knownPasswords, renderCommunity } from "./support/render-community";
import { type Json, jupyterhubValues, named, ofType, RELEASE } from "./support/resources";
import { authenticatorClass, hubConfigProblems, profileListProblems } from "./support/traits-oracle";
import { validateZ2jhValues } from "./support/z2jh-schema";

/** What KubeSpawner makes of a ByteSpecification value: bytes (its K, M, G, T are powers of 1024). */
function specBytes(v: unknown): number {
  if (typeof v === "number") return v;
  const m = /^([0-9.]+)([KMGT])$/.exec(String(v));
  if (!m) throw new Error(`not a ByteSpecification: ${v}`);
  return Number(m[1]) * 1024 ** ("KMGT".indexOf(m[2]) + 1);
}

interface Rendered {
  community: Community;
  cluster: Cluster;
  outputs: ClusterOutputs;
  stack: RenderedStack;
}

const rendered = new Map<string, Rendered>();
const { network, outputs } = testNetwork();
const names = [...network.communities.keys()].sort();

beforeAll(async () => {
  expect(network.problems).toEqual([]);
  for (const name of names) {
    const community = network.communities.get(name)!.config;
    const cluster = network.clusters.get(community.cluster)!.config;
    const stack = await renderCommunity(
      name,
      community.hubs.map((h) => h.name),
      outputs,
      { cluster: community.cluster },
    );
    rendered.set(name, { community, cluster, outputs: outputs.get(community.cluster)!, stack });
  }
}, 120_000);

const eachHub = () =>
  names.flatMap((c) =>
    network.communities.get(c)!.config.hubs.map((h) => ({ c, hub: h.name, domain: h.domain })),
  );

describe.each(eachHub())("$c/$hub", ({ c, hub, domain }) => {
  const get = () => {
    const r = rendered.get(c)!;
    return { ...r, values: jupyterhubValues(r.stack, c, hub) as Json, ns: hubNamespace(c, hub) };
  };

  it("passes the z2jh 4.4.0 values schema (merged over the chart defaults)", () => {
    const { values } = get();
    const result = validateZ2jhValues(values);
    expect(result.errors).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("configures its auth provider, callback URL and admins (with the platform operators)", () => {
    const { values, community, outputs: co } = get();
    const auth = community.auth;
    const { entryPoint, className } = AUTHENTICATORS[auth.provider];
    const cfg = values.hub.config;
    expect(cfg.JupyterHub.authenticator_class).toBe(entryPoint);
    // The entry point is one the hub image resolves, to the class configured below.
    expect(authenticatorClass(entryPoint)).toBe(className);
    // Every class and trait exists in the hub image, none is deprecated, every value has the trait's type.
    expect(hubConfigProblems(cfg)).toEqual([]);
    const { admins, allowedUsers } = namedUsers(auth);
    if (auth.provider !== "google")
      expect(cfg.Authenticator.admin_users).toEqual(expect.arrayContaining(admins));
    expect(cfg.Authenticator.allowed_users).toEqual(
      expect.arrayContaining(auth.provider === "google" ? [] : allowedUsers),
    );
    // Operators are admins only as identities this provider proves: never a bare name any provider could report.
    const ops = co.operators;
    const adminNames: string[] = cfg.Authenticator.admin_users;
    if (auth.provider === "github") expect(adminNames).toEqual(expect.arrayContaining(ops.github));
    if (auth.provider === "cilogon") {
      for (const h of ops.github) expect(adminNames.some((a) => a === h || a.endsWith(`:${h}`))).toBe(true);
      for (const h of ops.github) expect(adminNames).not.toContain(h === "" ? "-" : `${h}@`);
    }
    if (auth.provider === "oidc")
      expect(adminNames).toEqual(expect.arrayContaining(ops.oidc[auth.issuer] ?? []));
    if (auth.provider === "google" || (auth.provider === "oidc" && !ops.oidc[auth.issuer]))
      for (const h of ops.github) expect(adminNames).not.toContain(h);
    const oauthClasses = Object.keys(cfg).filter((k) => k.endsWith("OAuthenticator"));
    if (auth.provider === "dummy" || auth.provider === "shared-password" || auth.provider === "anonymous") {
      expect(oauthClasses).toEqual([]);
      expect(values.hub.extraEnv).toEqual({});
      return;
    }
    expect(oauthClasses).toEqual([className]);
    const o = cfg[className];
    expect(o.oauth_callback_url).toBe(`https://${domain}/hub/oauth_callback`);
    expect(o.client_id).toBe(auth.clientId ?? `client-id-${c}-${hub}`);
    expect(o.client_secret).toBeUndefined();
    expect(values.hub.extraEnv.OAUTH_CLIENT_SECRET.valueFrom.secretKeyRef).toEqual({
      name: "hubnet-oauth",
      key: "client_secret",
    });
    if (auth.provider === "github") {
      expect(o.allowed_organizations).toEqual([...auth.orgs, ...auth.teams]);
      expect(o.scope).toContain("read:org");
    } else if (auth.provider === "cilogon") {
      expect(Object.keys(o.idps)).toEqual(
        expect.arrayContaining(auth.identityProviders.map((i) => i.entityId)),
      );
      // Exactly one provider is pre-selected: Helm sorts the keys, so "the first" is never left to order.
      expect(Object.values(o.idps).filter((e: Json) => e.default)).toHaveLength(1);
      for (const idp of auth.identityProviders) {
        const e = o.idps[idp.entityId];
        expect(e.username_derivation.username_claim).toBe(idp.usernameClaim);
        expect(e.allow_all === true).toBe(idp.allowAll);
        if (idp.allowedDomains.length) expect(e.allowed_domains).toEqual(idp.allowedDomains);
        for (const u of idp.allowedUsers) expect(cfg.Authenticator.allowed_users).toContain(u);
      }
      // Nothing admits everyone unless the community wrote allowAll.
      for (const [entity, e] of Object.entries(o.idps as Record<string, Json>))
        if (e.allow_all)
          expect(auth.identityProviders.find((i) => i.entityId === entity)?.allowAll).toBe(true);
    } else if (auth.provider === "google") {
      if (auth.domains.length) expect(o.hosted_domain).toEqual(auth.domains);
      expect(o.allow_all === true).toBe(auth.allowAll);
    } else if (auth.provider === "oidc") {
      expect(o).toMatchObject({
        authorize_url: auth.authorizeUrl,
        token_url: auth.tokenUrl,
        userdata_url: auth.userdataUrl,
        username_claim: auth.usernameClaim,
        scope: auth.scopes,
      });
      expect(o.allow_all === true).toBe(auth.allowAll);
      if (auth.allowedGroups.length) expect(o.allowed_groups).toEqual(auth.allowedGroups);
      if (auth.allowedGroups.length || auth.adminGroups.length) expect(o.manage_groups).toBe(true);
    }
  });

  it("offers its profiles with resources, pool, tolerations, GPUs and image choices", () => {
    const { values, community, cluster } = get();
    const list = values.singleuser.profileList as Json[];
    expect(list.map((p) => p.slug)).toEqual(community.profiles.map((p) => p.name));
    expect(list.filter((p) => p.default)).toHaveLength(1);
    // Every key is one KubeSpawner 7 reads; every override a KubeSpawner trait of the right type.
    expect(profileListProblems(list)).toEqual([]);
    community.profiles.forEach((p, i) => {
      const e = list[i];
      const o = e.kubespawner_override;
      const shapes = profileShapes(p);
      // Resources: KubeSpawner's own reading of the values is the profile's size (never "1Gi", never G for 10^9).
      const resourceOverrides = p.sizes
        ? p.sizes.map((s) => e.profile_options.resources.choices[s.name].kubespawner_override)
        : [o];
      resourceOverrides.forEach((r: Json, j: number) => {
        expect(r.cpu_guarantee).toBe(shapes[j].cpu.guarantee.cores);
        expect(r.cpu_limit).toBe(shapes[j].cpu.limit.cores);
        expect(specBytes(r.mem_guarantee)).toBe(Math.round(shapes[j].memory.guarantee.bytes));
        expect(specBytes(r.mem_limit)).toBe(Math.round(shapes[j].memory.limit.bytes));
      });
      if (!hasNodePools(cluster.cloud)) expect(o.node_selector).toBeUndefined();
      else expect(o.node_selector).toEqual({ "hubnet.org/pool": poolForProfile(cluster, p)!.pool });
      expect(o.tolerations).toContainEqual(USER_TOLERATION);
      if (p.gpu) {
        expect(o.tolerations).toContainEqual(GPU_TOLERATION);
        expect(o.extra_resource_limits).toEqual({ "nvidia.com/gpu": String(p.gpu.count) });
      } else {
        expect(o.tolerations).not.toContainEqual(GPU_TOLERATION);
        expect(o.extra_resource_limits).toBeUndefined();
      }
      if (p.images?.length) {
        const opt = e.profile_options.image;
        expect(opt.unlisted_choice.enabled).toBe(p.otherImage);
        expect(Object.keys(opt.choices).sort()).toEqual(p.images.map((im) => im.name).sort());
        for (const im of p.images)
          expect(opt.choices[im.name].kubespawner_override.image).toBe(imageRef(im.image));
        expect(Object.values(opt.choices).filter((ch: Json) => ch.default)).toHaveLength(1);
      } else if (!p.otherImage) expect(e.profile_options?.image).toBeUndefined();
    });
    expect(values.singleuser.image).toEqual({ name: community.image.name, tag: community.image.tag });
    expect(values.prePuller.continuous.enabled).toBe(true);
  });

  it("mounts homes per hub and user, shared read-only, shared read-write for admins only", () => {
    const { values, outputs: co, community, ns, stack } = get();
    const s = values.singleuser.storage;
    if (co.home.kind === "perUserClaims") {
      expect(s.type).toBe("dynamic");
      expect(s.capacity).toBe(community.storage.homeQuota.text);
      expect(ofType(stack, "kubernetes:core/v1:PersistentVolume")).toEqual([]);
      return;
    }
    if (!community.storage.homes) expect(s.type).toBe("none");
    else {
      expect(s.type).toBe("static");
      // The hub's volume is its own directory of the share: homes are `<username>` in it.
      expect(s.static).toEqual({ pvcName: "home-nfs", subPath: "{username}" });
      // The user's home (and nothing else of the share but writable shared directories) is made theirs first.
      const init = values.singleuser.initContainers as Json[];
      expect(init.map((i) => i.name)).toEqual(["hubnet-home-owner"]);
      expect(init[0].volumeMounts[0]).toEqual({
        name: "home",
        mountPath: "/hubnet/home",
        subPath: "{username}",
      });
      expect(init[0].securityContext.capabilities).toEqual({ drop: ["ALL"], add: ["CHOWN"] });
    }
    if (community.storage.shared) {
      expect(s.extraVolumeMounts).toContainEqual({
        name: community.storage.homes ? "home" : "hubnet-share",
        mountPath: "/home/jovyan/shared",
        subPath: "_shared",
        readOnly: true,
      });
      const hook = values.hub.extraConfig["hubnet-shared-mounts"] as string;
      expect(hook).toContain('who == "admins" and spawner.user.admin');
      expect(hook).toContain('subPath\\":\\"_shared\\"');
      expect(hook).toContain("/home/jovyan/shared-readwrite");
    }
    // Every shared mount is a `_<name>` directory of the hub's own volume.
    for (const m of s.extraVolumeMounts as Json[]) expect(m.subPath.startsWith("_")).toBe(true);
    const pv = named(stack, "kubernetes:core/v1:PersistentVolume", `${c}-${hub}-home-pv`);
    expect(pv.protect && pv.retainOnDelete).toBe(true);
    expect((pv.inputs as Json).spec.persistentVolumeReclaimPolicy).toBe("Retain");
    expect((pv.inputs as Json).spec.claimRef).toEqual({ namespace: ns, name: "home-nfs" });
    // The volume is the hub's directory of the share, never its root.
    expect((pv.inputs as Json).spec.nfs.path).toBe(
      `${(co.home as { path: string }).path.replace(/\/+$/, "")}/${ns}`,
    );
    const pvc = named(stack, "kubernetes:core/v1:PersistentVolumeClaim", `${c}-${hub}-home-pvc`);
    expect(pvc.protect && pvc.retainOnDelete).toBe(true);
  });

  it("isolates the namespace: metadata endpoint, private IPs and other namespaces", () => {
    const { values, stack, ns, cluster, community } = get();
    const np = values.singleuser.networkPolicy;
    expect(np.enabled).toBe(true);
    // The internet through hubnet's own rule, which excepts all of link-local (metadata addresses).
    expect(np.egressAllowRules).toMatchObject({
      privateIPs: false,
      nonPrivateIPs: false,
      dnsPortsPrivateIPs: true,
    });
    expect(np.egress[0].to[0].ipBlock).toMatchObject({ cidr: "0.0.0.0/0" });
    expect(np.egress[0].to[0].ipBlock.except).toEqual(
      expect.arrayContaining(["10.0.0.0/8", "169.254.0.0/16"]),
    );
    const b = community.storage.buckets;
    const wi = cluster.cloud === "gcp" && Boolean(b.scratch || b.persistent);
    // Blocked everywhere except where GKE Workload Identity serves the hub's own credentials there.
    expect(np.egressAllowRules.cloudMetadataServer).toBe(wi);
    expect(values.singleuser.cloudMetadata.blockWithIptables).toBe(!wi);
    expect(values.hub.networkPolicy.enabled).toBe(true);
    expect(values.proxy.chp.networkPolicy.enabled).toBe(true);
    // Every pod of the namespace starts from deny-all; no hubnet policy that selects every pod allows
    // anything (that would widen z2jh's own policies). Who reaches whom: isolation.test.ts.
    const pols = ofType(stack, "kubernetes:networking.k8s.io/v1:NetworkPolicy")
      .filter((r) => r.name.startsWith(`${c}-${hub}-`))
      .map((r) => r.inputs as Json);
    const deny = pols.find((p) => p.metadata.name === "hubnet-default-deny");
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
    for (const p of pols) {
      expect(p.metadata.namespace).toBe(ns);
      if (Object.keys(p.spec.podSelector).length === 0) {
        expect(p.spec.ingress ?? []).toEqual([]);
        expect(p.spec.egress ?? []).toEqual([]);
      }
    }
  });

  it("serves HTTPS through its own Gateway, Issuer and the chart's HTTPRoute", () => {
    const { values, stack, ns, outputs: co } = get();
    expect(values.proxy.service.type).toBe("ClusterIP");
    expect(values.httpRoute).toEqual({
      enabled: true,
      hostnames: [domain],
      gateway: { name: "hub", namespace: ns, sectionName: "https" },
    });
    const gw = named(stack, "kubernetes:gateway.networking.k8s.io/v1:Gateway", `${c}-${hub}-gateway`)
      .inputs as Json;
    expect(gw.metadata.annotations["cert-manager.io/issuer"]).toBe("letsencrypt");
    expect(gw.spec.gatewayClassName).toBe(co.gatewayClassName);
    expect(gw.spec.listeners.map((l: Json) => [l.name, l.port, l.hostname])).toEqual([
      ["http", 80, domain],
      ["https", 443, domain],
    ]);
    expect(gw.spec.listeners[1].tls.certificateRefs).toEqual([{ kind: "Secret", name: `${hub}-tls` }]);
    const iss = named(stack, "kubernetes:cert-manager.io/v1:Issuer", `${c}-${hub}-issuer`).inputs as Json;
    expect(iss.spec.acme.email).toBe(co.certificateEmail);
    expect(iss.spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
    expect(iss.spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0]).toMatchObject({
      name: "hub",
      sectionName: "http",
    });
  });

  it("brands, culls, schedules and (with dask) adds dask-gateway", () => {
    const { values, community, stack, ns } = get();
    const vars = values.hub.templateVars.hubnet;
    expect(vars.display_name).toBe(community.displayName);
    expect(vars.logo_url).toBe(community.branding?.logoUrl ?? null);
    expect(vars.funded_by).toEqual(community.branding?.fundedBy ?? null);
    expect(vars.operated_by.text).toBe(community.branding?.operatedBy?.text ?? "hubnet");
    expect(values.hub.extraFiles["hubnet-login-template"].stringData).toContain(
      '{% extends "templates/login.html" %}',
    );
    const cull = community.features.culling;
    expect(values.cull).toMatchObject({
      enabled: cull.enabled,
      timeout: cull.idleTimeout.seconds,
      maxAge: cull.maxAge.seconds,
    });
    expect(values.scheduling.userScheduler.enabled).toBe(true);
    expect(values.scheduling.podPriority.enabled).toBe(true);
    const purpose = hasNodePools(get().cluster.cloud) ? "require" : "prefer";
    expect(values.scheduling.userPods.nodeAffinity.matchNodePurpose).toBe(purpose);
    expect(values.hub.services["hubnet-health"].apiToken).toBe(SECRET_PLACEHOLDER);
    expect(values.hub.loadRoles["hubnet-health"]).toMatchObject({
      scopes: [
        "read:hub",
        "admin:users!user=hubnet-health-check",
        "servers!user=hubnet-health-check",
        "access:servers!user=hubnet-health-check",
      ],
      services: ["hubnet-health"],
    });
    const env = values.singleuser.extraEnv;
    const dask = ofType(stack, RELEASE).filter((r) => r.name === `${c}-${hub}-dask-gateway`);
    if (community.features.dask) {
      expect(dask).toHaveLength(1);
      const dv = dask[0].inputs.values as Json;
      expect(dv.gateway.auth.type).toBe("jupyterhub");
      expect(dv.gateway.auth.jupyterhub.apiToken).toBe(SECRET_PLACEHOLDER);
      expect(dv.traefik.service.type).toBe("ClusterIP");
      expect(dv.gateway.backend.worker.extraPodConfig.tolerations).toContainEqual(USER_TOLERATION);
      // Schedulers on an on-demand user pool, and off every spot node by the clouds' own labels.
      const sched = dv.gateway.backend.scheduler.extraPodConfig;
      const schedPool = sched.nodeSelector?.["hubnet.org/pool"];
      if (schedPool !== undefined) {
        const cfg = get().cluster;
        const pools = "nodePools" in cfg ? cfg.nodePools.user : [];
        expect(pools.find((p) => p.name === schedPool)?.spot).toBe(false);
      }
      expect(sched.affinity).toEqual(notOnSpotAffinity());
      // traefik watches its own namespace only.
      expect(dv.traefik.additionalArguments).toEqual([
        `--providers.kubernetescrd.namespaces=${ns}`,
        "--providers.kubernetescrd.disableclusterscoperesources=true",
      ]);
      expect(values.hub.services["dask-gateway"]).toMatchObject({
        url: `http://traefik-dask-gateway-${ns}.${ns}`,
        apiToken: SECRET_PLACEHOLDER,
      });
      expect(env).toMatchObject({
        DASK_GATEWAY__ADDRESS: `http://traefik-dask-gateway-${ns}.${ns}/services/dask-gateway`,
        DASK_GATEWAY__PUBLIC_ADDRESS: `https://${domain}/services/dask-gateway`,
        // KubeSpawner formats env values first: the pod gets {JUPYTER_IMAGE_SPEC} for the client
        // (test/jupyterhub/hub-image-config.test.ts checks the pod KubeSpawner 7.0.0 makes).
        DASK_GATEWAY__CLUSTER__OPTIONS__IMAGE: "{{JUPYTER_IMAGE_SPEC}}",
        DASK_GATEWAY__PROXY_ADDRESS: `gateway://traefik-dask-gateway-${ns}.${ns}:80`,
        DASK_GATEWAY__AUTH__TYPE: "jupyterhub",
      });
    } else {
      expect(dask).toEqual([]);
      expect(values.hub.services["dask-gateway"]).toBeUndefined();
    }
  });

  it("labels every Kubernetes object and user pod with its community and hub", () => {
    const { values, stack, ns } = get();
    const mine = stack.resources.filter(
      (r) => r.type.startsWith("kubernetes:") && r.name.startsWith(`${c}-${hub}-`) && r.type !== RELEASE,
    );
    expect(mine.length).toBeGreaterThan(5);
    for (const r of mine) {
      expect((r.inputs as Json).metadata.labels, r.name).toMatchObject({
        "hubnet-community": c,
        "hubnet-hub": hub,
      });
      const clusterScoped = [
        "kubernetes:core/v1:Namespace",
        "kubernetes:core/v1:PersistentVolume",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
        "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      ];
      if (!clusterScoped.includes(r.type)) {
        expect((r.inputs as Json).metadata.namespace, r.name).toBe(ns);
      } else if (r.type.includes("ClusterRole")) {
        // Cluster-scoped names carry the hub's namespace, unique on the cluster.
        expect((r.inputs as Json).metadata.name, r.name).toMatch(new RegExp(`-${ns}$`));
      }
    }
    expect(values.singleuser.extraLabels).toMatchObject({ "hubnet-community": c, "hubnet-hub": hub });
    expect(values.hub.labels).toMatchObject({ "hubnet-community": c, "hubnet-hub": hub });
  });

  it("keeps secrets secret", () => {
    const { values, stack } = get();
    expect(values.proxy.secretToken).toBe(SECRET_PLACEHOLDER);
    expect(values.hub.cookieSecret).toBe(SECRET_PLACEHOLDER);
    expect(values.hub.config.CryptKeeper.keys).toEqual([SECRET_PLACEHOLDER]);
    const secrets = [
      ...names.flatMap((n) =>
        network.communities
          .get(n)!
          .config.hubs.flatMap((h) => [
            knownClientSecret(n, h.name),
            knownPasswords(n, h.name).shared,
            knownPasswords(n, h.name).admin,
          ]),
      ),
      // The mock random provider's values.
      ...stack.resources.filter((r) => r.type.startsWith("random:")).map((r) => `mock-password-${r.name}`),
    ];
    for (const r of stack.resources)
      expect(containsAny(r.inputs, secrets), `${r.type} ${r.name}`).toBe(false);
    // Per-hub outputs stay readable and hold no token; tokens are only under healthTokens, a secret output
    // (its secretness is asserted in hub-component.test.ts: renderStack does not report output secretness).
    expect(containsAny(stack.outputs.hubs, secrets)).toBe(false);
    if (usesOAuth(get().community.auth.provider)) {
      const s = named(stack, "kubernetes:core/v1:Secret", `${c}-${hub}-oauth`).inputs as Json;
      // The provider marks all of stringData secret.
      expect(s.stringData).toBe(SECRET_PLACEHOLDER);
      expect((stack.rawOutputs.healthTokens as Json)[hub]).toMatch(/^mock-password-/);
    }
  });

  it("creates only valid Kubernetes objects", () => {
    const { stack } = get();
    const models: Record<string, new (o: Json) => { validate(): void }> = {
      "kubernetes:core/v1:Namespace": Namespace,
      "kubernetes:core/v1:ServiceAccount": ServiceAccount,
      "kubernetes:core/v1:Secret": Secret,
      "kubernetes:core/v1:PersistentVolume": PersistentVolume,
      "kubernetes:core/v1:PersistentVolumeClaim": PersistentVolumeClaim,
      "kubernetes:networking.k8s.io/v1:NetworkPolicy": NetworkPolicy,
    };
    const mine = stack.resources.filter((r) => r.name.startsWith(`${c}-${hub}-`) && models[r.type]);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    for (const r of mine) {
      const { apiVersion, kind, ...rest } = r.inputs as Json;
      // Secret data is recorded as "[secret]"; validate the shape with a stand-in.
      if (rest.stringData === SECRET_PLACEHOLDER) rest.stringData = { client_secret: "stand-in" };
      const Model = models[r.type];
      expect(() => new Model({ ...rest }).validate(), `${r.type} ${r.name}`).not.toThrow();
      expect(apiVersion === undefined || typeof apiVersion === "string").toBe(true);
      expect(kind === undefined || typeof kind === "string").toBe(true);
    }
  });
});
