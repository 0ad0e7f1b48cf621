/**
 * Hubs on an existing cluster get no cloud identity, no buckets and no budget: hubnet holds no
 * cloud account there.
 */
import { NoCloudCommunityCloud } from "../cluster/no-cloud";

export class ExistingCommunityCloud extends NoCloudCommunityCloud {
  constructor() {
    super("hubnet creates no object storage on existing clusters");
  }
}
