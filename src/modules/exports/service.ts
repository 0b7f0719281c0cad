import fs from "node:fs";
import path from "node:path";
import type { Actor } from "../../platform/auth/actor.js";
import { authorize } from "../../platform/auth/policy.js";
import { randomToken } from "../../platform/crypto.js";
import type { Db } from "../../platform/db/index.js";
import type { ExportFormat, ExportsTable } from "../../platform/db/schema.js";
import { domainError, notFound } from "../../platform/errors.js";
import { type Locale, translator } from "../../platform/i18n/index.js";
import { enqueue } from "../../platform/jobs/queue.js";
import { isoNow } from "../../platform/time.js";
import { Checker } from "../../platform/validation.js";
import { recordAudit } from "../audit/audit-log.js";
import type { EventRow } from "../events/service.js";
import { eventTimeZone } from "../events/time-zone.js";
import { countTickets, exportFields, ticketBatches } from "./rows.js";
import { writeArchive, writeDoorListPdf, writeXlsx } from "./writers.js";

export const EXPORT_JOB = "exports.run";
export const FORMATS = ["pdf", "xlsx", "zip", "tar.gz"] as const satisfies readonly ExportFormat[];
export const LISTS = ["pending", "paid"] as const;

export type ExportRow = Omit<ExportsTable, "id" | "done_count" | "total_count"> & {
  id: number;
  done_count: number;
  total_count: number;
};

const view = (actor: Actor, event: EventRow) =>
  authorize(actor, "event.view", { type: "event", organizerId: event.organizer_id, eventId: event.id });

export function exportsDir(dataDir: string) {
  return path.join(dataDir, "exports");
}

export async function requestExport(
  db: Db,
  actor: Actor,
  event: EventRow,
  input: { list?: unknown; format?: unknown; locale?: Locale },
): Promise<ExportRow> {
  view(actor, event);
  const check = new Checker();
  const list = check.oneOf("list", input.list, LISTS);
  const format = check.oneOf("format", input.format, FORMATS);
  check.done();
  const row = await db.kysely
    .insertInto("exports")
    .values({
      event_id: event.id,
      list,
      format,
      status: "queued",
      file_key: null,
      file_size: null,
      error: null,
      requested_by: actor.kind === "user" ? `user:${actor.user.id}` : actor.kind,
      created_at: isoNow(),
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await enqueue(db, EXPORT_JOB, { exportId: row.id, locale: input.locale ?? "en" }, { maxAttempts: 3 });
  await recordAudit(db.kysely, actor, "export.run", `export:${row.id}`, event.organizer_id);
  return row;
}

export async function listExports(db: Db, actor: Actor, event: EventRow): Promise<ExportRow[]> {
  view(actor, event);
  return db.kysely
    .selectFrom("exports")
    .selectAll()
    .where("event_id", "=", event.id)
    .orderBy("id", "desc")
    .limit(50)
    .execute();
}

export async function findExport(db: Db, actor: Actor, event: EventRow, id: number): Promise<ExportRow> {
  view(actor, event);
  const row = await db.kysely
    .selectFrom("exports")
    .selectAll()
    .where("id", "=", id)
    .where("event_id", "=", event.id)
    .executeTakeFirst();
  if (!row) throw notFound("Export");
  return row;
}

const EXTENSIONS: Record<ExportFormat, string> = { pdf: "pdf", xlsx: "xlsx", zip: "zip", "tar.gz": "tar.gz" };
export const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: "application/pdf",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
  "tar.gz": "application/gzip",
};

export async function exportFile(db: Db, dataDir: string, actor: Actor, event: EventRow, id: number) {
  const row = await findExport(db, actor, event, id);
  if (row.status !== "done" || !row.file_key)
    throw domainError("export_not_ready", "This export is not ready yet", 409, { status: row.status });
  await recordAudit(db.kysely, actor, "export.download", `export:${row.id}`, event.organizer_id);
  const day = row.created_at.slice(0, 10);
  return {
    path: path.join(exportsDir(dataDir), row.file_key),
    size: row.file_size ?? 0,
    contentType: CONTENT_TYPES[row.format],
    name: `${event.slug}-${row.list}-${day}.${EXTENSIONS[row.format]}`,
  };
}

/** The job: writes the file a batch at a time, with progress on the row; a retry starts over. */
export async function runExport(db: Db, dataDir: string, timeZone: string, exportId: number, locale: Locale) {
  const row = await db.kysely.selectFrom("exports").selectAll().where("id", "=", exportId).executeTakeFirst();
  if (!row || row.status === "done") return;
  const event = await db.kysely
    .selectFrom("events")
    .selectAll()
    .where("id", "=", row.event_id)
    .executeTakeFirstOrThrow();
  const total = await countTickets(db, event.id, row.list);
  await db.kysely
    .updateTable("exports")
    .set({ status: "running", done_count: 0, total_count: total, error: null })
    .where("id", "=", exportId)
    .execute();
  const t = translator(locale);
  const dir = exportsDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = `${randomToken(16)}.${EXTENSIONS[row.format]}`;
  const file = path.join(dir, key);
  let done = 0;
  const context = {
    t,
    locale,
    // The event's local times; the platform's zone only for an event without one.
    timeZone: eventTimeZone(event, null, timeZone),
    eventName: event.name,
    listName: t(row.list === "paid" ? "exports.list.paid" : "exports.list.pending"),
    fields: await exportFields(db, event.id),
    dataDir,
    progress: async (count: number) => {
      done = Math.min(total, done + count);
      await db.kysely.updateTable("exports").set({ done_count: done }).where("id", "=", exportId).execute();
    },
  };
  const batches = () =>
    ticketBatches(db, event.id, row.list, row.format === "pdf" ? "name" : "booking", t("privacy.anonymous"));
  try {
    if (row.format === "pdf") await writeDoorListPdf(file, batches, context);
    else if (row.format === "xlsx") await writeXlsx(file, batches, context);
    else await writeArchive(file, row.format, batches, context);
  } catch (error) {
    fs.rmSync(file, { force: true });
    await db.kysely
      .updateTable("exports")
      .set({
        status: "failed",
        error: error instanceof Error ? error.message.slice(0, 500) : "failed",
        finished_at: isoNow(),
      })
      .where("id", "=", exportId)
      .execute();
    throw error;
  }
  await db.kysely
    .updateTable("exports")
    .set({
      status: "done",
      done_count: total,
      file_key: key,
      file_size: fs.statSync(file).size,
      finished_at: isoNow(),
    })
    .where("id", "=", exportId)
    .execute();
}
