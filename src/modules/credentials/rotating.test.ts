import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrPng } from "../../testing/documents.js";
import { seedSeries } from "../../testing/ticketing.js";
import { ticketLinkSigner } from "../rooms/links.js";
import { ROTATION_SECONDS, rotatingCodes } from "./rotating.js";

describe.each(dialects)("rotating codes on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 20, price: "0" });
  });
  afterAll(async () => t?.close());

  it("the live ticket shows a code that changes; scanners take it fresh and refuse an old screenshot", async () => {
    const { body } = await seeded.call<{ code: string; positions: { id: number; secret: string }[] }>(
      "POST",
      `${seeded.ev}/orders`,
      {
        email: "live@example.org",
        positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Liv" }],
      },
      { expect: 201 },
    );
    const ticket = body.positions[0] ?? { id: 0, secret: "" };
    const token = await ticketLinkSigner(t.ctx.secrets.signingPrivateKey).sign({
      code: body.code,
      ticketId: ticket.id,
    });
    const page = await t.app.inject({ url: `/tickets/live/${token}` });
    expect(page.statusCode).toBe(200);
    const dataUri = /id="live-qr" src="data:image\/png;base64,([^"]+)"/.exec(page.body)?.[1] ?? "";
    const shown = decodeQrPng(Buffer.from(dataUri, "base64"));
    expect(shown).toMatch(new RegExp(`^R\\.${ticket.id}\\.\\d+\\.[\\w-]{22}$`));
    expect(shown).not.toContain(ticket.secret);
    const next = await t.app.inject({ url: `/tickets/live/${token}/code` });
    expect(next.json()).toMatchObject({ changes_at: expect.any(Number) });

    const list = await seeded.call<{ id: number }>(
      "POST",
      `${seeded.ev}/checkin-lists`,
      { name: "Live door" },
      { expect: 201 },
    );
    const scan = async (secret: string) =>
      (
        await seeded.call<{ status: string; reason?: string; ticket?: { id: number } }>(
          "POST",
          `${seeded.ev}/checkin-lists/${list.body.id}/redeem`,
          { secret },
          { expect: 200 },
        )
      ).body;
    const rotation = rotatingCodes(t.ctx.secrets.signingPrivateKey);
    const screenshot = rotation.current(
      ticket.id,
      ticket.secret,
      Date.now() - 6 * ROTATION_SECONDS * 1000,
    ).code;
    expect(await scan(screenshot)).toMatchObject({
      status: "error",
      reason: "expired_code",
      ticket: { id: ticket.id },
    });
    const forged = `${screenshot.slice(0, -4)}AAAA`;
    expect((await scan(forged)).reason).toBe("unknown");
    expect(await scan(shown ?? "")).toMatchObject({ status: "ok", ticket: { id: ticket.id } });
    // A code from just before the last change is still taken (slow scan, clock drift).
    const justBefore = rotation.current(ticket.id, ticket.secret, Date.now() - ROTATION_SECONDS * 1000).code;
    expect(await rotation.resolve(t.ctx.db.kysely, justBefore)).toMatchObject({ expired: false });

    const tampered = await t.app.inject({ url: `/tickets/live/${token.slice(0, -2)}xx` });
    expect(tampered.statusCode).toBe(400);
  });
});
