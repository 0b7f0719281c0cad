import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { eventForAdmin } from "../../modules/events/lookup.js";
import { findBookableEvent } from "../../modules/events/service.js";
import { placeCookie, roomCookies } from "../../modules/waiting-room/pass.js";
import { enterRoom, openRoom, placeStatus, roomOverview, saveRoom } from "../../modules/waiting-room/room.js";
import type { AppContext } from "../../platform/context.js";
import { domainError } from "../../platform/errors.js";
import { errorResponses } from "../../platform/http/schemas.js";
import { EventParams } from "../params.js";
import { JoinAnswer, PlaceStatus, RoomFigures, RoomSettingsBody } from "./schemas.js";

const tags = ["waiting room"];
const PLACE_HEADER = "waiting-room-place";
const placeNotFound = () => domainError("not_found", "Place not found", 404);

/** The queue's JSON for buyers (join, poll) and the organizer's settings and live figures. */
export function waitingRoomApiRoutes(ctx: AppContext) {
  const secret = ctx.secrets.cookieSecret;
  const secure = ctx.config.publicUrl.startsWith("https:");
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const room = "/api/v1/waiting-room/:organizer/:event";
    // The place's secret: the header for API clients, the cookie the queue page set for browsers.
    const tokenOf = (
      req: { headers: Record<string, unknown>; cookies: Record<string, string | undefined> },
      eventId: number,
    ) => {
      const header = req.headers[PLACE_HEADER];
      return typeof header === "string" ? header : req.cookies[placeCookie(eventId)];
    };

    app.post(
      `${room}/join`,
      {
        schema: {
          tags,
          summary:
            "Take a place in the event's waiting room (at most 3 per client; the Waiting-Room-Place header keeps yours)",
          params: EventParams,
          security: [{ bearer: [] }, {}],
          response: { 201: JoinAnswer, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
        const open = await openRoom(ctx.db, event.id);
        const { token, status } = await enterRoom(ctx.db, secret, open, tokenOf(req, event.id), req.ip);
        return reply.status(201).send({ token, ...status });
      },
    );

    app.get(
      `${room}/position`,
      {
        schema: {
          tags,
          summary: "Where your place stands: position, estimated wait, and the pass once admitted",
          params: EventParams,
          security: [{ bearer: [] }, {}],
          response: { 200: PlaceStatus, ...errorResponses },
        },
      },
      async (req, reply) => {
        const event = await findBookableEvent(ctx.db, req.params.organizer, req.params.event);
        const open = await openRoom(ctx.db, event.id);
        const token = tokenOf(req, event.id);
        const status = token ? await placeStatus(ctx.db, secret, open, token) : null;
        if (!status || !token) throw placeNotFound();
        // A browser polling from the queue page gets its pass as a cookie the moment it is admitted.
        if (status.pass && !req.headers[PLACE_HEADER])
          for (const c of roomCookies(event.id, token, status, secure)) reply.setCookie(...c);
        return reply.header("cache-control", "no-store").send(status);
      },
    );

    const admin = "/api/v1/organizers/:organizer/events/:event/waiting-room";
    app.get(
      admin,
      {
        schema: {
          tags,
          summary: "The waiting room's settings and live figures (view level)",
          params: EventParams,
          response: { 200: RoomFigures, ...errorResponses },
        },
      },
      async (req) => roomOverview(ctx.db, req.actor, await eventForAdmin(ctx.db, req.actor, req.params)),
    );

    app.put(
      admin,
      {
        schema: {
          tags,
          summary:
            "Turn the waiting room on or off and set its opening, admission rate and pass lifetime (full level)",
          params: EventParams,
          body: RoomSettingsBody,
          response: { 200: RoomFigures, ...errorResponses },
        },
      },
      async (req) => {
        const event = await eventForAdmin(ctx.db, req.actor, req.params);
        await saveRoom(ctx.db, req.actor, event, req.body);
        return roomOverview(ctx.db, req.actor, event);
      },
    );
  };
}
