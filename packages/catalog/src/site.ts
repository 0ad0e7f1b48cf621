/**
 * Building the catalog: `index.html`, `style.css` and one page per community,
 * as file contents by relative path. `hubnet catalog` writes them with
 * `writeOutputDir` (@hubnet/config), the same rules as `hubnet plan --out`.
 */
import type { Network } from "@hubnet/config";
import { type CatalogExtras, sharedGroups } from "./connections";
import { communityHtml, filterGroups, indexHtml, networkHtml, usageHtml } from "./html";
import { type CommunityCard, networkCards } from "./model";
import { stylesheet } from "./style";

/** The site's files by relative path. */
export function buildCatalog(
  network: Network,
  extras: CatalogExtras = {},
): { cards: CommunityCard[]; files: Record<string, string> } {
  const cards = networkCards(network);
  const groups = sharedGroups(cards, extras.projects);
  const files: Record<string, string> = {
    "index.html": indexHtml(cards, { network: true, usage: extras.usage !== undefined }),
    "style.css": stylesheet(filterGroups(cards)),
    "network.html": networkHtml(groups),
  };
  if (extras.usage)
    files["usage.html"] = usageHtml(extras.usage, new Map(cards.map((c) => [c.name, c.displayName])));
  for (const c of cards) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(c.name))
      throw new Error(`not a community name: ${JSON.stringify(c.name)}`);
    files[`communities/${c.name}.html`] = communityHtml(c, extras.projects?.[c.name] ?? []);
  }
  return { cards, files };
}
