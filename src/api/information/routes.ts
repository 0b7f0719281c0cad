import fs from "node:fs";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findBookableEvent } from "../../modules/events/service.js";
import {
  informationFile,
  orderInformation,
  presentInformationItem,
  presentOrderInformation,
  setInformationValue,
  uploadInformationFile,
  validateInformation,
} from "../../modules/information/answers.js";
import {
  createInformationField,
  deleteInformationField,
  listInformationFields,
  MAX_UPLOAD_BYTES,
  presentInformationField,
  UPLOAD_TYPES,
  updateInformationField,
} from "../../modules/information/fields.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { OrderParams } from "../params.js";
import {
  CreateFieldBody,
  FieldParams,
  FieldsParams,
  FileBody,
  InformationFieldSchema,
  InformationItemSchema,
  OrderInformationSchema,
  SetValueBody,
  UpdateFieldBody,
  ValueParams,
} from "./schemas.js";

const tags = ["required information"];
const fieldsBase = "/api/v1/organizers/:organizer/events/:event/ticket-types/:id/fields";
const orderBase = "/api/v1/organizers/:organizer/events/:event/orders/:code";
const valueBase = `${orderBase}/positions/:positionId/information/:fieldId`;

const errorsWithUpload = {
  ...errorResponses,
  413: errorResponses[400],
  415: errorResponses[400],
};

/** `attachment; filename="x.pdf"` → x.pdf (display name only; never a path on disk). */
function dispositionName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)?.[1];
  if (star) {
    try {
      return decodeURIComponent(star.trim());
    } catch {
      return undefined;
    }
  }
  return /filename\s*=\s*"?([^";]+)"?/.exec(header)?.[1];
}

/** An ASCII fallback plus the RFC 5987 form, so any name is safe in the header. */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function informationRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    // Raw file uploads: only inside this plugin, only the formats a field may accept. The real per-field
    // limit and type are enforced by the service (413/415); this is the global cap.
    app.addContentTypeParser(
      [...UPLOAD_TYPES],
      { parseAs: "buffer", bodyLimit: MAX_UPLOAD_BYTES },
      (_req, body, done) => done(null, body),
    );

    const orderFor = async (params: { organizer: string; event: string; code: string }) => {
      const event = await findBookableEvent(ctx.db, params.organizer, params.event);
      const order = await findOrderByCode(ctx.db, event.id, params.code);
      return { event, order };
    };

    app.post(
      fieldsBase,
      {
        schema: {
          tags,
          summary:
            "Ask a required information for a ticket type (only while it has no orders → else 409 ticket_type_has_orders)",
          params: FieldsParams,
          body: CreateFieldBody,
          response: { 201: InformationFieldSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const field = await createInformationField(ctx.db, req.actor, event, req.params.id, req.body);
        return reply.status(201).send(presentInformationField(field));
      },
    );

    app.get(
      fieldsBase,
      {
        schema: {
          tags,
          summary: "The required information of a ticket type",
          params: FieldsParams,
          response: { 200: Type.Array(InformationFieldSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return (await listInformationFields(ctx.db, req.actor, event, req.params.id)).map(
          presentInformationField,
        );
      },
    );

    app.patch(
      `${fieldsBase}/:fieldId`,
      {
        schema: {
          tags,
          summary:
            "Change a field's label, required flag or what it blocks (the kind is fixed → 409 kind_fixed)",
          params: FieldParams,
          body: UpdateFieldBody,
          response: { 200: InformationFieldSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentInformationField(
          await updateInformationField(ctx.db, req.actor, event, req.params.id, req.params.fieldId, req.body),
        );
      },
    );

    app.delete(
      `${fieldsBase}/:fieldId`,
      {
        schema: {
          tags,
          summary: "Delete a field while the ticket type has no orders (else 409 ticket_type_has_orders)",
          params: FieldParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        await deleteInformationField(ctx.db, req.actor, event, req.params.id, req.params.fieldId);
        return reply.status(204).send(null);
      },
    );

    app.get(
      `${orderBase}/information`,
      {
        schema: {
          tags,
          summary:
            "Required information of an order, per ticket, with what still blocks payment or admission (owner or admins)",
          params: OrderParams,
          security: [{ bearer: [] }, {}],
          response: { 200: OrderInformationSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req.params);
        return presentOrderInformation(await orderInformation(ctx.db, req.actor, event, order));
      },
    );

    app.put(
      valueBase,
      {
        schema: {
          tags,
          summary:
            "Fill a value (owner until validated, or an admin with the manage-orders level); validated → 409 already_validated",
          params: ValueParams,
          body: SetValueBody,
          security: [{ bearer: [] }, {}],
          response: { 200: InformationItemSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req.params);
        const { positionId, fieldId } = req.params;
        return presentInformationItem(
          await setInformationValue(
            ctx.db,
            ctx.config.dataDir,
            req.actor,
            event,
            order,
            positionId,
            fieldId,
            req.body.value,
          ),
        );
      },
    );

    app.put(
      `${valueBase}/file`,
      {
        bodyLimit: MAX_UPLOAD_BYTES,
        schema: {
          tags,
          summary:
            "Upload a file: the raw bytes as the body with the file's Content-Type (too large → 413, type not allowed → 415)",
          params: ValueParams,
          consumes: [...UPLOAD_TYPES],
          body: FileBody,
          security: [{ bearer: [] }, {}],
          response: { 200: InformationItemSchema, ...errorsWithUpload },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req.params);
        const { positionId, fieldId } = req.params;
        return presentInformationItem(
          await uploadInformationFile(
            ctx.db,
            ctx.config.dataDir,
            req.actor,
            event,
            order,
            positionId,
            fieldId,
            {
              contentType: req.headers["content-type"],
              bytes: req.body,
              fileName: dispositionName(req.headers["content-disposition"]),
            },
          ),
        );
      },
    );

    app.get(
      `${valueBase}/file`,
      {
        schema: {
          tags,
          summary: "Download an uploaded file (its owner and the event's admins only; others get 404)",
          params: ValueParams,
          produces: [...UPLOAD_TYPES],
          security: [{ bearer: [] }, {}],
          response: {
            200: Type.Unknown({ description: "the file's bytes, with its content type" }),
            ...errorResponses,
          },
        },
      },
      async (req, reply) => {
        const { event, order } = await orderFor(req.params);
        const file = await informationFile(
          ctx.db,
          ctx.config.dataDir,
          req.actor,
          event,
          order,
          req.params.positionId,
          req.params.fieldId,
        );
        return reply
          .type(file.contentType)
          .header("content-length", file.size)
          .header("content-disposition", contentDisposition(file.name))
          .header("cache-control", "private, no-store")
          .send(fs.createReadStream(file.path));
      },
    );

    app.post(
      `${valueBase}/validate`,
      {
        schema: {
          tags,
          summary:
            "Validate a filled value (manage-orders level); idempotent, cannot be undone; the value becomes read-only",
          params: ValueParams,
          response: { 200: InformationItemSchema, ...errorResponses },
        },
      },
      async (req) => {
        const { event, order } = await orderFor(req.params);
        return presentInformationItem(
          await validateInformation(
            ctx.db,
            req.actor,
            event,
            order,
            req.params.positionId,
            req.params.fieldId,
          ),
        );
      },
    );
  };
}
