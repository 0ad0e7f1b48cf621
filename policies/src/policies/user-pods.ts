/**
 * User pods: limits, user, privileges and images of every server a hub can start (singleuser and
 * each profile and option choice, as KubeSpawner merges them).
 */

import type { PolicyContext } from "../context";
import { type HubnetPolicy, meta } from "../define";
import { type Choice, choicesOf, isSet, setting, valuesOverChoices, Z2JH_DEFAULTS } from "../hub-values";
import { inConfig } from "../messages";
import { asArray, asRecord, at, UNKNOWN } from "../values";
import { type HubRelease, onHubRelease, unknownSetting } from "./hub-release";

/** The choices of a hub, or one stand-in for `singleuser` alone when it has no profiles. */
function choices(values: unknown): (Choice | undefined)[] {
  const list = choicesOf(values);
  return list.length > 0 ? list : [undefined];
}

function placeOf(hub: HubRelease, c: Choice | undefined, ...p: string[]) {
  return c ? hub.places.profile(c.slug, ...p) : hub.places.field("profiles");
}

function label(hub: HubRelease, c: Choice | undefined): string {
  return c ? `profile "${c.label}" of hub ${hub.namespace}` : `hub ${hub.namespace} (no profiles)`;
}

function limitPolicy(ctx: PolicyContext, resource: "memory" | "cpu"): HubnetPolicy {
  const key = resource === "memory" ? "mem_limit" : "cpu_limit";
  return {
    ...meta(resource === "memory" ? "user-pod-memory-limit" : "user-pod-cpu-limit"),
    validateResource: onHubRelease(ctx, (hub, report) => {
      const profiles = asArray(at(hub.values, "singleuser", "profileList"));
      for (const p of profiles.length > 0 ? profiles : [undefined]) {
        const slug = p === undefined ? undefined : String(at(p, "slug") ?? at(p, "display_name") ?? "?");
        const c =
          slug === undefined
            ? undefined
            : { slug, label: String(at(p, "display_name") ?? slug), override: {} };
        const where = placeOf(hub, c, resource);
        const found = valuesOverChoices(hub.values, p, key, [resource, "limit"]);
        if (found?.includes(UNKNOWN))
          report(inConfig(where, unknownSetting(`the ${resource} limit of ${label(hub, c)}`)));
        else if (found === undefined || found.some((v) => v === 0 || v === "0"))
          report(
            inConfig(
              where,
              `${label(hub, c)} sets no ${resource} limit${found ? " for every choice" : ""}: give the profile (or each of its sizes) a ${resource} (for example ${resource === "memory" ? "memory: 4G" : "cpu: 2"}), which hubnet sets as its guarantee and limit`,
            ),
          );
      }
    }),
  };
}

/** Security contexts a choice sets on the user's container and pod, and its extra containers. */
function containersOf(values: unknown, c: Choice | undefined) {
  const extraInit = [
    ...asArray(at(values, "singleuser", "initContainers")),
    ...asArray(c?.profileOverride?.init_containers),
    ...asArray(c?.override.init_containers),
  ];
  const extra = [
    ...asArray(at(values, "singleuser", "extraContainers")),
    ...asArray(c?.profileOverride?.extra_containers),
    ...asArray(c?.override.extra_containers),
  ];
  return { init: extraInit, sidecars: extra };
}

/** The only thing a root init container may do: chown, with nothing else, as the ownership container does. */
function isNarrowRootInit(container: unknown): boolean {
  const sc = asRecord(at(container, "securityContext"));
  const caps = asRecord(sc.capabilities);
  const drop = asArray(caps.drop);
  const add = asArray(caps.add);
  return (
    sc.allowPrivilegeEscalation === false &&
    sc.privileged !== true &&
    drop.includes("ALL") &&
    add.every((a) => a === "CHOWN")
  );
}

function runsAsRoot(securityContext: unknown): boolean | typeof UNKNOWN {
  const user = at(securityContext, "runAsUser");
  if (user === UNKNOWN) return UNKNOWN;
  return user === 0 || user === "0";
}

