import fs from "node:fs";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findBookableEvent } from "../../modules/events/service.js";
import { findOrderByCode } from "../../modules/orders/queries.js";
import { ticketDocuments } from "../../modules/tickets/documents.js";
import { sampleTemplate } from "../../modules/tickets/layout.js";
import { renderTicketPng, renderTicketsPdf } from "../../modules/tickets/render.js";
import {
  assertTicketsDownloadable,
  MAX_TEMPLATE_BYTES,
  removeTicketTemplate,
  saveTicketTemplate,
  TEMPLATE_TYPES,
  ticketTemplateFile,
} from "../../modules/tickets/service.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventItemParams, OrderParams } from "../params.js";

const tags = ["tickets"];
const firstOf = <T>(items: T[]): T => {
  const [first] = items;
  if (first === undefined) throw notFound("Ticket");
  return first;
};
const PositionParams = Type.Object({ ...OrderParams.properties, position: Type.Integer() });
const fileResponse = (description: string) => ({ 200: Type.Unknown({ description }), ...errorResponses });

export function ticketRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    // Template uploads are the raw image as the body, only inside this plugin.
    app.addContentTypeParser(
      Object.keys(TEMPLATE_TYPES),
      { parseAs: "buffer", bodyLimit: MAX_TEMPLATE_BYTES },
      (_req, body, done) => done(null, body),
    );

    const orders = "/api/v1/organizers/:organizer/events/:event/orders/:code";
    const downloadable = async (
      actor: Parameters<typeof assertTicketsDownloadable>[1],
      params: { organizer: string; event: string; code: string },
    ) => {
      const event = await findBookableEvent(ctx.db, params.organizer, params.event);
      const order = await findOrderByCode(ctx.db, event.id, params.code);
      await assertTicketsDownloadable(ctx.db, actor, event, order);
      return order;
    };
    const documents = (orderId: number, positionId?: number) =>
      ticketDocuments(ctx.db, ctx.config.dataDir, ctx.config.timeZone, orderId, positionId);

    app.get(
      `${orders}/tickets.pdf`,
      {
        schema: {
          tags,
          summary:
            "All tickets of an order as one PDF (buyer: paid and information complete; admins: always)",
          params: OrderParams,
          response: fileResponse("application/pdf"),
        },
      },
      async (req, reply) => {
        const order = await downloadable(req.actor, req.params);
        const pdf = await renderTicketsPdf(await documents(order.id));
        return reply
          .type("application/pdf")
          .header("content-disposition", `inline; filename="tickets-${order.code}.pdf"`)
          .header("cache-control", "private, no-store")
          .send(pdf);
      },
    );

    for (const format of ["pdf", "png"] as const) {
      app.get(
        `${orders}/positions/:position/ticket.${format}`,
        {
          schema: {
            tags,
            summary: `One ticket as ${format.toUpperCase()}; its QR code holds only the ticket secret`,
            params: PositionParams,
            response: fileResponse(format === "pdf" ? "application/pdf" : "image/png"),
          },
        },
        async (req, reply) => {
          const order = await downloadable(req.actor, req.params);
          const docs = await documents(order.id, req.params.position);
          const body = format === "pdf" ? await renderTicketsPdf(docs) : await renderTicketPng(firstOf(docs));
          return reply
            .type(format === "pdf" ? "application/pdf" : "image/png")
            .header(
              "content-disposition",
              `inline; filename="ticket-${order.code}-${req.params.position}.${format}"`,
            )
            .header("cache-control", "private, no-store")
            .send(body);
        },
      );
    }

    const template = "/api/v1/organizers/:organizer/events/:event/ticket-types/:id/template";
    app.put(
      template,
      {
        schema: {
          tags,
          summary:
            "Upload a ticket type's template: the raw PNG or JPEG as the body, exactly 2480 × 1169 px (else 400 template_size)",
          params: EventItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        await saveTicketTemplate(ctx.db, ctx.config.dataDir, req.actor, event, req.params.id, {
          bytes,
          contentType: req.headers["content-type"] ?? "",
        });
        return reply.status(204).send(null);
      },
    );

    app.get(
      template,
      {
        schema: {
          tags,
          summary: "The ticket type's template image",
          params: EventItemParams,
          response: fileResponse("image"),
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const file = await ticketTemplateFile(ctx.db, ctx.config.dataDir, req.actor, event, req.params.id);
        if (!file) throw notFound("Template");
        return reply.type(file.contentType).send(fs.createReadStream(file.path));
      },
    );

    app.delete(
      template,
      {
        schema: {
          tags,
          summary: "Remove the template: tickets use the default design",
          params: EventItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        await removeTicketTemplate(ctx.db, ctx.config.dataDir, req.actor, event, req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/v1/ticket-template-sample.png",
      {
        schema: {
          tags,
          summary:
            "The sample template (seed 003): 2480 × 1169 px with the white areas for the QR code and the details marked, labelled in the request's language",
          response: fileResponse("image/png"),
        },
      },
      async (req, reply) =>
        reply
          .type("image/png")
          .header("content-disposition", 'attachment; filename="tessera-ticket-template.png"')
          .send(await sampleTemplate(req.locale)),
    );
  };
}
