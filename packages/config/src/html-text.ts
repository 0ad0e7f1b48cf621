/**
 * Text from files, made safe in HTML: the catalog's pages and the local hub's spawn form put
 * community names, descriptions and links into markup, and a pull request's file may hold `<`,
 * quotes or `&`. Every such character becomes an entity, in text and in quoted attributes alike.
 */
export function escapeHtml(s: unknown): string {
  return String(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}
