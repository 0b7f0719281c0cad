import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { phonePhoto, SECRET_PLACE } from "../../testing/pictures.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

const EV = "/api/v1/organizers/org/events/series";

describe.each(dialects)("the event presentation API on %s", (dialect) => {
  let t: TestApp;
  let call: Awaited<ReturnType<typeof seedSeries>>["call"];
  let viewToken: string;

  const upload = (body: Buffer | string, type: string, headers: Record<string, string> = adminHeaders) =>
    t.app.inject({
      method: "PUT",
      url: `${EV}/cover`,
      payload: body,
      headers: { ...headers, "content-type": type },
    });
  const get = (url: string, headers: Record<string, string> = {}) =>
    t.app.inject({ method: "GET", url, headers });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ call } = await seedSeries(t));
    viewToken = (
      await call<{ token: string }>(
        "POST",
        "/api/v1/organizers/org/tokens",
        { name: "viewer", level: "view" },
        { expect: 201 },
      )
    ).body.token;
  });
  afterAll(async () => t?.close());

  it("sets the description, which the event then carries", async () => {
    const res = await call(
      "PUT",
      `${EV}/description`,
      { markdown: "# Night\n\n**Bring** friends" },
      { expect: 200 },
    );
    expect(res.body).toEqual({ description: "# Night\n\n**Bring** friends", cover_url: null });
    expect((await call("GET", EV, undefined, { expect: 200 })).body).toMatchObject({
      description: "# Night\n\n**Bring** friends",
      cover_url: null,
    });
    expect((await call("PUT", `${EV}/description`, { markdown: "x".repeat(20_001) })).status).toBe(400);
    const viewer = { authorization: `Bearer ${viewToken}` };
    expect((await call("PUT", `${EV}/description`, { markdown: "mine" }, { headers: viewer })).status).toBe(
      403,
    );
  });

  it("takes a phone photo as the cover and serves it resized, without EXIF, cacheable for good", async () => {
    const res = await upload(await phonePhoto(4000, 3000, "jpeg"), "image/jpeg");
    expect(res.statusCode).toBe(200);
    const { cover_url } = res.json() as { cover_url: string };
    expect(cover_url).toMatch(/^\/covers\/\d+-[0-9a-f]{12}\.jpg$/);
    expect((await call("GET", EV)).body).toMatchObject({ cover_url });

    const served = await get(cover_url);
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/jpeg");
    expect(served.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    const meta = await sharp(served.rawPayload).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 1600, height: 900 });
    expect(meta.exif).toBeUndefined();
    expect(served.rawPayload.toString("latin1")).not.toContain(SECRET_PLACE);

    const etag = String(served.headers.etag);
    expect((await get(cover_url, { "if-none-match": etag })).statusCode).toBe(304);
    const small = await get(`${cover_url}?w=480`);
    expect(await sharp(small.rawPayload).metadata()).toMatchObject({ width: 480, height: 270 });
    expect(small.headers.etag).not.toBe(etag);
    // Widths other than the offered ones get the full picture rather than a resize on demand.
    expect((await sharp((await get(`${cover_url}?w=7`)).rawPayload).metadata()).width).toBe(1600);

    // A new picture gets a new address; the old one is gone, and guessing is no use either.
    const next = (await upload(await phonePhoto(1920, 1080, "webp"), "image/webp")).json() as {
      cover_url: string;
    };
    expect(next.cover_url).not.toBe(cover_url);
    expect((await get(cover_url)).statusCode).toBe(404);
    expect((await get(next.cover_url.replace(/-[0-9a-f]{12}/, "-000000000000"))).statusCode).toBe(404);
    expect((await get("/covers/1-abc.jpg")).statusCode).toBe(404);
    expect((await get("/covers/99999999999999-000000000000.jpg")).statusCode).toBe(404);
    expect((await get("/covers/2147483648-000000000000.jpg")).statusCode).toBe(404);
  });

  it("refuses what is no picture (400), the wrong type (415), too big (413), and viewers (403)", async () => {
    const code = (res: { statusCode: number; json: () => unknown }) =>
      `${res.statusCode} ${(res.json() as { error: { code: string } }).error.code}`;
    expect(code(await upload("not a picture", "image/png"))).toBe("400 cover_unreadable");
    expect(code(await upload(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/jpeg"))).toBe(
      "400 cover_unreadable",
    );
    expect(code(await upload("GIF89a", "image/gif"))).toBe("415 unsupported_media_type");
    expect(code(await upload(Buffer.alloc(5 * 1024 * 1024 + 1, 0xff), "image/jpeg"))).toBe(
      "413 payload_too_large",
    );
    const png = await phonePhoto(800, 450, "png");
    expect(code(await upload(png, "image/png", { authorization: `Bearer ${viewToken}` }))).toBe(
      "403 forbidden",
    );
    // Anonymous callers learn nothing, not even that the organizer exists.
    expect((await upload(png, "image/png", {})).statusCode).toBe(404);
  });

  it("removes the cover", async () => {
    const before = (await call<{ cover_url: string }>("GET", EV)).body.cover_url;
    await call("DELETE", `${EV}/cover`, undefined, { expect: 204 });
    expect((await call("GET", EV)).body).toMatchObject({ cover_url: null });
    expect((await get(before)).statusCode).toBe(404);
  });

  it("hides an audience event's cover from those it is not for", async () => {
    await upload(await phonePhoto(800, 450, "png"), "image/png");
    await call("PATCH", EV, { visibility: "audience" }, { expect: 200 });
    const { cover_url } = (await call<{ cover_url: string }>("GET", EV)).body;
    expect((await get(cover_url)).statusCode).toBe(404);
    const seen = await get(cover_url, adminHeaders);
    expect(seen.statusCode).toBe(200);
    expect(seen.headers["cache-control"]).toBe("private, max-age=31536000, immutable");
    await call("PATCH", EV, { visibility: "public" }, { expect: 200 });
  });

  it("documents the routes in OpenAPI", async () => {
    const spec = (await get("/api/v1/openapi.json")).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    };
    const base = "/api/v1/organizers/{organizer}/events/{event}";
    expect(Object.keys(spec.paths[`${base}/cover`] ?? {}).sort()).toEqual(["delete", "put"]);
    expect(Object.keys(spec.paths[`${base}/cover`]?.put?.requestBody?.content ?? {})).toEqual([
      "image/jpeg",
      "image/png",
      "image/webp",
    ]);
    expect(spec.paths[`${base}/description`]?.put).toBeDefined();
  });
});
