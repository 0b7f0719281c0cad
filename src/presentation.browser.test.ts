import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "./testing/browser-suite.js";
import { SCREENSHOT_DIR } from "./testing/chromium.js";
import { dialects } from "./testing/databases.js";
import { pdfPagePng, pdfText } from "./testing/documents.js";
import { phonePhoto } from "./testing/pictures.js";
import { decodeBody, startSmtpServer } from "./testing/smtp.js";
import { api } from "./testing/ticketing.js";

const PHONE = { width: 390, height: 844 };
const DESCRIPTION = `## Programme

An evening of **Shakespeare** in the old town hall.

- Doors open half an hour before
- Tickets at [our site](https://theatre.example.org)

<script>alert("no")</script>`;

/** Nothing sticks out sideways: the page is as wide as the screen. */
async function fitsWidth(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

/** Every picture the page shows has arrived and decoded (none broken, none left waiting). */
async function picturesLoaded(page: Page) {
  await page.evaluate(async () => {
    for (const img of Array.from(document.images)) {
      img.loading = "eager";
      await img.decode().catch(() => undefined);
    }
  });
  return page.evaluate(() => Array.from(document.images).map((img) => img.naturalWidth));
}

describe.each(dialects)("covers, descriptions and prices in Chromium, on %s", (dialect) => {
  let suite: BrowserSuite;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    // The platform runs on UTC; the theatre is in Berlin: its pages must say Berlin time.
    suite = await openBrowserSuite(`presentation-${dialect}`, dialect, {
      TIME_ZONE: "UTC",
      SMTP_URL: smtp.url,
    });
    const call = api(suite.t);
    await call(
      "POST",
      "/api/v1/organizers",
      { slug: "theatre", name: "City Theatre", time_zone: "Europe/Berlin" },
      { expect: 201 },
    );
    const events = "/api/v1/organizers/theatre/events";
    await call("POST", events, { slug: "season", name: "Spring season", is_series: true }, { expect: 201 });
    await call("POST", events, { slug: "jazz", name: "Jazz night" }, { expect: 201 });
    for (const [name, starts_at] of [
      ["Hamlet", "2031-03-07T18:30:00Z"],
      ["Faust", "2031-03-21T18:30:00Z"],
      ["Tartuffe", "2031-03-30T17:30:00Z"],
    ])
      await call(
        "POST",
        `${events}/season/dates`,
        { name, starts_at, location: "Main stage" },
        { expect: 201 },
      );
    await call("POST", `${events}/jazz/dates`, { starts_at: "2031-04-02T19:00:00Z" }, { expect: 201 });
    for (const [name, price] of [
      ["Stalls", "25.00"],
      ["Balcony", "15.00"],
    ])
      await call("POST", `${events}/season/ticket-types`, { name, price, max_per_order: 6 }, { expect: 201 });
    // Options make the booking table's rows taller: they must stay readable on a phone too.
    await call(
      "POST",
      `${events}/season/ticket-types/1/options`,
      { name: "Programme booklet", price: "2.00" },
      { expect: 201 },
    );
    await call("POST", `${events}/season/ticket-types`, { name: "Staff", price: "5.00", restricted: true });
    await call("POST", `${events}/jazz/ticket-types`, { name: "Entry", price: "0" }, { expect: 201 });
    const transfer = await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/theatre/payment-accounts",
      { provider: "manual", description: "Bank transfer", instructions: "IBAN DE02 1203 0000 0000 2020 51" },
      { expect: 201 },
    );
    await call("PATCH", `${events}/season`, { payment_accounts: [transfer.body.id] }, { expect: 200 });
    await call(
      "POST",
      `${events}/season/vouchers`,
      { code: "SPRING5", max_usages: 10, price_mode: "discount", value: "5.00" },
      { expect: 201 },
    );
  });
  afterAll(async () => {
    await suite?.close();
    await smtp?.close();
  });

  it("an organizer writes a description and uploads a cover; buyers see both, with prices and Berlin times", async () => {
    const { browser, base, snap, t } = suite;
    const admin = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    await setUpAdministrator(page, base, t, "Stage Manager", "stage@example.org");
    await page.goto(`${base}/admin/organizers/theatre/events/season/presentation`);
    expect(await page.locator("nav.tabs [aria-current=page]").textContent()).toBe("Description & image");
    await page.getByRole("textbox", { name: "Description" }).fill(DESCRIPTION);
    await page.getByRole("button", { name: "Preview" }).click();
    expect(await page.locator(".description strong").textContent()).toBe("Shakespeare");
    expect(await page.getByText("Preview (not saved yet)").count()).toBe(1);
    await page.getByRole("button", { name: "Save description" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    const photo = await phonePhoto(4000, 3000, "png");
    await page
      .getByLabel("Image file")
      .setInputFiles({ name: "stage.png", mimeType: "image/png", buffer: photo });
    await page.getByRole("button", { name: "Upload image" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    expect(await picturesLoaded(page)).toEqual([expect.any(Number)]);
    await snap(page, "admin-presentation");
    await admin.close();

    for (const [name, viewport] of [
      ["desktop", { width: 1280, height: 900 }],
      ["phone", PHONE],
    ] as const) {
      const buyer = await browser.newContext({ locale: "en-GB", viewport });
      const shop = await buyer.newPage();
      await shop.goto(`${base}/`);
      const card = shop.locator(".event-card", { hasText: "Spring season" });
      expect(await card.locator(".price").textContent()).toBe("from €15");
      expect(await card.locator("time").textContent()).toBe("Fri, Mar 7, 2031, 7:30 PM GMT+1");
      expect(await card.textContent()).toContain("and 2 more dates");
      expect(
        await shop.locator(".event-card", { hasText: "Jazz night" }).locator(".price").textContent(),
      ).toBe("Free");
      const widths = await picturesLoaded(shop);
      expect(widths.filter((w) => w > 0)).toHaveLength(1);
      expect(await fitsWidth(shop)).toBe(true);
      await snap(shop, `home-${name}`);

      await card.getByRole("link", { name: "Spring season" }).click();
      await shop.waitForURL(`${base}/e/theatre/season`);
      expect((await picturesLoaded(shop))[0]).toBeGreaterThan(0);
      expect(await shop.locator("img.hero").getAttribute("alt")).toBe("Cover image of Spring season");
      expect(await shop.locator("p.price").textContent()).toBe("from €15");
      expect(await shop.locator("#h-about + .description strong").textContent()).toBe("Shakespeare");
      expect(await shop.locator(".description").textContent()).toContain('<script>alert("no")</script>');
      expect(await shop.locator("ul.dates time").first().textContent()).toBe(
        "Friday, March 7, 2031 at 7:30 PM GMT+1",
      );
      expect(await fitsWidth(shop)).toBe(true);
      await snap(shop, `event-${name}`);
      await buyer.close();
    }

    // The picture as served: a real 16:9 JPEG, no bigger than 1600 × 900, no metadata.
    const res = await fetch(`${base}/e/theatre/season`);
    const src = /<img class="cover hero" src="([^"]+)"/.exec(await res.text())?.[1] ?? "";
    const cover = await fetch(`${base}${src.replace(/\?.*$/, "")}`);
    expect(cover.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(Buffer.from(await cover.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 1600, height: 900 });
    expect(meta.exif).toBeUndefined();
  });

  it("a buyer on a 390 × 844 phone: calendar → date → tickets → voucher → pay → mail → PDF → account", async () => {
    const { browser, base, snap } = suite;
    const buyer = await browser.newContext({
      locale: "en-GB",
      viewport: PHONE,
      isMobile: true,
      hasTouch: true,
    });
    const page = await buyer.newPage();
    await page.goto(`${base}/register`);
    await page.getByLabel("Name", { exact: true }).fill("Viola Phone");
    await page.getByLabel("E-mail", { exact: true }).fill("viola@example.org");
    await page.getByLabel("Password").fill("twelfth-night-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);

    await page.goto(`${base}/e/theatre/season?view=month&month=2031-03`);
    await snap(page, "phone-month");
    // Sunday's column (the 30th has a date) is on screen, not cut off.
    const sunday = page.locator("a.slot", { hasText: "Tartuffe" });
    const box = await sunday.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await fitsWidth(page)).toBe(true);
    await page.locator("a.slot", { hasText: "Hamlet" }).click();
    expect(await page.locator("p.lead").textContent()).toContain("7:30 PM GMT+1");
    await snap(page, "phone-date");
    const quantity = page.getByLabel("Balcony", { exact: true });
    const q = await quantity.boundingBox();
    expect(q && q.x + q.width).toBeLessThanOrEqual(PHONE.width);
    expect(await fitsWidth(page)).toBe(true);
    await quantity.selectOption("2");
    await page.getByLabel("Voucher code").fill("SPRING5");
    await snap(page, "phone-booking");
    await page.getByRole("button", { name: "Book now" }).click();
    await page.waitForURL(/\/account\/orders\/[A-Z0-9]{8}\?flash=flash\.booked/);
    expect(await page.getByTestId("order-status").textContent()).toBe("Pending payment");
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "phone-order");
    const order = page.url();
    const code = (await page.getByTestId("booking-code").textContent()) ?? "";

    await page.getByRole("link", { name: "Pay now" }).click();
    await page.getByRole("button", { name: "Pay with Bank transfer" }).click();
    expect(await page.locator("pre.instructions").textContent()).toContain("IBAN");
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "phone-pay");
    // The theatre sees the transfer arrive.
    await api(suite.t)(
      "POST",
      `/api/v1/organizers/theatre/events/season/orders/${code}/mark-paid`,
      {},
      { expect: 200 },
    );
    await suite.t.worker.drain();
    // Her first mail asked to confirm the address she registered with; the booking's mails follow.
    const mail = smtp.received.find(
      (m) => m.to.includes("viola@example.org") && !decodeBody(m.raw).includes("/email/confirm/"),
    );
    expect(decodeBody(mail?.raw ?? "")).toContain(code);

    await page.goto(order);
    expect(await page.getByTestId("order-status").textContent()).toBe("Paid");
    await snap(page, "phone-order-paid");
    // The tickets are cards on a phone: nothing to scroll sideways inside their box either.
    expect(
      await page.evaluate(() =>
        Array.from(document.querySelectorAll(".table-wrap")).every(
          (box) => box.scrollWidth <= box.clientWidth,
        ),
      ),
    ).toBe(true);
    const href = (await page.getByTestId("download-tickets").getAttribute("href")) ?? "";
    const pdf = Buffer.from(await (await page.request.get(`${base}${href}`)).body());
    expect(pdfText(pdf)).toContain("Spring season");
    fs.writeFileSync(
      path.join(SCREENSHOT_DIR, `presentation-${dialect}-phone-tickets-pdf.png`),
      pdfPagePng(pdf, 1, 60),
    );
    await page.goto(`${base}/account`);
    expect(await fitsWidth(page)).toBe(true);
    await snap(page, "phone-account");
    await buyer.close();
  });
});
