/**
 * The catalog's pages: static HTML with one stylesheet, no JavaScript. Every
 * text and attribute from a community file goes through `esc` (`escapeHtml` of @hubnet/config); filters are
 * radio buttons that CSS `:has()` turns into a filter (style.ts).
 */
import { escapeHtml as esc } from "@hubnet/config";
import { CLOUD_NAMES, type CommunityCard, FEATURES, LOGIN_KINDS } from "./model";

/** A token safe in an id, a class or an attribute selector. */
export function token(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9-]/g, "-");
}

export interface FilterGroup {
  key: "cloud" | "feature" | "login";
  legend: string;
  options: { value: string; label: string }[];
}

export function filterGroups(cards: readonly CommunityCard[]): FilterGroup[] {
  const present = (values: string[]) => [...new Set(values)].sort();
  return [
    {
      key: "cloud",
      legend: "Cloud",
      options: present(cards.map((c) => c.cloud)).map((v) => ({
        value: token(v),
        label: CLOUD_NAMES[v as keyof typeof CLOUD_NAMES] ?? v,
      })),
    },
    {
      key: "feature",
      legend: "Feature",
      options: (Object.keys(FEATURES) as (keyof typeof FEATURES)[])
        .filter((f) => cards.some((c) => c.features.includes(f)))
        .map((f) => ({ value: f, label: FEATURES[f] })),
    },
    {
      key: "login",
      legend: "Kind of login",
      options: present(cards.map((c) => c.login.kind)).map((v) => ({
        value: token(v),
        label: LOGIN_KINDS[v] ?? v,
      })),
    },
  ];
}

function page(title: string, body: string, depth: number): string {
  const up = depth === 0 ? "" : "../".repeat(depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="${up}style.css">
</head>
<body>
${body}
<footer><p>Built by <code>hubnet catalog</code> from the network's community and cluster files.</p></footer>
</body>
</html>
`;
}

function linkOrText(l: { text: string; url?: string }): string {
  return l.url ? `<a href="${esc(l.url)}">${esc(l.text)}</a>` : esc(l.text);
}

function facts(c: CommunityCard, full: boolean): string {
  const rows: [string, string][] = [
    [
      "Hubs",
      `<ul>${c.hubs.map((h) => `<li>${esc(h.name)}: <a href="${esc(h.url)}">${esc(h.url)}</a></li>`).join("")}</ul>`,
    ],
    [
      "Who may log in",
      `${esc(c.login.words)}${c.login.admins.length ? ` Admins: ${esc(c.login.admins.join(", "))}.` : ""}`,
    ],
    [
      "Machines",
      `<ul>${c.machines
        .map(
          (m) =>
            `<li>${esc(m.name)}: ${esc(m.size)}${m.gpu ? `, GPU ${esc(m.gpu)}` : ""}${full && m.default ? " (default)" : ""}</li>`,
        )
        .join("")}</ul>`,
    ],
    ["Dask", c.dask ? "Yes: Dask Gateway clusters from the hub" : "No"],
    ["Buckets", c.buckets.length ? esc(c.buckets.join("; ")) : "None"],
    ["Cloud", `${esc(CLOUD_NAMES[c.cloud] ?? c.cloud)}${full ? ` (cluster ${esc(c.cluster)})` : ""}`],
    ...(c.fundedBy ? ([["Funded by", linkOrText(c.fundedBy)]] as [string, string][]) : []),
    ["Operated by", linkOrText(c.operatedBy)],
    ...(full ? ([["Owners", esc(c.owners.join(", "))]] as [string, string][]) : []),
  ];
  return `<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>`;
}

function logo(c: CommunityCard): string {
  return c.logoUrl
    ? `<img class="logo" src="${esc(c.logoUrl)}" alt="${esc(c.displayName)} logo" width="96" height="48">`
    : "";
}

export function cardHtml(c: CommunityCard): string {
  return `<article class="card" id="card-${token(c.name)}" data-cloud="${token(c.cloud)}" data-login="${token(c.login.kind)}" data-features="${c.features.join(" ")}" aria-labelledby="title-${token(c.name)}">
<header>${logo(c)}<h2 id="title-${token(c.name)}"><a href="communities/${esc(c.name)}.html">${esc(c.displayName)}</a></h2></header>
${c.description ? `<p class="description">${esc(c.description)}</p>` : ""}
${facts(c, false)}
</article>`;
}

export function indexHtml(cards: readonly CommunityCard[]): string {
  const groups = filterGroups(cards);
  const filters = groups
    .map(
      (g) => `<fieldset><legend>${esc(g.legend)}</legend>
<input type="radio" name="${g.key}" id="f-${g.key}-all" value="all" checked><label for="f-${g.key}-all">All</label>
${g.options.map((o) => `<input type="radio" name="${g.key}" id="f-${g.key}-${o.value}" value="${o.value}"><label for="f-${g.key}-${o.value}">${esc(o.label)}</label>`).join("\n")}
</fieldset>`,
    )
    .join("\n");
  const hubs = cards.reduce((n, c) => n + c.hubs.length, 0);
  return page(
    "The hubnet network",
    `<header class="site"><h1>The hubnet network</h1>
<p>${cards.length} communities run ${hubs} JupyterHubs on one shared platform. Each community controls its own hub: who logs in, images, machine sizes, storage and branding.</p></header>
<main>
<form class="filters" aria-label="Filter communities">
${filters}
</form>
<section class="cards" aria-label="Communities">
${cards.map(cardHtml).join("\n")}
</section>
</main>`,
    0,
  );
}

export function communityHtml(c: CommunityCard): string {
  return page(
    `${c.displayName} — the hubnet network`,
    `<header class="site"><p><a href="../index.html">← All communities</a></p>
<div class="title">${logo(c)}<h1>${esc(c.displayName)}</h1></div>
${c.description ? `<p class="description">${esc(c.description)}</p>` : ""}
${c.homepageUrl ? `<p><a href="${esc(c.homepageUrl)}">Home page of ${esc(c.displayName)}</a></p>` : ""}
</header>
<main>
<section aria-label="About this community" class="community">
${facts(c, true)}
</section>
</main>`,
    1,
  );
}
