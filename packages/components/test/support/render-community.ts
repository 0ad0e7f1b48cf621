/** Renders the community program (stacks/community) of one example community under mocks. */
import * as path from "node:path";
import { loadProgram, type RenderedStack, renderStack } from "@hubnet/plan";
import type { ClusterOutputs } from "../../src/cluster/contract";

/** The OAuth client secret each test hub gets: tests check it never shows in a recorded input. */
export function knownClientSecret(community: string, hub: string): string {
  return `known-client-secret-${community}-${hub}`;
}

/** The shared and admin passwords each test hub gets (used by shared-password hubs): never in an input either. */
export function knownPasswords(community: string, hub: string): { shared: string; admin: string } {
  return {
    shared: `known-shared-password-${community}-${hub}`,
    admin: `known-admin-password-${community}-${hub}-0123456789abcdef`,
  };
}

export async function renderCommunity(
  community: string,
  hubs: string[],
  clusterOutputs: Map<string, ClusterOutputs>,
  opts: { clientSecrets?: Record<string, string> | null; cluster?: string } = {},
): Promise<RenderedStack> {
  // Loaded as Pulumi loads it (CommonJS, TypeScript through tsx), so the cloud modules it requires lazily resolve.
  const program = loadProgram(path.resolve(__dirname, "../../../../stacks/community"));
  const secrets =
    opts.clientSecrets === undefined
      ? Object.fromEntries(hubs.map((h) => [h, knownClientSecret(community, h)]))
      : opts.clientSecrets;
  return renderStack({
    project: "hubnet-community",
    stack: community,
    config: {
      // renderStack's mocks have no organization, so the stack reference name is given explicitly.
      ...(opts.cluster ? { "hubnet:clusterStack": `hubnet/hubnet-cluster/${opts.cluster}` } : {}),
      ...(secrets ? { "hubnet:clientSecrets": JSON.stringify(secrets) } : {}),
      "hubnet:sharedPasswords": JSON.stringify(
        Object.fromEntries(hubs.map((h) => [h, knownPasswords(community, h).shared])),
      ),
      "hubnet:adminPasswords": JSON.stringify(
        Object.fromEntries(hubs.map((h) => [h, knownPasswords(community, h).admin])),
      ),
      "hubnet:clientIds": JSON.stringify(
        Object.fromEntries(hubs.map((h) => [h, `client-id-${community}-${h}`])),
      ),
    },
    secretKeys: [
      ...(secrets ? ["hubnet:clientSecrets"] : []),
      "hubnet:sharedPasswords",
      "hubnet:adminPasswords",
    ],
    program,
    stackOutputs: (name) => {
      const out = clusterOutputs.get(name.split("/").pop() ?? name);
      return out as unknown as Record<string, unknown> | undefined;
    },
  });
}
