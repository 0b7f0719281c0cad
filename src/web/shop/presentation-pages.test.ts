import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LANG_COOKIE } from "../../platform/http/request.js";
import { createTestApp, type TestApp } from "../../testing/app.js";
import { dialects } from "../../testing/databases.js";
import { phonePhoto } from "../../testing/pictures.js";
import { adminHeaders, seedSeries } from "../../testing/ticketing.js";

const PAGE = "/admin/organizers/org/events/series/presentation";

/** A multipart/form-data body as a browser sends a form with a file input. */
function multipart(fields: Record<string, string>, file?: { name: string; type: string; bytes: Buffer }) {
  const boundary = "----tessera-test-boundary";
  const parts = Object.entries(fields).map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const head = Buffer.from(
    parts.join("") +
      (file
        ? `--${boundary}\r\nContent-Disposition: form-data; name="cover"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`
        : ""),
  );
  const tail = Buffer.from(`${file ? "\r\n" : ""}--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, file?.bytes ?? Buffer.alloc(0), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

describe.each(dialects)("covers and descriptions on the pages, on %s", (dialect) => {
  let t: TestApp;

  const page = (url: string, lang = "en") =>
    t.app.inject({ method: "GET", url, headers: { accept: "text/html", cookie: `${LANG_COOKIE}=${lang}` } });
  const admin = (method: "GET" | "POST", url: string, form?: Record<string, string>) =>
    t.app.inject({
      method,
      url,
      headers: { ...adminHeaders, accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
      payload: form ? new URLSearchParams(form).toString() : undefined,
    });
  const upload = (file?: { name: string; type: string; bytes: Buffer }) => {
    const body = multipart({}, file);
    return t.app.inject({
      method: "POST",
      url: `${PAGE}/cover`,
      headers: { ...adminHeaders, accept: "text/html", "content-type": body.contentType },
      payload: body.payload,
    });
  };

  beforeAll(async () => {
    t = await createTestApp(dialect, { TIME_ZONE: "Europe/Berlin" });
    const { call, ev } = await seedSeries(t);
    await call("POST", `${ev}/ticket-types`, { name: "Premium", price: "20.00" }, { expect: 201 });
    await call("POST", "/api/v1/organizers/org/events", { slug: "talk", name: "A talk" }, { expect: 201 });
    const talk = "/api/v1/organizers/org/events/talk";
    await call("POST", `${talk}/dates`, { starts_at: "2031-06-01T16:00:00Z" }, { expect: 201 });
    await call("POST", `${talk}/ticket-types`, { name: "Entry", price: "0" }, { expect: 201 });
    await call("PUT", `${talk}/description`, { markdown: "Come **early**." }, { expect: 200 });
  });
  afterAll(async () => t?.close());

  it("the organizer previews, saves a description and uploads a cover through the forms", async () => {
    const empty = await admin("GET", PAGE);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('aria-current="page">Description &amp; image</a>');
    expect(empty.body).toContain("No cover image yet.");

    const preview = await admin("POST", PAGE, { intent: "preview", markdown: "Hello **there** <b>x</b>" });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain("Preview (not saved yet)");
    expect(preview.body).toContain("<p>Hello <strong>there</strong> &lt;b&gt;x&lt;/b&gt;</p>");
    expect(preview.body).toContain(">Hello **there** &lt;b&gt;x&lt;/b&gt;</textarea>");
    expect((await page("/e/org/series")).body).not.toContain("there");

    const saved = await admin("POST", PAGE, { intent: "save", markdown: "Hello **there**" });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`${PAGE}?flash=flash.saved`);
    const tooLong = await admin("POST", PAGE, { intent: "save", markdown: "y".repeat(20_001) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('role="alert"');

    expect((await upload()).body).toContain("Choose an image file first.");
    const refused = await upload({ name: "notes.txt", type: "image/png", bytes: Buffer.from("hello") });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain("This file is not a picture we can read");
    const ok = await upload({ name: "stage.jpg", type: "image/jpeg", bytes: await phonePhoto(2000, 1500) });
    expect(ok.statusCode).toBe(303);
    const shown = await admin("GET", PAGE);
    const src = /<img class="cover" src="([^"]+)"/.exec(shown.body)?.[1] ?? "";
    const served = await t.app.inject({ method: "GET", url: src });
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({
      format: "jpeg",
      width: 960,
      height: 540,
    });
    expect(shown.body).toContain("Remove image");
  });

  it("the start page shows each event once, with its cover, its price from, and Berlin times named", async () => {
    const home = await page("/");
    const cards = home.body.split('<li class="card event-card">').slice(1);
    expect(cards).toHaveLength(2);
    const [series, talk] = cards as [string, string];
    expect(series).toContain('<a class="title-link" href="/e/org/series">Series</a>');
    expect(series).toContain("Sat, Mar 1, 2031, 8:00 PM GMT+1");
    expect(series).toContain("First night");
    expect(series).toContain('<p class="price">from €12.50</p>');
    expect(series).toContain("Hello there");
    expect(series).toMatch(
      /<img class="cover" src="\/covers\/\d+-[0-9a-f]{12}\.jpg\?w=960" srcset="[^"]+480w, [^"]+960w, [^"]+1600w"/,
    );
    expect(series).toContain('width="1600" height="900" alt="Cover image of Series"');
    expect(talk).toContain('<div class="cover placeholder"></div>');
    expect(talk).toContain('<p class="price">Free</p>');
    expect(talk).toContain("Come early.");

    const de = await page("/", "de");
    expect(de.body).toContain("Sa., 1. März 2031, 20:00 MEZ");
    expect(de.body).toContain("ab 12,50\u00a0€");
    expect(de.body).toContain("Kostenlos");
    expect((await page("/", "fr")).body).toContain("à partir de 12,50\u00a0€");
  });

  it("the event page shows the cover, the rendered description and local times; a single event's before its tickets", async () => {
    const series = (await page("/e/org/series")).body;
    expect(series).toMatch(/<img class="cover hero" [^>]*fetchpriority="high"/);
    expect(series).toContain('<p class="price">from €12.50</p>');
    expect(series).toContain("Saturday, March 1, 2031 at 8:00 PM GMT+1");
    expect(series).toContain(
      '<h2 id="h-about">About this event</h2><div class="description"><p>Hello <strong>there</strong></p>',
    );
    const date = (await page("/e/org/series/dates/1")).body;
    expect(date.indexOf('id="tickets"')).toBeLessThan(date.indexOf('id="h-about"'));

    const talk = (await page("/e/org/talk")).body;
    expect(talk).toContain('<a href="#tickets">Tickets ↓</a>');
    expect(talk.indexOf("Come <strong>early</strong>")).toBeLessThan(talk.indexOf('id="tickets"'));
    expect(talk).toContain("Sunday, June 1, 2031 at 6:00 PM GMT+2");
    const month = (await page("/e/org/series?view=month&month=2031-03")).body;
    expect(month).toContain("Times are local to the event (Europe/Berlin).");
  });

  it("the cover goes away when removed", async () => {
    expect((await admin("POST", `${PAGE}/cover/delete`, {})).statusCode).toBe(303);
    expect((await page("/e/org/series")).body).not.toContain("<img");
    expect((await admin("GET", PAGE)).body).toContain("No cover image yet.");
  });
});
