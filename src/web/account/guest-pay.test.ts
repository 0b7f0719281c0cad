import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { pdfText } from "../../testing/documents.js";
import { startFakePaypal } from "../../testing/fakes/paypal.js";
import { type StripeSetup, stripeSetup } from "../../testing/fakes/stripe-setup.js";

/** The hidden fields of the PayPal hand-off form, as the browser would post them. */
function formFields(body: string) {
  const fields = new URLSearchParams();
  for (const m of body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(m[1] ?? "", (m[2] ?? "").replaceAll("&amp;", "&").replaceAll("&#39;", "'"));
  return fields;
}

// Issue 23: a guest pays behind their signed link exactly as a logged-in buyer does.
describe.each(dialects)("a guest pays online on %s", (dialect) => {
  let s: StripeSetup;
  let paypal: Awaited<ReturnType<typeof startFakePaypal>>;
  let paypalId: number;
  let transferId: number;
  let guests = 0;

  beforeAll(async () => {
    s = await stripeSetup(dialect);
    paypal = await startFakePaypal();
    const { call, ev } = s.seeded;
    const create = async (body: Record<string, unknown>) =>
      (await call<{ id: number }>("POST", "/api/v1/organizers/org/payment-accounts", body, { expect: 201 }))
        .body.id;
    paypalId = await create({
      provider: "paypal",
      description: "PayPal",
      email: "shop@example.org",
      verify_url: paypal.verifyUrl,
    });
    transferId = await create({
      provider: "manual",
      description: "Bank transfer",
      instructions: "IBAN FR76 3000 6000 0112 3456 7890 189",
    });
    await call("PATCH", ev, { payment_accounts: [s.accountId, paypalId, transferId] }, { expect: 200 });
  });
  afterAll(async () => {
    await s?.close();
    await paypal?.close();
  });

  /** A guest books one ticket with an e-mail only; the answer is their order's signed link. */
  async function guest() {
    const browser = new Browser(s.t.app);
    const page = `/e/org/series/dates/${s.seeded.dateId}`;
    await browser.get(page);
    const res = await browser.submit(page, "/e/org/series/book", {
      date: String(s.seeded.dateId),
      [`qty_${s.seeded.typeId}`]: "1",
      email: `guest${++guests}@example.org`,
    });
    expect(res.statusCode).toBe(303);
    const link = String(res.headers.location).split("?")[0] as string;
    expect(link).toMatch(/^\/orders\/[\w-]+\.[\w-]+\.[\w-]+$/);
    const { code } = await s.t.ctx.db.kysely
      .selectFrom("orders")
      .select("code")
      .where("email", "=", `guest${guests}@example.org`)
      .executeTakeFirstOrThrow();
    return { browser, link, code };
  }

  it("pays by card through Stripe's hosted page; every address carries only the signed token", async () => {
    const g = await guest();
    const order = await g.browser.get(g.link);
    expect(order.body).toContain(`href="${g.link}/pay"`);
    const choice = await g.browser.get(`${g.link}/pay`);
    expect(choice.statusCode).toBe(200);
    expect(choice.body).toContain(`action="${g.link}/pay/${s.accountId}"`);
    expect(choice.body).toContain(`action="${g.link}/pay/${paypalId}"`);
    expect(choice.body).toContain(`href="${g.link}"`);
    expect(choice.body).not.toContain("/account/orders/");

    const sent = await g.browser.submit(`${g.link}/pay`, `${g.link}/pay/${s.accountId}`, {});
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(s.stripe.last().url);
    const { paymentId } = await s.money(g.code);
    const fields = s.stripe.last().fields;
    expect(fields.success_url).toBe(`${s.t.ctx.config.publicUrl}${g.link}/pay/stripe/${paymentId}`);
    expect(fields.cancel_url).toBe(`${s.t.ctx.config.publicUrl}${g.link}/pay`);
    expect(`${fields.success_url}${fields.cancel_url}`).not.toContain("guest");

    const waiting = await g.browser.get(`${g.link}/pay/stripe/${paymentId}`);
    expect(waiting.statusCode).toBe(200);
    expect(waiting.body).toContain("Stripe is confirming your card payment");
    expect((await g.browser.get(`${g.link}/pay/stripe/${paymentId}/status`)).json()).toEqual({
      order: "pending",
      payment: "pending",
    });
    await s.stripe.pay();
    expect(await s.money(g.code)).toMatchObject({ status: "paid", completed: 1 });
    const paid = await g.browser.get(`${g.link}/pay/stripe/${paymentId}`);
    expect(paid.body).toContain("Payment received.");
    expect(paid.body).toContain(`href="${g.link}"`);
    const after = (await g.browser.get(g.link)).body;
    expect(after).not.toContain(`href="${g.link}/pay"`);
    // Paid: the tickets come from behind the same link, as a real PDF that names the ticket code.
    expect(after).toContain(`href="${g.link}/tickets.pdf"`);
    const pdf = await g.browser.get(`${g.link}/tickets.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    const code = await s.t.ctx.db.kysely
      .selectFrom("order_positions as p")
      .innerJoin("orders as o", "o.id", "p.order_id")
      .select("p.ticket_code")
      .where("o.code", "=", g.code)
      .executeTakeFirstOrThrow();
    expect(pdfText(pdf.rawPayload)).toContain(
      `${code.ticket_code?.slice(0, 4)}-${code.ticket_code?.slice(4)}`,
    );
  });

  it("refuses the tickets of a pending order behind its link", async () => {
    const g = await guest();
    expect((await g.browser.get(`${g.link}/tickets.pdf`)).statusCode).toBe(409);
  });

  it("pays by PayPal: the IPN marks the order paid and PayPal returns the guest to their link", async () => {
    const g = await guest();
    const page = await g.browser.submit(`${g.link}/pay`, `${g.link}/pay/${paypalId}`, {});
    expect(page.statusCode).toBe(200);
    const fields = formFields(page.body);
    const orderUrl = `${s.t.ctx.config.publicUrl}${g.link}`;
    expect(fields.get("return")).toBe(`${orderUrl}?flash=payments.paypal.returned`);
    expect(fields.get("cancel_return")).toBe(`${orderUrl}?flash=payments.paypal.cancelled`);
    const action = /<form method="post" action="([^"]+)">/.exec(page.body)?.[1] ?? "";
    const checkout = await fetch(action, { method: "POST", body: fields });
    const id = /name="checkout" value="([^"]+)"/.exec(await checkout.text())?.[1] ?? "";
    const done = await fetch(new URL("/pay", action), {
      method: "POST",
      body: new URLSearchParams({ checkout: id }),
      redirect: "manual",
    });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${orderUrl}?flash=payments.paypal.returned`);
    await s.t.worker.drain();
    expect((await s.money(g.code)).status).toBe("paid");
  });

  it("shows the transfer instructions under the link", async () => {
    const g = await guest();
    const page = await g.browser.submit(`${g.link}/pay`, `${g.link}/pay/${transferId}`, {});
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("IBAN FR76 3000 6000 0112 3456 7890 189");
    expect(page.body).toContain(`<code>${g.code}</code>`);
  });

  it("answers a forged link with 404, and one order's link pays no other order", async () => {
    const g = await guest();
    const other = await guest();
    const stranger = new Browser(s.t.app);
    const forged = `${g.link.slice(0, -3)}abc`;
    expect((await stranger.get(`${forged}/pay`)).statusCode).toBe(404);
    const csrfPage = await stranger.get(other.link);
    expect(csrfPage.statusCode).toBe(200);
    expect((await stranger.submit(other.link, `${forged}/pay/${s.accountId}`, {})).statusCode).toBe(404);
    // A card attempt of the other order is not reachable behind this order's link.
    await other.browser.submit(`${other.link}/pay`, `${other.link}/pay/${s.accountId}`, {});
    const { paymentId } = await s.money(other.code);
    expect((await g.browser.get(`${g.link}/pay/stripe/${paymentId}`)).statusCode).toBe(404);
    expect((await g.browser.get(`${g.link}/pay/stripe/${paymentId}/status`)).statusCode).toBe(404);
    expect((await s.money(other.code)).status).toBe("pending");
    // Nor does the account address open a guest's order without a login.
    expect((await stranger.get(`/account/orders/${other.code}/pay`)).headers.location).toMatch(/^\/login/);
  });
});
