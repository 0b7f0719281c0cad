import { clearFailures, recordFailure, refuseIfTooManyFailures } from "../../platform/attempts.js";
import type { Actor, UserPrincipal } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { loadUserActor, toPrincipal } from "../../platform/auth/principal.js";
import { hashPassword, hashToken, randomToken, verifyPassword } from "../../platform/crypto.js";
import { type Db, type DbHandle, unlessDuplicate } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { composeSimpleMail } from "../../platform/mail/compose.js";
import { queueMail } from "../../platform/mail/jobs.js";
import { isoIn, isoNow } from "../../platform/time.js";
import { Checker, fieldError } from "../../platform/validation.js";
import { sendConfirmation } from "./email-confirmation.js";

const SESSION_TTL_MS = 30 * 24 * 3600_000;
const RESET_TTL_MS = 2 * 3600_000;
const SETUP_TTL_MS = 24 * 3600_000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_CLIENT = 30;
const ACCOUNT_LOGINS = { scope: "account", max: MAX_FAILURES_PER_ACCOUNT };
const CLIENT_LOGINS = { scope: "client", max: MAX_FAILURES_PER_CLIENT };

export interface RegisterInput {
  email?: unknown;
  name?: unknown;
  password?: unknown;
  locale?: Locale;
  /** Where the confirmation mail's link points; without it no mail is sent (the account stays unconfirmed). */
  publicUrl?: string;
}

async function insertUser(
  db: DbHandle,
  values: {
    email: string;
    name: string;
    password_hash: string | null;
    kind: "internal" | "external";
    is_platform_admin: number;
    locale: string | null;
    school?: string | null;
    class_year?: number | null;
    email_confirmed_at: string | null;
  },
) {
  return unlessDuplicate(
    () =>
      db
        .insertInto("users")
        .values({ school: null, class_year: null, ...values, created_at: isoNow() })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () =>
      fieldError("email_taken", "An account with this e-mail already exists", 409, {
        field: "email",
        code: "taken",
        message: "is already registered",
      }),
  );
}

/** Registration, setup and the CLI ask the same three things of a new account. */
async function validateNewAccount(input: { email?: unknown; name?: unknown; password?: unknown }) {
  const check = new Checker();
  const email = check.email("email", input.email);
  const name = check.text("name", input.name, { max: 120 });
  const password = check.password("password", input.password);
  check.done();
  return { email, name, passwordHash: await hashPassword(password) };
}

/** Anyone may register an external account with an e-mail address. */
export async function registerExternal(db: Db, input: RegisterInput): Promise<UserPrincipal> {
  const { email, name, passwordHash } = await validateNewAccount(input);
  const row = await insertUser(db.kysely, {
    email,
    name,
    password_hash: passwordHash,
    kind: "external",
    is_platform_admin: 0,
    locale: input.locale ?? null,
    email_confirmed_at: null,
  });
  if (input.publicUrl !== undefined) await sendConfirmation(db, row, input.publicUrl);
  return toPrincipal(row, []);
}

/**
 * Failed attempts are counted per account and per client address (both stored only as hashes), in
 * the database so every node behind the load balancer sees the same counts.
 */
export async function authenticate(
  db: Db,
  input: { email?: unknown; password?: unknown; clientAddress: string },
): Promise<UserPrincipal> {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const password = typeof input.password === "string" ? input.password : "";
  const guesses = [
    { limit: ACCOUNT_LOGINS, subject: email },
    { limit: CLIENT_LOGINS, subject: input.clientAddress },
  ];
  await refuseIfTooManyFailures(db, guesses, "Too many failed logins; try again in 15 minutes");
  const user = await db.kysely.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  const ok = user?.password_hash ? await verifyPassword(password, user.password_hash) : false;
  if (!user || !ok) {
    await recordFailure(db, guesses);
    throw domainError("invalid_credentials", "E-mail or password is wrong", 401);
  }
  await clearFailures(db, ACCOUNT_LOGINS, email);
  await db.kysely.updateTable("users").set({ last_login_at: isoNow() }).where("id", "=", user.id).execute();
  return toPrincipal(user, []);
}

export async function createSession(db: Db, userId: number): Promise<{ token: string; expiresAt: string }> {
  const token = randomToken();
  const expiresAt = isoIn(SESSION_TTL_MS);
  await db.kysely
    .insertInto("sessions")
    .values({ token_hash: hashToken(token), user_id: userId, created_at: isoNow(), expires_at: expiresAt })
    .execute();
  return { token, expiresAt };
}

export async function destroySession(db: Db, token: string) {
  await db.kysely.deleteFrom("sessions").where("token_hash", "=", hashToken(token)).execute();
}

export async function actorForSession(db: Db, token: string): Promise<Actor | undefined> {
  const row = await db.kysely
    .selectFrom("sessions as s")
    .innerJoin("users as u", "u.id", "s.user_id")
    .selectAll("u")
    .where("s.token_hash", "=", hashToken(token))
    .where("s.expires_at", ">", isoNow())
    .executeTakeFirst();
  return row ? loadUserActor(db.kysely, row) : undefined;
}

export async function actorForUser(db: Db, userId: number): Promise<Actor> {
  const row = await db.kysely.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!row) throw notFound("User");
  return loadUserActor(db.kysely, row);
}

