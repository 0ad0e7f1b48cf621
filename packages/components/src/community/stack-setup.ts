/**
 * What a deploy needs to know of a community stack that the program decides: the stack config a new
 * stack must be given before its first `pulumi up` (each hub's OAuth client secret and ID, a
 * workshop's passwords), and the URNs of its hubs, which the staging canary excludes from its first
 * `pulumi up` (decision 0023). The deploy workflow reads them through `.github/scripts/deploy-matrix.cjs`;
 * the program's own checks (client-credentials.ts) stop a stack that lacks one, saying the same.
 */
import { type Community, usesOAuth } from "@hubnet/config";
import { callbackUrl, clientIdCommand, clientSecretCommand, sharedPasswordCommand } from "../hub/auth";
import { clientIdFor } from "../hub/values";

/** The community program's Pulumi project (stacks/community/Pulumi.yaml `name`). */
export const COMMUNITY_PROJECT = "hubnet-community";
/** The component types of a community stack: Community at the top, one Hub per hub under it. */
export const COMMUNITY_TYPE = "hubnet:community:Community";
export const HUB_TYPE = "hubnet:hub:Hub";

/** The logical name of a hub's component (its children are named after it: `<community>-<hub>-ns`, …). */
export function hubResourceName(community: string, hub: string): string {
  return `${community}-${hub}`;
}

/**
 * The URN of a hub's component in the community stack `stack` (the stack's own name, without an
 * organization: Pulumi's URNs carry only that). Pulumi's `--exclude <urn> --exclude-dependents`
 * leaves it and everything under it (its children depend on it as their parent) as they are.
 */
export function hubUrn(stack: string, community: string, hub: string): string {
  return `urn:pulumi:${stack}::${COMMUNITY_PROJECT}::${COMMUNITY_TYPE}$${HUB_TYPE}::${hubResourceName(community, hub)}`;
}

/** One stack config key a community stack needs: `pulumi config get --path <key>` must find it. */
export interface StackConfigKey {
  /** As `pulumi config --path` takes it: `hubnet:clientSecrets.<hub>`. */
  key: string;
  secret: boolean;
  /** The command that sets it (a placeholder for the value). */
  command: string;
  /** What the platform owner does to get the value. */
  why: string;
}

/**
 * The stack config `community` needs before its first deploy, in hub order: for OAuth, each hub's
 * client secret, and its client ID when the community file has none; for a shared password, each
 * hub's password (and its admin password when there are admins). Nothing for dummy or anonymous auth.
 */
export function requiredStackConfig(community: Community): StackConfigKey[] {
  const out: StackConfigKey[] = [];
  const auth = community.auth;
  for (const hub of community.hubs) {
    if (usesOAuth(auth.provider)) {
      const app = `the ${auth.provider} OAuth app of hub ${hub.name} (callback ${callbackUrl(hub.domain)})`;
      if (!clientIdFor(community, hub))
        out.push({
          key: `hubnet:clientIds.${hub.name}`,
          secret: false,
          command: clientIdCommand(hub.name, community.name),
          why: `the client ID of ${app}`,
        });
      out.push({
        key: `hubnet:clientSecrets.${hub.name}`,
        secret: true,
        command: clientSecretCommand(hub.name, community.name),
        why: `the client secret of ${app}`,
      });
    } else if (auth.provider === "shared-password") {
      out.push({
        key: `hubnet:sharedPasswords.${hub.name}`,
        secret: true,
        command: sharedPasswordCommand(hub.name, community.name),
        why: `the workshop password of hub ${hub.name}, given to its users`,
      });
      if (auth.admins.length > 0)
        out.push({
          key: `hubnet:adminPasswords.${hub.name}`,
          secret: true,
          command: sharedPasswordCommand(hub.name, community.name, true),
          why: `the admin password of hub ${hub.name}, given to its admins only`,
        });
    }
  }
  return out;
}
