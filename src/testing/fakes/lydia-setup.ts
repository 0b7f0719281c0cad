import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import type { Dialect } from "../../platform/db/index.js";
import { phoneFormUrl } from "../../web/account/lydia-views.js";
import { Browser, createTestApp } from "../app.js";
import { seedSeries } from "../ticketing.js";
import { startFakeLydia } from "./lydia.js";

export const TOKENS = { vendorToken: "vendor-fake-123", privateToken: "private-fake-456" };
export const LOGIN = {
  phone: "0611223344",
  password: "lydia-secret",
  businesses: [{ name: "BDE Lydia", vendor_token: "vendor-bde-1", vendor_id: "private-bde-1" }],
};

export type Order = {
  code: string;
  status: string;
  payments: { id: number; provider: string; status: string; amount: string; reference: string | null }[];
};

/**
 * A listening app (Lydia's callbacks must reach it for real), the fake Lydia, an event offering one
 * Lydia account, and buyers: each a fresh registered user with one pending order of their own.
 */
export async function lydiaSetup(dialect: Dialect) {
  const lydia = await startFakeLydia({ ...TOKENS, login: LOGIN });
  const t = await createTestApp(dialect);
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  t.ctx.config.publicUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  const seeded = await seedSeries(t, { quota: 50, price: "8.00" });
  const { call, ev } = seeded;
  const accountId = (
    await call<{ id: number }>(
      "POST",
      "/api/v1/organizers/org/payment-accounts",
      { provider: "lydia", description: "Lydia BDE", api_url: lydia.url, ...snake(TOKENS) },
      { expect: 201 },
    )
  ).body.id;
  await call("PATCH", ev, { payment_accounts: [accountId] }, { expect: 200 });
  let buyers = 0;

  async function buyer(typeId = seeded.typeId) {
    const browser = new Browser(t.app);
    const n = ++buyers;
    await browser.submit("/register", "/register", {
      name: `Buyer ${n}`,
      email: `buyer${n}@example.org`,
      password: "correct-horse-1",
    });
    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const csrf = /name="_csrf" value="([^"]+)"/.exec((await browser.get("/account")).body)?.[1] ?? "";
    const booked = await t.app.inject({
      method: "POST",
      url: `${ev}/orders`,
      headers: { cookie, "x-csrf-token": csrf, "content-type": "application/json" },
      payload: { positions: [{ ticket_type: typeId, date: seeded.dateId }] },
    });
    expect(booked.statusCode).toBe(201);
    const code = booked.json<{ code: string }>().code;
    const form = phoneFormUrl(code, accountId);
    return {
      browser,
      code,
      cookie,
      csrf,
      form,
      /** Posts the phone form; the answer is the redirect to the waiting page (or the form again). */
      send: (phone = "06 12 34 56 78") => browser.submit(form, form, { phone }),
    };
  }

  const order = async (code: string) => (await call<Order>("GET", `${ev}/orders/${code}`)).body;
  const notifications = async () =>
    (
      await t.ctx.db.kysely
        .selectFrom("payment_notifications")
        .select(["verification", "outcome"])
        .orderBy("id")
        .execute()
    ).map((n) => `${n.verification}/${n.outcome}`);

  return {
    t,
    lydia,
    seeded,
    accountId,
    buyer,
    order,
    notifications,
    async close() {
      await t.close();
      await lydia.close();
    },
  };
}

function snake(tokens: typeof TOKENS) {
  return { vendor_token: tokens.vendorToken, private_token: tokens.privateToken };
}

export type LydiaSetup = Awaited<ReturnType<typeof lydiaSetup>>;
