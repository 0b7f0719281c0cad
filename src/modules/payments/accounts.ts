import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { seal, unseal } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import type { PaymentAccountsTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import type { PlatformSecrets } from "../../platform/secrets.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import type { EventRow } from "../events/service.js";

// The providers' real endpoints; an account may name others (sandbox, or a local fake in tests).
export const PAYPAL_LIVE = {
  checkout_url: "https://www.paypal.com/cgi-bin/webscr",
  verify_url: "https://ipnpb.paypal.com/cgi-bin/webscr",
};
export const PAYPAL_SANDBOX = {
  checkout_url: "https://www.sandbox.paypal.com/cgi-bin/webscr",
  verify_url: "https://ipnpb.sandbox.paypal.com/cgi-bin/webscr",
};
export const LYDIA_LIVE_API = "https://lydia-app.com";
export const STRIPE_LIVE_API = "https://api.stripe.com";

export type AccountProvider = PaymentAccountsTable["provider"];

/** What each provider keeps in the clear (shown to admins) and what is sealed. */
export interface AccountSettings {
  manual: { instructions: string };
  paypal: { email: string; checkout_url: string; verify_url: string };
  lydia: { api_url: string };
  /** test_mode: the secret key is a test key (sk_test_…): no real money moves. */
  stripe: { api_url: string; publishable_key: string; test_mode: boolean };
}
export interface AccountSecrets {
  lydia: { vendor_token: string; private_token: string };
  stripe: { secret_key: string; webhook_secret: string };
}

export interface PaymentAccount<P extends AccountProvider = AccountProvider> {
  id: number;
  organizer_id: number;
  provider: P;
  description: string;
  settings: AccountSettings[P];
  created_at: string;
  retired_at: string | null;
  /** Ticked on every new event of its organizer (payments/defaults.ts). */
  is_default: boolean;
}

type AccountRow = Omit<PaymentAccountsTable, "id" | "is_default"> & { id: number; is_default: number };

function toAccount(row: AccountRow): PaymentAccount {
  return {
    id: row.id,
    organizer_id: row.organizer_id,
    provider: row.provider,
    description: row.description,
    settings: JSON.parse(row.settings) as AccountSettings[AccountProvider],
    created_at: row.created_at,
    retired_at: row.retired_at,
    is_default: row.is_default === 1,
  };
}

export function isAccountOf<P extends AccountProvider>(
  account: PaymentAccount,
  provider: P,
): account is PaymentAccount<P> {
  return account.provider === provider;
}

function url(check: Checker, field: string, value: unknown, fallback: string): string {
  if (value === undefined || value === null || value === "") return fallback;
  const before = check.problems.length;
  const checked = check.outboundUrl(field, value);
  return check.problems.length > before ? fallback : checked;
}

export interface AccountInput {
  provider?: unknown;
  description?: unknown;
  email?: unknown;
  sandbox?: unknown;
  verify_url?: unknown;
  checkout_url?: unknown;
  vendor_token?: unknown;
  private_token?: unknown;
  api_url?: unknown;
  instructions?: unknown;
  publishable_key?: unknown;
  secret_key?: unknown;
  webhook_secret?: unknown;
}

/**
 * A payment account is fixed once created (seed 003): a wrong one is retired and replaced, so every
 * past payment keeps pointing at the credentials it was made with.
 */
export async function createPaymentAccount(
  db: Db,
  secrets: PlatformSecrets,
  actor: Actor,
  organizerId: number,
  input: AccountInput,
): Promise<PaymentAccount> {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  const check = new Checker();
  const provider = check.oneOf("provider", input.provider, ["manual", "paypal", "lydia", "stripe"] as const);
  const description = check.text("description", input.description, { max: 200 });
  let settings: AccountSettings[AccountProvider] = { instructions: "" };
  let sealed: string | null = null;
  if (provider === "paypal") {
    const defaults = input.sandbox === true ? PAYPAL_SANDBOX : PAYPAL_LIVE;
    const verifyUrl = url(check, "verify_url", input.verify_url, defaults.verify_url);
    // A test or self-hosted fake serves both ends at one URL, so the form goes where verification goes.
    const fallbackCheckout = input.verify_url ? verifyUrl : defaults.checkout_url;
    settings = {
      email: check.email("email", input.email),
      checkout_url: url(check, "checkout_url", input.checkout_url, fallbackCheckout),
      verify_url: verifyUrl,
    };
  } else if (provider === "lydia") {
    settings = { api_url: url(check, "api_url", input.api_url, LYDIA_LIVE_API).replace(/\/$/, "") };
    const tokens: AccountSecrets["lydia"] = {
      vendor_token: check.text("vendor_token", input.vendor_token, { min: 4, max: 200 }),
      private_token: check.text("private_token", input.private_token, { min: 4, max: 200 }),
    };
    sealed = seal(secrets.cookieSecret, JSON.stringify(tokens));
  } else if (provider === "stripe") {
    const keys = stripeKeys(check, input);
    settings = {
      api_url: url(check, "api_url", input.api_url, STRIPE_LIVE_API).replace(/\/$/, ""),
      publishable_key: keys.publishable,
      test_mode: keys.testMode,
    };
    sealed = seal(secrets.cookieSecret, JSON.stringify(keys.sealed));
  } else if (provider === "manual") {
    settings = { instructions: check.text("instructions", input.instructions, { max: 2000 }) };
  }
  check.done();
  const row = await db.kysely
    .insertInto("payment_accounts")
    .values({
      organizer_id: organizerId,
      provider,
      description,
      settings: JSON.stringify(settings),
      sealed_secrets: sealed,
      created_at: isoNow(),
      retired_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function listPaymentAccounts(db: Db, actor: Actor, organizerId: number) {
  authorize(actor, "organizer.view", { type: "organizer", organizerId });
  const rows = await db.kysely
    .selectFrom("payment_accounts")
    .selectAll()
    .where("organizer_id", "=", organizerId)
    .orderBy("id")
    .execute();
  return rows.map(toAccount);
}

export async function findPaymentAccount(db: Db, accountId: number): Promise<PaymentAccount> {
  const row = await db.kysely
    .selectFrom("payment_accounts")
    .selectAll()
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (!row) throw notFound("Payment account");
  return toAccount(row);
}

/** A retired account is offered to no new order; payments already under way still complete. */
export async function retirePaymentAccount(db: Db, actor: Actor, organizerId: number, accountId: number) {
  authorize(actor, "organizer.manage", { type: "organizer", organizerId });
  await db.kysely
    .updateTable("payment_accounts")
    .set({ retired_at: isoNow() })
    .where("id", "=", accountId)
    .where("organizer_id", "=", organizerId)
    .where("retired_at", "is", null)
    .execute();
  const account = await findPaymentAccount(db, accountId);
  if (account.organizer_id !== organizerId) throw notFound("Payment account");
  await db.kysely.deleteFrom("event_payment_accounts").where("account_id", "=", accountId).execute();
  return account;
}

export async function lydiaTokens(
  db: Db,
  secrets: PlatformSecrets,
  accountId: number,
): Promise<AccountSecrets["lydia"]> {
  const row = await db.kysely
    .selectFrom("payment_accounts")
    .select(["provider", "sealed_secrets"])
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (row?.provider !== "lydia" || !row.sealed_secrets) throw notFound("Payment account");
  return JSON.parse(unseal(secrets.cookieSecret, row.sealed_secrets)) as AccountSecrets["lydia"];
}

/** Stripe's keys must be of one mode: a test publishable key with a live secret key is a typo. */
function stripeKeys(check: Checker, input: AccountInput) {
  const publishable = check.text("publishable_key", input.publishable_key, { min: 8, max: 255 });
  const secretKey = check.text("secret_key", input.secret_key, { min: 8, max: 255 });
  const webhookSecret = check.text("webhook_secret", input.webhook_secret, { min: 8, max: 255 });
  const mode = (key: string, prefixes: string[]) => prefixes.find((p) => key.startsWith(p));
  const secretMode = mode(secretKey, ["sk_test_", "sk_live_", "rk_test_", "rk_live_"]);
  const publishableMode = mode(publishable, ["pk_test_", "pk_live_"]);
  if (secretKey && !secretMode)
    check.problem("secret_key", "stripe_key", "must be a Stripe secret key (sk_…)");
  if (publishable && !publishableMode)
    check.problem("publishable_key", "stripe_key", "must be a Stripe publishable key (pk_…)");
  if (webhookSecret && !webhookSecret.startsWith("whsec_"))
    check.problem("webhook_secret", "stripe_key", "must be a webhook signing secret (whsec_…)");
  const testMode = secretMode?.endsWith("_test_") ?? false;
  if (secretMode && publishableMode && publishableMode.endsWith("_test_") !== testMode)
    check.problem(
      "publishable_key",
      "stripe_mode",
      "must be of the same mode (test or live) as the secret key",
    );
  return { publishable, testMode, sealed: { secret_key: secretKey, webhook_secret: webhookSecret } };
}

export async function stripeSecrets(
  db: Db,
  secrets: PlatformSecrets,
  accountId: number,
): Promise<AccountSecrets["stripe"]> {
  const row = await db.kysely
    .selectFrom("payment_accounts")
    .select(["provider", "sealed_secrets"])
    .where("id", "=", accountId)
    .executeTakeFirst();
  if (row?.provider !== "stripe" || !row.sealed_secrets) throw notFound("Payment account");
  return JSON.parse(unseal(secrets.cookieSecret, row.sealed_secrets)) as AccountSecrets["stripe"];
}

/** Checks the accounts an event should offer, before anything is written. */
export async function checkEventPaymentAccounts(db: Db, actor: Actor, event: EventRow, ids: number[]) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const unique = [...new Set(ids)];
  const rows =
    unique.length === 0
      ? []
      : await db.kysely
          .selectFrom("payment_accounts")
          .select(["id", "organizer_id", "retired_at"])
          .where("id", "in", unique)
          .execute();
  const usable = new Set(
    rows.filter((r) => r.organizer_id === event.organizer_id && r.retired_at === null).map((r) => r.id),
  );
  const refused = unique.filter((id) => !usable.has(id));
  if (refused.length > 0)
    throw domainError(
      "payment_account_invalid",
      "Payment accounts must belong to the event's organizer and not be retired",
      400,
      { accounts: refused },
    );
  return unique;
}

/** Replaces the accounts an event offers, in the order given (the first is shown first). */
export async function setEventPaymentAccounts(db: Db, actor: Actor, event: EventRow, ids: number[]) {
  const unique = await checkEventPaymentAccounts(db, actor, event, ids);
  await db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom("event_payment_accounts").where("event_id", "=", event.id).execute();
    if (unique.length > 0)
      await trx
        .insertInto("event_payment_accounts")
        .values(unique.map((account_id, position) => ({ event_id: event.id, account_id, position })))
        .execute();
  });
}

/** The live accounts an event offers, in its order. */
export async function eventPaymentAccounts(db: Db, eventId: number): Promise<PaymentAccount[]> {
  const rows = await db.kysely
    .selectFrom("event_payment_accounts as e")
    .innerJoin("payment_accounts as a", "a.id", "e.account_id")
    .selectAll("a")
    .where("e.event_id", "=", eventId)
    .where("a.retired_at", "is", null)
    .orderBy("e.position")
    .execute();
  return rows.map(toAccount);
}
