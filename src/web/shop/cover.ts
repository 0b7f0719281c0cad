import type { FastifyInstance } from "fastify";
import { canSeeEvent } from "../../modules/catalog/audience.js";
import { listTicketTypes } from "../../modules/catalog/service.js";
import { COVER_VARIANTS, getEventCover } from "../../modules/events/presentation.js";
import type { AppContext } from "../../platform/context.js";
import { notFound } from "../../platform/errors.js";

type CoverRequest = { Params: { file: string }; Querystring: { w?: string } };

/**
 * Event covers at /covers/<event id>-<version>.jpg[?w=480|960]. The version is a hash of the picture,
 * so an address never changes its content: browsers keep it for a year without asking again.
 */
export function coverPage(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<CoverRequest>("/covers/:file", { schema: { hide: true } }, async (req, reply) => {
      const match = /^(\d{1,9})-([0-9a-f]{12})\.jpg$/.exec(req.params.file);
      if (!match) throw notFound("Cover");
      const asked = Number(req.query.w);
      const width = (COVER_VARIANTS as readonly number[]).includes(asked) ? asked : undefined;
      const { event, data } = await getEventCover(ctx.db, Number(match[1]), match[2] as string, width);
      // An audience event shows itself (and its picture) only to those it is for.
      const audience = event.visibility === "audience";
      if (audience && !canSeeEvent(req.actor, event, await listTicketTypes(ctx.db, event)))
        throw notFound("Cover");
      const etag = `"${match[2]}-${width ?? "full"}"`;
      reply
        .header("cache-control", `${audience ? "private" : "public"}, max-age=31536000, immutable`)
        .header("etag", etag);
      if (
        String(req.headers["if-none-match"] ?? "")
          .split(",")
          .some((tag) => tag.trim() === etag)
      )
        return reply.status(304).send();
      return reply.type("image/jpeg").send(data);
    });
  };
}
