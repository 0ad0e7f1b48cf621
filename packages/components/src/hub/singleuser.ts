/**
 * What user servers get beyond profiles and storage: the community's environment variables (next
 * to the platform's, which win) and repositories pulled into homes at start (nbgitpuller). Named
 * servers are a JupyterHub setting (`jupyterhub-settings.ts`).
 */
import { type Community, repoDirectory } from "@hubnet/config";
import * as pulumi from "@pulumi/pulumi";
import { HOME_MOUNT } from "./storage";

/**
 * The postStart hook that pulls the community's repositories into each home. The repositories are
 * arguments of a fixed script (never pasted into it); an image without nbgitpuller, or a failed pull,
 * leaves the server starting as usual (a failing postStart hook would kill the container).
 */
export function gitPullerHook(community: Community): Record<string, unknown> | undefined {
  if (community.gitPuller.length === 0) return undefined;
  const args = community.gitPuller.flatMap((g) => [
    g.repo,
    g.branch,
    `${HOME_MOUNT}/${g.directory ?? repoDirectory(g.repo)}`,
  ]);
  return {
    postStart: {
      exec: {
        command: [
          "sh",
          "-c",
          'command -v gitpuller >/dev/null 2>&1 || exit 0; while [ "$#" -ge 3 ]; do gitpuller "$1" "$2" "$3" || true; shift 3; done',
          "hubnet-gitpuller",
          ...args,
        ],
      },
    },
  };
}

/** `singleuser.extraEnv` (the community's variables under the platform's) and `lifecycleHooks`. */
export function singleuserExtras(
  community: Community,
  platformEnv: pulumi.Input<Record<string, pulumi.Input<string>>>,
): {
  extraEnv: pulumi.Input<Record<string, pulumi.Input<string>>>;
  lifecycleHooks?: Record<string, unknown>;
} {
  const extraEnv = pulumi.Output.isInstance(platformEnv)
    ? platformEnv.apply((env) => ({ ...community.env, ...env }))
    : { ...community.env, ...platformEnv };
  return { extraEnv, lifecycleHooks: gitPullerHook(community) };
}
