import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hmac, randomToken } from "../../platform/crypto.js";
import { CSRF_COOKIE, SESSION_COOKIE } from "../../platform/http/request.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";
import { createSession, registerExternal } from "../accounts/service.js";
import { missingBlockingInformation, uploadsDir } from "./answers.js";
import { MAX_UPLOAD_BYTES } from "./fields.js";

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(300)]);
const PDF = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(400), Buffer.from("\n%%EOF\n")]);

type Json = Record<string, unknown>;
type ErrorBody = { error: { code: string; message: string; details?: Json } };
type Item = {
  field_id: number;
  value: unknown;
  file: { content_type: string; size: number; name: string | null } | null;
  filled: boolean;
  validated: boolean;
};
type OrderInfo = {
  payment_blocked: boolean;
  admission_blocked: boolean;
  positions: { id: number; information: Item[] }[];
};

describe.each(dialects)("required information on %s", (dialect) => {
  let t: TestApp;
  afterEach(async () => t?.close());

  /** A series with one ticket type, and a logged-in account (session cookie + CSRF header). */
  async function setup() {
    t = await createTestApp(dialect);
    const seeded = await seedSeries(t, { quota: 50 });
    const { ev, typeId } = seeded;
    const fields = `${ev}/ticket-types/${typeId}/fields`;
    const login = async (email: string) => {
      const user = await registerExternal(t.database.db, { email, name: email, password: "long-password-1" });
      const session = await createSession(t.database.db, user.id);
      const seed = randomToken(18);
      return {
        cookie: `${SESSION_COOKIE}=${session.token}; ${CSRF_COOKIE}=${seed}`,
        "x-csrf-token": hmac(t.ctx.secrets.cookieSecret, `csrf:${seed}`),
      };
    };
    const owner = await login("owner@example.org");
    const stranger = await login("stranger@example.org");
    const book = async (headers: Record<string, string> = owner, tickets = 1) => {
      const positions = Array.from({ length: tickets }, () => ({
        ticket_type: typeId,
        date: seeded.dateId,
      }));
      const res = await seeded.call<{ code: string; positions: { id: number }[] }>(
        "POST",
        `${ev}/orders`,
        { email: "owner@example.org", positions },
        { headers, expect: 201 },
      );
      return { code: res.body.code, positions: res.body.positions.map((p) => p.id) };
    };
    const raw = (
      method: "GET" | "PUT",
      url: string,
      headers: Record<string, string>,
      payload?: Buffer,
      contentType?: string,
    ) =>
      t.app.inject({
        method,
        url,
        headers: { ...headers, ...(contentType ? { "content-type": contentType } : {}) },
        ...(payload ? { payload } : {}),
      });
    return { ...seeded, fields, owner, stranger, book, raw };
  }

  const codeOf = (body: unknown) => (body as ErrorBody).error?.code ?? "ok";

  it("defines fields of every kind; the kind is fixed; adding or deleting stops once the ticket type has orders", async () => {
    const { call, fields, book } = await setup();
    const created: Record<string, number> = {};
    for (const body of [
      { label: "Allergies", kind: "text", required: false, blocks: "admission" },
      { label: "Deposit (EUR)", kind: "number", required: true, blocks: "payment" },
      { label: "Size", kind: "choice", required: true, blocks: "admission", choices: ["S", "M", "L"] },
      { label: "Birth date", kind: "date", required: true, blocks: "payment" },
      {
        label: "Insurance certificate",
        kind: "file",
        required: true,
        blocks: "admission",
        max_bytes: 1000,
        allowed_types: ["image/png", "application/pdf"],
      },
      { label: "I accept the rules", kind: "boolean", required: true, blocks: "payment" },
    ]) {
      const res = await call<{ id: number; kind: string }>("POST", fields, body, { expect: 201 });
      expect(res.body).toMatchObject({ kind: body.kind, label: body.label, required: body.required });
      created[body.kind] = res.body.id;
    }
    const list = await call<{ kind: string; choices: string[] | null; allowed_types: string[] | null }[]>(
      "GET",
      fields,
      undefined,
      { expect: 200 },
    );
    expect(list.body.map((f) => f.kind)).toEqual(["text", "number", "choice", "date", "file", "boolean"]);
    expect(list.body[2]?.choices).toEqual(["S", "M", "L"]);
    expect(list.body[4]).toMatchObject({ max_bytes: 1000, allowed_types: ["image/png", "application/pdf"] });
    // A file field without settings gets the defaults.
    const plainFile = await call("POST", fields, { label: "Scan", kind: "file" }, { expect: 201 });
    expect(plainFile.body).toMatchObject({
      required: true,
      blocks: "payment",
      max_bytes: 5 * 1024 * 1024,
      allowed_types: ["application/pdf", "image/jpeg", "image/png"],
    });

    // Definitions that make no sense are refused with the error shape, never a 500.
    for (const bad of [
      { label: "Size", kind: "choice" },
      { label: "Name", kind: "text", choices: ["a"] },
      { label: "X", kind: "colour" },
      { label: "Doc", kind: "file", allowed_types: ["text/html"] },
      { label: "Doc", kind: "file", max_bytes: 1024 * 1024 * 1024 },
      { label: "N", kind: "number", max_bytes: 10 },
      { label: "", kind: "text" },
      { label: "B", kind: "text", blocks: "checkout" },
    ]) {
      const res = await call("POST", fields, bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(codeOf(res.body)).toBe("validation_failed");
    }
    expect(
      (await call("POST", `${fields.replace(/\/\d+\/fields$/, "/999/fields")}`, { label: "a", kind: "text" }))
        .status,
    ).toBe(404);

    // The kind is fixed; label, required and what it blocks may change.
    const renamed = await call(
      "PATCH",
      `${fields}/${created.text}`,
      { label: "Allergies or diet", blocks: "payment" },
      { expect: 200 },
    );
    expect(renamed.body).toMatchObject({ label: "Allergies or diet", kind: "text", blocks: "payment" });
    const rekind = await call("PATCH", `${fields}/${created.text}`, { kind: "number" });
    expect(rekind.status).toBe(409);
    expect(codeOf(rekind.body)).toBe("kind_fixed");

    await call("DELETE", `${fields}/${plainFile.body.id}`, undefined, { expect: 204 });
    expect((await call("DELETE", `${fields}/${plainFile.body.id}`)).status).toBe(404);

    await book();
    const del = await call("DELETE", `${fields}/${created.text}`);
    expect(del.status).toBe(409);
    expect(codeOf(del.body)).toBe("ticket_type_has_orders");
    const add = await call("POST", fields, { label: "Late", kind: "text" });
    expect(add.status).toBe(409);
    expect(codeOf(add.body)).toBe("ticket_type_has_orders");
    expect((await call<unknown[]>("GET", fields)).body).toHaveLength(6);
  });

  it("the owner fills values checked by kind; strangers and anonymous callers see nothing", async () => {
    const { call, ev, fields, owner, stranger, book } = await setup();
    const ids: Record<string, number> = {};
    for (const body of [
      { label: "Allergies", kind: "text" },
      { label: "Deposit", kind: "number" },
      { label: "Size", kind: "choice", choices: ["S", "M", "L"] },
      { label: "Birth date", kind: "date" },
      { label: "Rules", kind: "boolean" },
      { label: "Certificate", kind: "file", allowed_types: ["application/pdf"] },
    ]) {
      ids[body.kind] = (await call<{ id: number }>("POST", fields, body, { expect: 201 })).body.id;
    }
    const { code, positions } = await book(owner, 2);
    const [first, second] = positions as [number, number];
    const put = (
      fieldId: number | undefined,
      value: unknown,
      headers: Record<string, string> = owner,
      position = first,
    ) =>
      call<Item & ErrorBody>(
        "PUT",
        `${ev}/orders/${code}/positions/${position}/information/${fieldId}`,
        { value },
        { headers },
      );

    expect((await put(ids.text, "  peanuts  ")).body).toMatchObject({ value: "peanuts", filled: true });
    expect((await put(ids.number, "12,5")).body).toMatchObject({ value: 12.5, filled: true });
    expect((await put(ids.number, 150)).body).toMatchObject({ value: 150 });
    expect((await put(ids.choice, "M")).body).toMatchObject({ value: "M" });
    expect((await put(ids.date, "2000-02-29")).body).toMatchObject({ value: "2000-02-29" });
    expect((await put(ids.boolean, true)).body).toMatchObject({ value: true, filled: true });
    for (const [kind, value] of [
      ["number", "twelve"],
      ["number", "1e400"],
      ["number", true],
      ["choice", "XL"],
      ["date", "2031-02-30"],
      ["date", "01/02/2031"],
      ["boolean", "yes"],
      ["text", { nested: true }],
      ["text", "x".repeat(2001)],
    ] as const) {
      const res = await put(ids[kind], value);
      expect(res.status, `${kind} ${JSON.stringify(value)}`).toBe(400);
      expect(codeOf(res.body)).toBe("validation_failed");
    }
    const fileAsJson = await put(ids.file, "certificate.pdf");
    expect(fileAsJson.status).toBe(400);
    expect(codeOf(fileAsJson.body)).toBe("file_expected");
    // Empty clears (and the second ticket has its own values).
    expect((await put(ids.text, "")).body).toMatchObject({ value: null, filled: false });
    expect((await put(ids.text, "gluten", owner, second)).body).toMatchObject({ value: "gluten" });

    const info = await call<OrderInfo>("GET", `${ev}/orders/${code}/information`, undefined, {
      headers: owner,
      expect: 200,
    });
    expect(info.body.positions.map((p) => p.id)).toEqual([first, second]);
    const valuesOf = (p: number) =>
      Object.fromEntries(info.body.positions[p]?.information.map((i) => [i.field_id, i.value]) ?? []);
    expect(valuesOf(0)).toEqual({
      [ids.text as number]: null,
      [ids.number as number]: 150,
      [ids.choice as number]: "M",
      [ids.date as number]: "2000-02-29",
      [ids.boolean as number]: true,
      [ids.file as number]: null,
    });
    expect(valuesOf(1)[ids.text as number]).toBe("gluten");
    // The admins see it too; somebody else's order does not exist for a stranger or an anonymous caller.
    expect((await call("GET", `${ev}/orders/${code}/information`)).status).toBe(200);
    expect(
      (await call("GET", `${ev}/orders/${code}/information`, undefined, { headers: stranger })).status,
    ).toBe(404);
    expect((await call("GET", `${ev}/orders/${code}/information`, undefined, { headers: {} })).status).toBe(
      404,
    );
    const strangerPut = await put(ids.text, "mine now", stranger);
    expect(strangerPut.status).toBe(404);
    // Cookie sessions must prove CSRF on writes.
    const noCsrf = await put(ids.text, "x", { cookie: owner.cookie });
    expect(noCsrf.status).toBe(403);
    expect(codeOf(noCsrf.body)).toBe("csrf_failed");
    // A ticket of another order, or a field of another ticket type, is not found.
    const other = await book(stranger);
    const foreign = await put(ids.text, "x", owner, other.positions[0]);
    expect(foreign.status).toBe(404);
    expect((await put(99_999, "x")).status).toBe(404);
  });

  it("uploads files: stored under DATA_DIR with a random name, read back byte-identical by owner and admins only", async () => {
    const { call, ev, fields, owner, stranger, book, raw } = await setup();
    const field = (
      await call<{ id: number }>(
        "POST",
        fields,
        {
          label: "Certificate",
          kind: "file",
          max_bytes: 1000,
          allowed_types: ["image/png", "application/pdf"],
        },
        { expect: 201 },
      )
    ).body.id;
    const { code, positions } = await book();
    const url = `${ev}/orders/${code}/positions/${positions[0]}/information/${field}/file`;

    const up = await t.app.inject({
      method: "PUT",
      url,
      headers: {
        ...owner,
        "content-type": "image/png",
        "content-disposition": 'attachment; filename="passport.png"',
      },
      payload: PNG,
    });
    expect(up.statusCode, up.body).toBe(200);
    expect(up.json()).toMatchObject({
      filled: true,
      value: null,
      file: { content_type: "image/png", size: PNG.length, name: "passport.png" },
    });
    const stored = fs.readdirSync(uploadsDir(t.ctx.config.dataDir));
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toContain("passport");
    expect(
      fs.readFileSync(path.join(uploadsDir(t.ctx.config.dataDir), stored[0] as string)).equals(PNG),
    ).toBe(true);

    for (const headers of [owner, adminHeaders]) {
      const got = await raw("GET", url, headers);
      expect(got.statusCode).toBe(200);
      expect(got.headers["content-type"]).toBe("image/png");
      expect(got.rawPayload.equals(PNG)).toBe(true);
      expect(String(got.headers["content-disposition"])).toContain("passport.png");
    }
    expect((await raw("GET", url, stranger)).statusCode).toBe(404);
    expect((await raw("GET", url, {})).statusCode).toBe(404);
    const strangerUpload = await raw("PUT", url, stranger, PNG, "image/png");
    expect(strangerUpload.statusCode).toBe(404);

    // Too large (the field allows 1000 bytes), a type the field refuses, a type nobody accepts, lying content.
    const big = await raw("PUT", url, owner, Buffer.concat([PNG, randomBytes(1000)]), "image/png");
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe("payload_too_large");
    const jpeg = await raw("PUT", url, owner, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), "image/jpeg");
    expect(jpeg.statusCode).toBe(415);
    expect(jpeg.json().error.code).toBe("unsupported_media_type");
    const zip = await raw("PUT", url, owner, Buffer.from("PK\x03\x04zip"), "application/zip");
    expect(zip.statusCode).toBe(415);
    expect(zip.json().error).toMatchObject({ code: "unsupported_media_type" });
    const html = await raw("PUT", url, owner, Buffer.from("<script>alert(1)</script>"), "text/html");
    expect(html.statusCode).toBe(415);
    const lying = await raw("PUT", url, owner, PDF, "image/png");
    expect(lying.statusCode).toBe(400);
    expect(lying.json().error.code).toBe("file_content_mismatch");
    const empty = await raw("PUT", url, owner, Buffer.alloc(0), "application/pdf");
    expect(empty.statusCode).toBe(400);
    // Beyond the global cap the body is not even read.
    const huge = await raw("PUT", url, owner, Buffer.alloc(MAX_UPLOAD_BYTES + 1), "application/pdf");
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe("payload_too_large");
    // Nothing of the refused uploads stayed on disk, and the PNG is still the answer.
    expect(fs.readdirSync(uploadsDir(t.ctx.config.dataDir))).toEqual(stored);
    expect((await raw("GET", url, owner)).rawPayload.equals(PNG)).toBe(true);

    // Replacing keeps exactly one file: the new one.
    const pdf = await raw("PUT", url, owner, PDF, "application/pdf");
    expect(pdf.statusCode).toBe(200);
    const after = fs.readdirSync(uploadsDir(t.ctx.config.dataDir));
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(stored[0]);
    const back = await raw("GET", url, owner);
    expect(back.headers["content-type"]).toBe("application/pdf");
    expect(back.rawPayload.equals(PDF)).toBe(true);

    // null through the JSON route removes the file.
    await call("PUT", url.replace(/\/file$/, ""), { value: null }, { headers: owner, expect: 200 });
    expect(fs.readdirSync(uploadsDir(t.ctx.config.dataDir))).toEqual([]);
    expect((await raw("GET", url, owner)).statusCode).toBe(404);
  });

  it("admins validate (one-way): the value becomes read-only for the owner and the admins", async () => {
    const { call, ev, fields, owner, book, raw } = await setup();
    const text = (await call<{ id: number }>("POST", fields, { label: "Licence no.", kind: "text" })).body.id;
    const file = (await call<{ id: number }>("POST", fields, { label: "Licence", kind: "file" })).body.id;
    const { code, positions } = await book();
    const base = `${ev}/orders/${code}/positions/${positions[0]}/information`;

    const early = await call("POST", `${base}/${text}/validate`);
    expect(early.status).toBe(409);
    expect(codeOf(early.body)).toBe("information_missing");
    await call("PUT", `${base}/${text}`, { value: "AB-123" }, { headers: owner, expect: 200 });
    expect((await raw("PUT", `${base}/${file}/file`, owner, PDF, "application/pdf")).statusCode).toBe(200);
    // An admin (manage-orders level) may correct a value before validating it.
    await call("PUT", `${base}/${text}`, { value: "AB-124" }, { expect: 200 });

    const ownerValidates = await call("POST", `${base}/${text}/validate`, undefined, { headers: owner });
    expect(ownerValidates.status).toBe(403);
    // A view-level API token reads but neither writes nor validates.
    const viewer = await call<{ token: string }>(
      "POST",
      "/api/v1/organizers/org/tokens",
      { name: "viewer", level: "view" },
      { expect: 201 },
    );
    const viewerHeaders = { authorization: `Bearer ${viewer.body.token}` };
    expect(
      (await call("GET", `${ev}/orders/${code}/information`, undefined, { headers: viewerHeaders })).status,
    ).toBe(200);
    expect((await raw("GET", `${base}/${file}/file`, viewerHeaders)).statusCode).toBe(200);
    expect((await call("PUT", `${base}/${text}`, { value: "x" }, { headers: viewerHeaders })).status).toBe(
      403,
    );
    expect(
      (await call("POST", `${base}/${text}/validate`, undefined, { headers: viewerHeaders })).status,
    ).toBe(403);

    const validated = await call<Item>("POST", `${base}/${text}/validate`, undefined, { expect: 200 });
    expect(validated.body).toMatchObject({ value: "AB-124", validated: true });
    await call("POST", `${base}/${file}/validate`, undefined, { expect: 200 });
    // Validating again is fine; changing is not, for anybody.
    expect(
      (await call<Item>("POST", `${base}/${text}/validate`, undefined, { expect: 200 })).body.validated,
    ).toBe(true);
    for (const headers of [owner, adminHeaders]) {
      const change = await call("PUT", `${base}/${text}`, { value: "ZZ-999" }, { headers });
      expect(change.status).toBe(409);
      expect(codeOf(change.body)).toBe("already_validated");
      const clear = await call("PUT", `${base}/${file}`, { value: null }, { headers });
      expect(codeOf(clear.body)).toBe("already_validated");
      const reupload = await raw("PUT", `${base}/${file}/file`, headers, PDF, "application/pdf");
      expect(reupload.statusCode).toBe(409);
      expect(reupload.json().error.code).toBe("already_validated");
    }
    expect(fs.readdirSync(uploadsDir(t.ctx.config.dataDir))).toHaveLength(1);
    const info = await call<OrderInfo>("GET", `${ev}/orders/${code}/information`, undefined, {
      headers: owner,
    });
    expect(info.body.positions[0]?.information.map((i) => [i.value, i.validated])).toEqual([
      ["AB-124", true],
      [null, true],
    ]);
    const log = await t.database.db.kysely
      .selectFrom("order_log")
      .select(["action", "details"])
      .where("action", "like", "information_%")
      .orderBy("id")
      .execute();
    expect(log.map((l) => l.action)).toEqual([
      "information_updated",
      "information_updated",
      "information_updated",
      "information_validated",
      "information_validated",
    ]);
    expect(log.map((l) => l.details).join()).not.toContain("AB-12");
  });

  it("markPaid is refused while a payment-blocking required field is empty, allowed once it is filled", async () => {
    const { call, ev, fields, owner, book, raw } = await setup();
    const deposit = (
      await call<{ id: number }>("POST", fields, { label: "Deposit", kind: "number", blocks: "payment" })
    ).body.id;
    const rules = (
      await call<{ id: number }>("POST", fields, {
        label: "Rules accepted",
        kind: "boolean",
        blocks: "payment",
      })
    ).body.id;
    const certificate = (
      await call<{ id: number }>("POST", fields, { label: "Certificate", kind: "file", blocks: "admission" })
    ).body.id;
    await call(
      "POST",
      fields,
      { label: "Comment", kind: "text", required: false, blocks: "payment" },
      { expect: 201 },
    );
    const { code, positions } = await book(owner, 2);
    const [first, second] = positions as [number, number];
    const order = await t.database.db.kysely
      .selectFrom("orders")
      .select("id")
      .where("code", "=", code)
      .executeTakeFirstOrThrow();
    const db = t.database.db;

    const refused = await call<ErrorBody>("POST", `${ev}/orders/${code}/mark-paid`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("information_missing");
    expect(refused.body.error.details).toMatchObject({
      positions: [
        { position_id: first, fields: [{ id: deposit }, { id: rules }] },
        { position_id: second, fields: [{ id: deposit }, { id: rules }] },
      ],
    });
    const admission = await missingBlockingInformation(db, order.id, "admission");
    expect(admission.map((m) => m.fields.map((f) => f.id))).toEqual([
      [deposit, rules, certificate],
      [deposit, rules, certificate],
    ]);

    const put = (position: number, field: number, value: unknown) =>
      call(
        "PUT",
        `${ev}/orders/${code}/positions/${position}/information/${field}`,
        { value },
        { headers: owner, expect: 200 },
      );
    for (const p of [first, second]) await put(p, deposit, 100);
    await put(first, rules, true);
    // A required checkbox left unticked is not filled.
    await put(second, rules, false);
    expect(await missingBlockingInformation(db, order.id, "payment")).toEqual([
      {
        position_id: second,
        fields: [{ id: rules, label: "Rules accepted", kind: "boolean", blocks: "payment" }],
      },
    ]);
    const info = await call<OrderInfo>("GET", `${ev}/orders/${code}/information`, undefined, {
      headers: owner,
    });
    expect(info.body).toMatchObject({ payment_blocked: true, admission_blocked: true });
    expect((await call("POST", `${ev}/orders/${code}/mark-paid`)).status).toBe(409);
    await put(second, rules, true);

    expect(await missingBlockingInformation(db, order.id, "payment")).toEqual([]);
    const paid = await call("POST", `${ev}/orders/${code}/mark-paid`, undefined, { expect: 200 });
    expect(paid.body).toMatchObject({ status: "paid" });
    // Admission still waits for the certificates; the attendee may still upload on a paid order.
    expect((await missingBlockingInformation(db, order.id, "admission")).map((m) => m.position_id)).toEqual([
      first,
      second,
    ]);
    for (const p of [first, second]) {
      const res = await raw(
        "PUT",
        `${ev}/orders/${code}/positions/${p}/information/${certificate}/file`,
        owner,
        PDF,
        "application/pdf",
      );
      expect(res.statusCode).toBe(200);
    }
    expect(await missingBlockingInformation(db, order.id, "admission")).toEqual([]);
    const done = await call<OrderInfo>("GET", `${ev}/orders/${code}/information`, undefined, {
      headers: owner,
    });
    expect(done.body).toMatchObject({ payment_blocked: false, admission_blocked: false });

    // Once an order is cancelled, its information no longer changes.
    const cancelled = await book(owner);
    await call("POST", `${ev}/orders/${cancelled.code}/cancel`, undefined, { headers: owner, expect: 200 });
    const late = await call(
      "PUT",
      `${ev}/orders/${cancelled.code}/positions/${cancelled.positions[0]}/information/${deposit}`,
      { value: 1 },
      { headers: owner },
    );
    expect(late.status).toBe(409);
    expect(codeOf(late.body)).toBe("invalid_order_status");
  });
});
