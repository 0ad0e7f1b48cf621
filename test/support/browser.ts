/**
 * Headless Chromium from Debian's `chromium` package (never a downloaded
 * browser), driven by playwright-core, with a fresh profile folder. Nothing
 * leaves the machine: requests to any host but loopback are answered from
 * here (images get a stand-in logo) or refused, and recorded.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { REPO, tmpDir } from "./cli";

export const CHROMIUM = process.env.HUBNET_CHROMIUM ?? "/usr/bin/chromium";
/** Screenshots and other test artifacts (gitignored; CI uploads the folder). */
export const ARTIFACTS = path.join(REPO, "test", "artifacts");

export const STAND_IN_LOGO =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><rect width="120" height="60" fill="#2b6cb0"/>' +
  '<text x="60" y="36" font-size="16" text-anchor="middle" fill="#fff">logo</text></svg>';

export interface Browser {
  context: BrowserContext;
  /** URLs of requests to other hosts than loopback (answered here, never sent). */
  external: string[];
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM))
    throw new Error(
      `no Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (or set HUBNET_CHROMIUM)`,
    );
  const profile = tmpDir("chromium");
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
    viewport: { width: 1200, height: 900 },
  });
  const external: string[] = [];
  await context.route("**/*", async (route) => {
    const url = new URL(route.request().url());
    if (
      url.protocol === "file:" ||
      url.protocol === "data:" ||
      ["127.0.0.1", "localhost"].includes(url.hostname)
    )
      return route.continue();
    external.push(url.href);
    if (route.request().resourceType() === "image")
      return route.fulfill({ status: 200, contentType: "image/svg+xml", body: STAND_IN_LOGO });
    return route.abort("blockedbyclient");
  });
  return {
    context,
    external,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function artifact(...parts: string[]): string {
  const file = path.join(ARTIFACTS, ...parts);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}
