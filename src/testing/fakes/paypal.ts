import { randomBytes } from "node:crypto";
import { escapeHtml } from "../../platform/http/html.js";
import { postForm, startFakeServer } from "./http.js";

/**
 * PayPal's Website Payments Standard and IPN, as far as Tessera uses them, on 127.0.0.1:
 * - POST /cgi-bin/webscr with cmd=_xclick: the buyer's checkout page (a "Pay now" button);
 * - POST /pay: the buyer pays; an IPN goes to notify_url, then the browser goes to `return`;
 * - POST /cgi-bin/webscr with cmd=_notify-validate: VERIFIED only for a message this fake sent, byte
 *   for byte; INVALID for anything else (forged or altered).
 */
export async function startFakePaypal() {
  const sent = new Set<string>();
  const validations: { verdict: string; body: string }[] = [];
  const checkouts = new Map<string, URLSearchParams>();
  let outage = false;
  let delayMs = 0;

  const txnId = () => randomBytes(8).toString("hex").toUpperCase();

  async function deliver(notifyUrl: string, fields: Record<string, string> | string, remember = true) {
    const body = typeof fields === "string" ? fields : new URLSearchParams(fields).toString();
    if (remember) sent.add(body);
    return postForm(notifyUrl, body);
  }

  const server = await startFakeServer(async (req, body, res) => {
    const path = (req.url ?? "").split("?")[0];
    const params = new URLSearchParams(body);
    if (path === "/cgi-bin/webscr" && body.startsWith("cmd=_notify-validate&")) {
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (outage) return void res.writeHead(503).end("down");
      const verdict = sent.has(body.slice("cmd=_notify-validate&".length)) ? "VERIFIED" : "INVALID";
      validations.push({ verdict, body });
      return void res.writeHead(200, { "content-type": "text/plain" }).end(verdict);
    }
    if (path === "/cgi-bin/webscr" && params.get("cmd") === "_xclick") {
      const id = txnId();
      checkouts.set(id, params);
      return void res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html>
<html><head><title>PayPal (fake)</title></head><body>
<h1>Pay ${escapeHtml(params.get("amount") ?? "")} ${escapeHtml(params.get("currency_code") ?? "")}</h1>
<p>To ${escapeHtml(params.get("business") ?? "")} for ${escapeHtml(params.get("item_name") ?? "")}</p>
<form method="post" action="/pay"><input type="hidden" name="checkout" value="${id}"><button type="submit">Pay now</button></form>
</body></html>`);
    }
    if (path === "/pay") {
      const checkout = checkouts.get(params.get("checkout") ?? "");
      if (!checkout) return void res.writeHead(404).end("no such checkout");
      await deliver(checkout.get("notify_url") ?? "", completedIpn(checkout, txnId()));
      return void res.writeHead(303, { location: checkout.get("return") ?? "/" }).end();
    }
    res.writeHead(404).end("not found");
  });

  function completedIpn(checkout: URLSearchParams, txn: string): Record<string, string> {
    return {
      mc_gross: checkout.get("amount") ?? "",
      invoice: checkout.get("invoice") ?? "",
      protection_eligibility: "Eligible",
      payer_id: "FAKEPAYER01",
      payment_date: "10:00:00 Mar 01, 2031 PST",
      payment_status: "Completed",
      charset: "UTF-8",
      mc_fee: "0.50",
      notify_version: "3.9",
      custom: checkout.get("custom") ?? "",
      payer_status: "verified",
      business: checkout.get("business") ?? "",
      receiver_email: checkout.get("business") ?? "",
      txn_id: txn,
      payment_type: "instant",
      item_name: checkout.get("item_name") ?? "",
      mc_currency: checkout.get("currency_code") ?? "",
      txn_type: "web_accept",
      ipn_track_id: txnId().toLowerCase(),
    };
  }

  return {
    url: server.url,
    verifyUrl: `${server.url}/cgi-bin/webscr`,
    validations,
    /** A message PayPal really sent (it will be VERIFIED); a string is sent as is, byte for byte. */
    sendIpn: (notifyUrl: string, fields: Record<string, string> | string) => deliver(notifyUrl, fields, true),
    /** A message PayPal never sent (it will be INVALID). */
    forgeIpn: (notifyUrl: string, fields: Record<string, string>) => deliver(notifyUrl, fields, false),
    /** The fields of a completed payment for an order, to alter in tests. */
    completed: (input: { business: string; code: string; amount: string; currency: string }) =>
      completedIpn(
        new URLSearchParams({
          business: input.business,
          custom: input.code,
          invoice: input.code,
          amount: input.amount,
          currency_code: input.currency,
          item_name: "Tickets",
        }),
        txnId(),
      ),
    /** Verification answers 503 while down. */
    setOutage: (down: boolean) => {
      outage = down;
    },
    /** Verification answers only after this long (0: at once). */
    setDelay: (ms: number) => {
      delayMs = ms;
    },
    close: server.close,
  };
}
