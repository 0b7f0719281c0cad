import fs from "node:fs";
import path from "node:path";
import type { Writable } from "node:stream";
import { ZipArchive } from "archiver";
import type { Actor } from "../../platform/auth/actor.js";
import type { Db } from "../../platform/db/index.js";
import { domainError } from "../../platform/errors.js";
import { formatMoney } from "../../platform/money.js";
import { recordAudit } from "../audit/audit-log.js";
import { safeName } from "../exports/writers.js";
import { uploadsDir } from "../information/answers.js";
import { loadPayments, presentPayment } from "../orders/queries.js";
import { ownPositions, personGuests, personOrders } from "./deletion.js";

/**
 * Everything the platform holds about the signed-in person (GDPR art. 15 and 20): the account, every
 * order placed with it or for its e-mail, their tickets with options and answers, check-ins and
 * payments, guest cards with their e-mail and experience bookings. Ticket secrets and auth codes are left
 * out (they are credentials, and on the person's tickets and cards anyway).
 */
export async function personalData(db: Db, actor: Actor) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
  const k = db.kysely;
  const user = await k
    .selectFrom("users")
    .selectAll()
    .where("id", "=", actor.user.id)
    .executeTakeFirstOrThrow();
  const memberships = await k
    .selectFrom("user_memberships")
    .select("association")
    .where("user_id", "=", user.id)
    .execute();
  const orderRows = await personOrders(k, user);
  const orderIds = orderRows.map((o) => o.id);
  // `in ()` is no valid SQL: an impossible id stands in for no orders.
  const ids = orderIds.length > 0 ? orderIds : [-1];
  const [orders, positions, options, values, scans, payments] = await Promise.all([
    k
      .selectFrom("orders as o")
      .innerJoin("events as e", "e.id", "o.event_id")
      .innerJoin("organizers as g", "g.id", "e.organizer_id")
      .select([
        "o.id",
        "o.code",
        "o.status",
        "o.email",
        "o.total_minor",
        "o.currency",
        "o.created_at",
        "o.paid_at",
        "o.cancelled_at",
        "o.opposed_at",
        "e.name as event",
        "g.name as organizer",
      ])
      .where("o.id", "in", ids)
      .orderBy("o.id")
      .execute(),
    k
      .selectFrom("order_positions as p")
      .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
      .leftJoin("event_dates as d", "d.id", "p.date_id")
      .select([
        "p.id",
        "p.order_id",
        "t.name as ticket_type",
        "d.starts_at as date",
        "p.price_minor",
        "p.attendee_name",
        "p.created_at",
      ])
      .where("p.order_id", "in", ids)
      .orderBy("p.id")
      .execute(),
    k
      .selectFrom("order_position_options as x")
      .innerJoin("order_positions as p", "p.id", "x.position_id")
      .select(["x.position_id", "x.name", "x.price_minor"])
      .where("p.order_id", "in", ids)
      .execute(),
    k
      .selectFrom("information_values as v")
      .innerJoin("order_positions as p", "p.id", "v.position_id")
      .innerJoin("information_fields as f", "f.id", "v.field_id")
      .select([
        "v.position_id",
        "v.field_id",
        "f.label",
        "v.value",
        "v.file_key",
        "v.file_name",
        "v.file_type",
        "v.file_size",
        "v.updated_at",
        "v.validated_at",
      ])
      .where("p.order_id", "in", ids)
      .execute(),
    k
      .selectFrom("checkin_scans as s")
      .innerJoin("order_positions as p", "p.id", "s.position_id")
      .innerJoin("checkin_lists as l", "l.id", "s.list_id")
      .select(["s.position_id", "l.name as list", "s.type", "s.status", "s.reason", "s.scanned_at"])
      .where("p.order_id", "in", ids)
      .orderBy("s.id")
      .execute(),
    Promise.all(orderIds.map((id) => loadPayments(db, id))),
  ]);
  // Experience bookings (seed 002) made with the person's e-mail or with one of their own Tessera tickets
  // (ticket number `CODE-positionId`), and guest cards (seed 001) with their e-mail. Auth codes are
  // left out like ticket secrets.
  // Only their own tickets: bookings made with tickets they bought for others are those people's.
  const own = new Set(orderIds.flatMap((id) => ownPositions(positions, id, user.name)));
  const tesseraTickets = positions
    .filter((p) => own.has(p.id))
    .map((p) => `${orders.find((o) => o.id === p.order_id)?.code}-${p.id}`);
  const guestIds = (await personGuests(k, user.email)).map((g) => g.id);
  const [bookings, guests] = await Promise.all([
    k
      .selectFrom("experience_bookings as b")
      .innerJoin("experience_slots as s", "s.id", "b.slot_id")
      .innerJoin("experiences as x", "x.id", "s.experience_id")
      .innerJoin("events as e", "e.id", "b.event_id")
      .select([
        "b.id",
        "e.name as event",
        "x.title as experience",
        "s.starts_at",
        "s.ends_at",
        "b.ticket_number",
        "b.kind",
        "b.name",
        "b.email",
        "b.created_at",
        "b.cancelled_at",
      ])
      .where((eb) =>
        eb.or([
          eb(eb.fn("lower", ["b.email"]), "=", user.email.toLowerCase()),
          eb("b.ticket_number", "in", tesseraTickets.length > 0 ? tesseraTickets : [""]),
        ]),
      )
      .orderBy("b.id")
      .execute(),
    k
      .selectFrom("guests as g")
      .innerJoin("registration_forms as f", "f.id", "g.form_id")
      .innerJoin("municipalities as m", "m.id", "f.municipality_id")
      .select([
        "g.id",
        "m.name as municipality",
        "f.number as registration_form",
        "f.arrival_date",
        "f.departure_date",
        "f.status",
        "g.first_name",
        "g.last_name",
        "g.email",
        "g.tariff_alias as tariff",
        "g.created_at",
      ])
      .where("g.id", "in", guestIds.length > 0 ? guestIds : [-1])
      .orderBy("g.id")
      .execute(),
  ]);
  const data = {
    generated_at: new Date().toISOString(),
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      kind: user.kind,
      locale: user.locale,
      school: user.school,
      class_year: user.class_year,
      memberships: memberships.map((m) => m.association),
      created_at: user.created_at,
      last_login_at: user.last_login_at,
    },
    orders: orders.map((o) => ({
      code: o.code,
      organizer: o.organizer,
      event: o.event,
      status: o.status,
      email: o.email,
      total: formatMoney(o.total_minor),
      currency: o.currency,
      created_at: o.created_at,
      paid_at: o.paid_at,
      cancelled_at: o.cancelled_at,
      opposed_at: o.opposed_at,
      tickets: positions
        .filter((p) => p.order_id === o.id)
        .map((p) => ({
          id: p.id,
          ticket_type: p.ticket_type,
          date: p.date,
          price: formatMoney(p.price_minor),
          attendee_name: p.attendee_name,
          options: options.filter((x) => x.position_id === p.id).map((x) => x.name),
          answers: values
            .filter((v) => v.position_id === p.id)
            .map((v) => ({
              question: v.label,
              value: v.value,
              file: v.file_key
                ? { name: v.file_name, type: v.file_type, size: v.file_size, in_zip: zipName(v) }
                : null,
              updated_at: v.updated_at,
              validated_at: v.validated_at,
            })),
          check_ins: scans
            .filter((s) => s.position_id === p.id)
            .map((s) => ({
              list: s.list,
              type: s.type,
              status: s.status,
              reason: s.reason,
              at: s.scanned_at,
            })),
        })),
      payments: (payments[orderIds.indexOf(o.id)] ?? []).map(presentPayment),
    })),
    experience_bookings: bookings.map(({ id: _id, ...b }) => b),
    guest_cards: guests.map(({ id: _id, ...g }) => g),
  };
  await recordAudit(k, actor, "data.export", `user:${user.id}`, null);
  const files = values
    .filter((v) => v.file_key)
    .map((v) => ({ key: v.file_key as string, name: zipName(v) }));
  return { data, files };
}

const zipName = (v: { position_id: number; field_id: number; file_name: string | null }) =>
  `files/${v.position_id}-${v.field_id}-${safeName(v.file_name ?? "file")}`;

/** The same JSON plus the person's uploaded files, streamed as a ZIP. */
export async function writePersonalDataZip(db: Db, dataDir: string, actor: Actor, out: Writable) {
  const { data, files } = await personalData(db, actor);
  const archive = new ZipArchive({ zlib: { level: 6 } });
  archive.pipe(out);
  archive.append(JSON.stringify(data, null, 2), { name: "my-data.json" });
  for (const file of files) {
    const source = path.join(uploadsDir(dataDir), file.key);
    if (fs.existsSync(source)) archive.file(source, { name: file.name });
  }
  await archive.finalize();
}
