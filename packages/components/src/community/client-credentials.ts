/**
 * The OAuth client IDs and secrets a community stack needs: which hubs lack
 * one, and the message that says what to run. A missing one stops the stack
 * before anything is planned; only the values are secret, not which hubs have one.
 */
import { type Community, usesOAuth } from "@hubnet/config";
import { clientIdCommand, clientSecretCommand, sharedPasswordCommand } from "../hub/auth";
import { clientIdFor } from "../hub/values";

/** Hubs without a non-empty client secret in `secrets` (none without OAuth, which needs none). */
export function hubsWithoutSecret(community: Community, secrets: Record<string, unknown>): string[] {
  if (!usesOAuth(community.auth.provider)) return [];
  return community.hubs
    .filter((h) => !(typeof secrets[h.name] === "string" && (secrets[h.name] as string).length > 0))
    .map((h) => h.name);
}

/** Hubs whose client ID is neither in the community file nor in `clientIds` (none without OAuth). */
export function hubsWithoutClientId(community: Community, clientIds: Record<string, string>): string[] {
  if (!usesOAuth(community.auth.provider)) return [];
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

/** What JupyterHub's SharedPasswordAuthenticator accepts: 8 characters for users, 32 for admins, not the same. */
export const SHARED_PASSWORD_MIN = 8;
export const ADMIN_PASSWORD_MIN = 32;

/**
 * The problems of a shared-password community's passwords (Pulumi secrets of the community stack, one
 * per hub, `sharedPasswords.<hub>` and, with admins, `adminPasswords.<hub>`), each with the command
 * that sets it. None for other providers. Only lengths are read, never reported.
 */
export function sharedPasswordProblems(
  community: Community,
  passwords: Record<string, unknown>,
  adminPasswords: Record<string, unknown>,
): string[] {
  const auth = community.auth;
  if (auth.provider !== "shared-password") return [];
  const problems: string[] = [];
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  for (const hub of community.hubs) {
    const user = text(passwords[hub.name]);
    if (user.length < SHARED_PASSWORD_MIN)
      problems.push(
        `hub ${hub.name} needs a shared password of at least ${SHARED_PASSWORD_MIN} characters${user ? "" : " (none is set)"}: ${sharedPasswordCommand(hub.name, community.name)}`,
      );
    if (auth.admins.length === 0) continue;
    const admin = text(adminPasswords[hub.name]);
    if (admin.length < ADMIN_PASSWORD_MIN || admin === user)
      problems.push(
        `hub ${hub.name} has admins, who log in with an admin password of at least ${ADMIN_PASSWORD_MIN} characters, different from the shared one${admin ? "" : " (none is set)"}: ${sharedPasswordCommand(hub.name, community.name, true)}`,
      );
  }
  return problems;
}

export function sharedPasswordMessage(community: Community, problems: string[]): string {
  return `community "${community.name}" (shared-password auth): ${problems.join("; ")} (in stacks/community)`;
}
