import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { eventForAdmin } from "../../modules/events/lookup.js";
import {
  COVER_HEIGHT,
  COVER_WIDTH,
  coverPath,
  MAX_COVER_UPLOAD,
  MAX_DESCRIPTION,
  removeEventCover,
  setEventCover,
  setEventDescription,
} from "../../modules/events/presentation.js";
import type { EventRow } from "../../modules/events/service.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses, Nullable } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";

const tags = ["events"];
const COVER_TYPES = ["image/jpeg", "image/png", "image/webp"];

const Presentation = Type.Object({
  description: Type.String({ description: "Markdown, shown sanitised on the event's pages" }),
  cover_url: Nullable(
    Type.String({ description: `the cover, ${COVER_WIDTH}×${COVER_HEIGHT} at most (16:9), on this server` }),
  ),
});

const present = (event: Pick<EventRow, "id" | "description" | "cover_type">) => ({
  description: event.description,
  cover_url: coverPath(event),
});

/** An event's description and cover image: what buyers see besides its dates and tickets. */
export function eventPresentationRoutes(ctx: AppContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    // The cover is the picture itself as the body, only inside this plugin.
    app.addContentTypeParser(
      COVER_TYPES,
      { parseAs: "buffer", bodyLimit: MAX_COVER_UPLOAD },
      (_req, body, done) => done(null, body),
    );
    const path = "/api/v1/organizers/:organizer/events/:event";

    app.put(
      `${path}/description`,
      {
        schema: {
          tags,
          summary: "Set the event's description (Markdown; raw HTML is shown as text)",
          params: EventParams,
          body: Type.Object({ markdown: Type.String({ maxLength: MAX_DESCRIPTION }) }),
          response: { 200: Presentation, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return present(await setEventDescription(ctx.db, req.actor, event, req.body.markdown));
      },
    );

    app.put(
      `${path}/cover`,
      {
        schema: {
          tags,
          summary:
            "Set the event's cover: a JPEG, PNG or WebP of at most 5 MiB as the body; stored as a 16:9 JPEG of at most 1600×900, without metadata",
          params: EventParams,
          consumes: COVER_TYPES,
          body: Type.Unknown({ description: "the picture's bytes, with its Content-Type" }),
          response: {
            200: Presentation,
            ...errorResponses,
            413: errorResponses[400],
            415: errorResponses[400],
          },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        if (!Buffer.isBuffer(req.body))
          throw domainError(
            "cover_unreadable",
            "Send the picture as image/jpeg, image/png or image/webp",
            415,
          );
        return present(await setEventCover(ctx.db, req.actor, event, req.body));
      },
    );

    app.delete(
      `${path}/cover`,
      { schema: { tags, params: EventParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await removeEventCover(ctx.db, req.actor, await eventForAdmin(ctx.db, req.actor, req.params));
        return reply.status(204).send(null);
      },
    );
  };
}
