import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestApp } from "./testing/app.js";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "./testing/browser-suite.js";
import { dialects } from "./testing/databases.js";
import { api } from "./testing/ticketing.js";

// A 1×1 PNG, enough for the upload's type check and a byte-exact read-back.
const PNG =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

describe.each(dialects)("the shop in Chromium, on %s", (dialect) => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let snap: BrowserSuite["snap"];
  let suite: BrowserSuite;

  beforeAll(async () => {
    suite = await openBrowserSuite(`shop-${dialect}`, dialect, { TIME_ZONE: "Europe/Berlin" });
    ({ t, browser, base, snap } = suite);
    const call = api(t);
    await call("POST", "/api/v1/organizers", { slug: "theatre", name: "City Theatre" }, { expect: 201 });
    await call(
      "POST",
      "/api/v1/organizers/theatre/events",
      { slug: "season", name: "Spring season", is_series: true, currency: "EUR" },
      { expect: 201 },
    );
    const ev = "/api/v1/organizers/theatre/events/season";
    const first = await call<{ id: number }>(
      "POST",
      `${ev}/dates`,
      { name: "Hamlet", starts_at: "2031-03-07T18:30:00Z", location: "Main stage" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/dates`,
      { name: "Faust", starts_at: "2031-03-21T18:30:00Z", location: "Main stage" },
      { expect: 201 },
    );
    const seat = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Seat", price: "20.00", max_per_order: 4 },
      { expect: 201 },
    );
    const student = await call<{ id: number }>(
      "POST",
      `${ev}/ticket-types`,
      { name: "Student", price: "9.00" },
      { expect: 201 },
    );
    const fields = `${ev}/ticket-types/${student.body.id}/fields`;
    await call(
      "POST",
      fields,
      { label: "Student ID", kind: "text", required: true, blocks: "payment" },
      { expect: 201 },
    );
    await call(
      "POST",
      fields,
      {
        label: "Student card",
        kind: "file",
        required: true,
        blocks: "admission",
        allowed_types: ["image/png", "application/pdf"],
      },
      { expect: 201 },
    );
    const seatBase = `${ev}/ticket-types/${seat.body.id}`;
    await call("POST", `${seatBase}/options`, { name: "Programme booklet", price: "2.00" }, { expect: 201 });
    const area = await call<{ id: number }>(
      "POST",
      `${seatBase}/option-groups`,
      { name: "Seating area" },
      { expect: 201 },
    );
    await call(
      "POST",
      `${seatBase}/options`,
      { name: "Balcony", price: "3.00", group: area.body.id },
      { expect: 201 },
    );
    await call(
      "POST",
      `${seatBase}/options`,
      { name: "Stalls", price: "0.00", group: area.body.id },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/quotas`,
      { name: "Hamlet house", size: 3, ticket_types: [seat.body.id], date: first.body.id },
      { expect: 201 },
    );
    await call(
      "POST",
      `${ev}/vouchers`,
      { code: "SPRING5", max_usages: 10, price_mode: "discount", value: "5.00" },
      { expect: 201 },
    );
  });
  afterAll(async () => suite?.close());

  it("a visitor books a date from the month calendar with a voucher link, sees the order, and cancels it", async () => {
    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${base}/register`);
    await page.getByLabel("Name", { exact: true }).fill("Ophelia Buyer");
    await page.getByLabel("E-mail", { exact: true }).fill("ophelia@example.org");
    await page.getByLabel("Password").fill("to-be-or-not-1");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(`${base}/account`);

    await page.goto(`${base}/e/theatre/season?voucher=SPRING5`);
    expect(await page.getByRole("status").textContent()).toContain("SPRING5");
    await snap(page, "dates-list");
    await page.getByRole("link", { name: "Month", exact: true }).click();
    await expect(page.locator(".month-nav h2")).toBeDefined();
    expect(await page.locator(".month-nav h2").textContent()).toBe("March 2031");
    await snap(page, "month-calendar");
    await page.locator("a.slot", { hasText: "Hamlet" }).click();
    expect(await page.locator("p.lead").textContent()).toContain("March 7, 2031 at 7:30 PM");
    expect(await page.getByLabel("Voucher code").inputValue()).toBe("SPRING5");
    expect(await page.locator("tbody").textContent()).toContain("3 left");
    await page.getByLabel("Seat", { exact: true }).selectOption("2");
    await page.getByLabel("Programme booklet").check();
    await page.getByLabel("Balcony").check();
    await snap(page, "booking-form");
    await page.getByRole("button", { name: "Book now" }).click();
    await page.waitForURL(/\/account\/orders\/[A-Z0-9]{8}\?flash=flash\.booked/);
    expect(await page.getByTestId("order-status").textContent()).toBe("Pending payment");
    // (20.00 − 5.00 voucher + 2.00 booklet + 3.00 balcony) × 2
    expect(await page.locator("dl").textContent()).toContain("€40.00");
    expect(await page.locator("table").textContent()).toContain("+ Programme booklet, Balcony");
    const code = (await page.getByTestId("booking-code").textContent()) ?? "";
    await snap(page, "order-pending");

    // Only one Hamlet seat is left now: asking for two says so and books nothing.
    await page.goto(`${base}/e/theatre/season/dates/1`);
    expect(await page.locator("tbody").textContent()).toContain("1 left");
    await page.goto(`${base}/account/orders`);
    expect(await page.locator("table").textContent()).toContain(code);
    await snap(page, "my-orders");
    await page.getByRole("link", { name: code }).click();
    await page.getByRole("button", { name: "Cancel this order" }).click();
    await page.waitForURL(/flash=flash\.cancelled/);
    expect(await page.getByTestId("order-status").textContent()).toBe("Cancelled");
    await snap(page, "order-cancelled");

    const ics = await fetch(`${base}/e/theatre/season/calendar.ics`);
    expect(ics.headers.get("content-type")).toContain("text/calendar");
    expect(await ics.text()).toContain("SUMMARY:Spring season: Hamlet");
    await context.close();
  });

  it("an organizer manages the event, finds the order, marks it paid and puts it in opposition", async () => {
    const buyer = await browser.newContext({ locale: "de-DE" });
    const bp = await buyer.newPage();
    await bp.goto(`${base}/register`);
    await bp.getByLabel("Name", { exact: true }).fill("Polonius");
    await bp.getByLabel("E-Mail").fill("polonius@example.org");
    await bp.getByLabel("Passwort").fill("behind-the-arras-1");
    await bp.getByRole("button", { name: "Konto anlegen" }).click();
    await bp.goto(`${base}/e/theatre/season/dates/2`);
    await bp.getByLabel("Student").selectOption("1");
    await bp.getByRole("button", { name: "Jetzt buchen" }).click();
    await bp.waitForURL(/\/account\/orders\//);
    const code = (await bp.getByTestId("booking-code").textContent()) ?? "";
    await snap(bp, "order-de-information-missing");
    // Required information: a text blocking payment, a file blocking admission (uploaded by the page's script).
    await bp.getByLabel("Student ID").fill("N7-2031-042");
    await bp.locator("form.inline").first().getByRole("button").click();
    await bp.waitForURL(/flash=flash\.saved/);
    await bp
      .locator(".upload input[type=file]")
      .setInputFiles({ name: "card.png", mimeType: "image/png", buffer: Buffer.from(PNG, "base64") });
    await bp.locator("[data-upload]").click();
    await bp.getByRole("link", { name: "card.png" }).waitFor();
    expect(await bp.locator("#h-info").locator("..").textContent()).toContain("N7-2031-042");
    await snap(bp, "order-de-information-filled");
    const file = await bp.request.get(
      await bp
        .getByRole("link", { name: "card.png" })
        .getAttribute("href")
        .then((h) => `${base}${h}`),
    );
    expect(Buffer.from(await file.body()).equals(Buffer.from(PNG, "base64"))).toBe(true);
    await buyer.close();

    const context = await browser.newContext({ locale: "en-GB", viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await setUpAdministrator(page, base, t, "Stage Manager", "stage@example.org");
    await page.goto(`${base}/admin/organizers/theatre/events/season/quotas`);
    expect(await page.locator("#h-quotas").count()).toBe(1);
    // A new ticket type with a sales window, then a required choice on it.
    await page.getByRole("link", { name: "Ticket types", exact: true }).click();
    const types = page.locator("#add-type");
    // Its own summary: the form folds its translations in a disclosure of their own.
    await types.locator(":scope > summary").click();
    await types.getByLabel("Name", { exact: true }).fill("Press");
    await types.getByLabel("Price", { exact: true }).fill("0");
    await types.getByLabel("On sale from").fill("2030-01-01T10:00");
    await types.getByRole("button", { name: "Add ticket type" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    const press = page.locator("tr", { hasText: "Press" });
    await press.locator("summary", { hasText: "Ask for required information" }).click();
    await press.getByLabel("Question").fill("Media outlet");
    await press.getByLabel("Kind (fixed once created)").selectOption("choice");
    await press.getByLabel("Choices").fill("Newspaper, Radio, TV");
    await press.getByRole("button", { name: "Ask for required information" }).click();
    await page.waitForURL(/flash=flash\.saved/);
    expect(await page.locator("tr", { hasText: "Press" }).textContent()).toContain("Media outlet *");
    await snap(page, "admin-event");
    await page.getByRole("link", { name: "Orders", exact: true }).first().click();
    await page.getByLabel("Booking code or e-mail").fill("polonius");
    await page.getByRole("button", { name: "Filter" }).click();
    expect(await page.locator("tbody tr").count()).toBe(1);
    await snap(page, "admin-orders");
    await page.getByRole("link", { name: code }).click();
    await page.getByRole("button", { name: "Validate" }).first().click();
    await page.waitForURL(/flash=flash\.validated/);
    expect(await page.locator("#h-info").locator("..").textContent()).toContain("Validated");
    await snap(page, "admin-order-information");
    await page.getByRole("button", { name: "Mark as paid" }).click();
    await page.waitForURL(/flash=flash\.markedPaid/);
    expect(await page.getByTestId("order-status").textContent()).toBe("Paid");
    await page.getByLabel("Reason").fill("payment disputed");
    await page.getByRole("button", { name: "Put in opposition" }).click();
    await page.waitForURL(/flash=flash\.opposed/);
    expect(await page.getByTestId("order-status").textContent()).toBe("In opposition");
    expect(await page.getByTestId("order-log").textContent()).toContain(
      "put the order in opposition: “payment disputed”",
    );
    await snap(page, "admin-order-opposed");

    await page.getByRole("link", { name: "← Orders" }).click();
    await page.getByText("Give tickets to an account").click();
    const give = page.locator("details.card");
    await give.getByLabel("E-mail", { exact: true }).fill("ophelia@example.org");
    await give.getByLabel("Ticket", { exact: true }).selectOption({ label: "Student" });
    await give.getByLabel("Date", { exact: true }).selectOption({ label: "Faust" });
    await snap(page, "admin-give");
    await page.getByRole("button", { name: "Give tickets" }).click();
    await page.waitForURL(/flash=flash\.given/);
    expect(await page.getByTestId("order-status").textContent()).toBe("Paid");
    await context.close();
  });
});
