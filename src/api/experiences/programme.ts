import {
  embedPath,
  loadProgramme,
  requireAdmin,
  updateProgramme,
} from "../../modules/experiences/programme.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { ProgrammeBody, ProgrammeSchema } from "./schemas.js";
import { base, resourceRoutes, tags } from "./shared.js";

/** The event's programme settings: who may frame the overview, what guests give when booking. */
export const programmeRoutes = resourceRoutes(({ app, ctx, db, scopeOf }) => {
  const programmeOut = async (organizer: string, event: string, eventId: number) => {
    const p = await loadProgramme(db, eventId);
    return {
      embed_origins: p.embed_origins,
      guest_name: p.guest_name,
      guest_email: p.guest_email,
      embed_url: `${ctx.config.publicUrl}${embedPath(organizer, event)}`,
    };
  };

  app.get(
    `${base}/experience-programme`,
    {
      schema: {
        tags,
        summary: "Embed origins and guest fields",
        params: EventParams,
        response: { 200: ProgrammeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      requireAdmin(scope);
      return programmeOut(req.params.organizer, req.params.event, scope.event.id);
    },
  );

  app.put(
    `${base}/experience-programme`,
    {
      schema: {
        tags,
        summary: "Set who may frame the overview and whether guests give name and e-mail (full level)",
        params: EventParams,
        body: ProgrammeBody,
        response: { 200: ProgrammeSchema, ...errorResponses },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      await updateProgramme(db, scope, req.body);
      return programmeOut(req.params.organizer, req.params.event, scope.event.id);
    },
  );
});
