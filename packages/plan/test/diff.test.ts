/**
 * Comparing two plans of a stack: field paths, Pulumi's replacement rules, the data-loss guard, the
 * hub summaries before and after, the reports extension point, and output that a pull request's
 * text cannot turn into markup, mentions or terminal control.
 */
import { resourceFacts, typesThatHold } from "@hubnet/config";
import { describe, expect, it } from "vitest";
import {
  type DiffResult,
  diffMarkdown,
  diffRows,
  diffStack,
  diffText,
  fieldChanges,
  holdsUserData,
  mdBlock,
  mdText,
  type PlannedRow,
  replacementCauses,
  runReporters,
} from "../src/diff";

const URN = (type: string, name: string) => `urn:pulumi:s::hubnet-community::${type}::${name}`;
function row(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  more: Partial<PlannedRow> = {},
): PlannedRow {
  return {
    urn: URN(type, name),
    type,
    name,
    parent: null,
    inputs,
    protect: false,
    retainOnDelete: false,
    ...more,
  };
}
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const claim = (spec: Record<string, unknown>, more: Partial<PlannedRow> = {}) =>
  row(
    PVC,
    "home-pvc",
    {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "home-nfs", namespace: "a-prod" },
      spec,
    },
    { protect: true, retainOnDelete: true, ...more },
  );

describe("field changes", () => {
  it("matches lists of named objects by name: adding a profile is one addition", () => {
    const before = {
      values: {
        singleuser: {
          profileList: [
            { slug: "small", mem: "2G" },
            { slug: "large", mem: "8G" },
          ],
        },
      },
    };
    const after = {
      values: {
        singleuser: {
          profileList: [
            { slug: "gpu", mem: "16G" },
            { slug: "small", mem: "4G" },
            { slug: "large", mem: "8G" },
          ],
        },
      },
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: "values.singleuser.profileList[slug=small].mem", kind: "changed", before: "2G", after: "4G" },
      { path: "values.singleuser.profileList[slug=gpu]", kind: "added", after: { slug: "gpu", mem: "16G" } },
    ]);
  });

  it("never tells secrets apart: [secret] on both sides is no change", () => {
    expect(fieldChanges({ cookieSecret: "[secret]", a: 1 }, { cookieSecret: "[secret]", a: 1 })).toEqual([]);
    expect(fieldChanges({ token: "[secret]" }, { token: "plain" })).toEqual([
      { path: "token", kind: "changed", before: "[secret]", after: "plain" },
    ]);
  });

  it("shows a list of scalars as a whole, and keys that are not identifiers quoted", () => {
    expect(
      fieldChanges(
        { orgs: ["a"], labels: { "hubnet.org/pool": "x" } },
        { orgs: ["a", "b"], labels: { "hubnet.org/pool": "y" } },
      ),
    ).toEqual([
      { path: "orgs", kind: "changed", before: ["a"], after: ["a", "b"] },
      { path: 'labels["hubnet.org/pool"]', kind: "changed", before: "x", after: "y" },
    ]);
  });
});