/** Always answers the same way, so the form does not reveal which e-mails have accounts. */
export async function requestPasswordReset(
  db: Db,
  input: { email?: unknown; publicUrl: string; locale: Locale },
) {
  const email = typeof input.email === "string" ? input.email.trim().toLowerCase() : "";
  const user = await db.kysely
    .selectFrom("users")
    .select(["id", "locale"])
    .where("email", "=", email)
    .executeTakeFirst();
  if (!user) return;
  const token = randomToken();
  await db.kysely
    .insertInto("password_resets")
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: isoNow(),
      expires_at: isoIn(RESET_TTL_MS),
      used_at: null,
    })
    .execute();
  const t = translator((user.locale as Locale | null) ?? input.locale);
  const link = `${input.publicUrl}/password/reset/${token}`;
  await queueMail(db, {
    to: email,
    ...composeSimpleMail(t("mail.reset.subject"), t("mail.reset.body", { link }), {
      label: t("mail.reset.action"),
      url: link,
    }),
  });
}

export async function resetPassword(db: Db, input: { token: string; password?: unknown }): Promise<number> {
  const check = new Checker();
  const password = check.password("password", input.password);
  check.done();
  const passwordHash = await hashPassword(password);
  const now = isoNow();
  // Conditional update: a token is used once even if the form is submitted twice in parallel.
  const used = await db.kysely
    .updateTable("password_resets")
    .set({ used_at: now })
    .where("token_hash", "=", hashToken(input.token))
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .returning("user_id")
    .executeTakeFirst();
  if (!used) throw domainError("invalid_token", "This link is invalid or has expired", 400);
  await db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", used.user_id)
      .execute();
    // Someone resetting a password may fear a stolen session: end them all.
    await trx.deleteFrom("sessions").where("user_id", "=", used.user_id).execute();
  });
  return used.user_id;
}

export async function changePassword(db: Db, actor: Actor, input: { current?: unknown; password?: unknown }) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
  authorize(actor, "account.manage", { type: "user", userId: actor.user.id });
  const row = await db.kysely
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", actor.user.id)
    .executeTakeFirstOrThrow();
  const current = typeof input.current === "string" ? input.current : "";
  if (!row.password_hash || !(await verifyPassword(current, row.password_hash))) {
    throw domainError("invalid_credentials", "The current password is wrong", 400);
  }
  const check = new Checker();
  const password = check.password("password", input.password);
  check.done();
  await db.kysely
    .updateTable("users")
    .set({ password_hash: await hashPassword(password) })
    .where("id", "=", actor.user.id)
    .execute();
}

export async function updateProfile(db: Db, actor: Actor, input: { name?: unknown; locale?: unknown }) {
  if (actor.kind !== "user") throw domainError("unauthenticated", "Authentication required", 401);
  const check = new Checker();
  const name = check.text("name", input.name, { max: 120 });
  const locale = check.oneOf("locale", input.locale, ["en", "de", "fr"] as const);
  check.done();
  await db.kysely.updateTable("users").set({ name, locale }).where("id", "=", actor.user.id).execute();
}

export async function hasPlatformAdmin(db: Db): Promise<boolean> {
  const row = await db.kysely
    .selectFrom("users")
    .select("id")
    .where("is_platform_admin", "=", 1)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** A one-time link printed at start while no admin exists; it creates the first platform admin. */
export async function createSetupToken(db: Db): Promise<string> {
  const token = randomToken();
  await db.kysely
    .insertInto("setup_tokens")
    .values({
      token_hash: hashToken(token),
      created_at: isoNow(),
      expires_at: isoIn(SETUP_TTL_MS),
      used_at: null,
    })
    .execute();
  return token;
}

export async function isSetupTokenValid(db: Db, token: string): Promise<boolean> {
  const row = await db.kysely
    .selectFrom("setup_tokens")
    .select("token_hash")
    .where("token_hash", "=", hashToken(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", isoNow())
    .executeTakeFirst();
  return row !== undefined && !(await hasPlatformAdmin(db));
}

export async function completeSetup(
  db: Db,
  input: { token: string; email?: unknown; name?: unknown; password?: unknown; locale?: Locale },
) {
  const { email, name, passwordHash } = await validateNewAccount(input);
  return db.kysely.transaction().execute(async (trx) => {
    const now = isoNow();
    const used = await trx
      .updateTable("setup_tokens")
      .set({ used_at: now })
      .where("token_hash", "=", hashToken(input.token))
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("token_hash")
      .executeTakeFirst();
    const adminExists = await trx
      .selectFrom("users")
      .select("id")
      .where("is_platform_admin", "=", 1)
      .executeTakeFirst();
    if (!used || adminExists)
      throw domainError("invalid_token", "This setup link is invalid or was already used", 400);
    // Every other setup link dies with the first admin.
    await trx.updateTable("setup_tokens").set({ used_at: now }).where("used_at", "is", null).execute();
    const row = await insertUser(trx, {
      email,
      name,
      password_hash: passwordHash,
      kind: "internal",
      is_platform_admin: 1,
      locale: input.locale ?? null,
      email_confirmed_at: now,
    });
    return toPrincipal(row, []);
  });
}

/** For the CLI: creates a platform admin, or promotes the existing account with that e-mail. */
export async function createPlatformAdmin(
  db: Db,
  input: { email?: unknown; name?: unknown; password?: unknown },
) {
  const { email, name, passwordHash } = await validateNewAccount(input);
  const existing = await db.kysely
    .selectFrom("users")
    .select("id")
    .where("email", "=", email)
    .executeTakeFirst();
  if (existing) {
    await db.kysely
      .updateTable("users")
      .set({ is_platform_admin: 1, password_hash: passwordHash })
      .where("id", "=", existing.id)
      .execute();
    // Whoever runs the CLI vouches for the address.
    await db.kysely
      .updateTable("users")
      .set({ email_confirmed_at: isoNow() })
      .where("id", "=", existing.id)
      .where("email_confirmed_at", "is", null)
      .execute();
    return existing.id;
  }
  const row = await insertUser(db.kysely, {
    email,
    name,
    password_hash: passwordHash,
    kind: "internal",
    is_platform_admin: 1,
    locale: null,
    email_confirmed_at: isoNow(),
  });
  return row.id;
}
