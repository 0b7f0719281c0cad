import type { Selectable } from "kysely";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { readableCode } from "../../platform/codes.js";
import { type Db, unlessDuplicate } from "../../platform/db/index.js";
import type { VoucherPriceMode, VouchersTable } from "../../platform/db/schema.js";
import { domainError } from "../../platform/errors.js";
import { formatMoney, parseMoney } from "../../platform/money.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { requireEventDate, requireEventTicketTypes } from "../catalog/scope.js";
import type { EventRow } from "../events/service.js";

export type Voucher = Selectable<VouchersTable>;
export const PRICE_MODES: readonly VoucherPriceMode[] = ["none", "free", "fixed", "discount", "percent"];

export interface VoucherInput {
  code?: unknown;
  max_usages?: unknown;
  date?: unknown;
  ticket_type?: unknown;
  valid_until?: unknown;
  /** none: only unlocks; free; fixed: the price becomes value; discount: value off; percent: value % off. */
  price_mode?: unknown;
  value?: unknown;
}

export const normalizeVoucherCode = (code: string) => code.trim().toUpperCase();

interface ValidVoucher {
  code: string | null;
  max_usages: number;
  date_id: number | null;
  ticket_type_id: number | null;
  valid_until: string | null;
  price_mode: VoucherPriceMode;
  value_minor: number;
}

async function validate(db: Db, event: EventRow, input: VoucherInput): Promise<ValidVoucher> {
  const check = new Checker();
  let code: string | null = null;
  if (input.code !== undefined && input.code !== null && input.code !== "") {
    code = normalizeVoucherCode(String(input.code));
    if (!/^[A-Z0-9-]{3,40}$/.test(code))
      check.problems.push({ field: "code", message: "3-40 letters, digits or dashes" });
  }
  const maxUsages = check.optionalInt("max_usages", input.max_usages ?? 1, 1, 1_000_000) ?? 1;
  const dateId = check.optionalInt("date", input.date, 1, Number.MAX_SAFE_INTEGER);
  const ticketTypeId = check.optionalInt("ticket_type", input.ticket_type, 1, Number.MAX_SAFE_INTEGER);
  const priceMode = check.oneOf("price_mode", input.price_mode ?? "none", PRICE_MODES);
  let valueMinor = 0;
  if (priceMode === "fixed" || priceMode === "discount") {
    valueMinor = parseMoney(input.value) ?? -1;
    if (valueMinor < 0) check.problems.push({ field: "value", message: 'must be an amount like "5.00"' });
  } else if (priceMode === "percent") {
    valueMinor = check.optionalInt("value", input.value, 1, 100) ?? 0;
  }
  let validUntil: string | null = null;
  if (input.valid_until !== undefined && input.valid_until !== null && input.valid_until !== "") {
    const ms = Date.parse(String(input.valid_until));
    if (Number.isNaN(ms)) check.problem("valid_until", "date_time", "must be an ISO 8601 date-time");
    else validUntil = new Date(ms).toISOString();
  }
  check.done();
  await requireEventDate(db, event, dateId);
  await requireEventTicketTypes(db, event, ticketTypeId === null ? [] : [ticketTypeId], "ticket_type");
  return {
    code,
    max_usages: maxUsages,
    date_id: dateId,
    ticket_type_id: ticketTypeId,
    valid_until: validUntil,
    price_mode: priceMode,
    value_minor: valueMinor,
  };
}

const codeTaken = (code: string) =>
  domainError("voucher_code_taken", `The voucher code ${code} already exists for this event`, 409);

export async function createVoucher(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: VoucherInput,
): Promise<Voucher> {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const v = await validate(db, event, input);
  const code = v.code ?? readableCode(10);
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("vouchers")
        .values({ ...v, code, event_id: event.id, used: 0, created_at: isoNow() })
        .returningAll()
        .executeTakeFirstOrThrow(),
    () => codeTaken(code),
  );
}

/** Many vouchers with the same settings and generated codes, in one transaction. */
export async function createVouchersInBulk(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: VoucherInput & { count?: unknown; prefix?: unknown },
) {
  authorize(actor, "event.manage", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  const check = new Checker();
  const count = check.optionalInt("count", input.count, 1, 10_000) ?? 0;
  if (count === 0 && check.problems.length === 0) check.problem("count", "required", "is required");
  const prefix = typeof input.prefix === "string" ? normalizeVoucherCode(input.prefix) : "";
  if (!/^[A-Z0-9-]{0,20}$/.test(prefix))
    check.problems.push({ field: "prefix", message: "up to 20 letters, digits or dashes" });
  check.done();
  const v = await validate(db, event, { ...input, code: undefined });
  const codes = new Set<string>();
  while (codes.size < count) codes.add(prefix + readableCode(10));
  const now = isoNow();
  return unlessDuplicate(
    () =>
      db.kysely
        .insertInto("vouchers")
        .values([...codes].map((code) => ({ ...v, code, event_id: event.id, used: 0, created_at: now })))
        .returningAll()
        .execute(),
    () => domainError("voucher_code_taken", "A generated code collided; try again", 409),
  );
}

export async function listVouchers(db: Db, actor: Actor, event: EventRow): Promise<Voucher[]> {
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });
  return db.kysely
    .selectFrom("vouchers")
    .selectAll()
    .where("event_id", "=", event.id)
    .orderBy("id")
    .execute();
}

export function presentVoucher(v: Voucher, link: string) {
  return {
    id: v.id,
    code: v.code,
    max_usages: v.max_usages,
    used: v.used,
    date: v.date_id,
    ticket_type: v.ticket_type_id,
    valid_until: v.valid_until,
    price_mode: v.price_mode,
    value:
      v.price_mode === "percent"
        ? String(v.value_minor)
        : v.price_mode === "none" || v.price_mode === "free"
          ? null
          : formatMoney(v.value_minor),
    link,
  };
}

const csvCell = (value: unknown) => {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\n;]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function vouchersCsv(vouchers: Voucher[], linkFor: (code: string) => string): string {
  const header = [
    "code",
    "max_usages",
    "used",
    "date",
    "ticket_type",
    "valid_until",
    "price_mode",
    "value",
    "link",
  ];
  const rows = vouchers.map((v) => {
    const p = presentVoucher(v, linkFor(v.code));
    return [p.code, p.max_usages, p.used, p.date, p.ticket_type, p.valid_until, p.price_mode, p.value, p.link]
      .map(csvCell)
      .join(",");
  });
  return `${header.join(",")}\n${rows.join("\n")}\n`;
}

/** The price of one ticket after a voucher's effect; never below zero. */
export function applyVoucherPrice(
  priceMinor: number,
  voucher: Pick<Voucher, "price_mode" | "value_minor">,
): number {
  switch (voucher.price_mode) {
    case "free":
      return 0;
    case "fixed":
      return voucher.value_minor;
    case "discount":
      return Math.max(0, priceMinor - voucher.value_minor);
    case "percent":
      return Math.round((priceMinor * (100 - voucher.value_minor)) / 100);
    default:
      return priceMinor;
  }
}

/** The shop link that applies a voucher. */
export function voucherLink(publicUrl: string, organizer: string, event: string, code: string) {
  return `${publicUrl}/e/${organizer}/${event}?voucher=${encodeURIComponent(code)}`;
}