describe("replacements follow Pulumi's providers", () => {
  it("Kubernetes: a claim's storage class or access modes replace it, a larger request does not", () => {
    expect(replacementCauses(PVC, ["spec.storageClassName"])).toEqual(["spec.storageClassName"]);
    expect(replacementCauses(PVC, ["spec.accessModes"])).toEqual(["spec.accessModes"]);
    expect(replacementCauses(PVC, ["spec.resources.requests.storage"])).toEqual([]);
    expect(replacementCauses("kubernetes:core/v1:Namespace", ["metadata.name"])).toEqual(["metadata.name"]);
    expect(replacementCauses("kubernetes:core/v1:Namespace", ["metadata.labels.x"])).toEqual([]);
    expect(replacementCauses("kubernetes:core/v1:PersistentVolume", ["spec.nfs.server"])).toEqual([
      "spec.nfs.server",
    ]);
    expect(replacementCauses("kubernetes:core/v1:PersistentVolume", ["spec.capacity.storage"])).toEqual([]);
  });

  it("a Helm release is upgraded in place for new values or versions, replaced for a new name or namespace", () => {
    const R = "kubernetes:helm.sh/v3:Release";
    expect(replacementCauses(R, ["values.hub.config.x", "version"])).toEqual([]);
    expect(replacementCauses(R, ["namespace"])).toEqual(["namespace"]);
  });

  it("cloud storage: a Filestore's tier or share name, a bucket's location replace it; capacity does not", () => {
    const F = "gcp:filestore/instance:Instance";
    expect(replacementCauses(F, ["tier"])).toEqual(["tier"]);
    expect(replacementCauses(F, ["fileShares[0].name"])).toEqual(["fileShares[0].name"]);
    expect(replacementCauses(F, ["fileShares[0].capacityGb"])).toEqual([]);
    expect(replacementCauses("gcp:storage/bucket:Bucket", ["location", "labels.x"])).toEqual(["location"]);
    expect(replacementCauses("aws:efs/fileSystem:FileSystem", ["encrypted"])).toEqual(["encrypted"]);
    expect(replacementCauses("azure-native:storage:FileShare", ["shareName"])).toEqual(["shareName"]);
    expect(replacementCauses("random:index/randomPassword:RandomPassword", ["length"])).toEqual(["length"]);
  });

  it("the facts tables give every type that holds user data or is a cluster its replacement fields, with a source", () => {
    const types = typesThatHold("home-storage", "volume", "bucket", "cluster");
    expect(types).toEqual(
      expect.arrayContaining([PVC, "gcp:container/cluster:Cluster", "aws:eks/cluster:Cluster"]),
    );
    for (const t of types) {
      expect(resourceFacts(t)?.replaceOnChange?.length, t).toBeGreaterThan(0);
      expect(resourceFacts(t)?.source, t).toMatch(/\S/);
    }
  });
});

describe("the data-loss guard", () => {
  it("a deleted claim loses data; a retained one is left unmanaged, and says so", () => {
    const gone = diffRows([claim({})], []);
    expect(gone.changes.map((c) => c.op)).toEqual(["delete"]);
    expect(gone.dataLoss).toMatchObject([{ kind: "delete", name: "home-pvc" }]);
    expect(gone.dataLoss[0].consequence).toContain(
      "left in the cloud with its data but managed by no stack (retainOnDelete)",
    );
    const plain = diffRows([claim({}, { retainOnDelete: false })], []);
    expect(plain.dataLoss[0].consequence).toBe("would be deleted with its data");
  });

  it("a replaced claim loses data and names the field", () => {
    const d = diffRows([claim({ storageClassName: "a" })], [claim({ storageClassName: "b" })]);
    expect(d.changes[0]).toMatchObject({
      op: "replace",
      replaceBecause: ["spec.storageClassName"],
      userData: true,
    });
    expect(d.dataLoss[0].consequence).toContain("because spec.storageClassName changed");
  });

  it("removing protect or retainOnDelete from user data is data loss; from other resources it is not", () => {
    const d = diffRows([claim({})], [claim({}, { protect: false, retainOnDelete: false })]);
    expect(d.dataLoss.map((x) => x.kind)).toEqual(["unprotect", "unretain"]);
    const sa = (p: boolean) => row("kubernetes:core/v1:ServiceAccount", "sa", { a: 1 }, { protect: p });
    expect(holdsUserData(sa(false))).toBe(false);
    expect(diffRows([sa(false)], []).dataLoss).toEqual([]);
  });

  it("a resource moved under an alias is the same resource: no delete, no data loss", () => {
    const before = claim({});
    const after = {
      ...claim({}),
      urn: URN(`hubnet:community:Community$${PVC}`, "home-pvc"),
      aliases: [before.urn],
    };
    const d = diffRows([before], [after]);
    expect(d.changes).toMatchObject([{ op: "move", formerUrn: before.urn }]);
    expect(d.dataLoss).toEqual([]);
  });

  it("a scratch bucket is not user data to guard; a persistent one is", () => {
    const B = "gcp:storage/bucket:Bucket";
    expect(holdsUserData(row(B, "a-prod-scratch", {}))).toBe(false);
    expect(holdsUserData(row(B, "a-prod-persistent", {}))).toBe(true);
  });
});

