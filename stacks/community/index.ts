/**
 * The community program: one stack per community, named after
 * `communities/<stack>/community.yaml`. The `Community` component loads the
 * community and its cluster, reads the cluster stack's outputs through a
 * StackReference and creates one `Hub` per hub of the community.
 *
 * OAuth client secrets (`hubnet:clientSecrets`) and workshop passwords
 * (`hubnet:sharedPasswords`, `hubnet:adminPasswords`) are Pulumi secrets of this
 * stack, one per hub, never in YAML.
 */
import * as path from "node:path";
import { Community } from "@hubnet/components/community";
import * as pulumi from "@pulumi/pulumi";

interface CommunityProgramOptions {
  /** The checkout whose `communities/` and `stacks/cluster/` are read. @default $HUBNET_ROOT, else this checkout */
  root?: string;
}

export = async (options: CommunityProgramOptions = {}) => {
  const config = new pulumi.Config("hubnet");
  const community = new Community(pulumi.getStack(), {
    root: options.root ?? process.env.HUBNET_ROOT ?? path.resolve(__dirname, "../.."),
    clusterStack: config.get("clusterStack"),
    clientIds: config.getObject<Record<string, string>>("clientIds"),
    clientSecrets: config.getSecretObject<Record<string, string>>("clientSecrets"),
    sharedPasswords: config.getSecretObject<Record<string, string>>("sharedPasswords"),
    adminPasswords: config.getSecretObject<Record<string, string>>("adminPasswords"),
  });
  await community.ready(); // a missing client secret or cluster output stops the stack here, saying what to do
  // healthTokens is a secret output as a whole; hubs stays readable.
  return {
    community: community.communityName,
    cluster: community.clusterName,
    hubs: community.hubs,
    healthTokens: community.healthTokens,
  };
};
