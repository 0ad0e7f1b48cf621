/**
 * On EKS, an image from Docker Hub is warned about where the community file names it (issue 20):
 * every user node pulls it anonymously through the cluster's NAT gateways, and Docker Hub limits
 * anonymous pulls per address. Other registries, and other clouds, are not warned about.
 */
import { describe, expect, test } from "vitest";
import { isDockerHub, loadNetwork } from "../src";
import { makeTree, swap } from "./helpers";

const OCEAN = "communities/ocean-climate/community.yaml"; // on the test network's EKS cluster
const DATA = "communities/data-science-school/community.yaml"; // on its GKE cluster

describe("image pulls on EKS", () => {
  test("a Docker Hub image of a community on EKS is a warning at its line; quay.io and GKE are not", () => {
    const root = makeTree({
      [OCEAN]: swap("{ name: quay.io/pangeo/pangeo-notebook,", "{ name: pangeo/pangeo-notebook,"),
      [DATA]: swap("{ name: quay.io/jupyter/datascience-notebook,", "{ name: jupyter/datascience-notebook,"),
    });
    const n = loadNetwork(root);
    expect(n.problems).toEqual([]);
    const pulls = n.warnings.filter((w) => w.message.includes("Docker Hub"));
    expect(pulls).toHaveLength(1);
    expect(pulls[0]).toMatchObject({ path: "image.name", file: expect.stringContaining("ocean-climate") });
    expect(pulls[0].line).toBeGreaterThan(1);
    expect(pulls[0].message).toContain("quay.io");
    expect(loadNetwork(makeTree()).warnings.filter((w) => w.message.includes("Docker Hub"))).toEqual([]);
  });

  test("which names are Docker Hub's", () => {
    for (const n of ["pangeo/pangeo-notebook", "ubuntu", "docker.io/library/python", "index.docker.io/x/y"])
      expect(isDockerHub(n), n).toBe(true);
    for (const n of [
      "quay.io/jupyter/scipy-notebook",
      "ghcr.io/a/b",
      "123456789012.dkr.ecr.us-west-2.amazonaws.com/x",
      "localhost:5000/x",
    ])
      expect(isDockerHub(n), n).toBe(false);
  });
});
