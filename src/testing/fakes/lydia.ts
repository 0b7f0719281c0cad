import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import { lydiaSignature } from "../../modules/payments/lydia/client.js";
import { formatMoney } from "../../platform/money.js";
import { postForm, startFakeServer } from "./http.js";

export interface FakeLydiaRequest {
  uuid: string;
  id: string;
  fields: Record<string, string>;
  /** request/state.json's answer: 0 waiting, 1 paid, 5 refused by the payer, 6 cancelled. */
  state: "0" | "1" | "5" | "6";
}

export interface FakeLydiaOptions {
  vendorToken: string;
  privateToken: string;
  /** For api/auth/login.json: the Lydia user whose business accounts are listed. */
  login?: {
    phone: string;
    password: string;
    businesses: { name: string; vendor_token: string; vendor_id: string }[];
  };
}

type CallbackOptions = { amount?: number; multipart?: boolean };

/**
 * Lydia's merchant API on 127.0.0.1, speaking the real protocol: request/do.json (checks the vendor
 * token and the recipient), request/state.json, request/cancel.json, auth/login.json, and the signed
 * callbacks a request's outcome sends to the merchant. Test helpers play the payer's phone.
 */
export async function startFakeLydia(options: FakeLydiaOptions) {
  const requests = new Map<string, FakeLydiaRequest>();
  const calls: { path: string; fields: Record<string, string> }[] = [];
  let nextId = 1000;
  let outage = 0;
  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
  };
  const mine = (fields: Record<string, string>) => fields.vendor_token === options.vendorToken;

  const server = await startFakeServer((req, body, res) => {
    const fields = Object.fromEntries(new URLSearchParams(body));
    const path = req.url ?? "";
    calls.push({ path, fields });
    if (outage > 0) {
      outage--;
      res.writeHead(502).end("Bad gateway");
      return;
    }
    if (path === "/api/request/do.json") {
      if (!mine(fields)) return json(res, { error: "3", message: "Unknown vendor token" });
      if (!/^\+?\d{8,15}$/.test(fields.recipient ?? "") || fields.recipient?.startsWith("+99"))
        return json(res, { error: "5", message: "No Lydia account for this phone number" });
      const request: FakeLydiaRequest = { uuid: randomUUID(), id: String(nextId++), fields, state: "0" };
      requests.set(request.uuid, request);
      return json(res, {
        error: "0",
        request_id: request.id,
        request_uuid: request.uuid,
        message: "Request sent",
        mobile_url: `https://lydia.example/collect/${request.uuid}`,
      });
    }
    if (path === "/api/request/state.json") {
      const request = requests.get(fields.request_uuid ?? "");
      if (!request || !mine(fields)) return json(res, { state: "-1" });
      return json(res, { state: request.state });
    }
    if (path === "/api/request/cancel.json") {
      const request = [...requests.values()].find((r) => r.id === fields.request_id);
      if (!request || !mine(fields) || request.state !== "0")
        return json(res, { error: "1", message: "Cannot cancel" });
      request.state = "6";
      return json(res, { error: "0", message: "Request cancelled" });
    }
    if (path === "/api/auth/login.json") {
      const login = options.login;
      if (!login || fields.phone !== login.phone || fields.password !== login.password)
        return json(res, { error: "1", message: "Wrong phone number or password" });
      return json(res, { error: "0", business_list: login.businesses });
    }
    res.writeHead(404).end("not found");
  });

  function callbackFields(request: FakeLydiaRequest, change: Record<string, string> = {}) {
    const fields: Record<string, string> = {
      currency: request.fields.currency ?? "EUR",
      request_id: request.id,
      amount: request.fields.amount ?? "",
      signed: "0",
      transaction_identifier: `TX${request.id}`,
      vendor_token: options.vendorToken,
      order_ref: request.fields.order_ref ?? "",
      ...change,
    };
    return { ...fields, sig: lydiaSignature(fields, options.privateToken) };
  }

  async function send(url: string, fields: Record<string, string>, multipart = false) {
    if (!multipart) return postForm(url, fields);
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await fetch(url, { method: "POST", body: form });
    return { status: res.status, text: await res.text() };
  }

  const last = () => {
    const request = [...requests.values()].at(-1);
    if (!request) throw new Error("no Lydia request yet");
    return request;
  };
  const confirmFields = (request: FakeLydiaRequest, o: CallbackOptions) =>
    callbackFields(request, o.amount !== undefined ? { amount: formatMoney(o.amount) } : {});

  return {
    url: server.url,
    requests,
    calls,
    last,
    /** The next `count` calls answer 502, as a Lydia outage would. */
    failNext(count = 1) {
      outage = count;
    },
    /** The payer accepts on the phone; Lydia then calls confirm_url (unless the callback is lost). */
    async accept(o: CallbackOptions & { callback?: boolean; request?: FakeLydiaRequest } = {}) {
      const request = o.request ?? last();
      request.state = "1";
      if (o.callback === false) return undefined;
      return send(request.fields.confirm_url ?? "", confirmFields(request, o), o.multipart);
    },
    /** The payer refuses: state 5 and the cancel callback. */
    async refuse() {
      const request = last();
      request.state = "5";
      return send(request.fields.cancel_url ?? "", callbackFields(request));
    },
    /** Nobody answered in time: the expire callback (state.json then reports it cancelled). */
    async expire() {
      const request = last();
      request.state = "6";
      return send(request.fields.expire_url ?? "", callbackFields(request));
    },
    /** The last confirm callback again, byte for byte the same fields. */
    replayConfirm: (o: CallbackOptions = {}) =>
      send(last().fields.confirm_url ?? "", confirmFields(last(), o)),
    /** A confirm callback signed with another key than the account's private token. */
    forgeConfirm: () => {
      const request = last();
      const fields = callbackFields(request);
      return send(request.fields.confirm_url ?? "", {
        ...fields,
        sig: lydiaSignature(fields, "not-the-key"),
      });
    },
    close: server.close,
  };
}

export type FakeLydia = Awaited<ReturnType<typeof startFakeLydia>>;
