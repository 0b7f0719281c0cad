import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Actor, anonymous, superadmin } from "../../platform/auth/actor.js";
import { createTestDatabase, dialects, type TestDatabase } from "../../testing/databases.js";
import { averageColour, phonePhoto, SECRET_PLACE } from "../../testing/pictures.js";
import { priceSummary } from "../catalog/prices.js";
import { createOrganizer } from "../organizers/service.js";
import {
  coverPath,
  coverVersion,
  getEventCover,
  MAX_COVER_UPLOAD,
  removeEventCover,
  setEventCover,
  setEventDescription,
} from "./presentation.js";
import { createEvent, type EventRow } from "./service.js";

const codeOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => "resolved",
    (error: { code?: string; httpStatus?: number }) => `${error.httpStatus} ${error.code}`,
  );

describe.each(dialects)("event description and cover on %s", (dialect) => {
  let database: TestDatabase;
  let event: EventRow;
  let viewer: Actor;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    const organizer = await createOrganizer(database.db, superadmin, { slug: "hall", name: "Hall" });
    event = await createEvent(database.db, superadmin, organizer, { slug: "gala", name: "Gala" });
    viewer = { kind: "token", tokenId: 1, organizerId: organizer.id, level: "view" };
  });
  afterAll(async () => database?.drop());

  it("turns a 4000×3000 PNG into a 1600×900 JPEG, cropped, not squeezed", async () => {
    const saved = await setEventCover(database.db, superadmin, event, await phonePhoto(4000, 3000, "png"));
    const version = coverVersion(saved) as string;
    expect(version).toMatch(/^[0-9a-f]{12}$/);
    expect(coverPath(saved)).toBe(`/covers/${event.id}-${version}.jpg`);
    const { data } = await getEventCover(database.db, event.id, version);
    const meta = await sharp(data).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 1600, height: 900 });
    expect(data.length).toBeLessThan(200_000);
    // The red block (a quarter of the width, from 1/16 in) is still a quarter: cropped, not squeezed.
    const [r, g, b] = await averageColour(data, { left: 160, top: 420, width: 60, height: 60 });
    expect(r).toBeGreaterThan(180);
    expect(g + b).toBeLessThan(120);
    const narrow = await getEventCover(database.db, event.id, version, 480);
    expect(await sharp(narrow.data).metadata()).toMatchObject({ width: 480, height: 270 });
    // An old or guessed version is no address at all.
    expect(await codeOf(getEventCover(database.db, event.id, "0123456789ab"))).toBe("404 not_found");
  });

  it("strips EXIF (the place, the GPS position) and turns the picture upright", async () => {
    const photo = await phonePhoto(1200, 800, "jpeg", 6);
    const before = await sharp(photo).metadata();
    expect(before.exif?.toString("latin1")).toContain(SECRET_PLACE);
    expect(before.orientation).toBe(6);
    const saved = await setEventCover(database.db, superadmin, event, photo);
    const { data } = await getEventCover(database.db, event.id, coverVersion(saved) as string);
    const meta = await sharp(data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    // Turned upright the photo is 800×1200: a 16:9 crop of it is 800 wide.
    expect(meta).toMatchObject({ width: 800, height: 450 });
    expect(data.toString("latin1")).not.toContain(SECRET_PLACE);
    expect(data.toString("latin1")).not.toContain("TestPhone");
  });

  it("takes WebP; refuses what is no picture (400), too small (400) or too big (413)", async () => {
    const webp = await setEventCover(database.db, superadmin, event, await phonePhoto(960, 540, "webp"));
    expect(
      (
        await sharp(
          (
            await getEventCover(database.db, event.id, coverVersion(webp) as string)
          ).data,
        ).metadata()
      ).width,
    ).toBe(960);
    const cover = (bytes: Buffer) => codeOf(setEventCover(database.db, superadmin, event, bytes));
    expect(
      await cover(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg' width='900' height='600'/>")),
    ).toBe("400 cover_unreadable");
    expect(await cover(Buffer.from("GIF89a not really"))).toBe("400 cover_unreadable");
    const jpeg = await phonePhoto(1600, 900, "jpeg");
    expect(await cover(jpeg.subarray(0, 2000))).toBe("400 cover_unreadable");
    expect(await cover(await phonePhoto(300, 200, "png"))).toBe("400 cover_too_small");
    expect(await cover(Buffer.alloc(MAX_COVER_UPLOAD + 1, 0xff))).toBe("413 payload_too_large");
    // Nothing refused replaced the picture.
    const row = await database.db.kysely
      .selectFrom("events")
      .selectAll()
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(coverVersion(row)).toBe(coverVersion(webp));
  });

  it("keeps the Markdown source, at most 20,000 characters, for the event's managers only", async () => {
    const saved = await setEventDescription(
      database.db,
      superadmin,
      event,
      "# Gala\r\n\r\nBring **friends**.",
    );
    expect(saved.description).toBe("# Gala\n\nBring **friends**.");
    expect(await codeOf(setEventDescription(database.db, superadmin, event, "x".repeat(20_001)))).toBe(
      "400 validation_failed",
    );
    expect(await codeOf(setEventDescription(database.db, viewer, event, "mine now"))).toBe("403 forbidden");
    expect(await codeOf(setEventDescription(database.db, anonymous, event, "mine now"))).toBe(
      "401 unauthenticated",
    );
    expect(await codeOf(setEventCover(database.db, viewer, event, Buffer.alloc(10)))).toBe("403 forbidden");
    expect(await codeOf(removeEventCover(database.db, viewer, event))).toBe("403 forbidden");
    await removeEventCover(database.db, superadmin, event);
    const row = await database.db.kysely
      .selectFrom("events")
      .selectAll()
      .where("id", "=", event.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      description: "# Gala\n\nBring **friends**.",
      cover_type: null,
      cover_data: null,
    });
    expect(coverPath(row)).toBeNull();
  });
});

describe("price summary", () => {
  const type = (price_minor: number, more: Partial<Parameters<typeof priceSummary>[0][number]> = {}) => ({
    price_minor,
    restricted: 0 as const,
    requires_voucher: 0 as const,
    sales_start: null,
    sales_end: null,
    ...more,
  });
  const now = "2031-01-01T12:00:00.000Z";

  it("is the lowest and highest price on sale to everyone now", () => {
    expect(priceSummary([type(2000), type(1500), type(900, { restricted: 1 })], "EUR", now)).toEqual({
      min: 1500,
      max: 2000,
      currency: "EUR",
    });
    expect(
      priceSummary(
        [
          type(500, { requires_voucher: 1 }),
          type(700, { sales_end: "2030-12-31T00:00:00.000Z" }),
          type(800, { sales_start: "2031-02-01T00:00:00.000Z" }),
          type(3000),
        ],
        "CHF",
        now,
      ),
    ).toEqual({ min: 3000, max: 3000, currency: "CHF" });
    expect(priceSummary([type(0)], "EUR", now)).toEqual({ min: 0, max: 0, currency: "EUR" });
    expect(priceSummary([type(100, { restricted: 1 })], "EUR", now)).toBeNull();
  });
});