export function userPodPolicies(ctx: PolicyContext): HubnetPolicy[] {
  return [
    limitPolicy(ctx, "memory"),
    limitPolicy(ctx, "cpu"),
    {
      ...meta("user-pod-non-root"),
      validateResource: onHubRelease(ctx, (hub, report) => {
        for (const c of choices(hub.values)) {
          const uid = setting(hub.values, c, "uid", ["uid"]);
          const effective = isSet(uid) ? uid : Z2JH_DEFAULTS.uid;
          const where = placeOf(hub, c);
          if (effective === UNKNOWN) report(inConfig(where, unknownSetting(`the uid of ${label(hub, c)}`)));
          else if (effective === 0 || effective === "0")
            report(
              inConfig(
                where,
                `${label(hub, c)} runs user servers as root (uid 0): remove the uid override so servers run as uid ${Z2JH_DEFAULTS.uid}`,
              ),
            );
          const container = setting(hub.values, c, "container_security_context", [
            "extraContainerConfig",
            "securityContext",
          ]);
          const fromExtra = at(
            setting(hub.values, c, "extra_container_config", ["extraContainerConfig"]),
            "securityContext",
          );
          for (const sc of [container, fromExtra]) {
            const root = runsAsRoot(sc);
            if (root === UNKNOWN)
              report(inConfig(where, unknownSetting(`the user container's runAsUser in ${label(hub, c)}`)));
            else if (root)
              report(
                inConfig(
                  where,
                  `${label(hub, c)} sets runAsUser: 0 on the user container: user code must not run as root`,
                ),
              );
          }
          const pod = at(setting(hub.values, c, "extra_pod_config", ["extraPodConfig"]), "securityContext");
          if (runsAsRoot(pod) === true)
            report(
              inConfig(
                where,
                `${label(hub, c)} sets runAsUser: 0 for the whole pod: user code must not run as root`,
              ),
            );
          const { init, sidecars } = containersOf(hub.values, c);
          for (const k of init) {
            const root = runsAsRoot(at(k, "securityContext"));
            if (root === true && !isNarrowRootInit(k))
              report(
                inConfig(
                  where,
                  `init container "${String(at(k, "name"))}" of ${label(hub, c)} runs as root with more than CHOWN: drop ALL capabilities, add only CHOWN and set allowPrivilegeEscalation: false`,
                ),
              );
          }
          for (const k of sidecars) {
            if (runsAsRoot(at(k, "securityContext")) === true)
              report(
                inConfig(
                  where,
                  `container "${String(at(k, "name"))}" of ${label(hub, c)} runs as root: run it as a non-root user`,
                ),
              );
          }
        }
      }),
    },
    {
      ...meta("user-pod-not-privileged"),
      validateResource: onHubRelease(ctx, (hub, report) => {
        for (const c of choices(hub.values)) {
          const where = placeOf(hub, c);
          const escalation = setting(hub.values, c, "allow_privilege_escalation", [
            "allowPrivilegeEscalation",
          ]);
          if (escalation === true || escalation === UNKNOWN)
            report(
              inConfig(
                where,
                escalation === UNKNOWN
                  ? unknownSetting(`allowPrivilegeEscalation of ${label(hub, c)}`)
                  : `${label(hub, c)} lets user servers escalate privileges: remove allowPrivilegeEscalation: true`,
              ),
            );
          if (setting(hub.values, c, "privileged", ["privileged"]) === true)
            report(inConfig(where, `${label(hub, c)} runs user servers privileged: remove privileged: true`));
          const user = [
            setting(hub.values, c, "container_security_context", ["extraContainerConfig", "securityContext"]),
            at(setting(hub.values, c, "extra_container_config", ["extraContainerConfig"]), "securityContext"),
          ];
          const { init, sidecars } = containersOf(hub.values, c);
          const all = [
            ...user.map((sc) => ({ name: "notebook", sc, narrow: false })),
            ...init.map((k) => ({
              name: String(at(k, "name")),
              sc: at(k, "securityContext"),
              narrow: isNarrowRootInit(k),
            })),
            ...sidecars.map((k) => ({
              name: String(at(k, "name")),
              sc: at(k, "securityContext"),
              narrow: false,
            })),
          ];
          for (const { name, sc, narrow } of all) {
            if (at(sc, "privileged") === true)
              report(
                inConfig(
                  where,
                  `container "${name}" of ${label(hub, c)} is privileged: remove privileged: true`,
                ),
              );
            if (at(sc, "allowPrivilegeEscalation") === true)
              report(
                inConfig(
                  where,
                  `container "${name}" of ${label(hub, c)} may escalate privileges: set allowPrivilegeEscalation: false`,
                ),
              );
            const added = asArray(at(sc, "capabilities", "add")).filter((a) => !(narrow && a === "CHOWN"));
            if (added.length > 0)
              report(
                inConfig(
                  where,
                  `container "${name}" of ${label(hub, c)} adds capabilities ${added.join(", ")}: user pods add none`,
                ),
              );
          }
        }
      }),
    },
    {
      ...meta("image-pinned"),
      validateResource: onHubRelease(ctx, (hub, report) => {
        const checkRef = (ref: unknown, where: ReturnType<typeof placeOf>, whose: string) => {
          if (ref === UNKNOWN) return report(inConfig(where, unknownSetting(`the image of ${whose}`)));
          if (typeof ref !== "string") return;
          if (ref.includes("{")) return; // a KubeSpawner template such as {JUPYTER_IMAGE_SPEC}, resolved from a pinned image
          const problem = imageRefProblem(ref);
          if (problem) report(inConfig(where, `${whose} uses image ${ref}: ${problem}`));
        };
        const name = at(hub.values, "singleuser", "image", "name");
        const tag = at(hub.values, "singleuser", "image", "tag");
        if (name === UNKNOWN || tag === UNKNOWN)
          report(inConfig(hub.places.field("image"), unknownSetting(`the image of hub ${hub.namespace}`)));
        else if (typeof name === "string") {
          const problem = imageRefProblem(isSet(tag) ? `${name}:${String(tag)}` : name);
          if (problem)
            report(
              inConfig(hub.places.field("image", "tag"), `hub ${hub.namespace}'s image ${name}: ${problem}`),
            );
        }
        for (const c of choicesOf(hub.values))
          checkRef(c.override.image, hub.places.profile(c.slug, "images"), label(hub, c));
      }),
    },
  ];
}

/** Why an image reference is not pinned, or undefined when it is (a tag other than latest, or a digest). */
export function imageRefProblem(ref: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(ref)) return undefined;
  const lastSlash = ref.lastIndexOf("/");
  const colon = ref.indexOf(":", lastSlash + 1);
  if (colon < 0) return "no tag, so it is `latest`: pin a tag (for example 2025.10.21) or a digest";
  if (ref.slice(colon + 1) === "latest")
    return "`latest` changes under users without review: pin a tag or a digest";
  return undefined;
}
