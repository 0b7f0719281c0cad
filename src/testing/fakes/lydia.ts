import { randomUUID } from "node:crypto";
import { lydiaSignature } from "../../modules/payments/lydia/client.js";
import { formatMoney } from "../../platform/money.js";
import { postForm, startFakeServer } from "./http.js";

interface FakeRequest {
  uuid: string;
  id: string;
  fields: Record<string, string>;
  state: "0" | "1" | "5" | "6";
}

/**
 * Lydia's merchant API on 127.0.0.1: request/do.json (checks the vendor token and the phone number),
 * request/state.json, and the signed callbacks a request's outcome sends to the merchant.
 */
export async function startFakeLydia(accounts: { vendorToken: string; privateToken: string }) {
  const requests = new Map<string, FakeRequest>();
  let nextId = 1000;
  const json = (res: import("node:http").ServerResponse, body: unknown): void => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  };

  const server = await startFakeServer((req, body, res) => {
    const fields = Object.fromEntries(new URLSearchParams(body));
    if (req.url === "/api/request/do.json") {
      if (fields.vendor_token !== accounts.vendorToken)
        return json(res, { error: "3", message: "Unknown vendor" });
      if (!/^\+?\d{8,15}$/.test(fields.recipient ?? ""))
        return json(res, { error: "5", message: "Invalid recipient" });
      const request = { uuid: randomUUID(), id: String(nextId++), fields, state: "0" as const };
      requests.set(request.uuid, request);
      return json(res, {
        error: "0",
        request_id: request.id,
        request_uuid: request.uuid,
        message: "Request sent",
        mobile_url: `https://lydia.example/collect/${request.uuid}`,
      });
    }
    if (req.url === "/api/request/state.json") {
      const request = requests.get(fields.request_uuid ?? "");
      if (!request || fields.vendor_token !== accounts.vendorToken) return json(res, { state: "-1" });
      return json(res, { state: request.state });
    }
    res.writeHead(404).end("not found");
    return undefined;
  });

  function callbackFields(request: FakeRequest, change: Record<string, string> = {}) {
    const fields: Record<string, string> = {
      currency: request.fields.currency ?? "EUR",
      request_id: request.id,
      amount: request.fields.amount ?? "",
      signed: "0",
      transaction_identifier: `TX${request.id}`,
      vendor_token: accounts.vendorToken,
      order_ref: request.fields.order_ref ?? "",
      ...change,
    };
    return { ...fields, sig: lydiaSignature(fields, accounts.privateToken) };
  }

  const only = () => {
    const all = [...requests.values()];
    const last = all.at(-1);
    if (!last) throw new Error("no Lydia request yet");
    return last;
  };

  return {
    url: server.url,
    requests,
    last: only,
    /** The buyer accepts on the phone; Lydia calls confirm_url (unless the callback is "lost"). */
    async accept(options: { callback?: boolean; amount?: number } = {}) {
      const request = only();
      request.state = "1";
      if (options.callback === false) return;
      const change: Record<string, string> =
        options.amount !== undefined ? { amount: formatMoney(options.amount) } : {};
      return postForm(request.fields.confirm_url ?? "", callbackFields(request, change));
    },
    async refuse() {
      const request = only();
      request.state = "5";
      return postForm(request.fields.cancel_url ?? "", callbackFields(request));
    },
    async expire() {
      const request = only();
      request.state = "6";
      return postForm(request.fields.expire_url ?? "", callbackFields(request));
    },
    /** Replays the confirm callback exactly, or sends it with a signature made with the wrong key. */
    replayConfirm: () => postForm(only().fields.confirm_url ?? "", callbackFields(only())),
    forgeConfirm: () => {
      const request = only();
      const fields = callbackFields(request);
      return postForm(request.fields.confirm_url ?? "", {
        ...fields,
        sig: lydiaSignature(fields, "not-the-key"),
      });
    },
    close: server.close,
  };
}
