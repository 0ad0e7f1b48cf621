/** A row of resources.json (decision 0006): one resource as a plan recorded it. */
export interface PlannedRow {
  urn: string;
  type: string;
  name: string;
  parent: string | null;
  aliases?: string[];
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
}
