/**
 * Each example community's branding, seen in a real browser: a real local
 * JupyterHub serves its login page with the hub's own templates and
 * variables, and headless Chromium checks the name, logo and links, saving a
 * screenshot per community under test/artifacts/branding/.
 */

import { PLATFORM_OPERATOR } from "@hubnet/components/hub";
import { type Community, loadNetwork } from "@hubnet/config";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { artifact, type Browser, launchBrowser } from "../support/browser";
import { REPO } from "../support/cli";
import { fixtureCommunity, SKIP_E2E, startTestHub } from "../support/local-hub";

async function checkLoginPage(browser: Browser, community: Community, shot: string) {
  const hub = await startTestHub({ community });
  const page = await browser.context.newPage();
  try {
    await page.goto(`${hub.url}hub/login`);
    const b = community.branding ?? {};
    const brand = page.locator(".hubnet-branding");
    expect(await brand.locator("h1").isVisible()).toBe(true);
    expect(await brand.locator("h1").innerText()).toBe(community.displayName);
    if (b.logoUrl) {
      const logo = brand.locator("img");
      expect(await logo.getAttribute("src")).toBe(b.logoUrl);
      expect(
        await logo.evaluate((img) => {
          const i = img as unknown as { complete: boolean; naturalWidth: number };
          return i.complete && i.naturalWidth > 0;
        }),
      ).toBe(true);
      expect(await logo.isVisible()).toBe(true);
      // Asked of the stand-in here, never of the internet.
      expect(browser.external).toContain(new URL(b.logoUrl).href);
      if (b.homepageUrl) expect(await brand.locator("a").first().getAttribute("href")).toBe(b.homepageUrl);
    } else {
      expect(await brand.locator("img").count()).toBe(0);
    }
    const footer = page.locator("p.small", { hasText: "Operated by" });
    const operator = b.operatedBy ?? PLATFORM_OPERATOR;
    expect(await footer.locator(`a[href="${operator.url}"]`).innerText()).toBe(operator.text);
    if (b.fundedBy) {
      expect(await footer.innerText()).toContain(`Funded by ${b.fundedBy.text}`);
      if (b.fundedBy.url)
        expect(await footer.locator(`a[href="${b.fundedBy.url}"]`).innerText()).toBe(b.fundedBy.text);
    } else {
      expect(await footer.innerText()).not.toContain("Funded by");
    }
    expect(await page.locator("#username_input").isVisible()).toBe(true);
    // JupyterHub took every setting: traitlets warns about any it does not know.
    expect(hub.log()).not.toMatch(/not recognized by|Config option .* not recognized/);
    await page.screenshot({ path: artifact("branding", shot), fullPage: true });
    return { hub, page };
  } catch (err) {
    await page.close();
    await hub.stop();
    throw err;
  }
}

describe.skipIf(SKIP_E2E)("community branding in Chromium, served by a real JupyterHub", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const network = loadNetwork(REPO);
  it("the example network is valid", () => expect(network.problems).toEqual([]));

  for (const [name, loaded] of network.communities) {
    it(`${name}: name, logo and links on the login page`, async () => {
      const { hub, page } = await checkLoginPage(browser, loaded.config, `${name}-login.png`);
      await page.close();
      await hub.stop();
    });
  }

  it("escapes what a community file says, and shows the profiles in the spawn form after login", async () => {
    const community = fixtureCommunity({
      displayName: "<img src=x onerror=\"document.title='pwned'\">Fixture",
      profiles: [
        { name: "small", displayName: "Small <b>2 CPU</b>", cpu: 2, memory: "4G", default: true },
        {
          name: "gpu",
          displayName: "GPU box",
          description: "One T4",
          cpu: 4,
          memory: "16G",
          gpu: { type: "nvidia-t4", count: 1 },
          images: [
            {
              name: "torch",
              displayName: "PyTorch",
              image: { name: "quay.io/jupyter/pytorch-notebook", tag: "x1" },
            },
          ],
        },
      ],
    });
    const { hub, page } = await checkLoginPage(browser, community, "fixture-escaping-login.png");
    try {
      expect(await page.title()).not.toBe("pwned");
      expect(await page.locator(".hubnet-branding img").count()).toBe(1); // the logo only
      await page.fill("#username_input", "admin");
      await page.fill("#password_input", hub.password);
      await page.click("#login_submit");
      await page.waitForURL(/\/hub\/spawn/);
      const form = page.locator("fieldset.hubnet-profiles");
      expect(await form.isVisible()).toBe(true);
      expect(await form.innerText()).toContain("Small <b>2 CPU</b>");
      expect(await form.innerText()).toContain("GPU box (4 CPU, 16G memory, 1 × nvidia-t4 GPU)");
      expect(await form.locator('input[value="small"]').isChecked()).toBe(true);
      expect(await form.locator('select[name="image-gpu"] option').innerText()).toBe("PyTorch");
      await page.screenshot({ path: artifact("branding", "fixture-spawn-form.png"), fullPage: true });
    } finally {
      await page.close();
      await hub.stop();
    }
  });
});
