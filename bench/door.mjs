// Door benchmark: one check-in list over 100,000 paid tickets; N scans over HTTP (each ticket once,
// signed secrets), then offline signature checks as a scanner runs them. Used by bench/run.mjs.
import crypto from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { postJson } from "./harness.mjs";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = (p) => import(path.join(root, "dist", p));
export const DOOR_TICKETS = Number(process.env.BENCH_DOOR_TICKETS ?? 100_000);
export const DOOR_SCANS = Number(process.env.BENCH_DOOR_SCANS ?? 20_000);
const CHUNK = 1000;

/** Seeds the tickets straight into the database (signed secrets, as checkout issues them). */
export async function seedDoor(db, platformKey) {
  const { superadmin } = await dist("platform/auth/actor.js");
  const { createOrganizer } = await dist("modules/organizers/service.js");
  const { createEvent, addDate } = await dist("modules/events/service.js");
  const { createTicketType } = await dist("modules/catalog/service.js");
  const { createCheckinList } = await dist("modules/checkin/lists.js");
  const { ticketSigner } = await dist("modules/credentials/secrets.js");
  const signer = ticketSigner(platformKey);
  const organizer = await createOrganizer(db, superadmin, { slug: "door", name: "Door" });
  const event = await createEvent(db, superadmin, organizer, {
    slug: "festival",
    name: "Festival",
    is_series: true,
  });
  const date = await addDate(db, superadmin, event, { starts_at: "2031-07-01T16:00:00Z" });
  const type = await createTicketType(db, superadmin, event, { name: "Pass", price: "30.00" });
  const list = await createCheckinList(db, superadmin, event, {
    name: "Gate",
    date: date.id,
    entry_policy: "once",
  });
  const now = new Date().toISOString();
  const secrets = [];
  for (let start = 0; start < DOOR_TICKETS; start += CHUNK) {
    const n = Math.min(CHUNK, DOOR_TICKETS - start);
    const orders = await db.kysely
      .insertInto("orders")
      .values(
        Array.from({ length: n }, (_, k) => ({
          event_id: event.id,
          code: `D${String(start + k).padStart(7, "0")}`,
          user_id: null,
          email: `guest${start + k}@example.org`,
          status: "paid",
          total_minor: 3000,
          currency: "EUR",
          voucher_id: null,
          voucher_uses: 0,
          expires_at: null,
          created_at: now,
          paid_at: now,
          cancelled_at: null,
          opposed_at: null,
          locale: "en",
        })),
      )
      .returning("id")
      .execute();
    const batch = orders.map(() => signer.issue(event.id));
    secrets.push(...batch);
    await db.kysely
      .insertInto("order_positions")
      .values(
        orders.map((o, k) => ({
          order_id: o.id,
          ticket_type_id: type.id,
          date_id: date.id,
          price_minor: 3000,
          attendee_name: `Guest ${start + k}`,
          secret: batch[k],
          created_at: now,
        })),
      )
      .execute();
  }
  return { organizer: organizer.slug, event, list, secrets, publicKey: signer.publicKey(event.id) };
}

/** Offline: how many secrets a scanner can check per second with the event's public key. */
export async function offlineVerifications(seeded, seconds = 2) {
  const { offlineVerifier } = await dist("modules/credentials/secrets.js");
  const verify = offlineVerifier(seeded.publicKey, seeded.event.id);
  const perSecond = loop(seconds, (i) => verify(seeded.secrets[i % seeded.secrets.length]));
  // The ceiling: node:crypto's Ed25519 verify alone, messages and signatures decoded beforehand.
  const key = crypto.createPublicKey({
    key: Buffer.concat([
      Buffer.from("302a300506032b6570032100", "hex"),
      Buffer.from(seeded.publicKey, "base64url"),
    ]),
    format: "der",
    type: "spki",
  });
  const decoded = seeded.secrets.slice(0, 1000).map((secret) => {
    const [random, signature] = secret.split(".");
    return [
      Buffer.from(`tessera-ticket:v1:${seeded.event.id}:${random}`),
      Buffer.from(signature, "base64url"),
    ];
  });
  const raw = loop(seconds, (i) =>
    crypto.verify(null, decoded[i % decoded.length][0], key, decoded[i % decoded.length][1]),
  );
  return { perSecond, raw };
}

/** Calls check(i) for i = 0, 1, … during `seconds`; calls per second. */
function loop(seconds, check) {
  let i = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    if (!check(i)) throw new Error("a valid secret failed");
    i++;
  }
  return i / ((performance.now() - started) / 1000);
}

/** Online: each of DOOR_SCANS tickets scanned once at the gate, `parallel` scanners at a time. */
export async function doorRush(drive, urls, seeded, token, parallel) {
  const route = `/api/v1/organizers/${seeded.organizer}/events/festival/checkin-lists/${seeded.list.id}/redeem`;
  const result = await drive(urls, DOOR_SCANS, parallel, (i) =>
    postJson(route, { secret: seeded.secrets[i], nonce: `scan-${i}` }, { authorization: `Bearer ${token}` }),
  );
  const ok = result.statuses.get(200) ?? 0;
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    redeemsPerSecond: DOOR_SCANS / result.seconds,
    p50: sorted[Math.floor(sorted.length * 0.5)],
    p99: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))],
    ok,
  };
}
