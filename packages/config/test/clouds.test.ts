/**
 * The per-cloud config modules (src/clouds/): the registry they form, and what
 * is derived from it (the cluster schema, regions, machine-type lookups).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CLOUD_CONFIGS,
  CLOUDS,
  type CloudConfig,
  ClusterSchema,
  cloudConfigFile,
  clusterJsonSchema,
  clusterRegion,
  lookupMachineType,
} from "../src";
import { REPO_ROOT } from "./helpers";

const common = { domain: "hub.example.org", certificateEmail: "ops@example.org" };
const pools = { core: { machineType: "x" }, user: [{ name: "u", machineType: "x", max: 1 }] };

describe("the cloud registry", () => {
  it("keys every cloud by its schema branch's `cloud` literal", () => {
    for (const [cloud, c] of Object.entries(CLOUD_CONFIGS) as [string, CloudConfig][]) {
      expect(c.schema.shape.cloud.parse(cloud), cloud).toBe(cloud);
    }
  });

  it("lists the schema branches in the registry's order, so the JSON Schema and the reference follow it", () => {
    expect(CLOUDS).toEqual(Object.keys(CLOUD_CONFIGS));
    expect(ClusterSchema.options.map((o) => o.shape.cloud.value)).toEqual(CLOUDS);
    const json = clusterJsonSchema() as { oneOf: { properties: { cloud: { const: string } } }[] };
    expect(json.oneOf.map((o) => o.properties.cloud.const)).toEqual(CLOUDS);
  });

  it("names an existing module for each cloud in its messages", () => {
    for (const cloud of CLOUDS)
      expect(fs.existsSync(path.join(REPO_ROOT, cloudConfigFile(cloud)))).toBe(true);
  });

  it("derives each cluster's region from its cloud's module", () => {
    const parse = (c: object) => ClusterSchema.parse({ ...common, ...c });
    expect(
      clusterRegion(parse({ cloud: "gcp", project: "my-project", region: "europe-west4", nodePools: pools })),
    ).toBe("europe-west4");
    expect(
      clusterRegion(parse({ cloud: "aws", account: "123456789012", region: "us-west-2", nodePools: pools })),
    ).toBe("us-west-2");
    expect(
      clusterRegion(
        parse({
          cloud: "azure",
          subscriptionId: "00000000-0000-0000-0000-000000000000",
          location: "westeurope",
          nodePools: pools,
        }),
      ),
    ).toBe("westeurope");
    expect(clusterRegion(parse({ cloud: "local", context: "kind-hubnet" }))).toBe("local");
  });

  it("offers every GPU of a cloud on at least one of its machine types", () => {
    for (const [cloud, c] of Object.entries(CLOUD_CONFIGS) as [string, CloudConfig][]) {
      for (const gpu of Object.keys(c.gpus ?? {})) {
        const carriers = Object.values(c.machineTypes ?? {}).filter(
          (m) => m.gpu?.type === gpu || m.attachableGpus?.includes(gpu),
        );
        expect(carriers.length, `${cloud} ${gpu}`).toBeGreaterThan(0);
      }
    }
  });

  it("looks machine types up in their own cloud only", () => {
    expect(lookupMachineType("azure", "Standard_D4s_v5")).toEqual({ cpu: 4, memoryGiB: 16 });
    expect(lookupMachineType("gcp", "Standard_D4s_v5")).toBeUndefined();
    expect(lookupMachineType("aws", "toString")).toBeUndefined();
    expect(lookupMachineType("local", "e2-standard-2")).toBeUndefined();
  });
});
