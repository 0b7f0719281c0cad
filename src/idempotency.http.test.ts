import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toCount } from "./platform/db/index.js";
import { createTestApp, type TestApp } from "./testing/app.js";
import { dialects } from "./testing/databases.js";
import { adminHeaders, seedSeries } from "./testing/ticketing.js";

/** Idempotency-Key over the real routes (issue 21): the public order API, admin PATCH and DELETE, OpenAPI. */
describe.each(dialects)("Idempotency-Key on the API on %s", (dialect) => {
  let t: TestApp;
  let seeded: Awaited<ReturnType<typeof seedSeries>>;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    seeded = await seedSeries(t, { quota: 50 });
  });
  afterAll(async () => t?.close());

  const order = (email: string) => ({
    email,
    positions: [{ ticket_type: seeded.typeId, date: seeded.dateId, attendee_name: "Ada" }],
  });
  const book = (key: string, body: object, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: "POST",
      url: `${seeded.ev}/orders`,
      payload: body,
      headers: { "idempotency-key": key, ...headers },
    });
  const orders = async () =>
    toCount(
      (
        await t.ctx.db.kysely
          .selectFrom("orders")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const taken = async () =>
    (
      await seeded.call<{ taken: number }>("GET", `${seeded.ev}/quotas/${seeded.quotaId}`, undefined, {
        expect: 200,
      })
    ).body.taken;

  it("books once for an anonymous buyer who retries: same code, same 201, quota taken once", async () => {
    const [before, placesBefore] = [await orders(), await taken()];
    const first = await book("2b7f5a0e-buyer-1", order("ada@example.org"));
    expect(first.statusCode).toBe(201);
    const again = await book("2b7f5a0e-buyer-1", order("ada@example.org"));
    expect(again.statusCode).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBe("true");
    expect(again.json().code).toBe(first.json().code);
    expect(again.body).toBe(first.body);
    expect(await orders()).toBe(before + 1);
    expect(await taken()).toBe(placesBefore + 1);
  });

  it("refuses the key for another body with 422 and writes nothing", async () => {
    await book("2b7f5a0e-buyer-2", order("grace@example.org"));
    const [before, placesBefore] = [await orders(), await taken()];
    const other = await book("2b7f5a0e-buyer-2", order("someone.else@example.org"));
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe("idempotency_key_reused");
    expect([await orders(), await taken()]).toEqual([before, placesBefore]);
  });

  it("books exactly once under 20 concurrent retries; later retries get the stored answer", async () => {
    const before = await orders();
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => book("2b7f5a0e-rush", order("rush@example.org"))),
    );
    expect(await orders()).toBe(before + 1);
    const created = answers.filter((a) => a.statusCode === 201);
    const busy = answers.filter((a) => a.statusCode === 409);
    expect(created.length + busy.length).toBe(20);
    expect(new Set(created.map((a) => a.json().code)).size).toBe(1);
    for (const a of busy) {
      expect(a.json().error.code).toBe("idempotency_in_progress");
      expect(a.headers["retry-after"]).toBe("1");
    }
    const retry = await book("2b7f5a0e-rush", order("rush@example.org"));
    expect(retry.statusCode).toBe(201);
    expect(retry.json().code).toBe(created[0]?.json().code);
  });

  it("does not replay one caller's answer to another: the platform token and an organizer token book apart", async () => {
    const token = await seeded.call<{ token: string }>(
      "POST",
      "/api/v1/organizers/org/tokens",
      { name: "box office", level: "full" },
      { expect: 201 },
    );
    const before = await orders();
    const mine = await book("2b7f5a0e-shared", order("box@example.org"), adminHeaders);
    const theirs = await book("2b7f5a0e-shared", order("box@example.org"), {
      authorization: `Bearer ${token.body.token}`,
    });
    const anonymous = await book("2b7f5a0e-shared", order("box@example.org"));
    expect([mine.statusCode, theirs.statusCode, anonymous.statusCode]).toEqual([201, 201, 201]);
    expect(theirs.headers["idempotent-replayed"]).toBeUndefined();
    expect(new Set([mine, theirs, anonymous].map((a) => a.json().code)).size).toBe(3);
    expect(await orders()).toBe(before + 3);
    // A wrong token is refused before any key is claimed: nothing to replay, nothing stuck.
    const refused = await book("2b7f5a0e-shared", order("box@example.org"), { authorization: "Bearer nope" });
    expect(refused.statusCode).toBe(401);
  });

  it("covers PATCH and DELETE: a renamed event and a deleted ticket type answer the same again", async () => {
    const patch = (name: string) =>
      t.app.inject({
        method: "PATCH",
        url: seeded.ev,
        payload: { name },
        headers: { ...adminHeaders, "idempotency-key": "rename-1" },
      });
    const renamed = await patch("Spring series");
    expect([renamed.statusCode, renamed.json().name]).toEqual([200, "Spring series"]);
    expect((await patch("Spring series")).headers["idempotent-replayed"]).toBe("true");
    expect((await patch("Autumn series")).statusCode).toBe(422);
    const event = await seeded.call<{ name: string }>("GET", seeded.ev, undefined, { expect: 200 });
    expect(event.body.name).toBe("Spring series");

    const spare = await seeded.call<{ id: number }>(
      "POST",
      `${seeded.ev}/ticket-types`,
      { name: "Spare", price: "5.00" },
      { expect: 201 },
    );
    const remove = () =>
      t.app.inject({
        method: "DELETE",
        url: `${seeded.ev}/ticket-types/${spare.body.id}`,
        headers: { ...adminHeaders, "idempotency-key": "delete-spare" },
      });
    expect((await remove()).statusCode).toBe(204);
    // Without the key the retry would be a 404: with it, the client learns the delete went through.
    const again = await remove();
    expect([again.statusCode, again.headers["idempotent-replayed"]]).toEqual([204, "true"]);
    const plain = await t.app.inject({
      method: "DELETE",
      url: `${seeded.ev}/ticket-types/${spare.body.id}`,
      headers: adminHeaders,
    });
    expect(plain.statusCode).toBe(404);
  });

  it("documents the header and its answers on every write operation of the OpenAPI document", async () => {
    const spec = (await t.app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json() as {
      paths: Record<
        string,
        Record<string, { parameters?: { $ref?: string }[]; responses: Record<string, unknown> }>
      >;
      components: { parameters: Record<string, { name: string; in: string; required: boolean }> };
    };
    expect(spec.components.parameters.IdempotencyKey).toMatchObject({
      name: "Idempotency-Key",
      in: "header",
      required: false,
    });
    const writes = Object.entries(spec.paths).flatMap(([path, item]) =>
      ["post", "put", "patch", "delete"].flatMap((m) =>
        item[m] ? [[`${m} ${path}`, item[m]] as const] : [],
      ),
    );
    expect(writes.length).toBeGreaterThan(50);
    for (const [name, operation] of writes) {
      expect(
        operation.parameters?.some((p) => p.$ref === "#/components/parameters/IdempotencyKey"),
        name,
      ).toBe(true);
      expect(Object.keys(operation.responses), name).toEqual(expect.arrayContaining(["409", "422"]));
    }
    // Reads take no key.
    expect(JSON.stringify(spec.paths["/api/v1/organizers"]?.get)).not.toContain("IdempotencyKey");
  });
});
