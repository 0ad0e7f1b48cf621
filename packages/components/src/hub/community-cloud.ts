/**
 * Picks the `CommunityCloud` of a cluster's cloud, loading only that cloud's
 * module: a GCP community never loads @pulumi/aws or @pulumi/azure-native.
 */
import type { CommunityCloud } from "../cluster/contract";
import type { CommunityCloudContext } from "./cloud-context";

export function communityCloudFor(outputs: CommunityCloudContext): CommunityCloud {
  switch (outputs.cloud) {
    case "gcp": {
      const { GcpCommunityCloud } = require("../gcp/hub-cloud") as typeof import("../gcp/hub-cloud");
      return new GcpCommunityCloud(outputs);
    }
    case "aws": {
      const { AwsCommunityCloud } = require("../aws/hub-cloud") as typeof import("../aws/hub-cloud");
      return new AwsCommunityCloud(outputs);
    }
    case "azure": {
      const { AzureCommunityCloud } = require("../azure/hub-cloud") as typeof import("../azure/hub-cloud");
      return new AzureCommunityCloud(outputs);
    }
    case "local": {
      const { LocalCommunityCloud } = require("../local/hub-cloud") as typeof import("../local/hub-cloud");
      return new LocalCommunityCloud();
    }
  }
}
