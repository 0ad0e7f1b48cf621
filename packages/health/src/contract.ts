/**
 * What `hubnet check` needs from a hub: a dedicated check user and a token
 * whose role may create that one user, start and stop its server and reach it.
 * The Hub component grants exactly these scopes to its health-check service.
 */

/** The user whose server the check starts and stops; no person logs in as it. */
export const HEALTH_CHECK_USER = "hubnet-health-check";

/** The role scopes of the health-check token, filtered to the check user (JupyterHub 3 and 5 alike). */
export function healthCheckScopes(user: string = HEALTH_CHECK_USER): string[] {
  return ["read:hub", `admin:users!user=${user}`, `servers!user=${user}`, `access:servers!user=${user}`];
}
