import { Type } from "typebox";
import {
  createSlot,
  createSlotsInBulk,
  deleteSlot,
  presentSlot,
  updateSlot,
} from "../../modules/experiences/catalog.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { BulkSlotBody, Created, ItemParams, SlotBody, SlotPatch, SlotSchema } from "./schemas.js";
import { base, resourceRoutes, tags } from "./shared.js";

/** An experience's slots: when it takes place and for how many. */
export const slotRoutes = resourceRoutes(({ app, db, scopeOf }) => {
  app.post(
    `${base}/experiences/:id/slots`,
    { schema: { tags, params: ItemParams, body: SlotBody, response: { 201: Created, ...errorResponses } } },
    async (req, reply) => {
      const slot = await createSlot(db, await scopeOf(req), req.params.id, req.body);
      return reply.status(201).send({ id: slot.id });
    },
  );

  app.post(
    `${base}/experiences/:id/slots/bulk`,
    {
      schema: {
        tags,
        summary: "Many slots at once, e.g. every 20 minutes from 10:00 to 18:00",
        params: ItemParams,
        body: BulkSlotBody,
        response: { 201: Type.Array(SlotSchema), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply
        .status(201)
        .send((await createSlotsInBulk(db, await scopeOf(req), req.params.id, req.body)).map(presentSlot)),
  );

  app.patch(
    `${base}/experience-slots/:id`,
    {
      schema: {
        tags,
        params: ItemParams,
        body: SlotPatch,
        response: { 200: SlotSchema, ...errorResponses },
      },
    },
    async (req) => presentSlot(await updateSlot(db, await scopeOf(req), req.params.id, req.body)),
  );

  app.delete(
    `${base}/experience-slots/:id`,
    { schema: { tags, params: ItemParams, response: { 204: Type.Null(), ...errorResponses } } },
    async (req, reply) => {
      await deleteSlot(db, await scopeOf(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
});
