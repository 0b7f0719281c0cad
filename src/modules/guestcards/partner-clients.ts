import { type FailureLimit, recordFailure, refuseIfTooManyFailures } from "../../platform/attempts.js";
import type { Actor } from "../../platform/auth/actor.js";
import { hashPassword, verifyPassword } from "../../platform/crypto.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { Organizer } from "../organizers/service.js";
import { authorizeSetup } from "./access.js";
import { requireOwnMunicipalities } from "./municipalities.js";

export interface PartnerClient {
  id: number;
  username: string;
  municipalities: number[];
  created_at: string;
  last_login_at: string | null;
  disabled_at: string | null;
}

/** Failed partner logins: per username and per client address, within the platform's 15-minute window. */
export const PARTNER_LOGIN_LIMITS = {
  username: { scope: "partner-login", max: 10 } satisfies FailureLimit,
  address: { scope: "partner-login-address", max: 30 } satisfies FailureLimit,
};

function municipalityIds(check: Checker, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    check.problems.push({ field: "municipalities", message: "needs at least one municipality" });
    return [];
  }
  const ids = value.map(Number);
  if (ids.some((id) => !Number.isInteger(id) || id < 1))
    check.problems.push({ field: "municipalities", message: "must be municipality ids" });
  return [...new Set(ids)];
}

/** A partner account (username + password, stored as an scrypt hash) allowed some municipalities. */
export async function createPartnerClient(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  input: { username?: unknown; password?: unknown; municipalities?: unknown },
): Promise<PartnerClient> {
  authorizeSetup(actor, organizer.id);
  const check = new Checker();
  const username = check.text("username", input.username, { max: 150 });
  const password = check.password("password", input.password);
  const municipalities = municipalityIds(check, input.municipalities);
  check.done();
  await requireOwnMunicipalities(db, organizer.id, municipalities, "municipalities");
  const passwordHash = await hashPassword(password);
  const id = await unlessDuplicate(
    () =>
      db.kysely.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto("partner_clients")
          .values({
            organizer_id: organizer.id,
            username,
            password_hash: passwordHash,
            created_at: isoNow(),
            last_login_at: null,
            disabled_at: null,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        await trx
          .insertInto("partner_client_municipalities")
          .values(municipalities.map((municipality_id) => ({ client_id: row.id, municipality_id })))
          .execute();
        return row.id;
      }),
    () => domainError("username_taken", `The username "${username}" is already used`, 409),
  );
  return findPartnerClient(db, actor, organizer, id);
}

/** Changes which municipalities a client may query (all of them at once). */
export async function setPartnerClientMunicipalities(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  clientId: number,
  input: { municipalities?: unknown },
): Promise<PartnerClient> {
  await findPartnerClient(db, actor, organizer, clientId);
  const check = new Checker();
  const municipalities = municipalityIds(check, input.municipalities);
  check.done();
  await requireOwnMunicipalities(db, organizer.id, municipalities, "municipalities");
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom("partner_client_municipalities").where("client_id", "=", clientId).execute();
    await trx
      .insertInto("partner_client_municipalities")
      .values(municipalities.map((municipality_id) => ({ client_id: clientId, municipality_id })))
      .execute();
  });
  return findPartnerClient(db, actor, organizer, clientId);
}

/** A disabled client can no longer log in, and its tokens stop working at once. */
export async function disablePartnerClient(db: Db, actor: Actor, organizer: Organizer, clientId: number) {
  await findPartnerClient(db, actor, organizer, clientId);
  await db.kysely
    .updateTable("partner_clients")
    .set({ disabled_at: isoNow() })
    .where("id", "=", clientId)
    .where("disabled_at", "is", null)
    .execute();
  return findPartnerClient(db, actor, organizer, clientId);
}

export async function listPartnerClients(
  db: Db,
  actor: Actor,
  organizer: Organizer,
): Promise<PartnerClient[]> {
  authorizeSetup(actor, organizer.id);
  const [clients, allowed] = await Promise.all([
    db.kysely
      .selectFrom("partner_clients")
      .select(["id", "username", "created_at", "last_login_at", "disabled_at"])
      .where("organizer_id", "=", organizer.id)
      .orderBy("id")
      .execute(),
    db.kysely
      .selectFrom("partner_client_municipalities as m")
      .innerJoin("partner_clients as c", "c.id", "m.client_id")
      .select(["m.client_id", "m.municipality_id"])
      .where("c.organizer_id", "=", organizer.id)
      .orderBy("m.municipality_id")
      .execute(),
  ]);
  return clients.map((c) => ({
    ...c,
    municipalities: allowed.filter((a) => a.client_id === c.id).map((a) => a.municipality_id),
  }));
}

export async function findPartnerClient(
  db: Db,
  actor: Actor,
  organizer: Organizer,
  clientId: number,
): Promise<PartnerClient> {
  const client = (await listPartnerClients(db, actor, organizer)).find((c) => c.id === clientId);
  if (!client) throw notFound("Partner client");
  return client;
}

// Compared against when the username is unknown, so both cases take the same time.
const NO_SUCH_CLIENT = hashPassword("no such partner client, never matches");

export const badCredentials = () =>
  domainError("invalid_credentials", "Unable to log in with provided credentials.", 400);

/** Checks a partner's username and password (rate-limited); answers the client id. */
export async function authenticatePartnerClient(
  db: Db,
  input: { username?: unknown; password?: unknown },
  address: string,
): Promise<number> {
  const check = new Checker();
  const username = check.text("username", input.username, { max: 150 });
  const password = typeof input.password === "string" ? input.password : "";
  if (password === "") check.problem("password", "required", "is required");
  check.done();
  const limits = [
    { limit: PARTNER_LOGIN_LIMITS.username, subject: username.toLowerCase() },
    { limit: PARTNER_LOGIN_LIMITS.address, subject: address },
  ];
  await refuseIfTooManyFailures(db, limits, "Too many failed logins; try again later");
  const client = await db.kysely
    .selectFrom("partner_clients")
    .select(["id", "password_hash"])
    .where("username", "=", username)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  const ok = await verifyPassword(password, client?.password_hash ?? (await NO_SUCH_CLIENT));
  if (!client || !ok) {
    await recordFailure(db, limits);
    throw badCredentials();
  }
  await db.kysely
    .updateTable("partner_clients")
    .set({ last_login_at: isoNow() })
    .where("id", "=", client.id)
    .execute();
  return client.id;
}

export const presentPartnerClient = (c: PartnerClient) => ({
  id: c.id,
  username: c.username,
  municipalities: c.municipalities,
  created_at: c.created_at,
  last_login_at: c.last_login_at,
  disabled: c.disabled_at !== null,
});

/** Whether a client may still use its tokens (exists and is not disabled). */
export async function isPartnerClientActive(db: Db, clientId: number): Promise<boolean> {
  const row = await db.kysely
    .selectFrom("partner_clients")
    .select("id")
    .where("id", "=", clientId)
    .where("disabled_at", "is", null)
    .executeTakeFirst();
  return row !== undefined;
}
