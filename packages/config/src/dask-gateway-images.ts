/**
 * Images known to carry the `dask-gateway` package (the client a notebook imports, and the
 * `dask_gateway.scheduler_preload` module dask-gateway 2026.3.0's scheduler command loads:
 * dask-gateway-server backends/kubernetes/controller.py `get_scheduler_command`). A dask hub whose
 * images are not here must say its images have it (`features.daskImagesHaveGateway`), else
 * `hubnet validate` refuses it (the dask-gateway image check, `checks/dask-images.ts`).
 *
 * Checked 2026-12-08 in pangeo-data/pangeo-docker-images: `<image>/packages.txt` lists
 * `dask-gateway==2024.1.0` at tags 2025.01.10 and 2025.05.22, `dask-gateway==2025.4.0` at 2025.08.14
 * through 2026.01.30 (the newest tag), for base-notebook, pangeo-notebook, ml-notebook and
 * pytorch-notebook; the images are published as `pangeo/<image>` and `quay.io/pangeo/<image>`.
 * Their tags are dates (YYYY.MM.DD), so "this tag or newer" is a string comparison.
 */
export interface DaskGatewayImage {
  /** The image name without tag. */
  name: string;
  /** The oldest tag checked to carry dask-gateway; newer tags are taken to carry it too. */
  sinceTag: string;
}

const PANGEO_IMAGES = ["base-notebook", "pangeo-notebook", "ml-notebook", "pytorch-notebook"];

export const DASK_GATEWAY_IMAGES: readonly DaskGatewayImage[] = PANGEO_IMAGES.flatMap((image) =>
  ["pangeo", "quay.io/pangeo"].map((registry) => ({ name: `${registry}/${image}`, sinceTag: "2025.01.10" })),
);

const DATE_TAG = /^\d{4}\.\d{2}\.\d{2}$/;

/** Whether an image (name and tag) is known to carry dask-gateway. */
export function knownToHaveDaskGateway(image: { name: string; tag: string }): boolean {
  return DASK_GATEWAY_IMAGES.some(
    (k) => k.name === image.name && DATE_TAG.test(image.tag) && image.tag >= k.sinceTag,
  );
}
