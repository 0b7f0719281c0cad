import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import {
  createOption,
  createOptionGroup,
  deleteOption,
  deleteOptionGroup,
  listOptionGroups,
  listOptions,
  presentOption,
  presentOptionGroup,
  updateOption,
  updateOptionGroup,
} from "../../modules/catalog/options.js";
import { eventForAdmin } from "../../modules/events/lookup.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import {
  CreateOptionBody,
  OptionGroupBody,
  OptionGroupParams,
  OptionGroupSchema,
  OptionParams,
  OptionSchema,
  TicketTypeParams,
  UpdateOptionBody,
} from "./options-schemas.js";

const tags = ["catalog"];
const base = "/api/v1/organizers/:organizer/events/:event/ticket-types/:id";
const locked = "Refused with 409 ticket_type_has_orders once the ticket type has orders.";

export function optionApiRoutes(ctx: AppContext) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();

    app.post(
      `${base}/options`,
      {
        schema: {
          tags,
          summary: "Add an option (with a group: one of its mutually exclusive choices)",
          description: locked,
          params: TicketTypeParams,
          body: CreateOptionBody,
          response: { 201: OptionSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const option = await createOption(ctx.db, req.actor, event, req.params.id, req.body);
        return reply.status(201).send(presentOption(option));
      },
    );

    app.get(
      `${base}/options`,
      {
        schema: {
          tags,
          summary: "A ticket type's options, grouped or not",
          params: TicketTypeParams,
          response: { 200: Type.Array(OptionSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return (await listOptions(ctx.db, req.actor, event, req.params.id)).map(presentOption);
      },
    );

    app.patch(
      `${base}/options/:optionId`,
      {
        schema: {
          tags,
          summary: "Rename, reprice or regroup an option",
          description: locked,
          params: OptionParams,
          body: UpdateOptionBody,
          response: { 200: OptionSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentOption(
          await updateOption(ctx.db, req.actor, event, req.params.id, req.params.optionId, req.body),
        );
      },
    );

    app.delete(
      `${base}/options/:optionId`,
      {
        schema: {
          tags,
          summary: "Delete an option",
          description: locked,
          params: OptionParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        await deleteOption(ctx.db, req.actor, event, req.params.id, req.params.optionId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      `${base}/option-groups`,
      {
        schema: {
          tags,
          summary: "Add an option group (mutually exclusive options; choosing none is free)",
          description: locked,
          params: TicketTypeParams,
          body: OptionGroupBody,
          response: { 201: OptionGroupSchema, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        const group = await createOptionGroup(ctx.db, req.actor, event, req.params.id, req.body);
        return reply.status(201).send(presentOptionGroup(group));
      },
    );

    app.get(
      `${base}/option-groups`,
      {
        schema: {
          tags,
          summary: "A ticket type's option groups with their options",
          params: TicketTypeParams,
          response: { 200: Type.Array(OptionGroupSchema), ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return (await listOptionGroups(ctx.db, req.actor, event, req.params.id)).map(presentOptionGroup);
      },
    );

    app.patch(
      `${base}/option-groups/:groupId`,
      {
        schema: {
          tags,
          summary: "Rename an option group",
          description: locked,
          params: OptionGroupParams,
          body: OptionGroupBody,
          response: { 200: OptionGroupSchema, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        return presentOptionGroup(
          await updateOptionGroup(ctx.db, req.actor, event, req.params.id, req.params.groupId, req.body),
        );
      },
    );

    app.delete(
      `${base}/option-groups/:groupId`,
      {
        schema: {
          tags,
          summary: "Delete an option group and its options",
          description: locked,
          params: OptionGroupParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        await deleteOptionGroup(ctx.db, req.actor, event, req.params.id, req.params.groupId);
        return reply.status(204).send(null);
      },
    );
  };
}
