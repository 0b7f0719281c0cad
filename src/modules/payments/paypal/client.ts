import { formatMoney } from "../../../platform/money.js";
import type { AccountSettings } from "../accounts.js";
import { postForm } from "../http-client.js";

export type IpnVerdict = "VERIFIED" | "INVALID";

/**
 * PayPal's IPN handshake: post the message back exactly as received, prefixed with
 * `cmd=_notify-validate`; PayPal answers VERIFIED or INVALID. Anything else (a 5xx, a timeout,
 * an unexpected body) throws, so the job that calls this retries later.
 */
export async function verifyIpn(
  verifyUrl: string,
  rawBody: string,
  options: { timeoutMs?: number } = {},
): Promise<IpnVerdict> {
  const { status, text } = await postForm(verifyUrl, `cmd=_notify-validate&${rawBody}`, options);
  const verdict = text.trim();
  if (status === 200 && (verdict === "VERIFIED" || verdict === "INVALID")) return verdict;
  throw new Error(`unexpected IPN verification answer (HTTP ${status})`);
}

export interface PaymentFormInput {
  account: AccountSettings["paypal"];
  code: string;
  itemName: string;
  totalMinor: number;
  currency: string;
  notifyUrl: string;
  returnUrl: string;
  cancelUrl: string;
  locale: string;
}

/** Website Payments Standard "Buy Now" fields; the booking code travels in `custom` and `invoice`. */
export function paymentFormFields(input: PaymentFormInput): [string, string][] {
  return [
    ["cmd", "_xclick"],
    ["business", input.account.email],
    ["item_name", input.itemName],
    ["amount", formatMoney(input.totalMinor)],
    ["currency_code", input.currency],
    ["invoice", input.code],
    ["custom", input.code],
    ["notify_url", input.notifyUrl],
    ["return", input.returnUrl],
    ["cancel_return", input.cancelUrl],
    ["no_shipping", "1"],
    ["no_note", "1"],
    ["charset", "utf-8"],
    ["lc", input.locale === "de" ? "DE" : input.locale === "fr" ? "FR" : "US"],
  ];
}
