import { hmac, safeEqual } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import { notFound } from "../../platform/errors.js";

/**
 * A guest's own card page is reached by an unguessable link (the guest id and an HMAC over it and the
 * auth code), never by the auth code itself: the code is the credential partners check, and a page
 * keyed by it would be an oracle for guessing. A removed guest's link stops working.
 */
export function guestCardToken(secret: string, guest: { id: number; auth_code: string }): string {
  return `${guest.id}-${hmac(secret, `guest-card:v1:${guest.id}:${guest.auth_code}`)}`;
}

export async function findGuestCard(db: Db, secret: string, token: string) {
  // The MAC is base64url and may itself start with or hold "-": split at the first one only.
  const dash = token.indexOf("-");
  const idText = dash < 0 ? token : token.slice(0, dash);
  const mac = dash < 0 ? "" : token.slice(dash + 1);
  const id = Number(idText);
  if (!Number.isInteger(id) || id < 1 || mac === "") throw notFound("Guest card");
  const row = await db.kysely
    .selectFrom("guests as g")
    .innerJoin("registration_forms as f", "f.id", "g.form_id")
    .innerJoin("municipalities as m", "m.id", "f.municipality_id")
    .select([
      "g.id",
      "g.first_name",
      "g.last_name",
      "g.tariff_alias",
      "g.auth_code",
      "f.number",
      "f.arrival_date",
      "f.departure_date",
      "f.status",
      "m.name as municipality",
    ])
    .where("g.id", "=", id)
    .executeTakeFirst();
  if (row?.status !== "active" || !safeEqual(guestCardToken(secret, row), token))
    throw notFound("Guest card");
  return row;
}
