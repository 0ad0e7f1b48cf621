/**
 * Warnings about where a community's images are pulled from on EKS. Docker Hub limits anonymous pulls
 * per source address (docs.docker.com, "Usage and limits": 100 pulls per 6 hours per IPv4 address for
 * unauthenticated users); z2jh's continuous pre-puller pulls every profile's image on every user node,
 * and an EKS cluster's nodes pull through its NAT gateways' few addresses, so a scale-up of a spot pool
 * runs into the limit and servers do not start. GKE's nodes pull Docker Hub images through Google's
 * mirror (mirror.gcr.io) and AKS's through their own addresses, so only EKS is warned. Warnings: the
 * hubs deploy either way.
 */
import type { Cluster } from "../clouds";
import { at, type Loaded } from "../loaded";
import type { Problem } from "../problems";
import type { Community } from "../schema/community";

/** Whether an image name pulls from Docker Hub: no registry host, or docker.io / index.docker.io. */
export function isDockerHub(image: string): boolean {
  const first = image.split("/")[0];
  const hasHost =
    image.includes("/") && (first.includes(".") || first.includes(":") || first === "localhost");
  return !hasHost || /^(docker\.io|index\.docker\.io|registry-1\.docker\.io)$/.test(first);
}

export function checkImagePulls(
  clusters: Map<string, Loaded<Cluster>>,
  communities: Map<string, Loaded<Community>>,
): Problem[] {
  const warnings: Problem[] = [];
  for (const c of communities.values()) {
    const cluster = clusters.get(c.config.cluster);
    if (cluster?.config.cloud !== "aws") continue;
    const images: { path: (string | number)[]; name: string }[] = [
      { path: ["image", "name"], name: c.config.image.name },
    ];
    for (const [i, p] of c.config.profiles.entries())
      for (const [j, im] of (p.images ?? []).entries())
        images.push({ path: ["profiles", i, "images", j, "image", "name"], name: im.image.name });
    for (const im of images.filter((x) => isDockerHub(x.name))) {
      warnings.push({
        ...at(c, im.path),
        path: im.path
          .map((s) => (typeof s === "number" ? `[${s}]` : s))
          .join(".")
          .replace(/\.\[/g, "["),
        message: `${im.name} is pulled from Docker Hub, which limits anonymous pulls per address; on EKS every user node pulls it through the cluster's NAT gateways: use the same image from quay.io, ghcr.io or Amazon ECR (quay.io/jupyter/... for the Jupyter images)`,
      });
    }
  }
  return warnings;
}
