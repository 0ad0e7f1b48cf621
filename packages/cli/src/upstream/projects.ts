/**
 * The upstream projects a community's hubs run, for the catalog: the Zero to JupyterHub chart (and
 * the JupyterHub it installs), dask-gateway where the community has dask, and every image it
 * offers, each with the version it runs and the project's repository and issue tracker.
 */
import type { UpstreamProject } from "@hubnet/catalog";
import { allImages } from "@hubnet/components/hub";
import { CHARTS } from "@hubnet/components/versions";
import type { Community } from "@hubnet/config";
import { imageFamily, type ReleaseTable } from "./table";

function chartProject(table: ReleaseTable, pin: keyof typeof CHARTS, what: string): UpstreamProject {
  const spec = CHARTS[pin];
  const facts = table.charts[pin];
  const app = facts?.releases.find((r) => r.version === spec.version)?.appVersion;
  return {
    key: pin,
    name: facts?.project ?? spec.chart,
    version: spec.version,
    what: app ? what.replace("{app}", app) : what.replace(" {app}", ""),
    repository: facts?.repository,
    issues: facts?.issues,
  };
}

export function communityProjects(community: Community, table: ReleaseTable): UpstreamProject[] {
  const out: UpstreamProject[] = [
    chartProject(table, "jupyterhub", "the hub: JupyterHub {app}, its proxy and the user scheduler"),
  ];
  if (community.features.dask)
    out.push(chartProject(table, "daskGateway", "Dask Gateway {app}: Dask clusters started from the hub"));
  for (const image of allImages(community)) {
    const colon = image.lastIndexOf(":");
    const name = colon > 0 ? image.slice(0, colon) : image;
    const tag = colon > 0 ? image.slice(colon + 1) : "latest";
    const family = imageFamily(table, name);
    out.push({
      key: `image:${name}`,
      name: family ? `${name} (${family.facts.project})` : name,
      version: tag,
      what: "a user image",
      repository: family?.facts.repository,
      issues: family?.facts.issues,
    });
  }
  return out;
}
