import type { Db } from "../../../platform/db/index.js";
import type { LoadedOrder } from "../../orders/queries.js";
import type { PaymentAccount } from "../accounts.js";
import { openPayment } from "../ledger.js";
import { paymentFormFields } from "./client.js";

/**
 * The buyer leaves for PayPal: an attempt is on record (reused if they come back and try again, so
 * the admin sees one attempt, not one per click) and the form fields PayPal's checkout expects.
 */
export async function startPaypalCheckout(
  db: Db,
  input: {
    order: LoadedOrder;
    account: PaymentAccount<"paypal">;
    eventName: string;
    publicUrl: string;
    /** The order page's address (a guest's signed link, or the account's) PayPal sends the buyer back to. */
    orderPath?: string;
    locale: string;
  },
) {
  const { order, account, publicUrl } = input;
  const open = await db.kysely
    .selectFrom("payments")
    .select("id")
    .where("order_id", "=", order.id)
    .where("account_id", "=", account.id)
    .where("status", "=", "created")
    .where("reference", "is", null)
    .where("amount_minor", "=", order.total_minor)
    .executeTakeFirst();
  if (!open) await openPayment(db, order, "paypal", account.id);
  const orderUrl = `${publicUrl}${input.orderPath ?? `/account/orders/${order.code}`}`;
  return paymentFormFields({
    account: account.settings,
    code: order.code,
    itemName: `${input.eventName} · ${order.code}`,
    totalMinor: order.total_minor,
    currency: order.currency,
    notifyUrl: `${publicUrl}/api/v1/payments/paypal/ipn`,
    returnUrl: `${orderUrl}?flash=payments.paypal.returned`,
    cancelUrl: `${orderUrl}?flash=payments.paypal.cancelled`,
    locale: input.locale,
  });
}
