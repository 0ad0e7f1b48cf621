/** A hub cannot take the name its cluster serves Grafana at. */
import { describe, expect, it } from "vitest";
import { loadNetwork } from "../src";
import { community, swap, treesRemovedAfterAll } from "./helpers";

const tree = treesRemovedAfterAll();
const day = new Date("2026-11-26T00:00:00Z");

describe("grafana.<cluster domain>", () => {
  it("is refused as a hub's domain, at the hub's domain", () => {
    const fixture = [
      "name: reserved-fixture",
      "displayName: Reserved name fixture",
      "owners: [someone]",
      "cluster: local-fixture",
      "hubs:",
      "  - { name: prod, domain: grafana.fixture.localhost }",
      "auth: { provider: dummy, admins: [admin] }",
      'image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }',
      "profiles:",
      '  - { name: tiny, displayName: "Tiny", cpu: 500m, memory: 1G, default: true }',
      "",
    ].join("\n");
    const cluster = [
      "config:",
      "  hubnet:cluster:",
      "    cloud: local",
      "    context: kind-fixture",
      "    domain: fixture.localhost",
      "    certificateEmail: dev@fixture.localhost",
      "",
    ].join("\n");
    const root = tree({
      [community("reserved-fixture")]: fixture,
      "stacks/cluster/Pulumi.local-fixture.yaml": cluster,
    });
    const n = loadNetwork(root, { today: day });
    expect(n.problems).toEqual([
      expect.objectContaining({
        line: 6,
        path: "hubs[0].domain",
        message:
          'grafana.fixture.localhost is where cluster "local-fixture" serves its Grafana: choose another name for this hub',
      }),
    ]);
    const ok = tree({
      [community("reserved-fixture")]: swap("grafana.fixture.localhost", "hub.fixture.localhost")(fixture),
      "stacks/cluster/Pulumi.local-fixture.yaml": cluster,
    });
    expect(loadNetwork(ok, { today: day }).problems).toEqual([]);
  });
});
