import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserSuite, openBrowserSuite, setUpAdministrator } from "../../testing/browser-suite.js";
import { dialects } from "../../testing/databases.js";
import { seedSeries } from "../../testing/ticketing.js";
import { formatTicketCode } from "../orders/ticket-code.js";

type Placed = { code: string; positions: { id: number }[] };

describe.each(dialects)("typing the ticket code into the door scanner, on %s", (dialect) => {
  let suite: BrowserSuite;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let listId: number;
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    suite = await openBrowserSuite(`ticket-code-${dialect}`, dialect);
    seeded = await seedSeries(suite.t, { quota: 10 });
    for (const name of ["Ada", "Ben"]) {
      const { body } = await seeded.call<Placed>(
        "POST",
        `${seeded.ev}/orders`,
        {
          email: "door@example.org",
          positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: name }],
        },
        { expect: 201 },
      );
      await seeded.call("POST", `${seeded.ev}/orders/${body.code}/mark-paid`, undefined, { expect: 200 });
      const row = await suite.t.ctx.db.kysely
        .selectFrom("order_positions")
        .select("ticket_code")
        .where("id", "=", body.positions[0]?.id ?? 0)
        .executeTakeFirstOrThrow();
      codes[name] = formatTicketCode(row.ticket_code ?? "");
    }
    listId = (
      await seeded.call<{ id: number }>(
        "POST",
        `${seeded.ev}/checkin-lists`,
        { name: "Main door", entry_policy: "once" },
        { expect: 201 },
      )
    ).body.id;
  }, 120_000);
  afterAll(async () => suite?.close());

  it("door staff type the code from the paper ticket, on a laptop and on a phone", async () => {
    const { browser, base, snap, t } = suite;
    const signIn = await browser.newContext({ locale: "en-GB" });
    await setUpAdministrator(await signIn.newPage(), base, t, "Door Staff", "door-staff@example.org");
    const session = await signIn.storageState();
    await signIn.close();

    const viewports = [
      { name: "laptop", viewport: { width: 1280, height: 800 }, attendee: "Ada" },
      { name: "phone", viewport: { width: 390, height: 844 }, attendee: "Ben" },
    ] as const;
    for (const { name, viewport, attendee } of viewports) {
      const context = await browser.newContext({ locale: "en-GB", viewport, storageState: session });
      const page = await context.newPage();
      await page.goto(`${base}/scanner#list=org/series/${listId}`);
      await expect.poll(() => page.locator("#scanner-offline-state").textContent()).toContain("2 tickets");
      const field = page.getByLabel("Ticket code (under the QR)");
      const check = async (typed: string) => {
        await field.fill(typed);
        await page.getByRole("button", { name: "Check", exact: true }).click();
      };
      const printed = codes[attendee] ?? "";
      // Read off the paper: lower case, a space instead of the dash.
      await check(printed.toLowerCase().replace("-", " "));
      await expect.poll(() => page.locator("#scanner-name").textContent()).toContain(attendee);
      expect(await page.locator("#scanner-result").getAttribute("class")).toContain("ok");
      expect(await page.locator("#scanner-verdict").textContent()).toContain("Valid");
      await snap(page, `${name}-typed-ok`);

      await check(printed);
      await expect.poll(() => page.locator("#scanner-reason").textContent()).toBe("Already checked in");
      expect(await page.locator("#scanner-result").getAttribute("class")).toContain("error");
      await snap(page, `${name}-typed-again`);

      await check("ZZZZ-ZZZZ");
      await expect.poll(() => page.locator("#scanner-reason").textContent()).toBe("Unknown ticket");
      await snap(page, `${name}-typed-wrong`);
      // Offline the device cannot know the codes (the download has none): it says so.
      await context.setOffline(true);
      await check(codes.Ada === printed ? (codes.Ben ?? "") : (codes.Ada ?? ""));
      await expect
        .poll(() => page.locator("#scanner-reason").textContent())
        .toContain("can only be checked online");
      await snap(page, `${name}-typed-offline`);
      await context.setOffline(false);
      // Nothing scrolls sideways, even at phone width.
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await context.close();
    }
    const failures = await t.ctx.db.kysely
      .selectFrom("login_attempts")
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(failures.n)).toBe(2);
  }, 120_000);
});
