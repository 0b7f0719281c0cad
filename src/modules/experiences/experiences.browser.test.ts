import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_TOKEN } from "../../testing/app.js";
import { type BrowserSuite, openBrowserSuite } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { SHOP_AUTH, startFakeShop } from "../../testing/fakes/shop.js";
import { api, seedSeries } from "../../testing/ticketing.js";

const EV = "/api/v1/organizers/org/events/series";

/** The festival's own website on another origin (localhost, while the app is on 127.0.0.1). */
async function startFestivalSite(embedUrl: string, scriptUrl: string) {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Festival</title>
<style>body{font-family:sans-serif;margin:0;background:#fdf6e3}header{background:#b58900;color:#fff;padding:1rem 2rem}main{padding:1rem 2rem}</style></head>
<body><header><h1>Film festival · side programme</h1></header>
<main><p>Book your experiences below.</p>
<iframe src="${embedUrl}" data-tessera-embed title="Experiences" style="width:100%;border:1px solid #ccc"></iframe>
<script src="${scriptUrl}" async></script></main></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until the element shows exactly this text (pages inside the frame reload on every form). */
async function hasText(locator: Locator, expected: string) {
  const deadline = Date.now() + 10_000;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last =
      (
        await locator
          .first()
          .textContent({ timeout: 10_000 })
          .catch(() => null)
      )?.trim() ?? null;
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(last).toBe(expected);
}

describe.each(dialects)("experiences embedded in another site, in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let shop: Awaited<ReturnType<typeof startFakeShop>>;
  let site: Awaited<ReturnType<typeof startFestivalSite>>;
  let stranger: Awaited<ReturnType<typeof startFestivalSite>>;

  beforeAll(async () => {
    shop = await startFakeShop();
    suite = await openBrowserSuite(`experiences-${dialect}`, dialect);
    const { base, t } = suite;
    await seedSeries(t);
    const call = api(t);
    const embedUrl = `${base}/embed/org/series/experiences?lang=en`;
    site = await startFestivalSite(embedUrl, `${base}/embed/frame.js`);
    stranger = await startFestivalSite(embedUrl, `${base}/embed/frame.js`);
    await call(
      "PUT",
      `${EV}/experience-programme`,
      { embed_origins: [site.origin], guest_name: "required" },
      { expect: 200 },
    );
    await call(
      "POST",
      `${EV}/ticket-sources`,
      {
        url: `${shop.url}/check`,
        headers: { Authorization: SHOP_AUTH },
        allowances: { Gold: 3, Silver: 2, Bronze: 1 },
      },
      { expect: 201 },
    );
    for (const [title, description, location] of [
      ["VR dome", "Fly over the Croisette in virtual reality.", "Hall A"],
      ["Sound stage", "Mix a film score with the composers.", "Studio 2"],
    ]) {
      const x = await call<{ id: number }>(
        "POST",
        `${EV}/experiences`,
        { title, description, location, language: "English" },
        { expect: 201 },
      );
      await call(
        "POST",
        `${EV}/experiences/${x.body.id}/slots/bulk`,
        { from: "2031-05-20T08:00:00Z", until: "2031-05-20T09:00:00Z", every_minutes: 20, capacity: 2 },
        { expect: 201 },
      );
    }
  });
  afterAll(async () => {
    await suite?.close();
    await site?.close();
    await stranger?.close();
    await shop?.close();
  });

  it("a guest books and cancels through the iframe on the festival's site, which grows with its content", async () => {
    const { browser, snap, t } = suite;
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1000, height: 1700 } });
    const page = await context.newPage();
    await page.goto(site.origin);
    const frame = page.frameLocator("iframe[data-tessera-embed]");
    await frame.getByRole("heading", { name: "VR dome" }).waitFor();
    await frame.getByLabel("Ticket number").fill("GOLD-5");
    await frame.getByLabel("Security code").fill("code-GOLD-5");
    await frame.getByRole("button", { name: "Continue" }).click();
    await hasText(frame.locator("[data-ticket-status]"), "Gold ticket: 0 of 3 experiences booked.");
    await frame.getByLabel("Name").fill("Agnès Varda");
    await frame
      .getByRole("button", { name: /^Book VR dome/ })
      .first()
      .click();
    await hasText(frame.getByRole("status"), "Booked. See you there!");
    await hasText(frame.locator("[data-ticket-status]"), "Gold ticket: 1 of 3 experiences booked.");

    // The frame reported its height and the festival's script applied it.
    await page.waitForFunction(() => {
      const f = document.querySelector("iframe") as HTMLIFrameElement;
      return Number.parseInt(f.style.height, 10) > 900;
    });
    const height = await page.evaluate(() =>
      Number.parseInt((document.querySelector("iframe") as HTMLIFrameElement).style.height, 10),
    );
    expect(height).toBeGreaterThan(900);
    const shot = await snap(page, "booked-in-iframe");
    expect(shot.length).toBeGreaterThan(1000);

    const booking = await t.ctx.db.kysely
      .selectFrom("experience_bookings")
      .selectAll()
      .where("ticket_number", "=", "GOLD-5")
      .executeTakeFirstOrThrow();
    expect(booking.name).toBe("Agnès Varda");
    expect(booking.cancelled_at).toBeNull();
    // The security code never travels in a URL: the whole flow is POST forms inside the frame.
    expect(page.frames().every((f) => !f.url().includes("code-GOLD-5"))).toBe(true);

    await frame.getByRole("button", { name: "Cancel" }).click();
    await hasText(frame.getByRole("status"), "The booking is cancelled.");
    await hasText(frame.locator("[data-ticket-status]"), "Gold ticket: 0 of 3 experiences booked.");
    await snap(page, "cancelled-in-iframe");
    await context.close();
  });

  it("the same Bronze ticket in two browsers, booking two slots at the same moment: one booking", async () => {
    const { browser, snap, t } = suite;
    const open = async () => {
      const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1000, height: 1700 } });
      const page = await context.newPage();
      await page.goto(site.origin);
      const frame = page.frameLocator("iframe[data-tessera-embed]");
      await frame.getByLabel("Ticket number").fill("BRONZE-9");
      await frame.getByLabel("Security code").fill("code-BRONZE-9");
      await frame.getByRole("button", { name: "Continue" }).click();
      await hasText(frame.locator("[data-ticket-status]"), "Bronze ticket: 0 of 1 experiences booked.");
      await frame.getByLabel("Name").fill("Jacques Demy");
      return { context, page, frame };
    };
    const [a, b] = await Promise.all([open(), open()]);
    if (!a || !b) throw new Error("no browsers");
    await Promise.all([
      a.frame
        .getByRole("button", { name: /^Book VR dome/ })
        .nth(1)
        .click(),
      b.frame
        .getByRole("button", { name: /^Book Sound stage/ })
        .nth(2)
        .click(),
    ]);
    const outcomes = await Promise.all(
      [a, b].map(async (x) => {
        await x.frame.locator(".alert").first().waitFor();
        return (await x.frame.locator(".alert").first().textContent())?.trim();
      }),
    );
    expect(outcomes.sort()).toEqual(["Booked. See you there!", "Your ticket has no bookings left."].sort());
    // The frame follows its content down as well as up: no empty band below the last experience.
    for (const x of [a, b]) {
      const inner = x.page.frames().find((f) => f !== x.page.mainFrame());
      const content = await inner?.evaluate(() =>
        Math.ceil(document.body.getBoundingClientRect().bottom + 16),
      );
      await x.page.waitForFunction(
        (want) => Math.abs((document.querySelector("iframe") as HTMLIFrameElement).clientHeight - want) < 40,
        content ?? 0,
      );
    }
    await snap(b.page, "second-browser");
    const rows = await t.ctx.db.kysely
      .selectFrom("experience_bookings")
      .select("id")
      .where("ticket_number", "=", "BRONZE-9")
      .where("cancelled_at", "is", null)
      .execute();
    expect(rows).toHaveLength(1);
    await a.context.close();
    await b.context.close();
  });

  it("the organizer's workspace shows the embed snippet, the experiences and who booked what", async () => {
    const { browser, base, snap } = suite;
    const context = await browser.newContext({
      locale: "en-GB",
      viewport: { width: 1100, height: 900 },
      extraHTTPHeaders: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const page = await context.newPage();
    await page.goto(`${base}/exhibit/org/series`);
    await page.getByRole("heading", { name: "Overview on your website" }).waitFor();
    expect(await page.locator("[data-snippet]").textContent()).toContain("data-tessera-embed");
    await page.getByLabel("Experience", { exact: true }).selectOption({ label: "VR dome" });
    await page.getByRole("button", { name: "Filter" }).click();
    await page.waitForURL(/experience=/);
    await snap(page, "workspace");
    await context.close();
  });

  it("another site cannot frame the overview", async () => {
    const { browser } = suite;
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(stranger.origin);
    await page.waitForTimeout(500);
    const framed = page.frames().find((f) => f !== page.mainFrame());
    const text = framed ? await framed.evaluate(() => document.body?.innerText ?? "").catch(() => "") : "";
    expect(text).not.toContain("VR dome");
    await context.close();
  });
});
