/** The dask-gateway image check and dask's on-demand scheduler pool (fixture network, not the example one). */
import { describe, expect, it } from "vitest";
import { DASK_GATEWAY_IMAGES, knownToHaveDaskGateway } from "../src";
import { communityYaml, FIXTURE_CLUSTERS, fixtureTrees, GITHUB_AUTH, problemsOf } from "./community-fixtures";

const tree = fixtureTrees();
const PANGEO = 'image: { name: pangeo/pangeo-notebook, tag: "2026.01.30" }';
/** A dask community on `cluster` with `image` as its default image and `body` after it. */
const dask = (image: string, body: string, cluster = "gke") =>
  communityYaml("c", cluster, `${GITHUB_AUTH}\n${body}`).replace(
    'image: { name: quay.io/jupyter/base-notebook, tag: "2025-11-03" }',
    image,
  );
const SMALL = "profiles:\n  - { name: small, displayName: Small, cpu: 1, memory: 2G, default: true }";
const problems = (text: string, clusters = FIXTURE_CLUSTERS) => problemsOf(tree({ c: text }, clusters));
const FILE = "communities/c/community.yaml";

describe("the dask-gateway image check", () => {
  it("refuses dask on an image not known to have dask-gateway, at the image, naming the check and the fix", () => {
    const text = dask(
      'image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }',
      `${SMALL}\nfeatures: { dask: true }`,
    );
    expect(problems(text)).toEqual([
      `${FILE}:8:8: image: dask-gateway image check: features.dask is on, and quay.io/jupyter/scipy-notebook:2025-11-03 is not known to have the dask-gateway package (notebooks could not import it and dask schedulers would crash on its preload): use an image that has it (such as pangeo/pangeo-notebook), or, if this image has dask-gateway, set features.daskImagesHaveGateway: true`,
    ]);
  });

  it("checks every image a profile offers too", () => {
    const text = dask(
      PANGEO,
      [
        "profiles:",
        "  - name: small",
        "    displayName: Small",
        "    cpu: 1",
        "    memory: 2G",
        "    default: true",
        "    images:",
        '      - { name: pangeo, displayName: Pangeo, image: { name: quay.io/pangeo/ml-notebook, tag: "2025.08.14" }, default: true }',
        '      - { name: r, displayName: R, image: { name: rocker/binder, tag: "4.4.2" } }',
        "features: { dask: true }",
      ].join("\n"),
    );
    const got = problems(text);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatch(
      /^communities\/c\/community\.yaml:18:43: profiles\[0\]\.images\[1\]\.image: dask-gateway image check: .*rocker\/binder:4\.4\.2 is not known/,
    );
  });

  it("accepts known images, and any image the community vouches for", () => {
    expect(problems(dask(PANGEO, `${SMALL}\nfeatures: { dask: true }`))).toEqual([]);
    const vouched = dask(
      'image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }',
      `${SMALL}\nfeatures: { dask: true, daskImagesHaveGateway: true }`,
    );
    expect(problems(vouched)).toEqual([]);
    // Without dask nothing is asked of the image.
    expect(
      problems(dask('image: { name: quay.io/jupyter/scipy-notebook, tag: "2025-11-03" }', SMALL)),
    ).toEqual([]);
  });

  it("knows an image from the tag it was checked at on, not before, and no undated tag", () => {
    expect(DASK_GATEWAY_IMAGES.length).toBeGreaterThan(0);
    expect(knownToHaveDaskGateway({ name: "pangeo/pangeo-notebook", tag: "2025.01.10" })).toBe(true);
    expect(knownToHaveDaskGateway({ name: "pangeo/pangeo-notebook", tag: "2024.12.01" })).toBe(false);
    expect(knownToHaveDaskGateway({ name: "pangeo/pangeo-notebook", tag: "master" })).toBe(false);
    expect(knownToHaveDaskGateway({ name: "quay.io/jupyter/scipy-notebook", tag: "2026.01.30" })).toBe(false);
  });
});

describe("dask needs an on-demand user pool for its schedulers", () => {
  it("refuses dask on a cluster whose user pools are all spot", () => {
    const spotOnly = {
      ...FIXTURE_CLUSTERS,
      gke: FIXTURE_CLUSTERS.gke
        .replace("    - { name: highmem, machineType: n2-highmem-4, max: 10 }\n", "")
        .replace("    - { name: big, machineType: n2-highmem-64, max: 2 }\n", ""),
    };
    const text = dask(
      PANGEO,
      `${SMALL.replace("cpu: 1, memory: 2G", "cpu: 1, memory: 2G, spot: true")}\nfeatures: { dask: true }`,
    );
    expect(problems(text, spotOnly)).toEqual([
      `${FILE}:12:19: features.dask: cluster "gke" has only spot user pools, and dask schedulers need an on-demand one: turn dask off or ask the platform team for an on-demand user pool`,
    ]);
    expect(problems(text)).toEqual([]);
  });
});
