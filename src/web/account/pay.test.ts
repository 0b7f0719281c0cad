import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { Browser, createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { startFakePaypal } from "../../testing/fakes/paypal.js";
import { seedSeries } from "../../testing/ticketing.js";

/** The hidden fields of the hand-off form, as the browser would post them to PayPal. */
function formFields(body: string) {
  const fields = new Map<string, string>();
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(m[1] ?? "", (m[2] ?? "").replaceAll("&amp;", "&").replaceAll("&#39;", "'"));
  return fields;
}

describe.each(dialects)("the buyer's payment pages on %s", (dialect) => {
  let t: TestApp;
  let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  let buyer: Browser;
  let code: string;
  let rulesField: number;
  let positionId: number;
  const accounts: Record<string, number> = {};

  const buyerCookie = () => [...buyer.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  const inLanguage = (lang: string) => ({ cookie: `${buyerCookie()}; ${LANG_COOKIE}=${lang}` });
  const csrfOf = async () =>
    /name="_csrf" value="([^"]+)"/.exec((await buyer.get("/account")).body)?.[1] ?? "";
  const choose = (account: number) =>
    buyer.submit(`/account/orders/${code}`, `/account/orders/${code}/pay/${account}`, {});
  const attempts = () =>
    t.ctx.db.kysely
      .selectFrom("payments as p")
      .innerJoin("orders as o", "o.id", "p.order_id")
      .select(["p.provider", "p.status", "p.account_id", "p.amount_minor"])
      .where("o.code", "=", code)
      .execute();

  beforeAll(async () => {
    paypal = await startFakePaypal();
    t = await createTestApp(dialect);
    t.ctx.config.publicUrl = "https://tickets.example.org";
    seeded = await seedSeries(t, { price: "12.50" });
    const { call, ev } = seeded;
    const create = async (body: Record<string, unknown>) =>
      (await call<{ id: number }>("POST", "/api/v1/organizers/org/payment-accounts", body, { expect: 201 }))
        .body.id;
    accounts.transfer = await create({
      provider: "manual",
      description: "Bank transfer",
      instructions: "IBAN FR76 3000 6000 0112 3456 7890 189",
    });
    accounts.paypal = await create({
      provider: "paypal",
      description: "PayPal",
      email: "shop@example.org",
      verify_url: paypal.verifyUrl,
    });
    accounts.other = await create({
      provider: "manual",
      description: "Not for this event",
      instructions: "x",
    });
    await call("PATCH", ev, { payment_accounts: [accounts.paypal, accounts.transfer] }, { expect: 200 });
    rulesField = (
      await call<{ id: number }>(
        "POST",
        `${ev}/ticket-types/${seeded.typeId}/fields`,
        { label: "I accept the rules", kind: "boolean", required: true, blocks: "payment" },
        { expect: 201 },
      )
    ).body.id;

    buyer = new Browser(t.app);
    await buyer.submit("/register", "/register", {
      name: "Léa Buyer",
      email: "lea@example.org",
      password: "correct-horse-1",
    });
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: { cookie: buyerCookie(), "x-csrf-token": await csrfOf(), "content-type": "application/json" },
      payload: {
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Léa Buyer" }],
      },
    });
    expect(booked.statusCode).toBe(201);
    const order = booked.json<{ code: string; positions: { id: number }[] }>();
    code = order.code;
    positionId = order.positions[0]?.id ?? 0;
  });
  afterAll(async () => {
    await t?.close();
    await paypal?.close();
  });

  it("is for the logged-in owner only", async () => {
    const anonymous = await t.app.inject({ url: `/account/orders/${code}/pay` });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(
      `/login?next=${encodeURIComponent(`/account/orders/${code}/pay`)}`,
    );

    const stranger = new Browser(t.app);
    await stranger.submit("/register", "/register", {
      name: "Sam Stranger",
      email: "sam@example.org",
      password: "correct-horse-2",
    });
    expect((await stranger.get(`/account/orders/${code}/pay`)).statusCode).toBe(404);
  });

  it("asks for the information that blocks payment first, and starts no payment before it is given", async () => {
    const page = await buyer.get(`/account/orders/${code}/pay`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-testid="information-first"');
    expect(page.body).toContain(`href="/account/orders/${code}"`);
    expect(page.body).not.toContain("Pay with PayPal");

    const forced = await choose(accounts.paypal ?? 0);
    expect(forced.body).toContain('data-testid="information-first"');
    expect(await attempts()).toEqual([]);

    const filled = await t.app.inject({
      method: "PUT",
      url: `${seeded.ev}/orders/${code}/positions/${positionId}/information/${rulesField}`,
      headers: { cookie: buyerCookie(), "x-csrf-token": await csrfOf(), "content-type": "application/json" },
      payload: { value: true },
    });
    expect(filled.statusCode).toBe(200);
  });

  it("links from the order page and offers the event's accounts with the amount and the booking code", async () => {
    const orderPage = await buyer.get(`/account/orders/${code}`);
    expect(orderPage.body).toContain(`href="/account/orders/${code}/pay"`);

    const page = await buyer.get(`/account/orders/${code}/pay`);
    expect(page.body).toContain('<dd data-testid="amount">€12.50</dd>');
    expect(page.body).toContain(`<code>${code}</code>`);
    expect(page.body).toContain(`action="/account/orders/${code}/pay/${accounts.paypal}"`);
    expect(page.body).toContain("Pay with Bank transfer");
    expect(page.body).not.toContain("Not for this event");

    const german = await buyer.get(`/account/orders/${code}/pay`, inLanguage("de"));
    expect(german.body).toContain("Mit PayPal bezahlen");
  });

  it("shows the transfer instructions with the booking code as the reference", async () => {
    const page = await choose(accounts.transfer ?? 0);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("IBAN FR76 3000 6000 0112 3456 7890 189");
    expect(page.body).toContain(`<code>${code}</code>`);
    expect(await attempts()).toEqual([]);
  });

  it("hands over to PayPal with the order's fields, one attempt however often the buyer clicks", async () => {
    const page = await choose(accounts.paypal ?? 0);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="${paypal.verifyUrl}">`);
    const orderUrl = `https://tickets.example.org/account/orders/${code}`;
    expect(Object.fromEntries(formFields(page.body))).toMatchObject({
      cmd: "_xclick",
      business: "shop@example.org",
      item_name: `Series · ${code}`,
      amount: "12.50",
      currency_code: "EUR",
      invoice: code,
      custom: code,
      notify_url: "https://tickets.example.org/api/v1/payments/paypal/ipn",
      return: `${orderUrl}?flash=payments.paypal.returned`,
      cancel_return: `${orderUrl}?flash=payments.paypal.cancelled`,
      no_shipping: "1",
      charset: "utf-8",
    });
    const csp = String(page.headers["content-security-policy"]).split(";");
    expect(csp).toContain(`form-action 'self' ${paypal.url}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp.filter((d) => d.startsWith("form-action"))).toHaveLength(1);
    // Elsewhere forms still may only post to the app itself.
    expect((await buyer.get(`/account/orders/${code}/pay`)).headers["content-security-policy"]).toContain(
      "form-action 'self';",
    );

    await choose(accounts.paypal ?? 0);
    expect(await attempts()).toEqual([
      { provider: "paypal", status: "created", account_id: accounts.paypal, amount_minor: 1250 },
    ]);
  });

  it("refuses an account the event does not offer", async () => {
    expect((await choose(accounts.other ?? 0)).statusCode).toBe(404);
  });

  it("welcomes the buyer back from PayPal on the order page", async () => {
    const back = await buyer.get(`/account/orders/${code}?flash=payments.paypal.returned`);
    expect(back.body).toContain("as soon as PayPal confirms the payment");
    const cancelled = await buyer.get(
      `/account/orders/${code}?flash=payments.paypal.cancelled`,
      inLanguage("fr"),
    );
    expect(cancelled.body).toContain("Le paiement PayPal a été annulé");
  });

  it("has nothing to pay once the order is paid", async () => {
    await seeded.call("POST", `${seeded.ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    const page = await buyer.get(`/account/orders/${code}/pay`);
    expect(page.body).toContain("This booking does not need paying.");
    const late = await choose(accounts.paypal ?? 0);
    expect(late.statusCode).toBe(303);
    expect(late.headers.location).toBe(`/account/orders/${code}`);
  });
});
