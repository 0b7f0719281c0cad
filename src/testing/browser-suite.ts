import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { createSetupToken } from "../modules/accounts/service.js";
import type { Dialect } from "../platform/db/index.js";
import { createTestApp, type TestApp } from "./app.js";
import { launchChromium, SCREENSHOT_DIR } from "./chromium.js";

/** The first platform administrator, created through the setup page and left signed in on `page`. */
export async function setUpAdministrator(page: Page, base: string, t: TestApp, name: string, email: string) {
  await page.goto(`${base}/setup/${await createSetupToken(t.database.db)}`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(`${email}-password`);
  await page.getByRole("button", { name: "Create administrator" }).click();
}

export interface BrowserSuite {
  t: TestApp;
  browser: Browser;
  /** http://127.0.0.1:<port> of the app, listening for real. */
  base: string;
  /** Full-page screenshot into test-output/screenshots/<prefix>-NN-<name>.png, numbered in order. */
  snap(page: Page, name: string): Promise<Buffer>;
  close(): Promise<void>;
}

/** The app on a fresh database, listening on loopback, and Chromium to drive it; old screenshots cleared. */
export async function openBrowserSuite(
  prefix: string,
  dialect: Dialect,
  env: Record<string, string> = {},
): Promise<BrowserSuite> {
  for (const old of fs.readdirSync(SCREENSHOT_DIR))
    if (old.startsWith(`${prefix}-`)) fs.rmSync(path.join(SCREENSHOT_DIR, old));
  // Chromium first: when it cannot start, no app is left open behind the one-line error.
  const browser = await launchChromium();
  const t = await createTestApp(dialect, env);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // Links the app builds for the outside (provider callbacks, mails) must reach this very server.
  if (!env.PUBLIC_URL) t.ctx.config.publicUrl = base;
  let shot = 0;
  return {
    t,
    browser,
    base,
    snap: (page, name) =>
      page.screenshot({
        path: path.join(SCREENSHOT_DIR, `${prefix}-${String(++shot).padStart(2, "0")}-${name}.png`),
        fullPage: true,
      }),
    async close() {
      await browser.close();
      await t.close();
    },
  };
}
