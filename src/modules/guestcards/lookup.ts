import {
  failureKey,
  failuresSince,
  failureWindowStart,
  recordFailure,
  refuseIfCounted,
} from "../../platform/attempts.js";
import type { Db } from "../../platform/db/index.js";
import { prepared } from "../../platform/db/prepared.js";
import { domainError } from "../../platform/errors.js";
import { looksLikeAuthCode, normalizeAuthCode } from "./auth-codes.js";

/** Failed lookups allowed per client and per address within the platform's 15-minute window. */
export interface LookupLimits {
  failuresPerClient: number;
  failuresPerAddress: number;
}

export interface LookupRequest {
  clientId: number;
  /** The caller's IP address. */
  address: string;
  /** As sent (the 404 echoes it). */
  authCode: string;
  municipalityId: number;
  allGuests: boolean;
}

export interface LookupGuest {
  id: number;
  first_name: string;
  last_name: string;
  email: string;
  tariff_id: number;
  tariff_alias: string;
}

export interface LookupResult {
  authCode: string;
  form: {
    id: number;
    number: string;
    municipality_id: number;
    arrival_date: string;
    departure_date: string;
    travel_days: number;
    overnight_stays: number;
  };
  guests: LookupGuest[];
}

/** The code as sent rides along, so the seed's path can say it in its own words. */
export const unknownAuthCode = (sent: string) =>
  domainError("unknown_auth_code", `Unknown auth code [${sent}]`, 404, { auth_code: sent });

// The two reads of every lookup, compiled once (platform/db/prepared.ts).
const clientWithFailures = prepared(
  (db, client: number, clientKey: string, addressKey: string, since: string) =>
    db
      .selectFrom("partner_clients")
      .select([
        "disabled_at",
        failuresSince(clientKey, since).as("client_failures"),
        failuresSince(addressKey, since).as("address_failures"),
      ])
      .where("id", "=", client),
);
const guestsOfCode = prepared((db, client: number, code: string, municipality: number) =>
  db
    .selectFrom("guests as me")
    .innerJoin("registration_forms as f", "f.id", "me.form_id")
    .innerJoin("guests as g", "g.form_id", "f.id")
    .innerJoin("partner_client_municipalities as pcm", (join) =>
      join.onRef("pcm.municipality_id", "=", "f.municipality_id").on("pcm.client_id", "=", client),
    )
    .select([
      "me.id as own_id",
      "f.id as form_id",
      "f.number",
      "f.municipality_id",
      "f.arrival_date",
      "f.departure_date",
      "f.travel_days",
      "f.overnight_stays",
      "g.id",
      "g.first_name",
      "g.last_name",
      "g.email",
      "g.tariff_id",
      "g.tariff_alias",
    ])
    .where("me.auth_code", "=", code)
    .where("f.status", "=", "active")
    .where("f.municipality_id", "=", municipality)
    .orderBy("g.position"),
);

/**
 * The partner lookup (seed 001) in two reads: (1) the client is still enabled and under its failure
 * limits (counts folded into the same read), (2) the guest of the code, every guest of its form and
 * whether this client may see the form's municipality, in one indexed query. Unknown, cancelled, of
 * another municipality, or of a municipality the client may not query all look the same (404) and
 * count as a failure for the client and for the address.
 */
export async function lookupAuthCode(
  db: Db,
  limits: LookupLimits,
  request: LookupRequest,
): Promise<LookupResult> {
  const checks = {
    client: {
      limit: { scope: "guestcard-client", max: limits.failuresPerClient },
      subject: String(request.clientId),
    },
    address: {
      limit: { scope: "guestcard-address", max: limits.failuresPerAddress },
      subject: request.address,
    },
  };
  const client = await clientWithFailures.first(
    db.kysely,
    request.clientId,
    failureKey(checks.client.limit, checks.client.subject),
    failureKey(checks.address.limit, checks.address.subject),
    failureWindowStart(),
  );
  if (!client || client.disabled_at !== null)
    throw domainError("token_invalid", "The partner client is disabled or unknown", 401);
  refuseIfCounted(
    [
      { limit: checks.client.limit, count: client.client_failures },
      { limit: checks.address.limit, count: client.address_failures },
    ],
    "Too many unknown auth codes; try again later",
  );

  const code = normalizeAuthCode(request.authCode);
  const rows = looksLikeAuthCode(code)
    ? await guestsOfCode.all(db.kysely, request.clientId, code, request.municipalityId)
    : [];
  const first = rows[0];
  if (!first) {
    await recordFailure(db, [checks.client, checks.address]);
    throw unknownAuthCode(request.authCode);
  }
  return {
    authCode: code,
    form: {
      id: first.form_id,
      number: first.number,
      municipality_id: first.municipality_id,
      arrival_date: first.arrival_date,
      departure_date: first.departure_date,
      travel_days: first.travel_days,
      overnight_stays: first.overnight_stays,
    },
    guests: rows
      .filter((r) => request.allGuests || r.id === r.own_id)
      .map((r) => ({
        id: r.id,
        first_name: r.first_name,
        last_name: r.last_name,
        email: r.email,
        tariff_id: r.tariff_id,
        tariff_alias: r.tariff_alias,
      })),
  };
}
