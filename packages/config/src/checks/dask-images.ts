/**
 * The dask-gateway image check: with `features.dask`, every image a hub offers runs dask-gateway's
 * client in notebooks and its scheduler preload in the scheduler and worker pods (the gateway runs
 * clusters on the user's image, `c.Backend.cluster_options`), so each must carry the package:
 * known to (`knownToHaveDaskGateway`), or vouched for by the community
 * (`features.daskImagesHaveGateway: true`).
 */
import { knownToHaveDaskGateway } from "../dask-gateway-images";
import { at, type Loaded } from "../loaded";
import { formatPath, type Problem } from "../problems";
import type { Community } from "../schema/community";

export const DASK_IMAGE_CHECK = "dask-gateway image check";

export function checkDaskImages(c: Loaded<Community>): Problem[] {
  const cfg = c.config;
  if (!cfg.features.dask || cfg.features.daskImagesHaveGateway) return [];
  const images: { path: (string | number)[]; image: { name: string; tag: string } }[] = [
    { path: ["image"], image: cfg.image },
  ];
  cfg.profiles.forEach((p, i) => {
    (p.images ?? []).forEach((choice, j) => {
      images.push({ path: ["profiles", i, "images", j, "image"], image: choice.image });
    });
  });
  return images
    .filter(({ image }) => !knownToHaveDaskGateway(image))
    .map(({ path, image }) => ({
      ...at(c, path),
      path: formatPath(path),
      message: `${DASK_IMAGE_CHECK}: features.dask is on, and ${image.name}:${image.tag} is not known to have the dask-gateway package (notebooks could not import it and dask schedulers would crash on its preload): use an image that has it (such as pangeo/pangeo-notebook), or, if this image has dask-gateway, set features.daskImagesHaveGateway: true`,
    }));
}
