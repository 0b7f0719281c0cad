import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROVIDER_TIMEOUT_MS } from "../modules/payments/http-client.js";
import { dialects } from "../testing/databases.js";
import { type StripeSetup, stripeSetup } from "../testing/fakes/stripe-setup.js";
import { MARGIN_MS } from "../testing/partner-faults.js";
import { elapsedMs, recordFault } from "../testing/reliability.js";

// Stripe's webhook endpoint is public: a forged or stale event never pays, the same genuine event
// delivered many times (at once and one after another) pays once with one payment and one mail, and a
// Stripe that hangs at checkout gives the buyer an answer within the deadline. Checked in the database.
const SCENARIO = "Forged, stale and replayed Stripe webhooks";
const FORGERIES = 5;
const REPLAYS = 10;

const FIGURES = {
  "forged or stale events": "—" as string | number,
  "refused with 4xx": "—" as string | number,
  deliveries: "—" as string | number,
  "paid without a valid signature": 0,
  "payments recorded per order": "—" as string | number,
  "confirmation mails": "—" as string | number,
  "answered ms max": "—" as string | number,
};
function record(database: string, fault: string, figures: Partial<typeof FIGURES>, outcome: string) {
  recordFault({ scenario: SCENARIO, database, fault, figures: { ...FIGURES, ...figures }, outcome });
}

describe.each(dialects)("Stripe webhooks forged, stale and replayed on %s", (dialect) => {
  let s: StripeSetup;
  beforeAll(async () => {
    s = await stripeSetup(dialect);
  });
  afterAll(async () => s?.close());

  it(`${FORGERIES} forged and ${FORGERIES} stale events: all refused, nothing paid`, async () => {
    const b = await s.buyer();
    await b.payByCard();
    const answers = [];
    for (let i = 0; i < FORGERIES; i++) answers.push(await s.stripe.forge(), await s.stripe.stale());
    const refused = answers.filter((a) => a.status === 400).length;
    expect(refused).toBe(2 * FORGERIES);
    const money = await s.money(b.code);
    expect(money).toMatchObject({ status: "pending", completed: 0, paidMails: 0 });
    record(
      dialect,
      "checkout.session.completed signed with another secret, or correctly signed ten minutes ago",
      {
        "forged or stale events": 2 * FORGERIES,
        "refused with 4xx": refused,
        "paid without a valid signature": money.completed,
        "payments recorded per order": money.completed,
        "confirmation mails": money.paidMails,
      },
      "every one answered 400 and kept as refused; the order stays pending",
    );
  });

  it(`one genuine event delivered ${REPLAYS}× at once and ${REPLAYS}× one after another: paid once`, async () => {
    const b = await s.buyer();
    await b.payByCard();
    const first = await s.stripe.pay();
    expect(first?.status).toBe(200);
    const started = performance.now();
    const burst = await Promise.all(Array.from({ length: REPLAYS - 1 }, () => s.stripe.replay(-1)));
    const sequential = [];
    for (let i = 0; i < REPLAYS; i++) sequential.push(await s.stripe.replay(-1));
    const ms = elapsedMs(started);
    expect([...burst, ...sequential].every((a) => a.status === 200)).toBe(true);
    const money = await s.money(b.code);
    expect(money).toMatchObject({ status: "paid", completed: 1, paidMails: 1 });
    const outcomes = await s.notifications();
    expect(outcomes.filter((o) => o === "signature_ok/paid")).toHaveLength(1);
    record(
      dialect,
      `checkout.session.completed delivered once, then replayed ${REPLAYS - 1}× concurrently and ${REPLAYS}× sequentially`,
      {
        deliveries: 2 * REPLAYS,
        "payments recorded per order": money.completed,
        "confirmation mails": money.paidMails,
        "answered ms max": ms,
      },
      "paid once; every other delivery answered 200 and kept as a duplicate",
    );
  });

  it("Stripe hangs while the buyer starts a card payment: a 503 page within the deadline", async () => {
    const b = await s.buyer();
    s.stripe.hang = true;
    const started = performance.now();
    try {
      const answer = await b.payByCard();
      const ms = elapsedMs(started);
      expect(answer.statusCode).toBe(503);
      expect(ms).toBeLessThan(PROVIDER_TIMEOUT_MS + MARGIN_MS);
      const money = await s.money(b.code);
      expect(money).toMatchObject({ status: "pending", payments: ["failed"] });
      record(
        dialect,
        "POST /v1/checkout/sessions accepted and never answered",
        { "answered ms max": ms, "payments recorded per order": 0 },
        `the buyer sees a translated 503 page after the ${PROVIDER_TIMEOUT_MS / 1000} s deadline; the attempt is marked failed, the order stays pending`,
      );
    } finally {
      s.stripe.hang = false;
    }
  }, 30_000);
});
