/**
 * Building the catalog: `index.html`, `style.css` and one page per community,
 * as file contents by relative path. `hubnet catalog` writes them with
 * `writeOutputDir` (@hubnet/config), the same rules as `hubnet plan --out`.
 */
import type { Network } from "@hubnet/config";
import { communityHtml, filterGroups, indexHtml } from "./html";
import { type CommunityCard, networkCards } from "./model";
import { stylesheet } from "./style";

/** The site's files by relative path. */
export function buildCatalog(network: Network): { cards: CommunityCard[]; files: Record<string, string> } {
  const cards = networkCards(network);
  const files: Record<string, string> = {
    "index.html": indexHtml(cards),
    "style.css": stylesheet(filterGroups(cards)),
  };
  for (const c of cards) {
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(c.name))
      throw new Error(`not a community name: ${JSON.stringify(c.name)}`);
    files[`communities/${c.name}.html`] = communityHtml(c);
  }
  return { cards, files };
}
