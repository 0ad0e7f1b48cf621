/**
 * The catalog's stylesheet. Filters without JavaScript: a checked radio button
 * hides the cards that do not match, through `:has()`.
 */
import type { FilterGroup } from "./html";

const BASE = `:root { color-scheme: light; --fg: #1a202c; --muted: #4a5568; --accent: #1a56a6; --line: #cbd5e0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: #f7fafc; }
header.site, main, footer { max-width: 72rem; margin: 0 auto; padding: 1rem 1.25rem; }
a { color: var(--accent); }
a:focus-visible, input:focus-visible + label { outline: 3px solid #2b6cb0; outline-offset: 2px; }
h1 { margin: .5rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; margin-bottom: 1rem; }
.filters fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem .75rem; background: #fff; }
.filters legend { font-weight: 600; padding: 0 .25rem; }
.filters input { margin: 0 .25rem 0 .75rem; }
.filters input:first-of-type { margin-left: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); gap: 1rem; align-items: start; }
.card { background: #fff; border: 1px solid var(--line); border-radius: .75rem; padding: 1rem; }
.card header, .title { display: flex; align-items: center; gap: .75rem; }
.card h2 { font-size: 1.25rem; margin: 0; }
.logo { object-fit: contain; max-width: 96px; max-height: 48px; height: auto; }
.description { color: var(--muted); }
dl { margin: .5rem 0 0; }
dt { font-weight: 600; margin-top: .5rem; }
dd { margin: 0; overflow-wrap: anywhere; }
dd ul { margin: 0; padding-left: 1.1rem; }
footer { color: var(--muted); font-size: .875rem; }
table { border-collapse: collapse; background: #fff; margin: .5rem 0 1.5rem; }
th, td { border: 1px solid var(--line); padding: .35rem .6rem; text-align: left; vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.bars rect { fill: var(--accent); }
.projects code { font-size: .9em; }
`;

const ATTRIBUTE = { cloud: "data-cloud", login: "data-login", feature: "data-features" } as const;

export function stylesheet(groups: readonly FilterGroup[]): string {
  const rules: string[] = [];
  for (const g of groups)
    for (const o of g.options) {
      const match =
        g.key === "feature" ? `[${ATTRIBUTE[g.key]}~="${o.value}"]` : `[${ATTRIBUTE[g.key]}="${o.value}"]`;
      rules.push(`body:has(#f-${g.key}-${o.value}:checked) .card:not(${match}) { display: none; }`);
    }
  return `${BASE}\n/* Filters */\n${rules.join("\n")}\n`;
}
