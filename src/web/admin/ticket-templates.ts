import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import {
  MAX_TEMPLATE_BYTES,
  removeTicketTemplate,
  saveTicketTemplate,
} from "../../modules/tickets/service.js";
import type { AppContext } from "../../platform/context.js";
import { isDomainError, notFound } from "../../platform/errors.js";
import { html } from "../../platform/http/html.js";
import { type MultipartBody, parseMultipart } from "../../platform/http/multipart.js";
import { adminShell } from "../common/admin-shell.js";
import { errorMessage } from "../common/forms.js";
import { alert, sendPage } from "../common/layout.js";

type Params = { Params: { slug: string; event: string; id: string } };
const size = (value: unknown) => {
  const s = value as { width?: number; height?: number } | undefined;
  return `${s?.width ?? "?"} × ${s?.height ?? "?"}`;
};

/** The template form on the event's ticket types page, without JavaScript: a multipart upload, a removal. */
export function ticketTemplatePages(ctx: AppContext) {
  const hide = { schema: { hide: true } };
  const eventPage = (req: FastifyRequest<Params>) =>
    `/admin/organizers/${encodeURIComponent(req.params.slug)}/events/${encodeURIComponent(req.params.event)}/ticket-types`;

  async function change(
    req: FastifyRequest<Params>,
    reply: FastifyReply,
    run: (event: Awaited<ReturnType<typeof eventForAdmin>>, typeId: number) => Promise<unknown>,
  ) {
    const typeId = Number(req.params.id);
    if (!Number.isSafeInteger(typeId)) throw notFound("Ticket type");
    const event = await eventForAdmin(ctx.db, req.actor, {
      organizer: req.params.slug,
      event: req.params.event,
    });
    try {
      await run(event, typeId);
    } catch (error) {
      if (!isDomainError(error) || error.httpStatus === 404 || error.httpStatus === 403) throw error;
      const message =
        error.code === "template_size"
          ? req.t("tickets.templateSizeError", {
              expected: size(error.details?.expected),
              received: size(error.details?.received),
            })
          : error.code === "template_type"
            ? req.t("tickets.templateTypeError")
            : errorMessage(req.t, error);
      return sendPage(req, reply, {
        status: error.httpStatus,
        title: req.t("tickets.template"),
        body: adminShell(
          req,
          "organizers",
          html`<h1>${req.t("tickets.template")}</h1>${alert("error", message)}
<p><a href="${eventPage(req)}#type-${typeId}">← ${req.t("tickets.templateBack")}</a></p>`,
        ),
      });
    }
    // The fragment after the flash: the browser lands at the ticket type's row again.
    return reply.redirect(`${eventPage(req)}?flash=flash.saved#type-${typeId}`, 303);
  }

  return async (app: FastifyInstance) => {
    app.addContentTypeParser(
      "multipart/form-data",
      { parseAs: "buffer", bodyLimit: MAX_TEMPLATE_BYTES + 64 * 1024 },
      (req, body, done) => {
        try {
          done(null, parseMultipart(body as Buffer, req.headers["content-type"] ?? ""));
        } catch (error) {
          done(error as Error);
        }
      },
    );

    const path = "/admin/organizers/:slug/events/:event/ticket-types/:id/template";
    app.post<Params>(path, hide, (req, reply) =>
      change(req, reply, (event, typeId) => {
        const file = (req.body as MultipartBody | undefined)?.template;
        const upload =
          typeof file === "object" ? file : { bytes: Buffer.alloc(0), contentType: "", filename: "" };
        return saveTicketTemplate(ctx.db, ctx.config.dataDir, req.actor, event, typeId, upload);
      }),
    );
    app.post<Params>(`${path}/delete`, hide, (req, reply) =>
      change(req, reply, (event, typeId) =>
        removeTicketTemplate(ctx.db, ctx.config.dataDir, req.actor, event, typeId),
      ),
    );
  };
}
