import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { Type } from "typebox";
import { createGrant, deleteGrant, listGrants } from "../../modules/organizers/grants.js";
import {
  createOrganizer,
  findOrganizer,
  inviteMember,
  listMembers,
  listOrganizers,
  type Organizer as OrganizerRow,
  removeMember,
  updateOrganizer,
} from "../../modules/organizers/service.js";
import { createApiToken, listApiTokens, revokeApiToken } from "../../modules/organizers/tokens.js";
import type { AppContext } from "../../platform/context.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { OrganizerItemParams, OrganizerParams } from "../params.js";
import {
  ApiToken,
  CreatedToken,
  CreateOrganizerBody,
  CreateTokenBody,
  Grant,
  GrantBody,
  Invitation,
  InviteBody,
  Member,
  Organizer,
  UpdateOrganizerBody,
} from "./schemas.js";

const tags = ["organizers"];

export function organizerApiRoutes(ctx: AppContext) {
  return async (base: FastifyInstance) => {
    const app = base.withTypeProvider<TypeBoxTypeProvider>();
    const org = (req: { actor: Parameters<typeof findOrganizer>[1]; params: { organizer: string } }) =>
      findOrganizer(ctx.db, req.actor, req.params.organizer);
    const present = (o: OrganizerRow) => ({ ...o, time_zone: o.time_zone ?? ctx.config.timeZone });

    app.post(
      "/api/v1/organizers",
      {
        schema: {
          tags,
          summary: "Create an organizer (platform admins)",
          body: CreateOrganizerBody,
          response: { 201: Organizer, ...errorResponses },
        },
      },
      async (req, reply) => {
        // A new organizer starts in the platform's zone, and keeps it if TIME_ZONE changes later.
        const input = { ...req.body, time_zone: req.body.time_zone ?? ctx.config.timeZone };
        return reply.status(201).send(present(await createOrganizer(ctx.db, req.actor, input)));
      },
    );

    app.get(
      "/api/v1/organizers",
      {
        schema: { tags, summary: "Organizers the caller may see", response: { 200: Type.Array(Organizer) } },
      },
      async (req) => (await listOrganizers(ctx.db, req.actor)).map(present),
    );

    app.get(
      "/api/v1/organizers/:organizer",
      { schema: { tags, params: OrganizerParams, response: { 200: Organizer, ...errorResponses } } },
      async (req) => present(await org(req)),
    );

    app.patch(
      "/api/v1/organizers/:organizer",
      {
        schema: {
          tags,
          summary: "Change the name or the time zone (owners); its events still in the old zone move with it",
          params: OrganizerParams,
          body: UpdateOrganizerBody,
          response: { 200: Organizer, ...errorResponses },
        },
      },
      async (req) => present(await updateOrganizer(ctx.db, req.actor, await org(req), req.body)),
    );

    app.post(
      "/api/v1/organizers/:organizer/tokens",
      {
        schema: {
          tags,
          summary: "Create an API token scoped to the organizer; the plain token is returned once",
          params: OrganizerParams,
          body: CreateTokenBody,
          response: { 201: CreatedToken, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createApiToken(ctx.db, req.actor, await org(req), req.body)),
    );

    app.get(
      "/api/v1/organizers/:organizer/tokens",
      {
        schema: { tags, params: OrganizerParams, response: { 200: Type.Array(ApiToken), ...errorResponses } },
      },
      async (req) => listApiTokens(ctx.db, req.actor, await org(req)),
    );

    app.delete(
      "/api/v1/organizers/:organizer/tokens/:id",
      {
        schema: {
          tags,
          summary: "Revoke a token",
          params: OrganizerItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await revokeApiToken(ctx.db, req.actor, await org(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/v1/organizers/:organizer/members",
      { schema: { tags, params: OrganizerParams, response: { 200: Type.Array(Member), ...errorResponses } } },
      async (req) => listMembers(ctx.db, req.actor, await org(req)),
    );

    app.delete(
      "/api/v1/organizers/:organizer/members/:id",
      {
        schema: {
          tags,
          summary: "Remove a member (by user id)",
          params: OrganizerItemParams,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (req, reply) => {
        await removeMember(ctx.db, req.actor, await org(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      "/api/v1/organizers/:organizer/invitations",
      {
        schema: {
          tags,
          summary: "Invite a member by e-mail (the link is mailed)",
          params: OrganizerParams,
          body: InviteBody,
          response: { 201: Invitation, ...errorResponses },
        },
      },
      async (req, reply) => {
        const invitation = await inviteMember(ctx.db, req.actor, await org(req), {
          ...req.body,
          publicUrl: ctx.config.publicUrl,
          locale: req.locale,
        });
        return reply.status(201).send(invitation);
      },
    );

    app.get(
      "/api/v1/organizers/:organizer/grants",
      {
        schema: {
          tags,
          summary: "Event-admin grants",
          params: OrganizerParams,
          response: { 200: Type.Array(Grant), ...errorResponses },
        },
      },
      async (req) => listGrants(ctx.db, req.actor, await org(req)),
    );

    app.post(
      "/api/v1/organizers/:organizer/grants",
      {
        schema: {
          tags,
          summary: "Grant event-admin rights (highest applicable level wins)",
          params: OrganizerParams,
          body: GrantBody,
          response: { 201: Grant, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await createGrant(ctx.db, req.actor, await org(req), req.body)),
    );

    app.delete(
      "/api/v1/organizers/:organizer/grants/:id",
      { schema: { tags, params: OrganizerItemParams, response: { 204: Type.Null(), ...errorResponses } } },
      async (req, reply) => {
        await deleteGrant(ctx.db, req.actor, await org(req), req.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
