/**
 * The catalog's pages: static HTML with one stylesheet, no JavaScript. Every
 * text and attribute from a community file goes through `esc` (`escapeHtml` of @hubnet/config); filters are
 * radio buttons that CSS `:has()` turns into a filter (style.ts).
 */
import { escapeHtml as esc } from "@hubnet/config";
import type { SharedGroup, UpstreamProject, UsageView } from "./connections";
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

/** Links from the index to the network's other pages. */
function navigation(pages: { network: boolean; usage: boolean }): string {
  const links = [
    ...(pages.network ? ['<a href="network.html">What communities share</a>'] : []),
    ...(pages.usage ? ['<a href="usage.html">Usage per community</a>'] : []),
  ];
  return links.length ? `<nav aria-label="The network"><p>${links.join(" · ")}</p></nav>` : "";
}

export function indexHtml(
  cards: readonly CommunityCard[],
  pages: { network: boolean; usage: boolean } = { network: false, usage: false },
): string {
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
<p>${cards.length} communities run ${hubs} JupyterHubs on one shared platform. Each community controls its own hub: who logs in, images, machine sizes, storage and branding.</p>
${navigation(pages)}</header>
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

function projectsHtml(projects: readonly UpstreamProject[]): string {
  if (projects.length === 0) return "";
  const item = (p: UpstreamProject) => {
    const name = p.repository ? `<a href="${esc(p.repository)}">${esc(p.name)}</a>` : esc(p.name);
    const issues = p.issues ? ` (<a href="${esc(p.issues)}">issues</a>)` : "";
    return `<li>${name} <code>${esc(p.version)}</code>: ${esc(p.what)}${issues}</li>`;
  };
  return `<section aria-labelledby="upstream-title" class="community">
<h2 id="upstream-title">Upstream projects</h2>
<p>What this community's hubs run, and where to report a problem upstream.</p>
<ul class="projects">${projects.map(item).join("")}</ul>
</section>`;
}

export function communityHtml(c: CommunityCard, projects: readonly UpstreamProject[] = []): string {
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
${projectsHtml(projects)}
</main>`,
    1,
  );
}

const SHARED_KINDS = { project: "Upstream projects", image: "Images", feature: "Features" } as const;

/** The network page: what two or more communities share, so communities can find peers. */
export function networkHtml(groups: readonly SharedGroup[]): string {
  const sections = (Object.keys(SHARED_KINDS) as (keyof typeof SHARED_KINDS)[])
    .map((kind) => {
      const mine = groups.filter((g) => g.kind === kind);
      if (mine.length === 0) return "";
      const rows = mine
        .map((g) => {
          const label = g.url ? `<a href="${esc(g.url)}">${esc(g.label)}</a>` : esc(g.label);
          const who = g.communities
            .map((c) => `<a href="communities/${esc(c.name)}.html">${esc(c.displayName)}</a>`)
            .join(", ");
          return `<tr><th scope="row">${label}</th><td>${g.communities.length}</td><td>${who}</td></tr>`;
        })
        .join("\n");
      return `<section aria-labelledby="shared-${kind}"><h2 id="shared-${kind}">${SHARED_KINDS[kind]}</h2>
<table><thead><tr><th scope="col">${kind === "feature" ? "Feature" : kind === "image" ? "Image" : "Project"}</th><th scope="col">Communities</th><th scope="col">Who</th></tr></thead>
<tbody>
${rows}
</tbody></table></section>`;
    })
    .join("\n");
  return page(
    "What communities share — the hubnet network",
    `<header class="site"><p><a href="index.html">← All communities</a></p><h1>What communities share</h1>
<p>Communities that run the same image, feature or upstream project can help each other: ask them, and report problems upstream together.</p></header>
<main>
${sections || "<p>No two communities share an image, feature or upstream project yet.</p>"}
</main>`,
    0,
  );
}

/** Daily server hours as bars: an SVG with a text alternative (the table beside it holds the numbers). */
export function dailyBars(daily: readonly number[], label: string): string {
  const w = 6;
  const gap = 2;
  const h = 60;
  const max = Math.max(1, ...daily);
  const bars = daily
    .map((v, i) => {
      const bh = Math.round((v / max) * h);
      return `<rect x="${i * (w + gap)}" y="${h - bh}" width="${w}" height="${bh}"><title>day ${i + 1}: ${v.toFixed(1)} h</title></rect>`;
    })
    .join("");
  const total = daily.reduce((s, v) => s + v, 0);
  return `<svg class="bars" role="img" aria-label="${esc(`${label}: server hours per day, ${total.toFixed(1)} in all, at most ${max.toFixed(1)} a day`)}" width="${daily.length * (w + gap)}" height="${h}" viewBox="0 0 ${daily.length * (w + gap)} ${h}">${bars}</svg>`;
}

const money = (n: number | undefined) => (n === undefined ? "unpriced" : `$${n.toFixed(2)}`);

/** The usage page: a month of use per community, with a plot of daily server hours each. */
export function usageHtml(u: UsageView, names: ReadonlyMap<string, string>): string {
  const row = (
    name: string,
    label: string,
    c: Omit<UsageView["communities"][number], "community" | "missing"> & { missing?: string[] },
  ) => {
    const share =
      c.estimatedUsd !== undefined && c.budgetUsd
        ? ` (${Math.round((c.estimatedUsd / c.budgetUsd) * 100)}%)`
        : "";
    return `<tr id="usage-${token(name)}"><th scope="row">${label}</th><td>${c.activeUsers}</td><td>${c.serverHours.toFixed(1)}</td><td>${c.peakServers}</td><td>${c.gpuHours.toFixed(1)}</td><td>${money(c.estimatedUsd)}</td><td>${c.budgetUsd === undefined ? "—" : `${money(c.budgetUsd)}${share}`}</td><td>${dailyBars(c.daily, label)}${c.missing?.length ? `<br><small>no metrics for ${esc(c.missing.join(", "))}</small>` : ""}</td></tr>`;
  };
  const rows = u.communities
    .map((c) =>
      row(
        c.community,
        `<a href="communities/${esc(c.community)}.html">${esc(names.get(c.community) ?? c.community)}</a>`,
        c,
      ),
    )
    .join("\n");
  return page(
    `Usage in ${u.month} — the hubnet network`,
    `<header class="site"><p><a href="index.html">← All communities</a></p><h1>Usage in ${esc(u.month)}</h1>
<p>What each community used, from its hubs' own metrics, and its estimated cost against its budget.</p></header>
<main>
<table class="usage"><caption>Per community, and for the network</caption>
<thead><tr><th scope="col">Community</th><th scope="col">Active users</th><th scope="col">Server hours</th><th scope="col">Peak servers</th><th scope="col">GPU hours</th><th scope="col">Estimated cost</th><th scope="col">Budget</th><th scope="col">Server hours per day</th></tr></thead>
<tbody>
${rows}
${row("network", "The network", { ...u.network, budgetUsd: undefined })}
</tbody></table>
<h2>How these are measured</h2>
<ul>${u.assumptions.map((a) => `<li>${esc(a)}</li>`).join("")}</ul>
</main>`,
    0,
  );
}
