import fs from "node:fs";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import {
  type ExportRow,
  exportFile,
  FORMATS,
  findExport,
  LISTS,
  listExports,
  requestExport,
} from "../../modules/exports/service.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses, Nullable } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";

const tags = ["exports"];
const base = "/api/v1/organizers/:organizer/events/:event/exports";
const ExportParams = Type.Object({ ...EventParams.properties, id: Type.Integer() });
const ExportSchema = Type.Object({
  id: Type.Integer(),
  list: Type.String(),
  format: Type.String(),
  status: Type.String({ description: "queued, running, done or failed" }),
  done: Type.Integer({ description: "tickets written so far" }),
  total: Type.Integer(),
  created_at: Type.String(),
  finished_at: Nullable(Type.String()),
  file_size: Nullable(Type.Integer()),
  download_url: Nullable(Type.String()),
});

export function presentExport(organizer: string, event: string, row: ExportRow) {
  return {
    id: row.id,
    list: row.list,
    format: row.format,
    status: row.status,
    done: row.done_count,
    total: row.total_count,
    created_at: row.created_at,
    finished_at: row.finished_at,
    file_size: row.file_size,
    download_url:
      row.status === "done" ? `/api/v1/organizers/${organizer}/events/${event}/exports/${row.id}/file` : null,
  };
}

/** Streams an export file with a name an organizer recognizes. */
export function sendExportFile(reply: FastifyReply, file: Awaited<ReturnType<typeof exportFile>>) {
  return reply
    .type(file.contentType)
    .header("content-length", file.size)
    .header("content-disposition", `attachment; filename="${file.name}"`)
    .header("cache-control", "private, no-store")
    .send(fs.createReadStream(file.path));
}

export function exportRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      base,
      {
        schema: {
          tags,
          summary:
            "Export the pending or paid list (PDF door list, XLSX, ZIP or TAR.GZ with files) in the background",
          params: EventParams,
          body: Type.Object({
            list: Type.Union(LISTS.map((l) => Type.Literal(l))),
            format: Type.Union(FORMATS.map((f) => Type.Literal(f))),
          }),
          response: { 202: ExportSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const row = await requestExport(ctx.db, req.actor, event, { ...req.body, locale: req.locale });
        return reply.status(202).send(presentExport(req.params.organizer, event.slug, row));
      },
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary: "The event's exports, newest first",
          params: EventParams,
          response: { 200: Type.Array(ExportSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return (await listExports(ctx.db, req.actor, event)).map((r) =>
          presentExport(req.params.organizer, event.slug, r),
        );
      },
    );

    app.get(
      `${base}/:id`,
      {
        schema: {
          tags,
          summary: "An export's status and progress",
          params: ExportParams,
          response: { 200: ExportSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentExport(
          req.params.organizer,
          event.slug,
          await findExport(ctx.db, req.actor, event, req.params.id),
        );
      },
    );

    app.get(
      `${base}/:id/file`,
      {
        schema: {
          tags,
          summary: "Download a finished export (409 export_not_ready before)",
          params: ExportParams,
          response: { 200: Type.Unknown({ description: "the file" }), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return sendExportFile(
          reply,
          await exportFile(ctx.db, ctx.config.dataDir, req.actor, event, req.params.id),
        );
      },
    );
  };
}
