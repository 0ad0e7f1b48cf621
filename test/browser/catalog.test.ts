/**
 * `hubnet catalog` of the example network, seen in Chromium: every
 * community's card is visible (a screenshot of each under
 * test/artifacts/catalog/), the filters work with scripts disabled, each page
 * passes axe-core's accessibility rules, and the command's exit codes hold.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { loadNetwork } from "@hubnet/config";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, type Browser, launchBrowser } from "../support/browser";
import { hubnet, REPO, tmpDir } from "../support/cli";
import { SKIP_E2E } from "../support/local-hub";
import { networkTree } from "../support/network-tree";

const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  const violations = (await page.evaluate(
    "axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }).then(r => r.violations)",
  )) as AxeViolation[];
  return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

describe.skipIf(SKIP_E2E)("the catalog of the example network in Chromium", () => {
  let browser: Browser;
  let out: string;
  const network = loadNetwork(REPO);
  const url = (rel: string) => pathToFileURL(path.join(out, rel)).href;

  beforeAll(async () => {
    out = tmpDir("catalog");
    const r = await hubnet(["catalog", "--out", out]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("shows every community's card, with a screenshot of each", async () => {
    const page = await browser.context.newPage();
    await page.goto(url("index.html"));
    expect(network.communities.size).toBeGreaterThan(0);
    for (const [name, { config }] of network.communities) {
      const card = page.locator(`#card-${name}`);
      expect(await card.isVisible(), name).toBe(true);
      const box = await card.boundingBox();
      expect(box && box.width > 100 && box.height > 100, name).toBe(true);
      expect(await card.locator("h2").innerText()).toBe(config.displayName);
      for (const hub of config.hubs) expect(await card.innerText()).toContain(`https://${hub.domain}/`);
      if (config.branding?.logoUrl)
        expect(
          await card
            .locator("img.logo")
            .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
        ).toBeGreaterThan(0);
      const shot = artifact("catalog", `${name}-card.png`);
      await card.screenshot({ path: shot });
      expect(fs.statSync(shot).size).toBeGreaterThan(1000);
    }
    await page.screenshot({ path: artifact("catalog", "index.png"), fullPage: true });
    await page.close();
  });

  it("filters by cloud, feature and kind of login with scripts disabled", async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
    await page.goto(url("index.html"));
    const shown = async () => {
      const ids: string[] = [];
      for (const card of await page.locator(".card").all())
        if (await card.isVisible()) ids.push((await card.getAttribute("id")) as string);
      return ids.sort();
    };
    const all = [...network.communities.keys()].map((n) => `card-${n}`).sort();
    expect(await shown()).toEqual(all);
    const cloudOf = (n: string) =>
      network.clusters.get(network.communities.get(n)?.config.cluster ?? "")?.config.cloud;
    for (const cloud of new Set([...network.communities.keys()].map(cloudOf))) {
      await page.click(`label[for="f-cloud-${cloud}"]`);
      const expected = [...network.communities.keys()]
        .filter((n) => cloudOf(n) === cloud)
        .map((n) => `card-${n}`);
      expect(await shown()).toEqual(expected.sort());
    }
    await page.click('label[for="f-cloud-all"]');
    const gpu = [...network.communities.values()].filter((c) => c.config.profiles.some((p) => p.gpu));
    if (gpu.length > 0) {
      await page.click('label[for="f-feature-gpu"]');
      expect(await shown()).toEqual(gpu.map((c) => `card-${c.config.name}`).sort());
      await page.click('label[for="f-feature-all"]');
    }
    for (const provider of new Set([...network.communities.values()].map((c) => c.config.auth.provider))) {
      await page.click(`label[for="f-login-${provider}"]`);
      const expected = [...network.communities.values()]
        .filter((c) => c.config.auth.provider === provider)
        .map((c) => `card-${c.config.name}`);
      expect(await shown()).toEqual(expected.sort());
    }
    await page.close();
  });

  it("passes axe-core's accessibility rules on the index and every community page", async () => {
    const page = await browser.context.newPage();
    // The check can fail: an image without text and a low-contrast line are found.
    await page.setContent(
      '<html lang="en"><title>t</title><main><img src="x.png"><p style="color:#eee">faint</p></main></html>',
    );
    expect((await axeViolations(page)).map((v) => v.split(":")[0])).toEqual(
      expect.arrayContaining(["image-alt", "color-contrast"]),
    );
    for (const rel of [
      "index.html",
      ...[...network.communities.keys()].map((n) => `communities/${n}.html`),
    ]) {
      await page.goto(url(rel));
      expect(await axeViolations(page), rel).toEqual([]);
    }
    await page.close();
  });

  it("logos were answered locally, never fetched from the internet", () => {
    const logos = [...network.communities.values()].flatMap((c) => c.config.branding?.logoUrl ?? []);
    for (const logo of logos) expect(browser.external).toContain(new URL(logo).href);
  });
});

describe("hubnet catalog: usage and invalid networks", () => {
  it("needs --out (2), refuses a file as --out (2), and writes nothing for an invalid network (1)", async () => {
    expect((await hubnet(["catalog"])).code).toBe(2);
    const file = path.join(tmpDir("catalog-file"), "f");
    fs.writeFileSync(file, "x");
    const asFile = await hubnet(["catalog", "--out", file]);
    expect(asFile.code).toBe(2);
    expect(asFile.stderr).toContain("exists and is not a folder");
    const root = networkTree([{ name: "broken-lab", displayName: "Broken" }]);
    const out = tmpDir("catalog-out");
    const broken = await hubnet(["catalog", "--root", root, "--out", out, "--json"]);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).problems[0]).toMatchObject({
      file: "communities/broken-lab/community.yaml",
    });
    expect(fs.readdirSync(out)).toEqual([]);
  });

  it("writes --out as hubnet plan does: whole, replacing its own earlier site, never over a folder it did not write", async () => {
    const lab = (name: string) => ({
      name,
      displayName: `Lab ${name}`,
      owners: ["fixture-owner"],
      cluster: "local-dev",
      hubs: [{ name: "dev", domain: `${name}.fixture.localhost` }],
      auth: { provider: "dummy", allowedUsers: ["alice"], admins: ["admin"] },
      image: { name: "quay.io/jupyter/base-notebook", tag: "2025-11-03" },
      profiles: [{ name: "tiny", displayName: "Tiny", cpu: "500m", memory: "1Gi", default: true }],
    });
    const out = path.join(tmpDir("catalog-replace"), "site");
    const two = networkTree([lab("alpha-lab"), lab("beta-lab")]);
    expect((await hubnet(["catalog", "--root", two, "--out", out])).code).toBe(0);
    expect(fs.readdirSync(path.join(out, "communities")).sort()).toEqual(["alpha-lab.html", "beta-lab.html"]);

    // A community removed from the network: its page goes with the next run.
    const one = networkTree([lab("alpha-lab")]);
    expect((await hubnet(["catalog", "--root", one, "--out", out])).code).toBe(0);
    expect(fs.readdirSync(path.join(out, "communities"))).toEqual(["alpha-lab.html"]);

    // A file the catalog did not write: refused, named, and nothing changed.
    fs.writeFileSync(path.join(out, "notes.txt"), "mine");
    const before = fs.readFileSync(path.join(out, "index.html"), "utf8");
    const refused = await hubnet(["catalog", "--root", two, "--out", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("notes.txt");
    expect(fs.readFileSync(path.join(out, "index.html"), "utf8")).toBe(before);
    expect(fs.readdirSync(path.join(out, "communities"))).toEqual(["alpha-lab.html"]);

    // The checkout itself and its config folders are never an output folder.
    expect((await hubnet(["catalog", "--root", one, "--out", path.join(one, "communities")])).code).toBe(2);
  });
});
