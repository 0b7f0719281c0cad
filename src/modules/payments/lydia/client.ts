import { createHash, timingSafeEqual } from "node:crypto";
import { domainError } from "../../../platform/errors.js";
import { formatMoney } from "../../../platform/money.js";
import { postForm } from "../http-client.js";

/**
 * Lydia's merchant API: form-encoded POSTs under the account's API base, answering JSON.
 * - api/request/do.json: a payment request sent to the buyer's phone → {error:"0", request_id, request_uuid, mobile_url}
 *   or {error:"<code>", message};
 * - api/request/state.json (request_uuid, vendor_token) → {state}: 1 paid, 0 waiting, 5 refused by the payer,
 *   6 cancelled by the vendor, -1 unknown;
 * - api/request/cancel.json (request_id, vendor_token): withdraws a request nobody paid yet;
 * - api/auth/login.json (phone, password) → {business_list:[{name, vendor_token, vendor_id}]}: the business
 *   accounts of a Lydia user, vendor_id being the private token (it is what api/auth/vendortoken.json checks).
 * Callbacks to confirm_url, cancel_url and expire_url are signed: see lydiaSignature.
 */
export interface LydiaAccount {
  apiUrl: string;
  vendorToken: string;
}

export type LydiaState = "paid" | "waiting" | "refused" | "cancelled" | "unknown";

const TIMEOUT_MS = 10_000;

async function call(apiUrl: string, path: string, fields: Record<string, string>) {
  const { status, text } = await postForm(`${apiUrl}${path}`, new URLSearchParams(fields).toString(), {
    accept: "application/json",
    timeoutMs: TIMEOUT_MS,
  });
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw domainError("provider_unavailable", "Lydia answered with something other than a JSON object", 503, {
      status,
    });
  return body as Record<string, unknown>;
}

const text = (value: unknown) =>
  typeof value === "string" || typeof value === "number" ? String(value) : "";
const failed = (body: Record<string, unknown>) => body.error !== undefined && text(body.error) !== "0";

export interface PaymentRequest {
  /** Phone number (type=phone) of the payer's Lydia account. */
  recipient: string;
  amountMinor: number;
  currency: string;
  orderRef: string;
  message: string;
  confirmUrl: string;
  cancelUrl: string;
  expireUrl: string;
  /** Where the payer's browser goes after paying (or failing) on Lydia's web page, and on the phone. */
  returnUrl: string;
}

export async function requestPayment(
  account: LydiaAccount,
  input: PaymentRequest,
): Promise<{ requestId: string; requestUuid: string; mobileUrl: string | null }> {
  const body = await call(account.apiUrl, "/api/request/do.json", {
    vendor_token: account.vendorToken,
    recipient: input.recipient,
    type: "phone",
    amount: formatMoney(input.amountMinor),
    currency: input.currency,
    order_ref: input.orderRef,
    message: input.message,
    confirm_url: input.confirmUrl,
    cancel_url: input.cancelUrl,
    expire_url: input.expireUrl,
    browser_success_url: input.returnUrl,
    browser_fail_url: input.returnUrl,
    end_mobile_url: input.returnUrl,
    notify: "yes",
  });
  const uuid = text(body.request_uuid);
  if (failed(body) || uuid === "") {
    const message = text(body.message) || "unknown error";
    throw domainError("lydia_refused", `Lydia refused the request: ${message}`, 400, {
      lydia_error: text(body.error),
      lydia_message: message,
    });
  }
  return {
    requestId: text(body.request_id),
    requestUuid: uuid,
    mobileUrl: text(body.mobile_url) || null,
  };
}

const STATES: Record<string, LydiaState> = {
  "1": "paid",
  "0": "waiting",
  "5": "refused",
  "6": "cancelled",
};

/** Lydia's own word on a request; an error answer (unknown request, wrong token) is "unknown". */
export async function requestState(account: LydiaAccount, requestUuid: string): Promise<LydiaState> {
  const body = await call(account.apiUrl, "/api/request/state.json", {
    vendor_token: account.vendorToken,
    request_uuid: requestUuid,
  });
  if (failed(body)) return "unknown";
  return STATES[text(body.state)] ?? "unknown";
}

/** Withdraws a request still waiting on the payer's phone; false when Lydia would not. */
export async function cancelRequest(account: LydiaAccount, requestId: string): Promise<boolean> {
  const body = await call(account.apiUrl, "/api/request/cancel.json", {
    vendor_token: account.vendorToken,
    request_id: requestId,
  });
  return !failed(body);
}

export interface LydiaBusiness {
  name: string;
  vendorToken: string;
  privateToken: string;
}

/** The business accounts (with both tokens) of the Lydia user with this phone number and password. */
export async function businessAccounts(apiUrl: string, phone: string, password: string) {
  const body = await call(apiUrl, "/api/auth/login.json", { phone, password });
  const list = body.business_list;
  if (failed(body) || !Array.isArray(list)) {
    const message = text(body.message) || "unknown error";
    throw domainError("lydia_login_failed", `Lydia refused the login: ${message}`, 400, {
      lydia_error: text(body.error),
      lydia_message: message,
    });
  }
  return list
    .filter((b): b is Record<string, unknown> => typeof b === "object" && b !== null)
    .map((b) => ({
      name: text(b.name),
      vendorToken: text(b.vendor_token),
      privateToken: text(b.vendor_id) || text(b.private_token),
    }))
    .filter((b) => b.vendorToken !== "" && b.privateToken !== "");
}

/** What Lydia signs in a callback, when present (order_ref only when the request carried one). */
const SIGNED = [
  "amount",
  "currency",
  "order_ref",
  "request_id",
  "signed",
  "transaction_identifier",
  "vendor_token",
];

function md5Of(params: Record<string, string>, keys: string[], privateToken: string) {
  const query = [...keys]
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("&");
  return createHash("md5").update(`${query}&${privateToken}`).digest("hex");
}

/**
 * A callback's `sig`: the md5 (hex) of the signed parameters sorted by name, written `k=v` (values as
 * received, not re-encoded) joined with "&", followed by "&" and the account's private token.
 */
export function lydiaSignature(params: Record<string, string>, privateToken: string): string {
  return md5Of(
    params,
    SIGNED.filter((key) => params[key] !== undefined),
    privateToken,
  );
}

/**
 * Checks `sig` against the documented parameters, and against every parameter but `sig` should Lydia
 * ever sign a field this list does not know (either way only the private token's holder could make it).
 */
export function verifyLydiaSignature(params: Record<string, string>, privateToken: string): boolean {
  const sig = Buffer.from((params.sig ?? "").toLowerCase());
  const all = Object.keys(params).filter((key) => key !== "sig");
  const candidates = [lydiaSignature(params, privateToken), md5Of(params, all, privateToken)];
  return candidates.some((expected) => {
    const wanted = Buffer.from(expected);
    return sig.length === wanted.length && timingSafeEqual(sig, wanted);
  });
}
