import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lydiaTokens } from "../../modules/payments/accounts.js";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { Browser } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { LOGIN, type LydiaSetup, lydiaSetup } from "../../testing/fakes/lydia-setup.js";
import { adminHeaders } from "../../testing/ticketing.js";

describe.each(dialects)("the Lydia pages on %s", (dialect) => {
  let s: LydiaSetup;
  let guardedType: number;
  let guardField: number;

  beforeAll(async () => {
    s = await lydiaSetup(dialect);
    const { call, ev, dateId } = s.seeded;
    guardedType = (
      await call<{ id: number }>("POST", `${ev}/ticket-types`, { name: "Climbing", price: "8.00" })
    ).body.id;
    await call("POST", `${ev}/quotas`, { name: "Wall", size: 5, ticket_types: [guardedType], date: dateId });
    guardField = (
      await call<{ id: number }>(
        "POST",
        `${ev}/ticket-types/${guardedType}/fields`,
        { label: "Medical certificate number", kind: "text", required: true, blocks: "payment" },
        { expect: 201 },
      )
    ).body.id;
  });
  afterAll(async () => {
    await s?.close();
  });

  const text = (body: string) => body.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

  it("is for the order's logged-in owner, with an account the event offers", async () => {
    const b = await s.buyer();
    const anonymous = await s.t.app.inject({ url: b.form });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe(`/login?next=${encodeURIComponent(b.form)}`);

    const stranger = await s.buyer();
    expect((await stranger.browser.get(b.form)).statusCode).toBe(404);
    expect((await stranger.browser.submit(stranger.form, b.form, { phone: "0612345678" })).statusCode).toBe(
      404,
    );

    const other = await s.seeded.call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "lydia", description: "Not offered", vendor_token: "abcd", private_token: "efgh" },
      { expect: 201 },
    );
    expect((await b.browser.get(b.form.replace(`/${s.accountId}/`, `/${other.body.id}/`))).statusCode).toBe(
      404,
    );

    const page = await b.browser.get(b.form);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<dd data-testid="amount">€8.00</dd>');
    expect(page.body).toContain(`<code>${b.code}</code>`);
    expect(text(page.body)).toContain("Enter the mobile number of your Lydia account.");
    const german = await b.browser.get(b.form, { cookie: `${b.cookie}; ${LANG_COOKIE}=de` });
    expect(text(german.body)).toContain("Anforderung an mein Handy senden");
  });

  it("asks for the information that blocks payment first and sends nothing before", async () => {
    const b = await s.buyer(guardedType);
    const page = await b.browser.get(b.form);
    expect(page.statusCode).toBe(409);
    expect(page.body).toContain('data-testid="information-first"');
    expect((await b.send()).statusCode).toBe(409);
    expect((await s.order(b.code)).payments).toEqual([]);

    const position = (
      await s.seeded.call<{ positions: { id: number }[] }>("GET", `${s.seeded.ev}/orders/${b.code}`)
    ).body.positions[0]?.id;
    const filled = await s.t.app.inject({
      method: "PUT",
      url: `${s.seeded.ev}/orders/${b.code}/positions/${position}/information/${guardField}`,
      headers: { cookie: b.cookie, "x-csrf-token": b.csrf, "content-type": "application/json" },
      payload: { value: "CERT-42" },
    });
    expect(filled.statusCode).toBe(200);
    expect((await b.send()).statusCode).toBe(303);
  });

  it("explains a number Lydia refuses, in Lydia's words, and an invalid one before asking Lydia", async () => {
    const b = await s.buyer();
    const refused = await b.send("+99 612 345 678");
    expect(refused.statusCode).toBe(400);
    expect(text(refused.body)).toContain(
      "Lydia refused the payment request. Check the phone number and try again. Lydia said: No Lydia account for this phone number",
    );
    expect(refused.body).toContain('value="+99 612 345 678"');
    expect((await s.order(b.code)).payments).toMatchObject([{ provider: "lydia", status: "failed" }]);

    const sent = s.lydia.requests.size;
    const invalid = await b.send("12");
    expect(invalid.statusCode).toBe(400);
    expect(text(invalid.body)).toContain("The phone number needs at least 6 characters.");
    expect(s.lydia.requests.size).toBe(sent);
    expect((await s.order(b.code)).payments).toHaveLength(1);
  });

  it("says so when Lydia cannot be reached, never a 500", async () => {
    const b = await s.buyer();
    s.lydia.failNext(1);
    const down = await b.send();
    expect(down.statusCode).toBe(503);
    expect(text(down.body)).toContain("The payment provider cannot be reached right now.");
    expect((await s.order(b.code)).payments).toMatchObject([{ status: "failed" }]);

    const waiting = (await b.send()).headers.location ?? "";
    s.lydia.failNext(1);
    const check = await b.browser.submit(waiting, `${waiting}/check`, {});
    expect(check.statusCode).toBe(503);
    expect(text(check.body)).toContain("The payment provider cannot be reached right now.");
  });

  it("waits for the phone: check, status for the script, then paid", async () => {
    const b = await s.buyer();
    const waiting = (await b.send("06.12.34.56.78")).headers.location ?? "";
    const page = await b.browser.get(waiting);
    expect(text(page.body)).toContain("Open Lydia on your phone and accept the payment request.");
    expect(text(page.body)).toContain("Request sent to 0612345678.");
    expect(page.body).toContain('<script src="/assets/lydia.js" defer></script>');
    expect((await b.browser.get(`${waiting}/status`)).json()).toEqual({
      order: "pending",
      payment: "pending",
    });

    const early = await b.browser.submit(waiting, `${waiting}/check`, {});
    expect(early.headers.location).toBe(`${waiting}?flash=lydia.notYet`);
    expect(text((await b.browser.get(early.headers.location ?? "")).body)).toContain(
      "Lydia does not show the payment yet.",
    );

    await s.lydia.accept({ callback: false });
    const checked = await b.browser.submit(waiting, `${waiting}/check`, {});
    expect(checked.headers.location).toBe(waiting);
    const paid = await b.browser.get(waiting);
    expect(paid.body).toContain('data-testid="lydia-state">Payment received.');
    expect(paid.body).not.toContain("lydia.js");
    expect((await b.browser.get(`${waiting}/status`)).json()).toEqual({
      order: "paid",
      payment: "completed",
    });
    expect((await b.browser.get(b.form)).headers.location).toBe(`/account/orders/${b.code}`);

    // The next booking's form remembers the number.
    const next = await s.buyer();
    await next.send("0687654321");
    const again = await next.browser.get(next.form);
    expect(again.body).toContain('value="0687654321"');
    expect(text(again.body)).toContain("A request is already waiting on your phone.");
  });

  it("offers to try again after a refusal", async () => {
    const b = await s.buyer();
    const waiting = (await b.send()).headers.location ?? "";
    await s.lydia.refuse();
    await s.t.worker.drain();
    const page = await b.browser.get(waiting);
    expect(text(page.body)).toContain("The request was cancelled or expired.");
    expect(page.body).toContain(`href="${b.form}"`);
    expect(page.body).toContain(`href="/account/orders/${b.code}/pay"`);
  });

  it("limits how many requests one order sends", async () => {
    const b = await s.buyer();
    for (let i = 0; i < 5; i++) expect((await b.send()).statusCode).toBe(303);
    const refused = await b.send();
    expect(refused.statusCode).toBe(429);
    expect((await s.order(b.code)).payments.filter((p) => p.status === "pending")).toHaveLength(1);
  });

  it("fetches an account's tokens from its phone number and password, and creates the account from them", async () => {
    const api = "/api/v1/organizers/org/payment-accounts/lydia-tokens";
    const found = await s.seeded.call("POST", api, {
      phone: LOGIN.phone,
      password: LOGIN.password,
      api_url: s.lydia.url,
    });
    expect(found).toEqual({
      status: 200,
      body: {
        accounts: [{ name: "BDE Lydia", vendor_token: "vendor-bde-1", private_token: "private-bde-1" }],
      },
    });
    const wrong = await s.seeded.call<{ error: { code: string } }>("POST", api, {
      phone: LOGIN.phone,
      password: "guess",
      api_url: s.lydia.url,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("lydia_login_failed");

    const buyer = new Browser(s.t.app);
    await buyer.submit("/register", "/register", {
      name: "N",
      email: "n@example.org",
      password: "correct-horse-1",
    });
    expect((await buyer.get("/admin/organizers/org/payments/lydia-tokens")).statusCode).toBe(404);

    const page = `/admin/organizers/org/payments/lydia-tokens`;
    const form = await s.t.app.inject({ url: page, headers: adminHeaders });
    expect(form.statusCode).toBe(200);
    expect(text(form.body)).toContain("Get the tokens of a Lydia account");
    const answer = await s.t.app.inject({
      method: "POST",
      url: page,
      headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({
        phone: LOGIN.phone,
        password: LOGIN.password,
        api_url: s.lydia.url,
      }).toString(),
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers["cache-control"]).toBe("private, no-store");
    expect(answer.body).not.toContain(LOGIN.password);
    const hidden = Object.fromEntries(
      [...answer.body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
        m[1],
        m[2],
      ]),
    );
    expect(hidden).toMatchObject({
      provider: "lydia",
      vendor_token: "vendor-bde-1",
      private_token: "private-bde-1",
    });
    const created = await s.t.app.inject({
      method: "POST",
      url: "/admin/organizers/org/payments",
      headers: { ...adminHeaders, "content-type": "application/x-www-form-urlencoded" },
      payload: new URLSearchParams({ ...hidden, description: "BDE Lydia" } as Record<
        string,
        string
      >).toString(),
    });
    expect(created.statusCode).toBe(303);
    const accounts = await s.seeded.call<{ id: number; description: string }[]>(
      "GET",
      "/api/v1/organizers/org/payment-accounts",
    );
    const made = accounts.body.find((a) => a.description === "BDE Lydia");
    expect(await lydiaTokens(s.t.ctx.db, s.t.ctx.secrets, made?.id ?? 0)).toEqual({
      vendor_token: "vendor-bde-1",
      private_token: "private-bde-1",
    });
  });

  it("stops guessing Lydia passwords after five failures", async () => {
    const api = "/api/v1/organizers/org/payment-accounts/lydia-tokens";
    const guess = () =>
      s.seeded.call("POST", api, { phone: "0699999999", password: "nope", api_url: s.lydia.url });
    for (let i = 0; i < 5; i++) expect((await guess()).status).toBe(400);
    expect((await guess()).status).toBe(429);
  });
});
