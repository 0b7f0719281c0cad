import type { Actor } from "../../platform/auth/actor.js";
import { hashToken, randomToken } from "../../platform/crypto.js";
import type { Db, DbHandle } from "../../platform/db/index.js";
import { domainError, unauthenticated } from "../../platform/errors.js";
import { isLocale, translator } from "../../platform/i18n/index.js";
import { composeSimpleMail } from "../../platform/mail/compose.js";
import { queueMail } from "../../platform/mail/jobs.js";
import { isoIn, isoNow } from "../../platform/time.js";

export const CONFIRMATION_TTL_MS = 48 * 3600_000;
/** Links one account may be sent per hour, the one of the registration included. */
export const CONFIRMATIONS_PER_HOUR = 4;

/** The link of the confirmation mail. */
export const confirmationPath = (token: string) => `/email/confirm/${token}`;

/**
 * Sends a one-time link to the account's address. At rest only the token's hash; the link works once,
 * within 48 hours. Registration and "send it again" both come here, and both count against the limit.
 */
export async function sendConfirmation(
  db: Db,
  user: { id: number; email: string; name: string; locale: string | null },
  publicUrl: string,
): Promise<void> {
  const since = new Date(Date.now() - 3600_000).toISOString();
  const recent = await db.kysely
    .selectFrom("email_confirmations")
    .select((eb) => eb.fn.countAll().as("n"))
    .where("user_id", "=", user.id)
    .where("created_at", ">", since)
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= CONFIRMATIONS_PER_HOUR)
    throw domainError("confirmation_rate_limited", "Too many confirmation mails; try again in an hour", 429);
  const token = randomToken();
  await db.kysely
    .insertInto("email_confirmations")
    .values({
      token_hash: hashToken(token),
      user_id: user.id,
      created_at: isoNow(),
      expires_at: isoIn(CONFIRMATION_TTL_MS),
      used_at: null,
    })
    .execute();
  const t = translator(isLocale(user.locale) ? user.locale : "en");
  const link = `${publicUrl}${confirmationPath(token)}`;
  await queueMail(db, {
    to: user.email,
    ...composeSimpleMail(t("mail.confirm.subject"), t("mail.confirm.body", { link, name: user.name }), {
      label: t("mail.confirm.action"),
      url: link,
    }),
  });
}

/** "Send the link again", for the logged-in owner of an unconfirmed account; confirmed ones get nothing. */
export async function resendConfirmation(db: Db, actor: Actor, publicUrl: string): Promise<boolean> {
  if (actor.kind !== "user") throw unauthenticated();
  if (!actor.user.unconfirmed) return false;
  await sendConfirmation(db, actor.user, publicUrl);
  return true;
}

export type ConfirmOutcome = "confirmed" | "used" | "expired" | "unknown";

/**
 * Opens a confirmation link. The conditional update takes the token once, even when the link is
 * opened twice at the same moment; what a failed link was (used, expired, unknown) is said apart.
 */
export async function confirmEmail(db: Db, token: string): Promise<ConfirmOutcome> {
  const now = isoNow();
  const tokenHash = hashToken(token);
  return db.kysely.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable("email_confirmations")
      .set({ used_at: now })
      .where("token_hash", "=", tokenHash)
      .where("used_at", "is", null)
      .where("expires_at", ">", now)
      .returning("user_id")
      .executeTakeFirst();
    if (!used) return failedLink(trx, tokenHash);
    await trx
      .updateTable("users")
      .set({ email_confirmed_at: now })
      .where("id", "=", used.user_id)
      .where("email_confirmed_at", "is", null)
      .execute();
    // One address, one proof: the other links of the account are spent with it.
    await trx
      .updateTable("email_confirmations")
      .set({ used_at: now })
      .where("user_id", "=", used.user_id)
      .where("used_at", "is", null)
      .execute();
    return "confirmed";
  });
}

async function failedLink(db: DbHandle, tokenHash: string): Promise<ConfirmOutcome> {
  const row = await db
    .selectFrom("email_confirmations")
    .select(["used_at"])
    .where("token_hash", "=", tokenHash)
    .executeTakeFirst();
  if (!row) return "unknown";
  return row.used_at ? "used" : "expired";
}
