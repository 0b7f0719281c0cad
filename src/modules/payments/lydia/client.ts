import { createHash } from "node:crypto";
import { domainError } from "../../../platform/errors.js";
import { formatMoney } from "../../../platform/money.js";
import { postForm } from "../http-client.js";

/**
 * Lydia's merchant request API (form-encoded POSTs answering JSON):
 * - request/do.json: a payment request sent to the buyer's phone;
 * - request/state.json: where that request stands (1 paid, 0 waiting, 5 refused, 6 cancelled, -1 unknown);
 * - callbacks to confirm_url / cancel_url / expire_url carry `sig`, the md5 of the other parameters sorted
 *   by name as k=v joined with "&", followed by "&" and the account's private token.
 */
export interface LydiaAccount {
  apiUrl: string;
  vendorToken: string;
}

export type LydiaState = "paid" | "waiting" | "refused" | "cancelled" | "expired" | "unknown";

async function call(account: LydiaAccount, path: string, fields: Record<string, string>) {
  const { status, text } = await postForm(
    `${account.apiUrl}${path}`,
    new URLSearchParams(fields).toString(),
    {
      accept: "application/json",
    },
  );
  try {
    return { status, body: JSON.parse(text) as Record<string, unknown> };
  } catch {
    throw domainError("provider_unavailable", "Lydia answered with something other than JSON", 503, {
      status,
    });
  }
}

export async function requestPayment(
  account: LydiaAccount,
  input: {
    recipient: string;
    amountMinor: number;
    currency: string;
    orderRef: string;
    message: string;
    confirmUrl: string;
    cancelUrl: string;
    expireUrl: string;
    browserSuccessUrl: string;
    browserFailUrl: string;
  },
): Promise<{ requestId: string; requestUuid: string; mobileUrl: string | null }> {
  const { body } = await call(account, "/api/request/do.json", {
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
    browser_success_url: input.browserSuccessUrl,
    browser_fail_url: input.browserFailUrl,
    notify: "yes",
    display_confirmation: "no",
  });
  if (String(body.error) !== "0" || typeof body.request_uuid !== "string")
    throw domainError(
      "lydia_refused",
      `Lydia refused the request: ${String(body.message ?? "unknown error")}`,
      400,
      {
        lydia_error: String(body.error ?? ""),
      },
    );
  return {
    requestId: String(body.request_id ?? ""),
    requestUuid: body.request_uuid,
    mobileUrl: typeof body.mobile_url === "string" ? body.mobile_url : null,
  };
}

const STATES: Record<string, LydiaState> = {
  "1": "paid",
  "0": "waiting",
  "5": "refused",
  "6": "cancelled",
  "-1": "unknown",
};

export async function requestState(account: LydiaAccount, requestUuid: string): Promise<LydiaState> {
  const { body } = await call(account, "/api/request/state.json", {
    vendor_token: account.vendorToken,
    request_uuid: requestUuid,
  });
  if (body.error !== undefined && String(body.error) !== "0") return "unknown";
  return STATES[String(body.state)] ?? (String(body.state) === "7" ? "expired" : "unknown");
}

export function lydiaSignature(params: Record<string, string>, privateToken: string): string {
  const signed = Object.keys(params)
    .filter((key) => key !== "sig")
    .sort()
    .map((key) => `${key}=${params[key]}`)
    .join("&");
  return createHash("md5").update(`${signed}&${privateToken}`).digest("hex");
}

export function verifyLydiaSignature(params: Record<string, string>, privateToken: string): boolean {
  const sig = params.sig ?? "";
  const expected = lydiaSignature(params, privateToken);
  return sig.length === expected.length && sig.toLowerCase() === expected;
}
