import { Type } from "typebox";
import { inviteExhibitor, listExhibitors, removeExhibitor } from "../../modules/experiences/programme.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { ExhibitorBody, ExhibitorSchema, ItemParams } from "./schemas.js";
import { base, resourceRoutes, tags } from "./shared.js";

/** The event's exhibitors: invited by e-mail, they accept and then maintain their own experiences. */
export const exhibitorRoutes = resourceRoutes(({ app, ctx, db, scopeOf }) => {
  app.get(
    `${base}/exhibitors`,
    {
      schema: {
        tags,
        params: EventParams,
        response: { 200: Type.Array(ExhibitorSchema), ...errorResponses },
      },
    },
    async (req) =>
      (await listExhibitors(db, await scopeOf(req))).map((x) => ({
        id: x.id,
        name: x.name,
        email: x.email,
        accepted: x.accepted_at !== null,
      })),
  );

  app.post(
    `${base}/exhibitors`,
    {
      schema: {
        tags,
        summary: "Invite an exhibitor by e-mail; the invitation link is returned once (full level)",
        params: EventParams,
        body: ExhibitorBody,
        response: { 201: ExhibitorSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const scope = await scopeOf(req);
      const organizer = await db.kysely
        .selectFrom("organizers")
        .select("name")
        .where("id", "=", scope.event.organizer_id)
        .executeTakeFirstOrThrow();
      const x = await inviteExhibitor(db, scope, {
        ...req.body,
        publicUrl: ctx.config.publicUrl,
        locale: req.locale,
        organizerName: organizer.name,
      });
      return reply
        .status(201)
        .send({ id: x.id, name: x.name, email: x.email, accepted: false, invitation_link: x.link });
    },
  );

  app.delete(
    `${base}/exhibitors/:id`,
    { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await removeExhibitor(db, await scopeOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
});
