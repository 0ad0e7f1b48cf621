import { describe, expect, it } from "vitest";
import { didYouMean, editDistance, formatPath, formatProblem, sortProblems } from "../src";

describe("didYouMean", () => {
  const fields = [
    "name",
    "displayName",
    "description",
    "owners",
    "cluster",
    "hubs",
    "auth",
    "image",
    "profiles",
  ];
  it.each([
    ["dispayName", "displayName"],
    ["displayname", "displayName"],
    ["profile", "profiles"],
    ["owner", "owners"],
    ["clustr", "cluster"],
  ])("%s -> %s", (typo, expected) => {
    expect(didYouMean(typo, fields)).toBe(expected);
  });
  it("suggests nothing for an unrelated word", () => {
    expect(didYouMean("colour", fields)).toBeUndefined();
    expect(didYouMean("x", [])).toBeUndefined();
  });
  it("edit distance is case-insensitive Levenshtein", () => {
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(editDistance("Gi", "gi")).toBe(0);
  });
});

describe("problems", () => {
  it("formats FILE:LINE:COL: path: message relative to cwd", () => {
    expect(
      formatProblem({ file: "/r/a.yaml", line: 3, col: 5, path: "hubs[0].domain", message: "bad" }, "/r"),
    ).toBe("a.yaml:3:5: hubs[0].domain: bad");
    expect(formatProblem({ message: "alone" }, "/r")).toBe("alone");
  });
  it("formats paths with list indexes", () => {
    expect(formatPath(["config", "hubnet:cluster", "nodePools", "user", 0, "name"])).toBe(
      "config.hubnet:cluster.nodePools.user[0].name",
    );
  });
  it("sorts by file, line, column", () => {
    const sorted = sortProblems([
      { file: "/b", line: 1, col: 1, message: "x" },
      { file: "/a", line: 9, col: 1, message: "y" },
      { file: "/a", line: 2, col: 7, message: "z" },
    ]);
    expect(sorted.map((p) => `${p.file}:${p.line}`)).toEqual(["/a:2", "/a:9", "/b:1"]);
  });
});
