import { outboundFetch } from "../../platform/outbound.js";
/**
 * The wallet provider's HTTP API, as Tessera speaks it (modelled on TIXNGO's ticket sync): JSON over
 * HTTPS with `Authorization: Bearer <api key>`.
 *
 *   POST tickets/inject   {"tickets":[{"ticket_id","event","date","barcode","rotating"}]} → {"results":[{"ticket_id","status"}]}
 *        (rotating: {"algorithm":"HMAC-SHA256","period_seconds","key"} for passes showing rotating codes)
 *   POST tickets/status   {"updates":[{"ticket_id","status":"CONTROLLED"|"INVALIDATED"|"CANCELLED"}]} → same
 *   GET  tickets/changes?cursor=<c>&limit=<n>&mode=lifecycle|history
 *        → {"changes":[{"ticket_id","status"|"legacy_status","action"?,"state"?,"holder"?}],"next_cursor"}
 *
 * Both writes are idempotent at the provider (a known ticket answers its current status), so a batch
 * resent after a crash changes nothing twice.
 */
export interface ProviderConfig {
  url: string;
  apiKey: string;
}

export interface ProviderResult {
  ticket_id: string;
  status: string;
}

export interface ProviderChange {
  ticket_id: string;
  status?: string;
  legacy_status?: string;
  action?: string;
  state?: string;
  holder?: string | null;
}

export class ProviderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProviderError";
  }
}

/**
 * Sync runs in a job, but the admin's "Sync now" waits on it too, and a page of 1,000 changes is a few
 * hundred kilobytes: a provider silent for this long is down, and the job retries with backoff.
 */
export const WALLET_TIMEOUT_MS = 10_000;

async function request<T>(
  config: ProviderConfig,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<T> {
  const base = config.url.endsWith("/") ? config.url : `${config.url}/`;
  let res: Response;
  try {
    res = await outboundFetch(base + path, {
      method,
      headers: {
        authorization: `Bearer ${config.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs: WALLET_TIMEOUT_MS,
      // A pull of 1,000 changes is well below this; anything larger is not an answer we want.
      maxBytes: 16 * 1024 * 1024,
    });
  } catch (error) {
    throw new ProviderError(`The wallet provider did not answer: ${String(error)}`);
  }
  if (!res.ok) throw new ProviderError(`The wallet provider answered ${res.status} to ${path.split("?")[0]}`);
  try {
    return (await res.json()) as T;
  } catch {
    throw new ProviderError(`The wallet provider's answer to ${path.split("?")[0]} is not JSON`);
  }
}

export const walletProvider = {
  async inject(
    config: ProviderConfig,
    tickets: {
      ticket_id: string;
      event: string;
      date: string | null;
      barcode: string;
      rotating?: { algorithm: string; period_seconds: number; key: string };
    }[],
  ): Promise<ProviderResult[]> {
    return (
      (await request<{ results: ProviderResult[] }>(config, "POST", "tickets/inject", { tickets })).results ??
      []
    );
  },
  async pushStatus(
    config: ProviderConfig,
    updates: { ticket_id: string; status: "CONTROLLED" | "INVALIDATED" | "CANCELLED" }[],
  ): Promise<ProviderResult[]> {
    return (
      (await request<{ results: ProviderResult[] }>(config, "POST", "tickets/status", { updates })).results ??
      []
    );
  },
  async changes(
    config: ProviderConfig,
    cursor: string,
    limit: number,
    mode: "lifecycle" | "history",
  ): Promise<{ changes: ProviderChange[]; next_cursor: string }> {
    const query = new URLSearchParams({ cursor, limit: String(limit), mode });
    return request(config, "GET", `tickets/changes?${query}`);
  },
};
