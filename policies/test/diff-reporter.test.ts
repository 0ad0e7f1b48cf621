/** The reporter `hubnet diff` runs per stack: new mandatory failures are errors, fixes are named. */
import { beforeAll, describe, expect, it } from "vitest";
import { policyReporter } from "../src";
import { type RenderedFixture, renderFixture, rowsOf, writeFixtureNetwork } from "./support/fixture-network";

let fixture: RenderedFixture;
beforeAll(async () => {
  fixture = await renderFixture(writeFixtureNetwork());
}, 180_000);

const side = (rows = rowsOf(fixture, "fx-dev")) => ({
  kind: "community" as const,
  project: "hubnet-community",
  stack: "fx-dev",
  rows,
});
function broken() {
  const rows = rowsOf(fixture, "fx-dev");
  const hub = rows.find((r) => r.inputs.chart === "jupyterhub")!;
  const values = hub.inputs.values as {
    singleuser: { profileList: { kubespawner_override: Record<string, unknown> }[] };
  };
  values.singleuser.profileList[1].kubespawner_override.uid = 0;
  return rows;
}

describe("policyReporter", () => {
  const reporter = () => policyReporter({ root: () => fixture.root });

  it("says every policy passes when the stack after the change keeps them all", async () => {
    const reports = await reporter().report({ before: side(), after: side() });
    expect(reports).toEqual([
      {
        source: "policy",
        level: "info",
        title: expect.stringMatching(/^every policy passes \([1-9][0-9]* checked\)$/),
        lines: [],
      },
    ]);
  });

  it("reports a mandatory failure the change brings as an error, marked new", async () => {
    const reports = await reporter().report({ before: side(), after: side(broken()) });
    expect(reports).toEqual([
      {
        source: "policy",
        level: "error",
        title: "1 mandatory policy failure(s)",
        lines: [
          expect.stringMatching(
            /^new: communities\/fx-dev\/community\.yaml:\d+:\d+: profiles\[1\]: user-pod-non-root \(mandatory\): profile "Large" of hub fx-dev-dev runs user servers as root/,
          ),
        ],
      },
    ]);
  });

  it("names what a change fixes, and what was failing already", async () => {
    const fixing = await reporter().report({ before: side(broken()), after: side() });
    expect(fixing).toEqual([
      expect.objectContaining({ level: "info", title: expect.stringMatching(/^every policy passes/) }),
      expect.objectContaining({ level: "info", title: "1 policy finding(s) fixed by this change" }),
    ]);
    const still = await reporter().report({ before: side(broken()), after: side(broken()) });
    expect(still[0].lines[0]).toMatch(/^already on the base: /);
  });

  it("checks a new stack (no before) and says nothing of a removed one", async () => {
    expect((await reporter().report({ after: side(broken()) }))[0].level).toBe("error");
    expect(await reporter().report({ before: side(broken()) })).toEqual([]);
  });
});
