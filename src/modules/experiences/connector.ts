import { domainError } from "../../platform/errors.js";
import { OutboundRefused, type OutboundRequest, outboundFetch } from "../../platform/outbound.js";

/**
 * The external shop's ticket check, as configured per ticket source: one HTTP request carrying the
 * ticket number and security code, whose JSON answer says whether the ticket is valid and its kind.
 * Field names are configurable (dot paths into the answer, e.g. `data.ticket.category`).
 */
export interface ConnectorSettings {
  url: string;
  method: "POST" | "PUT" | "GET";
  /** Names of the request fields (JSON body, or query parameters for GET). */
  number_field: string;
  code_field: string;
  /** Dot paths into the JSON answer. */
  valid_field: string;
  kind_field: string;
  timeout_ms: number;
}

export type ShopAnswer = { valid: false } | { valid: true; kind: string };

export const DEFAULT_CONNECTOR = {
  method: "POST",
  number_field: "ticket_number",
  code_field: "security_code",
  valid_field: "valid",
  kind_field: "kind",
  timeout_ms: 5000,
} as const;

export const sourceUnavailable = (reason: string, status = 503) =>
  domainError(
    "ticket_source_unavailable",
    "The ticket shop could not check your ticket just now. Nothing was booked; please try again in a moment.",
    status,
    { reason },
  );

function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split(".")) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Truthy the way shops say it: true, 1, "true", "1", "yes", "valid". */
function truthy(value: unknown) {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1;
  return typeof value === "string" && ["true", "1", "yes", "valid", "ok"].includes(value.toLowerCase());
}

export async function askShop(
  settings: ConnectorSettings,
  headers: Record<string, string>,
  ticketNumber: string,
  securityCode: string,
): Promise<ShopAnswer> {
  const fields = { [settings.number_field]: ticketNumber, [settings.code_field]: securityCode };
  let url = settings.url;
  // Redirects are not followed (a 3xx is "unavailable" below): the shop's address is the one checked.
  const init: OutboundRequest = {
    method: settings.method,
    headers: { accept: "application/json", ...headers },
    timeoutMs: settings.timeout_ms,
    maxBytes: 64 * 1024,
  };
  if (settings.method === "GET") {
    const u = new URL(url);
    for (const [k, v] of Object.entries(fields)) u.searchParams.set(k, v);
    url = u.toString();
  } else {
    init.body = JSON.stringify(fields);
    init.headers = { ...init.headers, "content-type": "application/json" };
  }
  let response: Response;
  let text: string;
  try {
    response = await outboundFetch(url, init);
    text = await response.text();
  } catch (error) {
    const name = error instanceof Error ? error.name : "unknown";
    if (error instanceof OutboundRefused) throw sourceUnavailable("address not allowed");
    throw sourceUnavailable(name === "TimeoutError" ? "timeout" : "unreachable");
  }
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  // Many shops answer "unknown ticket" with a 404 or 422; a 404 without a body means the same.
  if (response.status === 404 || response.status === 422) return { valid: false };
  if (response.status < 200 || response.status >= 300)
    throw sourceUnavailable(`status ${response.status}`, 502);
  if (body === undefined || typeof body !== "object") throw sourceUnavailable("not json", 502);
  if (!truthy(pick(body, settings.valid_field))) return { valid: false };
  const kind = pick(body, settings.kind_field);
  if (typeof kind !== "string" && typeof kind !== "number") throw sourceUnavailable("no kind", 502);
  return { valid: true, kind: String(kind) };
}
