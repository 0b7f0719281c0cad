import { hmac, seal, unseal } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import { domainError, notFound } from "../../platform/errors.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { typedTicketCode } from "../orders/ticket-code.js";
import { tesseraTicketNumber, ticketNumberColumns, ticketsWithOrders } from "../orders/tickets.js";
import { askShop, type ConnectorSettings, DEFAULT_CONNECTOR, sourceUnavailable } from "./connector.js";
import { type ProgrammeScope, requireManage } from "./programme.js";

// Where tickets come from: an external shop reached through the connector ("http"), or Tessera's own
// tickets ("tessera": a paid ticket of an event, named by what is printed on it). Each source maps
// the kinds it reports to allowances (how many experiences a ticket of that kind may book).

export interface TicketSourceInput {
  type?: unknown;
  name?: unknown;
  url?: unknown;
  method?: unknown;
  headers?: unknown;
  allowances?: unknown;
  fields?: unknown;
  timeout_ms?: unknown;
  /** "tessera": the event (slug, same organizer) whose tickets count; default this event. */
  tessera_event?: unknown;
}

type TesseraSettings = { event_id: number };

export interface TicketSource {
  id: number;
  type: "http" | "tessera";
  name: string;
  settings: ConnectorSettings | TesseraSettings;
  headerNames: string[];
  allowances: Record<string, number>;
  created_at: string;
}

const FIELD_NAMES = ["number_field", "code_field", "valid_field", "kind_field"] as const;
const FIELD = /^[A-Za-z0-9_.-]{1,100}$/;
const HEADER = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$/;

function checkAllowances(check: Checker, value: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (
    typeof value !== "object" ||
    value === null ||
    Array.isArray(value) ||
    Object.keys(value).length === 0
  ) {
    check.problems.push({ field: "allowances", message: 'must map kinds to numbers, e.g. {"Gold":3}' });
    return out;
  }
  for (const [kind, n] of Object.entries(value)) {
    const count = typeof n === "number" ? n : Number(n);
    if (kind.trim() === "" || kind.length > 100 || !Number.isInteger(count) || count < 0 || count > 1000)
      check.problems.push({
        field: `allowances.${kind.slice(0, 50)}`,
        message: "must be a whole number from 0 to 1000",
      });
    else out[kind.trim()] = count;
  }
  return out;
}

function checkHeaders(check: Checker, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) {
    check.problems.push({ field: "headers", message: "must be an object of header names to values" });
    return {};
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (!HEADER.test(name) || typeof v !== "string" || v.length > 2000 || /[\r\n]/.test(v))
      check.problems.push({ field: `headers.${name.slice(0, 50)}`, message: "is not a valid header" });
    else out[name] = v;
  }
  return out;
}

function checkConnector(check: Checker, input: TicketSourceInput): ConnectorSettings {
  const url = check.outboundUrl("url", input.url);
  const method = check.oneOf("method", input.method ?? DEFAULT_CONNECTOR.method, [
    "POST",
    "PUT",
    "GET",
  ] as const);
  const fields = (typeof input.fields === "object" && input.fields !== null ? input.fields : {}) as Record<
    string,
    unknown
  >;
  const names = {} as Record<(typeof FIELD_NAMES)[number], string>;
  for (const key of FIELD_NAMES) {
    const value = fields[key] ?? DEFAULT_CONNECTOR[key];
    if (typeof value !== "string" || !FIELD.test(value))
      check.problems.push({
        field: `fields.${key}`,
        message: "must be a field name (letters, digits, _ . -)",
      });
    names[key] = String(value);
  }
  const timeout =
    check.optionalInt("timeout_ms", input.timeout_ms, 100, 30_000) ?? DEFAULT_CONNECTOR.timeout_ms;
  return { url, method, ...names, timeout_ms: timeout };
}

