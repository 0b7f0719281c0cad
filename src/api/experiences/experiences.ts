import { Type } from "typebox";
import {
  createExperience,
  deleteExperience,
  findExperience,
  listExperiences,
  listSlots,
  presentExperience,
  setExperienceImage,
  updateExperience,
} from "../../modules/experiences/catalog.js";
import type { ProgrammeScope } from "../../modules/experiences/programme.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { Created, ExperienceBody, ExperiencePatch, ExperienceSchema, Id, ItemParams } from "./schemas.js";
import { base, type EventRequest, imageBase, resourceRoutes, tags } from "./shared.js";

/** The experiences themselves, with their slots, and their images. */
export const experienceRoutes = resourceRoutes(({ app, db, scopeOf }) => {
  const experienceOut = async (scope: ProgrammeScope, id: number, req: EventRequest) => {
    const x = await findExperience(db, scope, id);
    return presentExperience(x, await listSlots(db, [x.id]), imageBase(req));
  };

  app.get(
    `${base}/experiences`,
    {
      schema: {
        tags,
        summary: "Experiences with their slots: all for admins, one's own for exhibitors",
        params: EventParams,
        querystring: Type.Object({
          exhibitor: Type.Optional(Id()),
        }),
        response: { 200: Type.Array(ExperienceSchema), ...errorResponses },
      },
    },
    async (req) => {
      const experiences = await listExperiences(db, await scopeOf(req), req.query);
      const slots = await listSlots(
        db,
        experiences.map((x) => x.id),
      );
      return experiences.map((x) => presentExperience(x, slots, imageBase(req)));
    },
  );

  app.post(
    `${base}/experiences`,
    {
      schema: {
        tags,
        summary: "Create an experience (admins for any exhibitor, exhibitors for themselves)",
        params: EventParams,
        body: ExperienceBody,
        response: { 201: Created, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createExperience(db, await scopeOf(req), req.body)),
  );

  app.get(
    `${base}/experiences/:id`,
    { schema: { tags, params: ItemParams, response: { 200: ExperienceSchema, ...errorResponses } } },
    async (req) => experienceOut(await scopeOf(req), req.params.id, req),
  );

  app.patch(
    `${base}/experiences/:id`,
    {
      schema: {
        tags,
        params: ItemParams,
        body: ExperiencePatch,
        response: { 200: ExperienceSchema, ...errorResponses },
      },
    },
    async (req) => {
      const scope = await scopeOf(req);
      await updateExperience(db, scope, req.params.id, req.body);
      return experienceOut(scope, req.params.id, req);
    },
  );

  app.delete(
    `${base}/experiences/:id`,
    { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await deleteExperience(db, await scopeOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  // The body is the image itself: the parser for image/png and image/jpeg is experienceApiRoutes'.
  app.put(
    `${base}/experiences/:id/image`,
    {
      schema: {
        tags,
        summary: "Set the experience's image: the PNG or JPEG itself as the body (at most 1 MiB)",
        params: ItemParams,
        response: {
          204: Type.Null(),
          ...errorResponses,
          413: errorResponses[400],
          415: errorResponses[400],
        },
      },
    },
    async (req, reply) => {
      if (!Buffer.isBuffer(req.body))
        throw domainError("image_type", "Send the image as image/png or image/jpeg", 415);
      await setExperienceImage(db, await scopeOf(req), req.params.id, req.body);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    `${base}/experiences/:id/image`,
    { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await setExperienceImage(db, await scopeOf(req), req.params.id, null);
      return reply.status(204).send(null);
    },
  );
});
