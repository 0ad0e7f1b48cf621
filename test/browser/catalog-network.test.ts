/**
 * The catalog's network pages in Chromium: each community's upstream projects (with links to their
 * repositories and issue trackers), what communities share, and a month of usage with a plot per
 * community — all readable with scripts disabled and passing axe-core.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { loadNetwork } from "@hubnet/config";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, type Browser, launchBrowser } from "../support/browser";
import { copyNetwork, hubnet, tmpDir } from "../support/cli";
import { SKIP_E2E } from "../support/local-hub";

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then(r => r.violations)",
  )) as { id: string; help: string; nodes: { target: string[] }[] }[];
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

describe.skipIf(SKIP_E2E)("the catalog's network pages in Chromium", () => {
  const root = copyNetwork();
  const network = loadNetwork(root);
  const communities = [...network.communities.values()].map((c) => c.config);
  let browser: Browser;
  let out: string;
  const url = (rel: string) => pathToFileURL(path.join(out, rel)).href;
  // A month of use as `hubnet usage --out` writes it (its reader checks the shape).
  const usage = {
    ok: true,
    month: { name: "2026-10", start: 0, end: 0, hours: 744, days: 31 },
    communities: communities.map((c, i) => ({
      community: c.name,
      cluster: c.cluster,
      hubs: [],
      activeUsers: 10 + i,
      serverHours: 31 * (i + 1),
      peakServers: i + 1,
      gpuHours: 0,
      daily: Array.from({ length: 31 }, (_, d) => (d % 7 < 5 ? i + 1 : 0)),
      estimatedUsd: 12.5 * (i + 1),
      budgetUsd: i === 0 ? 10 : undefined,
      missing: i === 1 ? [c.hubs[0]?.name ?? "prod"] : [],
    })),
    network: {
      communities: communities.length,
      activeUsers: 1,
      serverHours: 2,
      peakServers: 3,
      gpuHours: 0,
      daily: new Array(31).fill(1),
    },
    assumptions: ["a stated assumption"],
    problems: [],
  };

  beforeAll(async () => {
    out = tmpDir("catalog-network");
    const file = path.join(tmpDir("usage"), "usage.json");
    fs.writeFileSync(file, JSON.stringify(usage));
    const r = await hubnet(["catalog", "--root", root, "--out", out, "--usage", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("each community page lists the upstream projects its hubs run, with versions and links", async () => {
    const page = await browser.context.newPage();
    for (const c of communities) {
      await page.goto(url(`communities/${c.name}.html`));
      const list = page.locator("ul.projects li");
      const texts = await list.allInnerTexts();
      expect(texts[0], c.name).toMatch(/^Zero to JupyterHub 4\.4\.0: the hub: JupyterHub 5\.5\.0/);
      expect(
        texts.some((t) => t.startsWith("Dask Gateway")),
        c.name,
      ).toBe(c.features.dask);
      expect(
        texts.some((t) => t.includes(c.image.name) && t.includes(c.image.tag)),
        c.name,
      ).toBe(true);
      const hrefs = await page
        .locator("ul.projects a")
        .evaluateAll((as) => as.map((a) => (a as unknown as { href: string }).href));
      expect(hrefs).toContain("https://github.com/jupyterhub/zero-to-jupyterhub-k8s");
      expect(hrefs).toContain("https://github.com/jupyterhub/zero-to-jupyterhub-k8s/issues");
    }
    await page.screenshot({ path: artifact("catalog", "community-upstream.png"), fullPage: true });
    await page.close();
  });

  it("the network page shows which communities share an image, a feature or a project", async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(url("index.html"));
    await page.click('a[href="network.html"]');
    expect(await page.locator("h1").innerText()).toBe("What communities share");
    // Every community runs the z2jh chart: its row names all of them.
    const z2jh = page.locator("#shared-project + table tbody tr").filter({ hasText: "Zero to JupyterHub" });
    expect(await z2jh.locator("td").first().innerText()).toBe(String(communities.length));
    // An image two communities offer is listed with both.
    const byImage = new Map<string, string[]>();
    for (const c of communities)
      for (const i of [c.image.name]) byImage.set(i, [...(byImage.get(i) ?? []), c.displayName]);
    const shared = [...byImage.entries()].find(([, who]) => who.length >= 2);
    if (shared) {
      const row = page.locator("#shared-image + table tbody tr").filter({ hasText: shared[0] });
      for (const who of shared[1]) expect(await row.innerText()).toContain(who);
    }
    await page.screenshot({ path: artifact("catalog", "network.png"), fullPage: true });
    await page.close();
    // axe-core is a script: it runs on a page of its own.
    const checked = await browser.context.newPage();
    await checked.goto(url("network.html"));
    expect(await axeViolations(checked)).toEqual([]);
    await checked.close();
  });

  it("the usage page shows each community's month with a plot of its days, and names hubs without metrics", async () => {
    const page = await browser.context.newPage();
    await page.goto(url("usage.html"));
    expect(await page.locator("h1").innerText()).toBe("Usage in 2026-10");
    for (const [i, c] of communities.entries()) {
      const row = page.locator(`#usage-${c.name}`);
      const cells = await row.locator("td").allInnerTexts();
      expect(cells.slice(0, 4), c.name).toEqual([
        String(10 + i),
        (31 * (i + 1)).toFixed(1),
        String(i + 1),
        "0.0",
      ]);
      expect(await row.locator("svg rect").count()).toBe(31);
      const box = await row.locator("svg").boundingBox();
      expect(box && box.width > 100 && box.height > 20).toBe(true);
    }
    expect(await page.locator(`#usage-${communities[0]?.name} td`).nth(5).innerText()).toMatch(
      /\$10\.00 \(125%\)/,
    );
    expect(await page.locator(`#usage-${communities[1]?.name}`).innerText()).toMatch(/no metrics for/);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: artifact("catalog", "usage.png"), fullPage: true });
    await page.close();
  });

  it("a usage file of the wrong shape is a usage error naming the field", async () => {
    const file = path.join(tmpDir("usage-bad"), "usage.json");
    fs.writeFileSync(file, JSON.stringify({ ...usage, communities: [{ community: "<script>" }] }));
    const r = await hubnet(["catalog", "--root", root, "--out", tmpDir("catalog-bad"), "--usage", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/usage\.json: communities\.0\.community/);
  });
});