describe("a stack's change", () => {
  const hub = (name: string, displayName: string, mem = "2G") =>
    row("kubernetes:helm.sh/v3:Release", `a-${name}-jupyterhub`, {
      chart: "jupyterhub",
      namespace: `a-${name}`,
      values: {
        custom: { hubnet: { hub: name } },
        hub: {
          templateVars: { hubnet: { display_name: displayName } },
          config: { JupyterHub: { authenticator_class: "github" } },
        },
        singleuser: {
          profileList: [{ slug: "small", display_name: "Small", kubespawner_override: { mem_limit: mem } }],
        },
      },
    });
  const side = (rows: PlannedRow[]) => ({
    kind: "community" as const,
    project: "hubnet-community",
    stack: "a",
    rows,
  });

  it("shows what users see change, facet by facet", () => {
    const d = diffStack(side([hub("prod", "Old")]), side([hub("prod", "New", "4G")]));
    expect(d.change).toBe("changed");
    expect(d.hubs).toHaveLength(1);
    expect(d.hubs[0].facets.map((f) => [f.key, f.before, f.after])).toEqual([
      ["branding", ['"Old"'], ['"New"']],
      [
        "profiles",
        ['small "Small": memory - guaranteed, 2G limit'],
        ['small "Small": memory - guaranteed, 4G limit'],
      ],
    ]);
  });

  it("warns that a hub cannot be renamed in place", () => {
    const d = diffStack(side([hub("prod", "X")]), side([hub("production", "X")]));
    expect(d.notes[0]).toContain(
      "hub a-prod is removed and a-production added: a hub cannot be renamed in place",
    );
  });

  it("a removed stack deletes everything, and says the community file should stay until its data moved", () => {
    const d = diffStack(side([claim({})]), undefined);
    expect(d.change).toBe("removed");
    expect(d.dataLoss[0].remedy).toContain("keep the community's file until its data is moved or archived");
  });
});

describe("reports and output", () => {
  const result = (stackName: string, text: string): DiffResult => {
    const d = diffStack(
      { kind: "community", project: "hubnet-community", stack: stackName, rows: [claim({})] },
      undefined,
    );
    d.reports = [{ source: "policy", title: text, level: "warning", lines: [text] }];
    return {
      base: { ref: "main", commit: "a".repeat(40) },
      head: { ref: "HEAD", commit: "b".repeat(40) },
      from: "a".repeat(40),
      stacks: [{ ...d, phase: "production" }],
      warnings: [],
      allowDataLoss: false,
    };
  };

  it("a reporter's reports come first; one that throws becomes an error report", async () => {
    const d = diffStack(undefined, { kind: "cluster", project: "hubnet-cluster", stack: "c", rows: [] });
    const reports = await runReporters({ diff: d }, [
      {
        source: "cost",
        report: () => [{ source: "cost", title: "+$12/month", level: "info", lines: ["n2 node"] }],
      },
      {
        source: "policy",
        report: () => {
          throw new Error("no policy pack");
        },
      },
    ]);
    expect(reports).toEqual([
      { source: "cost", title: "+$12/month", level: "info", lines: ["n2 node"] },
      {
        source: "policy",
        title: "policy could not check this stack",
        level: "error",
        lines: ["no policy pack"],
      },
    ]);
    const md = diffMarkdown(result("a", "checked"));
    expect(md.indexOf("[!CAUTION]")).toBeLessThan(md.indexOf("### Checks"));
    expect(md.indexOf("### Checks")).toBeLessThan(md.indexOf("### Summary"));
    expect(md.indexOf("### Summary")).toBeLessThan(md.indexOf("<details"));
  });

  it("text from a pull request cannot make markup, mentions, links or escape a code block", () => {
    expect(mdText("<img src=x onerror=alert(1)> @octocat [x](https://evil) `a` | b")).toBe(
      "&lt;img src=x onerror=alert(1)&gt; @\u200boctocat \\[x\\](https:/\u200b/evil) \\`a\\` \\| b",
    );
    expect(mdBlock(["```", "echo"])).toBe("````\n```\necho\n````");
    const md = diffMarkdown(result("a", "</details><script>x</script>"));
    expect(md).not.toContain("<script>");
    expect(md).toContain("&lt;/details&gt;&lt;script&gt;");
  });

  it("terminal text escapes control characters", () => {
    const text = diffText(result("a", "bad\u001b[31mred\rx"));
    expect(text).toContain("bad\\u001b[31mred\\rx");
  });

  it("a comment beyond GitHub's size says what it left out", () => {
    const r = result("a", "x");
    r.stacks = Array.from({ length: 40 }, (_, i) => ({ ...r.stacks[0], stack: `s${i}` }));
    const md = diffMarkdown(r, 6_000);
    expect(md.length).toBeLessThan(6_500);
    expect(md).toMatch(
      /_\d+ more stack sections left out to fit a comment: run `hubnet diff --base main` for all\._/,
    );
  });
});
