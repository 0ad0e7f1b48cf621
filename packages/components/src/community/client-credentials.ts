/**
 * The OAuth client IDs and secrets a community stack needs: which hubs lack
 * one, and the message that says what to run. A missing one stops the stack
 * before anything is planned; only the values are secret, not which hubs have one.
 */
import type { Community } from "@hubnet/config";
import { clientIdCommand, clientSecretCommand } from "../hub/auth";
import { clientIdFor } from "../hub/values";

/** Hubs without a non-empty client secret in `secrets` (none with dummy auth, which needs none). */
export function hubsWithoutSecret(community: Community, secrets: Record<string, unknown>): string[] {
  if (community.auth.provider === "dummy") return [];
  return community.hubs
    .filter((h) => !(typeof secrets[h.name] === "string" && (secrets[h.name] as string).length > 0))
    .map((h) => h.name);
}

/** Hubs whose client ID is neither in the community file nor in `clientIds` (none with dummy auth). */
export function hubsWithoutClientId(community: Community, clientIds: Record<string, string>): string[] {
  if (community.auth.provider === "dummy") return [];
  return community.hubs.filter((h) => !clientIdFor(community, h) && !clientIds[h.name]).map((h) => h.name);
}

export function missingSecretMessage(community: Community, hubs: string[]): string {
  return (
    `community "${community.name}" (${community.auth.provider} auth) has no OAuth client secret for hub(s) ${hubs.join(", ")}. ` +
    `In stacks/community run: ${hubs.map((h) => clientSecretCommand(h, community.name)).join(" ; ")}`
  );
}

export function missingClientIdMessage(community: Community, hubs: string[]): string {
  return (
    `community "${community.name}" (${community.auth.provider} auth) has no OAuth client ID for hub(s) ${hubs.join(", ")}: ` +
    `set clientId in communities/${community.name}/community.yaml, or in stacks/community run: ${hubs.map((h) => clientIdCommand(h, community.name)).join(" ; ")}`
  );
}
