import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { decodeQrImage } from "../../testing/documents.js";
import { PARTNER_PASSWORD, seedGuestcards } from "../../testing/guestcards.js";
import { issuePartnerToken, partnerTokenKey } from "./partner-tokens.js";

type Seeded = Awaited<ReturnType<typeof seedGuestcards>>;
type Answer = Record<string, unknown> & {
  meldeschein: { gast_data: { id: number; Gast_Vorname: string }[] };
  qr_code_data: string;
};

const LOOKUP = "/api/buchtguide/by_auth_code/";

describe.each(dialects)("guest-card partner API (seed 001) on %s", (dialect) => {
  let t: TestApp;
  let seeded: Seeded;
  let token: string;
  let address = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect, { PARTNER_FAILURES_PER_ADDRESS: "5", PARTNER_FAILURES_PER_CLIENT: "8" });
    seeded = await seedGuestcards(t);
    token = await logIn("buchtguide");
  });
  afterAll(async () => t?.close());

  /** Each call from its own address unless told, so the per-address limit only bites where tested. */
  function post(url: string, body: unknown, options: { auth?: string; form?: boolean; ip?: string } = {}) {
    const headers: Record<string, string> = {};
    if (options.auth !== undefined) headers.authorization = options.auth;
    if (options.form) headers["content-type"] = "application/x-www-form-urlencoded";
    return t.app.inject({
      method: "POST",
      url,
      headers,
      remoteAddress: options.ip ?? `10.0.${Math.floor(++address / 250)}.${address % 250}`,
      payload: options.form
        ? new URLSearchParams(body as Record<string, string>).toString()
        : (body as object),
    });
  }
  async function logIn(username: string) {
    const res = await post("/api/token-auth/", { username, password: PARTNER_PASSWORD });
    expect(res.statusCode).toBe(200);
    return (res.json() as { token: string }).token;
  }
  const lookup = (body: unknown, options: { form?: boolean; ip?: string; token?: string } = {}) =>
    post(LOOKUP, body, { auth: `JWT ${options.token ?? token}`, ...options });

  it("token-auth: JSON or form in, a signed JWT out; wrong credentials are a JSON 400", async () => {
    const json = await post("/api/token-auth/", { username: "buchtguide", password: PARTNER_PASSWORD });
    expect(json.statusCode).toBe(200);
    expect(json.headers["content-type"]).toContain("application/json");
    expect(Object.keys(json.json())).toEqual(["token"]);
    const form = await post(
      "/api/token-auth/",
      { username: "buchtguide", password: PARTNER_PASSWORD },
      { form: true },
    );
    expect(form.statusCode).toBe(200);
    const jwt = (form.json() as { token: string }).token;
    const payload = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString()) as Record<
      string,
      unknown
    >;
    // Only the client id: no username, no personal data.
    expect(Object.keys(payload).sort()).toEqual(["exp", "iat", "iss", "orig_iat", "sub"]);
    expect(Number(payload.exp) - Number(payload.iat)).toBe(300);

    const wrong = await post("/api/token-auth/", { username: "buchtguide", password: "not-the-password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({
      non_field_errors: ["Unable to log in with provided credentials."],
      status_code: 400,
    });
    const missing = await post("/api/token-auth/", { username: "buchtguide" });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ status_code: 400, password: ["is required"] });
  });

  it("token-refresh and token-verify work as djangorestframework-jwt's do", async () => {
    const verified = await post("/api/token-verify/", { token });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ token });
    const refreshed = await post("/api/token-refresh/", { token }, { form: true });
    expect(refreshed.statusCode).toBe(200);
    const fresh = (refreshed.json() as { token: string }).token;
    const code = seeded.family.guests[0]?.auth_code;
    expect((await lookup({ auth_code: code, gemeinde_id: 1 }, { token: fresh })).statusCode).toBe(200);
    const key = partnerTokenKey(t.ctx.secrets.cookieSecret);
    const expired = (await issuePartnerToken(key, 1, -10)).token;
    const late = await post("/api/token-refresh/", { token: expired });
    expect(late.statusCode).toBe(400);
    expect(late.json()).toEqual({
      detail: "Signature has expired.",
      status_code: 400,
      non_field_errors: ["Signature has expired."],
    });
    const old = (await issuePartnerToken(key, 1, 300, Math.floor(Date.now() / 1000) - 8 * 24 * 3600)).token;
    expect((await post("/api/token-refresh/", { token: old })).json()).toMatchObject({
      detail: "Refresh has expired.",
    });
    expect((await post("/api/token-verify/", { token: "garbage" })).statusCode).toBe(400);
    expect((await post("/api/token-verify/", {})).json()).toMatchObject({
      status_code: 400,
      token: ["is required"],
    });
  });

  it("answers a lookup in exactly the seed's shape, with a JPEG QR code holding only the auth code", async () => {
    const max = seeded.family.guests[0];
    const res = await lookup({ auth_code: max?.auth_code, gemeinde_id: 1 });
    expect(res.statusCode).toBe(200);
    const body = res.json() as Answer;
    expect(body).toEqual({
      auth_code: max?.auth_code,
      meldeschein_id: seeded.family.id,
      gemeinde_id: 1,
      meldeschein: {
        meldescheinnummer: "1133",
        travel_span: {
          arrival_date: "2023-07-24T00:00:00",
          departure_date: "2023-08-06T00:00:00",
          travel_days: 13,
          uebernachtungen_sum: 26,
        },
        gast_data: [
          {
            id: max?.id,
            tarif_id: 1,
            tarif_alias: "Erwachsener",
            Gast_Vorname: "Max",
            Gast_Name: "Mustermann",
            Gast_Email: "max@mustermann.de",
          },
        ],
      },
      qr_code_data: expect.stringMatching(/^\/9j\//),
      qr_code_encoding: "base64",
      qr_code_mime: "image/jpeg",
    });
    const jpeg = Buffer.from(body.qr_code_data, "base64");
    expect(jpeg.subarray(0, 3).toString("hex")).toBe("ffd8ff");
    expect(await decodeQrImage(jpeg)).toBe(max?.auth_code);
  });

  it("get_all gives every guest of the form; form encoding and string ids work the same", async () => {
    const erika = seeded.family.guests[1];
    const all = await lookup({ auth_code: erika?.auth_code, gemeinde_id: "1", get_all: true });
    expect(all.statusCode).toBe(200);
    expect((all.json() as Answer).meldeschein.gast_data.map((g) => g.Gast_Vorname)).toEqual(["Max", "Erika"]);
    expect((all.json() as Answer).auth_code).toBe(erika?.auth_code);

    const form = await lookup(
      { auth_code: erika?.auth_code ?? "", gemeinde_id: "1", get_all: "true" },
      { form: true },
    );
    expect(form.statusCode).toBe(200);
    expect((form.json() as Answer).meldeschein.gast_data).toHaveLength(2);
    const one = await lookup({ auth_code: erika?.auth_code ?? "", gemeinde_id: "1" }, { form: true });
    expect((one.json() as Answer).meldeschein.gast_data.map((g) => g.id)).toEqual([erika?.id]);
    const multipart = new FormData();
    multipart.set("auth_code", erika?.auth_code ?? "");
    multipart.set("gemeinde_id", "1");
    multipart.set("get_all", "true");
    const request = new Request("http://x/", { method: "POST", body: multipart });
    const viaMultipart = await t.app.inject({
      method: "POST",
      url: LOOKUP,
      headers: { authorization: `JWT ${token}`, "content-type": request.headers.get("content-type") ?? "" },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    expect(viaMultipart.statusCode).toBe(200);
    expect((viaMultipart.json() as Answer).meldeschein.gast_data).toHaveLength(2);
    const off = await lookup({ auth_code: erika?.auth_code, gemeinde_id: 1, get_all: false });
    expect((off.json() as Answer).meldeschein.gast_data).toHaveLength(1);
  });

  it("unknown codes, codes of another municipality and cancelled forms are the seed's 404", async () => {
    const unknown = await lookup({ auth_code: "zkeyfmjz", gemeinde_id: 2 });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ detail: "Unbekannter Auth Code [zkeyfmjz]", status_code: 404 });
    const code = seeded.family.guests[0]?.auth_code ?? "";
    const elsewhere = await lookup({ auth_code: code, gemeinde_id: 2 });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json()).toEqual({ detail: `Unbekannter Auth Code [${code}]`, status_code: 404 });
    const odd = await lookup({ auth_code: "not a code!", gemeinde_id: 1 });
    expect(odd.json()).toEqual({ detail: "Unbekannter Auth Code [not a code!]", status_code: 404 });

    const { body: cancelled } = await seeded.call<{ guests: { auth_code: string }[] }>(
      "POST",
      "/api/v1/organizers/region/registration-forms",
      {
        municipality: 2,
        number: "cancel-me",
        arrival_date: "2024-01-01",
        departure_date: "2024-01-02",
        guests: [{ first_name: "A", last_name: "B", tariff_id: 1, tariff_alias: "Erwachsener" }],
      },
      { expect: 201 },
    );
    const cancelledCode = cancelled.guests[0]?.auth_code ?? "";
    expect((await lookup({ auth_code: cancelledCode, gemeinde_id: 2 })).statusCode).toBe(200);
    const formId = (cancelled as unknown as { id: number }).id;
    await seeded.call("POST", `/api/v1/organizers/region/registration-forms/${formId}/cancel`, undefined, {
      expect: 200,
    });
    expect((await lookup({ auth_code: cancelledCode, gemeinde_id: 2 })).statusCode).toBe(404);
  });

  it("a client not allowed for the municipality gets the same 404, never a hint that the code exists", async () => {
    const sellinOnly = await logIn("sellin-app");
    const code = seeded.family.guests[0]?.auth_code ?? "";
    const res = await lookup({ auth_code: code, gemeinde_id: 1 }, { token: sellinOnly });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ detail: `Unbekannter Auth Code [${code}]`, status_code: 404 });
    const bergen = seeded.bergen.guests[0]?.auth_code ?? "";
    expect((await lookup({ auth_code: bergen, gemeinde_id: 3 })).statusCode).toBe(404);
    const own = seeded.sellin.guests[0]?.auth_code ?? "";
    expect((await lookup({ auth_code: own, gemeinde_id: 2 }, { token: sellinOnly })).statusCode).toBe(200);
  });

  it("no token, a wrong scheme, a forged or expired token, a disabled client: 401 JSON", async () => {
    const body = { auth_code: seeded.family.guests[0]?.auth_code, gemeinde_id: 1 };
    const none = await post(LOOKUP, body);
    expect(none.statusCode).toBe(401);
    expect(none.json()).toEqual({
      detail: "Authentication credentials were not provided.",
      status_code: 401,
    });
    expect(none.headers["www-authenticate"]).toBe('JWT realm="api"');
    expect((await post(LOOKUP, body, { auth: `Token ${token}` })).statusCode).toBe(401);
    const bearer = await post(LOOKUP, body, { auth: "Bearer nope" });
    expect(bearer.statusCode).toBe(401);
    expect(bearer.json()).toMatchObject({ status_code: 401 });
    const forged = await post(LOOKUP, body, { auth: `JWT ${token.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({ detail: "Error decoding signature.", status_code: 401 });
    const key = partnerTokenKey(t.ctx.secrets.cookieSecret);
    const expired = (await issuePartnerToken(key, 1, -10)).token;
    const late = await post(LOOKUP, body, { auth: `JWT ${expired}` });
    expect(late.json()).toEqual({ detail: "Signature has expired.", status_code: 401 });

    const { body: client } = await seeded.client("region", "retired-app", [1]);
    const retired = await logIn("retired-app");
    expect((await lookup(body, { token: retired })).statusCode).toBe(200);
    await seeded.call("POST", `/api/v1/organizers/region/api-clients/${client.id}/disable`, undefined, {
      expect: 200,
    });
    expect((await lookup(body, { token: retired })).statusCode).toBe(401);
    const relogin = await post("/api/token-auth/", { username: "retired-app", password: PARTNER_PASSWORD });
    expect(relogin.statusCode).toBe(400);
  });

  it("malformed input is a JSON 400 naming the field, never a 500", async () => {
    const code = seeded.family.guests[0]?.auth_code;
    const cases: [unknown, string][] = [
      [{ gemeinde_id: 1 }, "auth_code"],
      [{ auth_code: code }, "gemeinde_id"],
      [{ auth_code: code, gemeinde_id: "eins" }, "gemeinde_id"],
      [{ auth_code: code, gemeinde_id: 1.5 }, "gemeinde_id"],
      [{ auth_code: code, gemeinde_id: [1] }, "gemeinde_id"],
      [{ auth_code: code, gemeinde_id: 1, get_all: "vielleicht" }, "get_all"],
      [{ auth_code: { $ne: "" }, gemeinde_id: 1 }, "auth_code"],
    ];
    for (const [body, field] of cases) {
      const res = await lookup(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json()).toMatchObject({ status_code: 400, [field]: [expect.any(String)] });
    }
    const broken = await t.app.inject({
      method: "POST",
      url: LOOKUP,
      headers: { authorization: `JWT ${token}`, "content-type": "application/json" },
      payload: '{"auth_code": ',
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json()).toMatchObject({ status_code: 400, detail: expect.any(String) });
    const get = await t.app.inject({ method: "GET", url: LOOKUP });
    expect(get.statusCode).toBe(405);
    expect(get.json()).toEqual({ detail: 'Method "GET" not allowed.', status_code: 405 });
  });

  it("guessing does not pay: failures are limited per address and per client, with a 429 JSON", async () => {
    // Address limit (5 here): a sixth request from that address is refused, even with a valid code.
    const valid = { auth_code: seeded.family.guests[0]?.auth_code, gemeinde_id: 1 };
    await seeded.client("region", "from-one-address", [1]);
    const fromOne = await logIn("from-one-address");
    const ip = "203.0.113.7";
    for (let i = 0; i < 5; i++)
      expect(
        (await lookup({ auth_code: `guess${i}aa`, gemeinde_id: 1 }, { ip, token: fromOne })).statusCode,
      ).toBe(404);
    const blocked = await lookup(valid, { ip, token: fromOne });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json()).toMatchObject({ status_code: 429, detail: expect.any(String) });
    expect(blocked.headers["retry-after"]).toBeDefined();
    expect((await lookup(valid, { ip: "203.0.113.8", token: fromOne })).statusCode).toBe(200);

    // Client limit (8 here): spread over many addresses, the ninth guess of one client is refused.
    await seeded.client("region", "guesser", [1]);
    const guesser = await logIn("guesser");
    for (let i = 0; i < 8; i++)
      expect(
        (await lookup({ auth_code: `abcdef${i}k`, gemeinde_id: 1 }, { token: guesser })).statusCode,
      ).toBe(404);
    expect((await lookup(valid, { token: guesser })).statusCode).toBe(429);
    // Other clients are not affected.
    expect((await lookup(valid, { token: fromOne })).statusCode).toBe(200);
  });

  it("token-auth failures are limited too", async () => {
    const ip = "198.51.100.77";
    for (let i = 0; i < 10; i++)
      expect(
        (await post("/api/token-auth/", { username: "sellin-app", password: `wrong-${i}` }, { ip }))
          .statusCode,
      ).toBe(400);
    const res = await post("/api/token-auth/", { username: "sellin-app", password: PARTNER_PASSWORD });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ status_code: 429 });
  });

  it("/api/v1 offers the same lookup in the platform's conventions", async () => {
    await seeded.client("region", "v1-app", [1]);
    const tokenRes = await post("/api/v1/partner/token", { username: "v1-app", password: PARTNER_PASSWORD });
    expect(tokenRes.statusCode).toBe(200);
    const v1 = (tokenRes.json() as { token: string; expires_at: string }).token;
    const erika = seeded.family.guests[1];
    const res = await post(
      "/api/v1/partner/guest-cards/lookup",
      { auth_code: erika?.auth_code, municipality: 1, all_guests: true },
      { auth: `JWT ${v1}` },
    );
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      registration_form: Record<string, unknown> & { guests: unknown[] };
      qr_code: { data: string; mime: string };
    };
    expect(body.registration_form).toMatchObject({
      id: seeded.family.id,
      number: "1133",
      municipality: 1,
      arrival_date: "2023-07-24",
      departure_date: "2023-08-06",
      travel_days: 13,
      overnight_stays: 26,
    });
    expect(body.registration_form.guests).toHaveLength(2);
    expect(body.qr_code.mime).toBe("image/jpeg");
    expect(await decodeQrImage(Buffer.from(body.qr_code.data, "base64"))).toBe(erika?.auth_code);
    const unknown = await post(
      "/api/v1/partner/guest-cards/lookup",
      { auth_code: "zzzzzzzz", municipality: 1 },
      { auth: `JWT ${v1}` },
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({
      error: { code: "unknown_auth_code", message: "Unknown auth code [zzzzzzzz]" },
    });
    const bad = await post("/api/v1/partner/guest-cards/lookup", { auth_code: "x" }, { auth: `JWT ${v1}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: "validation_failed" } });
    const anonymous = await post("/api/v1/partner/guest-cards/lookup", { auth_code: "x", municipality: 1 });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ error: { code: "not_authenticated" } });
  });
});
