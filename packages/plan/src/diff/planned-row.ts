import type { RecordedResource } from "../record";

/** A row of resources.json (decision 0006): one resource as a plan recorded it. */
export type PlannedRow = Pick<
  RecordedResource,
  "urn" | "type" | "name" | "parent" | "aliases" | "inputs" | "protect" | "retainOnDelete"
> &
  Partial<Pick<RecordedResource, "provider" | "dependencies" | "propertyDependencies">>;