export async function createTicketSource(
  db: Db,
  secret: string,
  scope: ProgrammeScope,
  input: TicketSourceInput,
): Promise<TicketSource> {
  requireManage(scope);
  const check = new Checker();
  const type = check.oneOf("type", input.type ?? "http", ["http", "tessera"] as const);
  const allowances = checkAllowances(check, input.allowances);
  let settings: ConnectorSettings | TesseraSettings = { event_id: scope.event.id };
  let headers: Record<string, string> = {};
  if (type === "http") {
    settings = checkConnector(check, input);
    headers = checkHeaders(check, input.headers);
  } else if (input.tessera_event !== undefined && input.tessera_event !== "") {
    const other = await db.kysely
      .selectFrom("events")
      .select("id")
      .where("organizer_id", "=", scope.event.organizer_id)
      .where("slug", "=", String(input.tessera_event))
      .executeTakeFirst();
    if (other) settings = { event_id: other.id };
    else check.problems.push({ field: "tessera_event", message: "is not an event of this organizer" });
  }
  const name =
    check.optionalText("name", input.name, 200) ??
    (type === "http" && "url" in settings && settings.url ? new URL(settings.url).host : "Tessera");
  check.done();
  const row = await db.kysely
    .insertInto("ticket_sources")
    .values({
      event_id: scope.event.id,
      type,
      name,
      settings: JSON.stringify(settings),
      sealed_headers: Object.keys(headers).length > 0 ? seal(secret, JSON.stringify(headers)) : null,
      allowances: JSON.stringify(allowances),
      created_at: isoNow(),
      retired_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...present(row), headerNames: Object.keys(headers) };
}

type SourceRow = {
  id: number;
  type: "http" | "tessera";
  name: string;
  settings: string;
  sealed_headers: string | null;
  allowances: string;
  created_at: string;
};

function present(row: SourceRow): TicketSource {
  return {
    id: row.id,
    type: row.type,
    name: row.name,
    settings: JSON.parse(row.settings) as TicketSource["settings"],
    headerNames: [],
    allowances: JSON.parse(row.allowances) as Record<string, number>,
    created_at: row.created_at,
  };
}

function activeSources(db: Db, eventId: number) {
  return db.kysely
    .selectFrom("ticket_sources")
    .select(["id", "type", "name", "settings", "sealed_headers", "allowances", "created_at"])
    .where("event_id", "=", eventId)
    .where("retired_at", "is", null)
    .orderBy("id")
    .execute();
}

/** Header names are shown, never their values (they are sealed secrets). */
export async function listTicketSources(db: Db, secret: string, scope: ProgrammeScope) {
  requireManage(scope);
  return (await activeSources(db, scope.event.id)).map((row) => ({
    ...present(row),
    headerNames: row.sealed_headers
      ? Object.keys(JSON.parse(unseal(secret, row.sealed_headers)) as Record<string, string>)
      : [],
  }));
}

/** Retired sources stop answering; bookings and counts made through them stay. */
export async function retireTicketSource(db: Db, scope: ProgrammeScope, id: number) {
  requireManage(scope);
  const done = await db.kysely
    .updateTable("ticket_sources")
    .set({ retired_at: isoNow() })
    .where("id", "=", id)
    .where("event_id", "=", scope.event.id)
    .where("retired_at", "is", null)
    .executeTakeFirst();
  if (Number(done.numUpdatedRows) === 0) throw notFound("Ticket source");
}

export interface VerifiedTicket {
  ticketNumber: string;
  sourceId: number;
  kind: string;
  allowance: number;
}

export const invalidTicket = () =>
  domainError("invalid_ticket", "The ticket number or the security code is not valid", 403);

/** What we keep to recognise a number and code seen before: an HMAC, never the code. */
export const codeHash = (secret: string, eventId: number, ticketNumber: string, securityCode: string) =>
  hmac(secret, `experience-ticket:${eventId}:${ticketNumber}\u0000${securityCode}`);

/**
 * A Tessera ticket as printed: the ticket number (`CODE-positionId`) or just the booking code, and as
 * the security code the ticket code under the QR (case, spaces and dashes ignored) or the QR's secret.
 */
async function askTessera(db: Db, settings: TesseraSettings, number: string, code: string) {
  const parts = /^([A-Za-z0-9]+)-(\d{1,9})$/.exec(number);
  const bookingCode = (parts?.[1] ?? number).toUpperCase();
  const positionId = parts ? Number(parts[2]) : undefined;
  const typed = typedTicketCode(code);
  let query = ticketsWithOrders(db.kysely)
    .innerJoin("ticket_types as t", "t.id", "p.ticket_type_id")
    .select([...ticketNumberColumns, "t.name as kind"])
    .where((eb) =>
      typed ? eb.or([eb("p.secret", "=", code), eb("p.ticket_code", "=", typed)]) : eb("p.secret", "=", code),
    )
    .where("o.code", "=", bookingCode)
    .where("o.event_id", "=", settings.event_id)
    .where("o.status", "=", "paid");
  if (positionId !== undefined) query = query.where("p.id", "=", positionId);
  const ticket = await query.executeTakeFirst();
  return ticket ? { ticketNumber: tesseraTicketNumber(ticket), kind: ticket.kind } : undefined;
}

/**
 * Asks every active source of the event in turn; the first that knows the ticket decides its kind.
 * A source that cannot be reached makes the answer "try again" unless another one knew the ticket.
 */
export async function verifyTicket(
  db: Db,
  secret: string,
  eventId: number,
  ticketNumber: string,
  securityCode: string,
): Promise<VerifiedTicket> {
  const number = ticketNumber.trim();
  const code = securityCode.trim();
  if (number === "" || code === "" || number.length > 100 || code.length > 200) throw invalidTicket();
  const sources = await activeSources(db, eventId);
  let unavailable: unknown;
  for (const row of sources) {
    const source = present(row);
    let found: { ticketNumber: string; kind: string } | undefined;
    if (source.type === "tessera") {
      found = await askTessera(db, source.settings as TesseraSettings, number, code);
    } else {
      const headers = row.sealed_headers
        ? (JSON.parse(unseal(secret, row.sealed_headers)) as Record<string, string>)
        : {};
      try {
        const answer = await askShop(source.settings as ConnectorSettings, headers, number, code);
        if (answer.valid) found = { ticketNumber: number, kind: answer.kind };
      } catch (error) {
        unavailable = error;
        continue;
      }
    }
    if (!found) continue;
    const allowance = source.allowances[found.kind];
    if (allowance === undefined)
      throw domainError("invalid_ticket", "This kind of ticket does not include experiences", 403, {
        kind: found.kind,
      });
    return { ticketNumber: found.ticketNumber, sourceId: source.id, kind: found.kind, allowance };
  }
  if (unavailable) throw unavailable;
  if (sources.length === 0) throw sourceUnavailable("no ticket source configured");
  throw invalidTicket();
}
